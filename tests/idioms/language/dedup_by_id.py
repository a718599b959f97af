"""Drop events whose "id" we've already seen."""
import json

from smartstream import smartstream, Record

seen = set()


@smartstream.filter
def filter(record: Record) -> bool:
    event = json.loads(record.value)
    event_id = event.get("id")
    if event_id is None:
        return True  # can't dedup without an id, let it through
    if event_id in seen:
        return False
    seen.add(event_id)
    return True
