"""Replace every match of a regex with a fixed string (Fluvio's map-regex)."""
import re

from smartstream import smartstream, Record

replacements = []


@smartstream.init
def init(params):
    pattern = params.get("pattern", r"\d{3}-\d{2}-\d{4}")
    replacements.append((re.compile(pattern), params.get("with", "[REDACTED]")))


@smartstream.map
def map(record: Record):
    text = record.value.decode()
    for regex, replacement in replacements:
        text = regex.sub(replacement, text)
    return record.key, text
