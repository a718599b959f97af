"""Reduce 'a:b' aspect ratios to lowest terms."""
import math

from smartstream import smartstream, Record


@smartstream.map
def map(record: Record):
    a, b = (int(x) for x in record.value.decode().split(":"))
    g = math.gcd(a, b)
    return record.key, f"{a // g}:{b // g} ({math.log10(a / b):.4f})"
