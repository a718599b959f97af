"""Emit the moving average of the last 3 readings."""
from collections import deque

from smartstream import smartstream, Record

window = deque(maxlen=3)


@smartstream.map
def map(record: Record):
    window.append(float(record.value))
    return record.key, f"{sum(window) / len(window):.2f}"
