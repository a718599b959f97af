"""Route events to a key per event family; drop heartbeats."""
import json

from smartstream import smartstream, Record

ROUTES = {
    "user.created": "users",
    "user.deleted": "users",
    "order.placed": "orders",
    "order.shipped": "orders",
    "payment.failed": "alerts",
}


@smartstream.filter_map
def filter_map(record: Record):
    event = json.loads(record.value)
    event_type = event["type"]
    if event_type == "heartbeat":
        return None
    topic = ROUTES.get(event_type) or event_type.split(".")[0] + "-misc"
    return topic, record.value
