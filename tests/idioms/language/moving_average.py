"""Smooth a numeric stream with a moving average over the last 4 values."""
from smartstream import smartstream, Record

WINDOW = 4
recent: list[float] = []


@smartstream.map
def map(record: Record):
    recent.append(float(record.value))
    if len(recent) > WINDOW:
        recent.pop(0)
    avg = sum(recent) / len(recent)
    return record.key, str(round(avg, 3))
