"""Sum invoice amounts exactly with Decimal and round half up to cents."""
from decimal import Decimal, ROUND_HALF_UP, InvalidOperation

from smartstream import smartstream, Record

CENT = Decimal("0.01")


@smartstream.map
def map(record: Record):
    amounts = record.value.decode().split(";")
    try:
        total = sum((Decimal(a.strip()) for a in amounts), Decimal(0))
    except InvalidOperation:
        return record.key, "invalid amount in " + record.value.decode()
    vat = (total * Decimal("0.19")).quantize(CENT, rounding=ROUND_HALF_UP)
    return record.key, f"net={total.quantize(CENT, rounding=ROUND_HALF_UP)} vat={vat} gross={total + vat}"
