"""A running sum of the integers in the records (Fluvio's aggregate-sum)."""

from smartstream import Record, smartstream


@smartstream.aggregate
def aggregate(accumulator: bytes, current: Record) -> str:
    total = int(accumulator) if accumulator else 0
    return str(total + int(current.value))
