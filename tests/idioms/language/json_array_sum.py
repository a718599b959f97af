"""Records are JSON arrays of numbers; output sum, min, max and mean."""
import json

from smartstream import smartstream, Record


@smartstream.map
def map(record: Record):
    numbers = json.loads(record.value)
    if not numbers:
        return record.key, "empty"
    total = sum(numbers)
    return record.key, f"sum={total} min={min(numbers)} max={max(numbers)} mean={total / len(numbers):.3f}"
