"""Compare each config snapshot with the previous one and describe what changed."""
import json

from smartstream import smartstream, Record

previous = {}


@smartstream.map
def map(record: Record):
    global previous
    config = json.loads(record.value)
    added = config.keys() - previous.keys()
    removed = previous.keys() - config.keys()
    changed = {k for k in config.keys() & previous.keys() if config[k] != previous[k]}
    previous = config
    parts = []
    if added:
        parts.append("added " + ",".join(sorted(added)))
    if removed:
        parts.append("removed " + ",".join(sorted(removed)))
    if changed:
        parts.append("changed " + ",".join(sorted(changed)))
    return record.key, "; ".join(parts) or "no changes"
