"""Keep access-log lines whose status is a server error."""
from smartstream import smartstream, Record


@smartstream.filter
def filter(record: Record) -> bool:
    parts = record.value.decode().split()
    if len(parts) < 3:
        return False
    if (status := parts[2]).isdigit():
        return 500 <= int(status) <= 599
    return False
