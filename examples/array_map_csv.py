"""One record per field of a comma-separated value, keyed by its column (Fluvio's array_map).

Every record is one CSV row of `name,city,age`; each field becomes a
record keyed by its column name.
"""

from smartstream import Record, smartstream

COLUMNS = ("name", "city", "age")


@smartstream.array_map
def array_map(record: Record) -> list[tuple[str | None, str]]:
    fields = record.value.decode().split(",")
    if len(fields) != len(COLUMNS):
        raise ValueError(f"expected {len(COLUMNS)} fields, got {len(fields)}")
    return [(column, field.strip()) for column, field in zip(COLUMNS, fields)]
