"""A one-regex filter, as Fluvio's regex filter is used: keep the log lines of a
failed or slow request (a level word, then a latency of 4 digits)."""
import re

from smartstream import Record, smartstream

SLOW_OR_FAILED = re.compile(r"\b(?:ERROR|FATAL)\b|latency_ms=\d{4}\b")


@smartstream.filter
def slow_or_failed(record: Record) -> bool:
    return SLOW_OR_FAILED.search(record.value.decode()) is not None
