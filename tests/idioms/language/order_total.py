"""Compute the order total from its line items."""
import json

from smartstream import smartstream, Record

TAX_RATE = 0.08


@smartstream.map
def map(record: Record):
    order = json.loads(record.value)
    subtotal = sum(item["price"] * item["qty"] for item in order["items"])
    tax = round(subtotal * TAX_RATE, 2)
    result = {
        "order_id": order["id"],
        "items": len(order["items"]),
        "subtotal": round(subtotal, 2),
        "tax": tax,
        "total": round(subtotal + tax, 2),
    }
    return str(order["id"]), json.dumps(result)
