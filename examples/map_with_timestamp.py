"""Prefix each value with its offset and timestamp (Fluvio's map_with_timestamp)."""

from smartstream import Record, smartstream


@smartstream.map
def map(record: Record) -> tuple[bytes | None, str]:
    return record.key, f"{record.offset}:{record.timestamp}:{record.value.decode()}"
