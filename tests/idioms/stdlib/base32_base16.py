"""Decode base32 device ids and emit them in hex."""
import base64

from smartstream import smartstream, Record


@smartstream.map
def map(record: Record):
    raw = base64.b32decode(record.value.strip().upper())
    return record.key, base64.b16encode(raw).decode().lower()
