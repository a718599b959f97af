"""Format 'sku;description;qty;unit_price' rows as fixed-width invoice lines."""
from smartstream import smartstream, Record

LINE = "{sku:<8} {desc:<20.20} {qty:>4} x {price:>8.2f} = {total:>9.2f}"


@smartstream.map
def map(record: Record):
    sku, desc, qty, price = record.value.decode().split(";")
    qty = int(qty)
    price = float(price)
    line = LINE.format(sku=sku, desc=desc, qty=qty, price=price, total=qty * price)
    return record.key, line
