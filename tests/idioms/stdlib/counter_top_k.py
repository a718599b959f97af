"""Aggregate the top 3 most common values seen so far."""
from collections import Counter

from smartstream import smartstream, Record

counts = Counter()


@smartstream.aggregate
def aggregate(accumulator: bytes, current: Record) -> bytes:
    counts[current.value.decode().strip().lower()] += 1
    top = counts.most_common(3)
    return ", ".join(f"{word}:{n}" for word, n in top).encode()
