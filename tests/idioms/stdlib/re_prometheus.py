"""Parse Prometheus text-format samples with a regular expression."""
import json
import re

from smartstream import smartstream, Record

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+(\d+))?$')
LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


@smartstream.filter_map
def filter_map(record: Record):
    line = record.value.decode().strip()
    if not line or line.startswith("#"):
        return None
    m = SAMPLE.match(line)
    if m is None:
        return None
    name, labels, value, ts = m.groups()
    sample = {
        "name": name,
        "labels": dict(LABEL.findall(labels or "")),
        "value": float(value),
    }
    if ts:
        sample["timestamp"] = int(ts)
    return name, json.dumps(sample)
