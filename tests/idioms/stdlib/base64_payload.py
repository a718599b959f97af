"""Decode base64-encoded JSON payloads and extract the event name."""
import base64
import binascii
import json

from smartstream import smartstream, Record


@smartstream.filter_map
def filter_map(record: Record):
    try:
        raw = base64.b64decode(record.value, validate=True)
    except binascii.Error as exc:
        print(f"offset {record.offset}: bad base64: {exc}")
        return None
    payload = json.loads(raw)
    return payload.get("event", "unknown"), raw
