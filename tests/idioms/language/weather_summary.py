"""Keep per-city min/avg/max of temperature readings ("city,temp") and emit the city's summary."""
from typing import Iterable

from smartstream import smartstream, Record

readings = {}


def summary(values: Iterable[float]) -> str:
    values = list(values)
    return "min={:.1f} avg={:.1f} max={:.1f} n={}".format(min(values), sum(values) / len(values), max(values), len(values))


@smartstream.map
def map(record: Record):
    city, temp = record.value.decode().split(",")
    city = city.strip().title()
    readings.setdefault(city, []).append(float(temp))
    return city, f"{city}: {summary(readings[city])}"
