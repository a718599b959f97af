"""Convert temperatures like '98.6F' or '37C' to Celsius with one decimal."""
from smartstream import smartstream, Record


def to_celsius(text: str) -> float:
    text = text.strip().upper()
    if text.endswith("F"):
        return (float(text[:-1]) - 32) * 5 / 9
    if text.endswith("C"):
        return float(text[:-1])
    if text.endswith("K"):
        return float(text[:-1]) - 273.15
    raise ValueError("unknown unit in %r" % text)


@smartstream.map
def map(record: Record):
    celsius = to_celsius(record.value.decode())
    return record.key, f"{celsius:.1f}C"
