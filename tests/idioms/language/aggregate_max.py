"""Running maximum of the integer readings."""
from smartstream import smartstream, Record


@smartstream.aggregate
def aggregate(accumulator: bytes, current: Record) -> bytes:
    best = int(accumulator) if accumulator else None
    value = int(current.value)
    if best is None or value > best:
        best = value
    return str(best).encode()
