"""Flatten the 'after' image of a CDC event into dotted keys."""
import json

from smartstream import smartstream, Record


def flatten(obj, prefix="", out=None):
    if out is None:
        out = {}
    for key, value in obj.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            flatten(value, name, out)
        else:
            out[name] = value
    return out


@smartstream.filter_map
def filter_map(record: Record):
    event = json.loads(record.value)
    after = event.get("after")
    if after is None:
        return None  # deletes have no after image
    return record.key, json.dumps(flatten(after), sort_keys=True)
