"""Run-length encode each record: aaabcc -> a3 b1 c2."""
from itertools import groupby

from smartstream import smartstream, Record


@smartstream.map
def map(record: Record):
    text = record.value.decode()
    runs = [f"{ch}{len(list(group))}" for ch, group in groupby(text)]
    return record.key, " ".join(runs)
