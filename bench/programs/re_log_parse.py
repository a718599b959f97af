"""Parse a log line into its fields with one pattern of named groups, keep the
warnings and worse, and emit them as `service level latency user`."""
import re

from smartstream import Record, smartstream

LINE = re.compile(
    r"(?P<time>\S+) (?P<level>[A-Z]+) \[(?P<service>[\w-]+)\] request_id=(?P<request>[0-9a-f]+) "
    r"user=(?P<user>\d+) latency_ms=(?P<latency>\d+) msg=\"(?P<msg>[^\"]*)\""
)
LEVELS = {"WARN": 1, "ERROR": 2, "FATAL": 3}


@smartstream.filter_map
def parse(record: Record) -> tuple[bytes | None, bytes] | None:
    m = LINE.match(record.value.decode())
    if m is None or m.group("level") not in LEVELS:
        return None
    return record.key, f"{m['service']} {m['level']} {int(m['latency'])} {m['user']}".encode()
