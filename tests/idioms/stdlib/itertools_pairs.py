"""Differences between consecutive readings in a record, plus the first three tags."""
from itertools import chain, islice

from smartstream import smartstream, Record


def pairwise(values):
    return zip(values, values[1:])


@smartstream.map
def map(record: Record):
    readings, _, tags = record.value.decode().partition("|")
    nums = [float(x) for x in readings.split()]
    deltas = [round(b - a, 3) for a, b in pairwise(nums)]
    first_tags = list(islice(chain(tags.split(","), ["-", "-", "-"]), 3))
    return record.key, f"{deltas} {first_tags}"
