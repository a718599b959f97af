import json

from smartstream import smartstream, Record

LOW_BATTERY = 15  # percent


@smartstream.filter_map
def filter_map(record: Record):
    try:
        status = json.loads(record.value)
    except json.JSONDecodeError:
        return None
    level = status.get("battery")
    if level is None or level > LOW_BATTERY:
        return None
    device = status.get("device", "unknown")
    return device, f"{device}: battery at {level}%"
