"""Log-level filter: split the line, look its level up, keep WARN and above."""
from smartstream import Record, smartstream

LEVELS = {"TRACE": 0, "DEBUG": 1, "INFO": 2, "WARN": 3, "ERROR": 4, "FATAL": 5}


@smartstream.filter
def log_filter(record: Record) -> bool:
    parts = record.value.decode().split(" ", 2)
    return LEVELS.get(parts[1], 0) >= 3
