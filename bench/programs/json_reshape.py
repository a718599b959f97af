"""Reshape a JSON log event: upper-case the user's name, drop the timestamp, key
the record by the user id, and write the event back with json.dumps."""
import json

from smartstream import Record, smartstream


@smartstream.map
def reshape(record: Record) -> tuple[bytes | None, str]:
    event = json.loads(record.value)
    user = event.get("user", {"id": 0, "name": "anonymous"})
    user["name"] = user["name"].upper()
    del event["timestamp"]
    return str(user["id"]).encode(), json.dumps(event)
