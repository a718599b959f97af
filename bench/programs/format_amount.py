"""Reformat a number with an f-string: "order-1234 cents=123456" becomes
"order-1234: $1,234.56"."""
from smartstream import Record, smartstream


@smartstream.map
def format_amount(record: Record) -> tuple[bytes | None, bytes]:
    name, _, field = record.value.decode().partition(" cents=")
    cents = int(field)
    return record.key, f"{name}: ${cents // 100:,}.{cents % 100:02d}".encode()
