"""Re-indent JSON documents for humans (sorted keys, 2-space indent)."""
import json

from smartstream import smartstream, Record


@smartstream.map
def map(record: Record):
    return record.key, json.dumps(json.loads(record.value), indent=2, sort_keys=True, ensure_ascii=False)
