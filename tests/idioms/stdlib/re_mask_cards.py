"""Mask 13-19 digit card numbers (spaces or dashes allowed), keeping the last 4 digits."""
import re

from smartstream import smartstream, Record

CARD = re.compile(r"\b(?:\d[ -]?){12,18}\d\b")


def mask(match):
    digits = re.sub(r"\D", "", match.group())
    return "*" * (len(digits) - 4) + digits[-4:]


@smartstream.map
def map(record: Record):
    masked, n = CARD.subn(mask, record.value.decode())
    if n:
        print(f"masked {n} card number(s) at offset {record.offset}")
    return record.key, masked
