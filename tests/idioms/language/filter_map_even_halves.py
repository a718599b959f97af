from typing import Optional

from smartstream import smartstream, Record


@smartstream.filter_map
def filter_map(record: Record) -> Optional[tuple]:
    value = int(record.value)
    if value % 2:
        return None
    return (record.key, str(value // 2))
