"""Deduplicate with a bounded LRU of recently seen keys."""
from collections import OrderedDict

from smartstream import smartstream, Record

CAPACITY = 3
recent: OrderedDict[bytes, None] = OrderedDict()


@smartstream.filter
def filter(record: Record) -> bool:
    key = record.value
    if key in recent:
        recent.move_to_end(key)
        return False
    recent[key] = None
    if len(recent) > CAPACITY:
        recent.popitem(last=False)
    return True
