"""Reduce a list of permission sets (JSON arrays) to the permissions common to all of them."""
import json
from functools import reduce

from smartstream import smartstream, Record


@smartstream.map
def map(record: Record):
    groups = json.loads(record.value)
    common = reduce(lambda acc, g: acc & set(g), groups[1:], set(groups[0])) if groups else set()
    return record.key, ",".join(sorted(common)) or "(none)"
