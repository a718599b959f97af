"""Keep only the integers larger than every one before them (Fluvio's filter_look_back).

look_back replays the last records of the topic before streaming starts,
so the module knows the last value it kept.
"""

from smartstream import Record, smartstream

LAST = 0


@smartstream.filter
def filter(record: Record) -> bool:
    global LAST
    current = int(record.value)
    if current > LAST:
        LAST = current
        return True
    return False


@smartstream.look_back
def look_back(record: Record) -> None:
    global LAST
    LAST = int(record.value)
