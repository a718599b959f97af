# int comparisons, and/or/not with short-circuit evaluation
from smartstream import smartstream, Record


@smartstream.filter
def in_range(record: Record) -> bool:
    n = int(record.value.decode())
    small = n < 10 and n >= -10
    special = n == 42 or n == 100
    return (small or special) and n != 7 and not (n > 1000) or n <= -1000
