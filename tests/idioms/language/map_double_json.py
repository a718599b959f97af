import json

from smartstream import smartstream, Record


@smartstream.map
def map(record: Record):
    data = json.loads(record.value)
    data["value"] = data["value"] * 2
    data["doubled"] = True
    return record.key, json.dumps(data)
