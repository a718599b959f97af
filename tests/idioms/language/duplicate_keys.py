"""Drop a record if the previous record had the same key and value (consecutive duplicates)."""
from smartstream import smartstream, Record

last = None


@smartstream.filter
def filter(record: Record) -> bool:
    global last
    current = (record.key, record.value)
    if current == last:
        return False
    last = current
    return True
