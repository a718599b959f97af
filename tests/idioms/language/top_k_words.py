"""Aggregate: keep the 3 most frequent words seen so far, as JSON [[word, count], ...]."""
import json

from smartstream import smartstream, Record

K = 3
counts = {}


@smartstream.aggregate
def aggregate(accumulator: bytes, current: Record) -> bytes:
    for word in current.value.decode().split():
        counts[word] = counts.get(word, 0) + 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:K]
    return json.dumps(top).encode()
