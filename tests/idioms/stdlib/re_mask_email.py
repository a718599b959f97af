"""Mask the user part of e-mail addresses, keeping the first character and the domain."""
import re

from smartstream import smartstream, Record

EMAIL_RE = re.compile(r"([A-Za-z0-9._%+-])([A-Za-z0-9._%+-]*)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")


def _mask(m: re.Match) -> str:
    return m.group(1) + "*" * len(m.group(2)) + "@" + m.group(3)


@smartstream.map
def map(record: Record):
    return record.key, EMAIL_RE.sub(_mask, record.value.decode())
