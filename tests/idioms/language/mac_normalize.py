from smartstream import smartstream, Record

HEX = "0123456789abcdef"


@smartstream.filter_map
def filter_map(record: Record):
    raw = record.value.decode().strip().lower()
    digits = [c for c in raw if c in HEX]
    if len(digits) != 12 or any(c not in HEX + ":-. " for c in raw):
        return None
    pairs = ["".join(digits[i:i + 2]) for i in range(0, 12, 2)]
    return record.key, ":".join(pairs)
