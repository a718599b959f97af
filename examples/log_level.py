"""Keep the log lines at or above a severity: a walk-through SmartStream.

Each record's value is one log line such as

    2026-11-27T08:00:01Z WARN  disk 91% full on /var

The filter keeps WARN, ERROR and FATAL lines. It shows the parts of
SmartStream Python that real filters use: a module constant table, helper
functions with annotated signatures, str methods, Optional narrowing, and
an exception that becomes Fluvio's in-band error for a malformed record.

Run it under CPython (python3 examples/log_level.py) or compile it:

    ssc compile examples/log_level.py
    ssc run examples/log_level.wasm --text "2026-11-27T08:00:01Z WARN  disk full"
"""

from smartstream import Record, smartstream

#: Severity of each level name; unknown names are malformed records.
LEVELS = {"TRACE": 0, "DEBUG": 10, "INFO": 20, "WARN": 30, "ERROR": 40, "FATAL": 50}
THRESHOLD = 30


def level_of(line: str) -> str | None:
    """The level word of a log line: the second field, or None for a blank line."""
    fields = line.split(maxsplit=2)
    if len(fields) < 2:
        return None
    return fields[1].strip("[]:").upper()


def severity(level: str) -> int:
    """The level's number; a ValueError names the record's unknown level."""
    if level not in LEVELS:
        raise ValueError(f"unknown log level {level!r}")
    return LEVELS[level]


@smartstream.filter
def important(record: Record) -> bool:
    line = record.value.decode()
    level = level_of(line)
    if level is None:
        return False
    return severity(level) >= THRESHOLD


if __name__ == "__main__":
    from smartstream import load_python

    lines = [b"t0 INFO started", b"t1 [warn] disk 91% full", b"", b"t2 ERROR: lost connection"]
    for kept in load_python(__file__).filter([Record(None, line) for line in lines]):
        print(kept.value.decode())
