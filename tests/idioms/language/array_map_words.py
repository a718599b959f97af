"""Split each sentence into one record per word, keyed by its position."""
from smartstream import smartstream, Record


@smartstream.array_map
def array_map(record: Record):
    words = record.value.decode().split()
    return [(str(i), w) for i, w in enumerate(words)]
