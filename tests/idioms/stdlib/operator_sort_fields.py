"""Sort the items of each JSON array record by (priority desc, name) using operator.itemgetter."""
import json
from operator import itemgetter

from smartstream import smartstream, Record


@smartstream.map
def map(record: Record):
    tasks = json.loads(record.value)
    tasks.sort(key=itemgetter("name"))
    tasks.sort(key=itemgetter("priority"), reverse=True)
    return record.key, " ".join(t["name"] for t in tasks)
