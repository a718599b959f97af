"""Aggregate the number of distinct visitors per page (value 'page visitor')."""
import json

from smartstream import smartstream, Record

visitors: dict[str, set[str]] = {}


@smartstream.aggregate
def aggregate(accumulator: bytes, current: Record) -> bytes:
    page, visitor = current.value.decode().split()
    visitors.setdefault(page, set()).add(visitor)
    counts = {p: len(v) for p, v in sorted(visitors.items())}
    return json.dumps(counts).encode()
