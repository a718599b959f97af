"""Annotate each tick with its change from the previous price of the same symbol."""
from smartstream import smartstream, Record

last_price = {}


def parse(record: Record):
    symbol, price = record.value.decode().split(":")
    return symbol.strip().upper(), float(price)


@smartstream.look_back
def look_back(record: Record):
    symbol, price = parse(record)
    last_price[symbol] = price


@smartstream.map
def map(record: Record):
    symbol, price = parse(record)
    previous = last_price.get(symbol)
    last_price[symbol] = price
    if previous is None:
        return symbol, f"{symbol} {price:.2f} (new)"
    change = (price - previous) / previous * 100
    arrow = "▲" if change > 0 else "▼" if change < 0 else "="
    return symbol, f"{symbol} {price:.2f} {arrow} {change:+.2f}%"
