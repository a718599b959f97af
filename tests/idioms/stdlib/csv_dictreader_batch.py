"""Each record is a CSV document with a header row; emit one JSON record per data row."""
import csv
import io
import json

from smartstream import smartstream, Record


@smartstream.array_map
def array_map(record: Record):
    reader = csv.DictReader(io.StringIO(record.value.decode()))
    return [(row.get("id"), json.dumps(row)) for row in reader]
