"""Parse logfmt lines with re.finditer, quoted values included."""
import json
import re

from smartstream import smartstream, Record

PAIR = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|\S*)')


@smartstream.map
def map(record: Record):
    fields = {}
    for m in PAIR.finditer(record.value.decode()):
        key, value = m.group(1), m.group(2)
        if value.startswith('"'):
            value = value[1:-1].replace('\\"', '"')
        fields[key] = value
    level = fields.get("level", "info")
    return level, json.dumps(fields)
