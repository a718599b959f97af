"""Normalise access-log timestamps like 10/Oct/2000:13:55:36 -0700 to UTC ISO format."""
from datetime import datetime, timezone

from smartstream import smartstream, Record

FORMAT = "%d/%b/%Y:%H:%M:%S %z"


@smartstream.map
def map(record: Record):
    stamp, _, rest = record.value.decode().partition("] ")
    dt = datetime.strptime(stamp.lstrip("["), FORMAT)
    utc = dt.astimezone(timezone.utc)
    return record.key, utc.strftime("%Y-%m-%dT%H:%M:%SZ") + " " + rest
