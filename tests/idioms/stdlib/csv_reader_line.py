"""Parse one CSV line per record with the csv module and emit JSON."""
import csv
import json

from smartstream import smartstream, Record

HEADER = ["id", "name", "city", "note"]


@smartstream.map
def map(record: Record):
    row = next(csv.reader([record.value.decode()]))
    if len(row) != len(HEADER):
        raise ValueError(f"expected {len(HEADER)} fields, got {len(row)}: {row}")
    return row[0], json.dumps(dict(zip(HEADER, row)))
