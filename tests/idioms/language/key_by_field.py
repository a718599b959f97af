"""Set the record key from a JSON field chosen by the `field` parameter."""
import json

from smartstream import smartstream, Record

FIELD = "id"


@smartstream.init
def init(params):
    global FIELD
    FIELD = params.get("field", "id")


@smartstream.map
def map(record: Record):
    doc = json.loads(record.value)
    key = doc.get(FIELD)
    if key is None:
        return None, record.value
    return str(key).encode(), record.value
