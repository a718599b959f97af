"""Per-record config overrides on top of defaults, with ChainMap."""
import json
from collections import ChainMap

from smartstream import smartstream, Record

DEFAULTS = {"retries": 3, "timeout": 30, "region": "us-east-1"}


@smartstream.map
def map(record: Record):
    overrides = json.loads(record.value)
    config = ChainMap(overrides, DEFAULTS)
    return record.key, f"retries={config['retries']} timeout={config['timeout']} region={config['region']}"
