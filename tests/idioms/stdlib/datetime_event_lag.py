"""Compute how late each event arrived: record timestamp minus the event's own ISO time."""
import json
from datetime import datetime, timezone

from smartstream import smartstream, Record


@smartstream.map
def map(record: Record):
    event = json.loads(record.value)
    event_time = datetime.fromisoformat(event["time"])
    if event_time.tzinfo is None:
        event_time = event_time.replace(tzinfo=timezone.utc)
    arrived = datetime.fromtimestamp(record.timestamp / 1000, tz=timezone.utc)
    lag = arrived - event_time
    event["lag_seconds"] = lag.total_seconds()
    return record.key, json.dumps(event)
