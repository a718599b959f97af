"""Split a record holding newline-delimited JSON into one record per valid line."""
import json

from smartstream import smartstream, Record


@smartstream.array_map
def array_map(record: Record):
    results = []
    for line in record.value.decode().splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            print("skipping bad line:", line)
            continue
        results.append((None, json.dumps(obj, separators=(",", ":"))))
    return results
