"""Validate bank transactions; invalid ones stop the stream with a descriptive error."""
import json

from smartstream import smartstream, Record


class InvalidTransaction(ValueError):
    pass


class MissingField(InvalidTransaction):
    def __init__(self, field):
        super().__init__(f"missing field: {field}")
        self.field = field


REQUIRED = ("account", "amount", "currency")
CURRENCIES = {"USD", "EUR", "GBP"}


def validate(tx: dict) -> dict:
    for field in REQUIRED:
        if field not in tx:
            raise MissingField(field)
    try:
        amount = float(tx["amount"])
    except (TypeError, ValueError) as e:
        raise InvalidTransaction(f"bad amount {tx['amount']!r}") from e
    if tx["currency"] not in CURRENCIES:
        raise InvalidTransaction("unsupported currency " + str(tx["currency"]))
    if amount == 0:
        raise InvalidTransaction("zero amount")
    tx["direction"] = "credit" if amount > 0 else "debit"
    return tx


@smartstream.map
def map(record: Record):
    tx = validate(json.loads(record.value))
    return tx["account"], json.dumps(tx)
