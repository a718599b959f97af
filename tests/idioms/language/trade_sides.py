"""Net position per symbol from trades 'BUY AAPL 10 @ 187.5'."""
from typing import NamedTuple

from smartstream import smartstream, Record


class Trade(NamedTuple):
    side: str
    symbol: str
    qty: int
    price: float

    @property
    def signed_qty(self) -> int:
        return self.qty if self.side == "BUY" else -self.qty


def parse_trade(text: str) -> Trade:
    side, symbol, qty, at, price = text.split()
    if at != "@" or side not in ("BUY", "SELL"):
        raise ValueError(f"malformed trade: {text!r}")
    return Trade(side, symbol, int(qty), float(price))


positions = {}


@smartstream.map
def map(record: Record):
    trade = parse_trade(record.value.decode())
    positions[trade.symbol] = positions.get(trade.symbol, 0) + trade.signed_qty
    return trade.symbol, f"{trade.symbol} position {positions[trade.symbol]:+d} after {trade}"
