"""Emit a record whenever a device's heartbeat arrives more than 5 s after the previous one."""
from smartstream import smartstream, Record

MAX_GAP_MS = 5_000
last_beat: dict[bytes, int] = {}


@smartstream.look_back
def look_back(record: Record):
    if record.key is not None:
        last_beat[record.key] = record.timestamp


@smartstream.filter_map
def filter_map(record: Record):
    device = record.key
    if device is None:
        return None
    previous = last_beat.get(device)
    last_beat[device] = record.timestamp
    if previous is not None and record.timestamp - previous > MAX_GAP_MS:
        gap = (record.timestamp - previous) / 1000
        return device, f"gap of {gap:.1f}s before offset {record.offset}"
    return None
