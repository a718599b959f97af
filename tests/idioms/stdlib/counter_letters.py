from collections import Counter

from smartstream import smartstream, Record


@smartstream.map
def map(record: Record):
    letters = Counter(c for c in record.value.decode().lower() if c.isalpha())
    common = letters.most_common(2)
    return record.key, " ".join(f"{ch}{n}" for ch, n in common) or "-"
