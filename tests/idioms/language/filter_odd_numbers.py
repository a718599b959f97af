"""Keep the odd integers; anything that isn't a number is dropped."""
from smartstream import smartstream, Record


def parse_int(raw: bytes):
    try:
        return int(raw.decode().strip())
    except ValueError:
        return None


@smartstream.filter
def filter(record: Record) -> bool:
    n = parse_int(record.value)
    if n is None:
        return False
    return n % 2 == 1
