"""Count container restarts per pod from pod status updates; emit pods that restart too often."""
import json
from typing import NamedTuple

from smartstream import smartstream, Record

MAX_RESTARTS = 3


class PodKey(NamedTuple):
    namespace: str
    name: str


restarts: dict[PodKey, int] = {}


@smartstream.filter_map
def filter_map(record: Record):
    pod = json.loads(record.value)
    meta = pod["metadata"]
    key = PodKey(meta.get("namespace", "default"), meta["name"])
    total = sum(c.get("restartCount", 0) for c in pod["status"].get("containerStatuses", []))
    before = restarts.get(key, 0)
    restarts[key] = total
    if total > MAX_RESTARTS and total > before:
        return "%s/%s" % key, "%s/%s restarted %d times" % (key.namespace, key.name, total)
    return None
