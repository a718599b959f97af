"""Keep only records produced during business hours (Mon-Fri, 09:00-17:00 UTC)."""
import datetime

from smartstream import smartstream, Record

OPEN = datetime.time(9, 0)
CLOSE = datetime.time(17, 0)


@smartstream.filter
def filter(record: Record) -> bool:
    ts = datetime.datetime.fromtimestamp(record.timestamp / 1000, datetime.timezone.utc)
    if ts.weekday() >= 5:
        return False
    return OPEN <= ts.time() < CLOSE
