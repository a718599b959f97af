"""Halve the even numbers and drop the odd ones (Fluvio's filter_map)."""

from smartstream import Record, smartstream


@smartstream.filter_map
def filter_map(record: Record) -> tuple[bytes | None, str] | None:
    number = int(record.value)
    if number % 2 == 0:
        return record.key, str(number // 2)
    return None
