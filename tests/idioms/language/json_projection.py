"""Keep only the fields listed in the `fields` parameter."""
import json

from smartstream import smartstream, Record

FIELDS = ["id"]


@smartstream.init
def init(params):
    global FIELDS
    FIELDS = [f.strip() for f in params.get("fields", "id").split(",") if f.strip()]


@smartstream.map
def map(record: Record):
    doc = json.loads(record.value)
    projected = {f: doc[f] for f in FIELDS if f in doc}
    return record.key, json.dumps(projected)
