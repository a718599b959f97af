"""Drop duplicate values, remembering the last `count` distinct ones (Fluvio's filter_hashset).

A bounded set: when it is full, the oldest value is forgotten. init reads
the bound from the `count` parameter; look_back fills the set from the
topic's last records. The set lives across records and batches, and its
memory is reclaimed as values are forgotten.
"""

from smartstream import Record, smartstream

CAPACITY = 1000
SEEN: set[str] = set()
ORDER: list[str] = []


def remember(value: str) -> bool:
    """Add value to the bounded set; True if it was not there."""
    if value in SEEN:
        return False
    SEEN.add(value)
    ORDER.append(value)
    if len(ORDER) > CAPACITY:
        SEEN.discard(ORDER.pop(0))
    return True


@smartstream.init
def init(params: dict[str, str]) -> None:
    global CAPACITY
    if "count" not in params:
        raise ValueError("missing param count")
    CAPACITY = int(params["count"])
    if CAPACITY < 1:
        raise ValueError(f"count must be positive, not {CAPACITY}")


@smartstream.filter
def filter(record: Record) -> bool:
    return remember(record.value.decode())


@smartstream.look_back
def look_back(record: Record) -> None:
    remember(record.value.decode())
