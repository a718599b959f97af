"""Keep the structured log records above debug level (Fluvio's filter_json).

A port of the filter_json example of Fluvio's SmartModule examples
(smartmodule/examples/filter_json/src/lib.rs). Each record is one JSON log
line of an application:

    {"level":"info","message":"Server listening on 0.0.0.0:8000"}

The Rust original deserializes it into a struct of a `level`, an enum
ordered debug < info < warn < error (lower-case names), and a `message`
string, and keeps the records whose level is above debug. As serde does
there, this port refuses a record that is not such a log: invalid JSON
(JSONDecodeError), a missing `level` or `message` (KeyError), a level that
is not one of the four names, or a message that is not a string
(ValueError). Fields beyond those two are ignored. The exception stops the
batch and becomes Fluvio's in-band error for that record.
"""

import json

from smartstream import Record, smartstream

#: The Rust enum LogLevel, in declaration order: the order its derived Ord compares by.
LEVELS = {"debug": 0, "info": 1, "warn": 2, "error": 3}


@smartstream.filter
def filter_log_level(record: Record) -> bool:
    log = json.loads(record.value)
    level = log["level"]
    if not isinstance(log["message"], str):
        raise ValueError("the message of a structured log is a string")
    if not isinstance(level, str):
        raise ValueError("the level of a structured log is a string: debug, info, warn or error")
    name: str = level
    if name not in LEVELS:
        raise ValueError(f"unknown log level {name!r}: expected debug, info, warn or error")
    return LEVELS[name] > LEVELS["debug"]
