"""Truncate long messages to a maximum number of characters, adding an ellipsis."""
from smartstream import smartstream, Record

MAX_CHARS = 20


@smartstream.init
def init(params: dict[str, str]):
    global MAX_CHARS
    MAX_CHARS = int(params.get("max", MAX_CHARS))
    if MAX_CHARS < 1:
        raise ValueError("max must be at least 1")


@smartstream.map
def map(record: Record):
    text = record.value.decode()
    if len(text) > MAX_CHARS:
        text = text[: MAX_CHARS - 1] + "…"
    return record.key, text
