import re
import json

from smartstream import smartstream, Record

LOG_PATTERN = (
    r'(?P<ip>[\d.]+) \S+ (?P<user>\S+) \[(?P<time>[^\]]+)\] '
    r'"(?P<method>[A-Z]+) (?P<path>\S+) (?P<proto>[^"]+)" (?P<status>\d{3}) (?P<size>\d+|-)'
)


@smartstream.filter_map
def filter_map(record: Record):
    m = re.match(LOG_PATTERN, record.value.decode("latin-1"))
    if m is None:
        return None
    entry = m.groupdict()
    entry["status"] = int(entry["status"])
    entry["size"] = 0 if entry["size"] == "-" else int(entry["size"])
    return entry["ip"], json.dumps(entry)
