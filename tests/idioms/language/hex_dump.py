"""Render binary payloads as a hex dump line: hex bytes and printable ASCII."""
from smartstream import smartstream, Record


def printable(b: int) -> str:
    return chr(b) if 32 <= b < 127 else "."


@smartstream.map
def map(record: Record):
    data = record.value[:16]
    hex_part = " ".join(f"{b:02x}" for b in data)
    text = "".join(printable(b) for b in data)
    more = f" (+{len(record.value) - 16} bytes)" if len(record.value) > 16 else ""
    return record.key, f"{hex_part:<47}  |{text}|{more}"
