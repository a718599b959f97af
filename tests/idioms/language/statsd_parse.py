"""Parse StatsD lines (name:value|type[|@rate]) and scale counters by their sample rate."""
from smartstream import smartstream, Record

TYPES = {"c": "counter", "g": "gauge", "ms": "timer", "h": "histogram", "s": "set"}


@smartstream.map
def map(record: Record):
    line = record.value.decode()
    name, _, rest = line.partition(":")
    parts = rest.split("|")
    value = float(parts[0])
    kind = TYPES[parts[1]]
    rate = 1.0
    if len(parts) > 2 and parts[2].startswith("@"):
        rate = float(parts[2][1:])
    if kind == "counter":
        value = value / rate
    return name, "{} {} {:g}".format(kind, name, value)
