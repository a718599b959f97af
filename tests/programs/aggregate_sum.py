# aggregate returning str: a running sum kept as text
from smartstream import smartstream, Record


@smartstream.aggregate
def running_sum(accumulator: bytes, current: Record) -> str:
    total = int(accumulator) + int(current.value)
    return str(total)
