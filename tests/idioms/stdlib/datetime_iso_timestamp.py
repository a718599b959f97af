"""Prefix each record with its timestamp as an ISO 8601 UTC date-time."""
from datetime import datetime, timezone

from smartstream import smartstream, Record


@smartstream.map
def map(record: Record):
    when = datetime.fromtimestamp(record.timestamp / 1000, tz=timezone.utc)
    return record.key, f"{when.isoformat(timespec='milliseconds')} {record.value.decode()}"
