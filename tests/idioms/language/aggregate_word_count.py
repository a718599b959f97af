"""Keep a running count of each word seen, as a JSON object."""
import json

from smartstream import smartstream, Record


@smartstream.aggregate
def aggregate(accumulator: bytes, current: Record) -> bytes:
    counts = json.loads(accumulator) if accumulator else {}
    for word in current.value.decode().lower().split():
        word = word.strip(".,!?;:\"'")
        if not word:
            continue
        counts[word] = counts.get(word, 0) + 1
    return json.dumps(counts, sort_keys=True).encode()
