"""Flag tickets that were resolved later than their priority's SLA allows."""
import json
from datetime import datetime, timedelta

from smartstream import smartstream, Record

SLA = {
    "P1": timedelta(hours=4),
    "P2": timedelta(days=1),
    "P3": timedelta(days=3),
}


@smartstream.filter_map
def filter_map(record: Record):
    ticket = json.loads(record.value)
    opened = datetime.fromisoformat(ticket["opened"])
    resolved = datetime.fromisoformat(ticket["resolved"])
    took = resolved - opened
    allowed = SLA.get(ticket["priority"], timedelta(days=7))
    if took <= allowed:
        return None
    late = took - allowed
    return ticket["id"], f"{ticket['id']} late by {late} (took {took}, SLA {allowed})"
