"""Route Debezium-style change events: key = table, value = a compact description of the change."""
import json

from smartstream import smartstream, Record

OPS = {"c": "insert", "u": "update", "d": "delete", "r": "snapshot"}


class UnknownOperation(ValueError):
    pass


def describe(event) -> str:
    payload = event["payload"]
    op = payload["op"]
    if op not in OPS:
        raise UnknownOperation(f"unknown op {op!r}")
    before, after = payload.get("before"), payload.get("after")
    match OPS[op]:
        case "insert" | "snapshot":
            return f"{OPS[op]} id={after['id']}"
        case "update":
            changed = sorted(k for k in after if before.get(k) != after[k])
            return f"update id={after['id']} changed={','.join(changed)}"
        case "delete":
            return f"delete id={before['id']}"


@smartstream.map
def map(record: Record):
    event = json.loads(record.value)
    table = event["payload"]["source"]["table"]
    return table, describe(event)
