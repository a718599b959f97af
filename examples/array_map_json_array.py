"""One record per element of a JSON array (Fluvio's array_map_json_array).

A port of the array_map_json_array example of Fluvio's SmartModule examples
(smartmodule/examples/array_map_json_array/src/lib.rs). Each record is a
JSON array of any values; each element becomes a record of its own, with
no key, whose value is the element written back as JSON:

    ["Apple", "Banana", "Cranberry"]   ->   "Apple"   "Banana"   "Cranberry"

The elements are written as `serde_json::to_string` writes a Value:
compact (no spaces after `,` and `:`), non-ASCII text as it is, and object
keys sorted (serde_json's map is a BTreeMap). An empty array gives no
records. A record that is not a JSON array stops the batch, as the Rust
`?` does with serde_json's error.
"""

import json

from smartstream import Record, smartstream


@smartstream.array_map
def array_map(record: Record) -> list[tuple[None, str]]:
    array = json.loads(record.value)
    if not isinstance(array, list):
        raise TypeError(f"expected a JSON array, not {json.dumps(array)}")
    return [(None, json.dumps(item, separators=(",", ":"), ensure_ascii=False, sort_keys=True))
            for item in array]
