"""Keep deploy events whose version is at least the configured minimum (semver)."""
import json

from smartstream import smartstream, Record

MINIMUM = (1, 0, 0)


def parse_version(text: str) -> tuple[int, int, int]:
    core = text.lstrip("v").split("-")[0].split("+")[0]
    major, minor, patch = (int(x) for x in core.split("."))
    return major, minor, patch


@smartstream.init
def init(params):
    global MINIMUM
    if "min_version" in params:
        MINIMUM = parse_version(params["min_version"])


@smartstream.filter
def filter(record: Record) -> bool:
    event = json.loads(record.value)
    return parse_version(event["version"]) >= MINIMUM
