"""Volume-weighted average price per symbol, kept in the accumulator as JSON."""
import json

from smartstream import smartstream, Record


@smartstream.aggregate
def aggregate(accumulator: bytes, current: Record) -> bytes:
    state = json.loads(accumulator or b"{}")
    symbol, price, volume = current.value.decode().split()
    price = float(price)
    volume = int(volume)
    entry = state.get(symbol, {"notional": 0.0, "volume": 0})
    entry["notional"] += price * volume
    entry["volume"] += volume
    entry["vwap"] = round(entry["notional"] / entry["volume"], 4) if entry["volume"] else None
    state[symbol] = entry
    return json.dumps(state).encode()
