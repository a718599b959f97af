"""Let through at most N records per key per minute (by record timestamp)."""
from smartstream import smartstream, Record

LIMIT = 2
window_start = {}
counts = {}


@smartstream.init
def init(params):
    global LIMIT
    LIMIT = int(params.get("limit", LIMIT))


@smartstream.filter
def filter(record: Record) -> bool:
    key = record.key or b""
    minute = record.timestamp // 60_000
    if window_start.get(key) != minute:
        window_start[key] = minute
        counts[key] = 0
    counts[key] += 1
    return counts[key] <= LIMIT
