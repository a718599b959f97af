"""One record per field of a JSON object, keyed by the field's name (Fluvio's array_map_json_object).

A port of the array_map_json_object example of Fluvio's SmartModule
examples (smartmodule/examples/array_map_json_object/src/lib.rs). Each
record is a JSON object; each of its fields becomes a record whose key is
the field's name and whose value is the field's value written back as JSON:

    {"a": "Apple", "b": "Banana"}   ->   [a] "Apple"   [b] "Banana"

The Rust original reads the object into a serde_json Map, a BTreeMap, so
the fields come out sorted by name (by code point), and writes each value
with `serde_json::to_string`: compact, non-ASCII text as it is, nested
object keys sorted too. A field given twice keeps its last value, as both
serde_json and Python's json do. An empty object gives no records; a record
that is not a JSON object stops the batch.
"""

import json

from smartstream import Record, smartstream


@smartstream.array_map
def array_map(record: Record) -> list[tuple[str | None, str]]:
    fields = json.loads(record.value)
    if not isinstance(fields, dict):
        raise TypeError(f"expected a JSON object, not {json.dumps(fields)}")
    return [(name, json.dumps(fields[name], separators=(",", ":"), ensure_ascii=False, sort_keys=True))
            for name in sorted(fields)]
