"""Normalise measurements like '12.5 km' to SI base units."""
import json

from smartstream import smartstream, Record


def to_si(value: float, unit: str) -> tuple[float, str]:
    match unit.lower():
        case "mm":
            return value / 1000, "m"
        case "cm":
            return value / 100, "m"
        case "m":
            return value, "m"
        case "km":
            return value * 1000, "m"
        case "mi" | "mile" | "miles":
            return value * 1609.344, "m"
        case "g":
            return value / 1000, "kg"
        case "kg":
            return value, "kg"
        case "lb" | "lbs":
            return value * 0.45359237, "kg"
        case u if u.endswith("s") and u[:-1] in ("sec", "second"):
            return value, "s"
        case "ms":
            return value / 1000, "s"
        case _:
            raise ValueError(f"unknown unit: {unit}")


@smartstream.map
def map(record: Record):
    amount, unit = record.value.decode().split()
    value, base = to_si(float(amount), unit)
    return record.key, json.dumps({"value": value, "unit": base})
