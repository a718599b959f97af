"""Describe order events with structural pattern matching on the JSON."""
import json

from smartstream import smartstream, Record


def describe(event) -> str:
    match event:
        case {"type": "created", "order": {"id": oid, "total": total}}:
            return f"order {oid} created ({total:.2f})"
        case {"type": "shipped", "order": {"id": oid}, "carrier": carrier}:
            return f"order {oid} shipped with {carrier}"
        case {"type": "cancelled", "order": {"id": oid}, "reason": str(reason)}:
            return f"order {oid} cancelled: {reason}"
        case {"type": "cancelled", "order": {"id": oid}}:
            return f"order {oid} cancelled"
        case [first, *rest]:
            return f"batch of {len(rest) + 1} events starting with {first.get('type')}"
        case {"type": other}:
            return f"unhandled event type {other}"
        case _:
            return "not an event"


@smartstream.map
def map(record: Record):
    return record.key, describe(json.loads(record.value))
