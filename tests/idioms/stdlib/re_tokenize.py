"""Split sentences into words on any run of non-word characters and re-join them lower-cased."""
import re

from smartstream import smartstream, Record


@smartstream.map
def map(record: Record):
    tokens = [t.lower() for t in re.split(r"\W+", record.value.decode()) if t]
    return record.key, " ".join(tokens)
