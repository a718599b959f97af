# aggregate_concat.py: append each value to the accumulator
from smartstream import smartstream, Record

@smartstream.aggregate
def aggregate(accumulator: bytes, current: Record) -> bytes:
    acc = accumulator.decode()
    nxt = current.value.decode()
    return (acc + nxt).encode()
