"""Group order lines by customer and emit the customer's running list of SKUs."""
import json
from collections import defaultdict

from smartstream import smartstream, Record

orders_by_customer = defaultdict(list)


@smartstream.map
def map(record: Record):
    order = json.loads(record.value)
    skus = orders_by_customer[order["customer"]]
    skus.append(order["sku"])
    return order["customer"], json.dumps({"customer": order["customer"], "skus": skus})
