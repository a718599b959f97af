"""Suppress a value if it appeared among the last N distinct values (N from params)."""
from smartstream import smartstream, Record

window = []
WINDOW_SIZE = 5


@smartstream.init
def init(params: dict[str, str]):
    global WINDOW_SIZE
    WINDOW_SIZE = int(params.get("size", "5"))


@smartstream.filter
def filter(record: Record) -> bool:
    value = record.value.strip()
    if value in window:
        return False
    window.append(value)
    if len(window) > WINDOW_SIZE:
        del window[0]
    return True
