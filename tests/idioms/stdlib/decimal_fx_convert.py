"""Convert 'AMOUNT CUR' to EUR with fixed rates, banker's rounding."""
import decimal
from decimal import Decimal

from smartstream import smartstream, Record

RATES = {"USD": Decimal("0.92"), "GBP": Decimal("1.17"), "JPY": Decimal("0.0062"), "EUR": Decimal(1)}


@smartstream.map
def map(record: Record):
    amount, currency = record.value.decode().split()
    eur = Decimal(amount) * RATES[currency.upper()]
    return currency.upper(), str(eur.quantize(Decimal("0.01"), rounding=decimal.ROUND_HALF_EVEN))
