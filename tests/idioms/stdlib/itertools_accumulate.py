"""Cumulative sums and running maxima of comma-separated integers."""
import itertools
import operator

from smartstream import smartstream, Record


@smartstream.map
def map(record: Record):
    numbers = [int(x) for x in record.value.decode().split(",") if x.strip()]
    sums = list(itertools.accumulate(numbers))
    peaks = list(itertools.accumulate(numbers, max))
    product = list(itertools.accumulate(numbers, operator.mul))[-1] if numbers else 1
    return record.key, f"sums={sums} peaks={peaks} product={product}"
