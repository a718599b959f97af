"""Format North American phone numbers as (555) 123-4567; other records pass unchanged."""
from smartstream import smartstream, Record


def digits_only(s):
    return "".join(ch for ch in s if ch.isdigit())


@smartstream.map
def map(record: Record):
    raw = record.value.decode()
    digits = digits_only(raw)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10:
        return record.key, raw
    return record.key, "({}) {}-{}".format(digits[:3], digits[3:6], digits[6:])
