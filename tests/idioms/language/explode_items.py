"""One record per line item of an order, keyed by order id and position."""
import json

from smartstream import smartstream, Record


@smartstream.array_map
def array_map(record: Record):
    order = json.loads(record.value)
    out = []
    for n, item in enumerate(order.get("items", []), start=1):
        item = dict(item)
        item["order"] = order["id"]
        out.append((f"{order['id']}#{n}", json.dumps(item)))
    return out
