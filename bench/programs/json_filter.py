"""Keep the JSON log events that matter: level warn or error from a known user
(id above 100), as issue 7 writes it: json.loads, then dynamic field access."""
import json

from smartstream import Record, smartstream


@smartstream.filter
def important(record: Record) -> bool:
    event = json.loads(record.value)
    return event["level"] in ("warn", "error") and event.get("user", {}).get("id", 0) > 100
