import json

from smartstream import smartstream, Record

RENAMES = {
    "usr": "user",
    "ts": "timestamp",
    "msg": "message",
    "lvl": "level",
}


@smartstream.map
def map(record: Record):
    data = json.loads(record.value)
    renamed = {RENAMES.get(k, k): v for k, v in data.items()}
    return record.key, json.dumps(renamed, ensure_ascii=False)
