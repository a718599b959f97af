"""Aggregate cart events ("add sku qty" / "remove sku qty") into the current cart as JSON."""
import json

from smartstream import smartstream, Record


@smartstream.aggregate
def aggregate(accumulator: bytes, current: Record) -> bytes:
    cart = json.loads(accumulator) if accumulator.strip() else {}
    action, sku, qty = current.value.decode().split()
    qty = int(qty)
    if action == "add":
        cart[sku] = cart.get(sku, 0) + qty
    elif action == "remove":
        left = cart.get(sku, 0) - qty
        if left > 0:
            cart[sku] = left
        else:
            cart.pop(sku, None)
    else:
        raise ValueError(f"unknown action: {action}")
    return json.dumps(cart, sort_keys=True).encode()
