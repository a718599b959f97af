"""Tag each click with a session number; a session ends after 30 minutes of inactivity per user."""
import json

from smartstream import smartstream, Record

GAP_MS = 30 * 60 * 1000

last_seen: dict[str, int] = {}
session_ids: dict[str, int] = {}


@smartstream.map
def map(record: Record):
    click = json.loads(record.value)
    user = click["user"]
    ts = record.timestamp
    previous = last_seen.get(user)
    if previous is None or ts - previous > GAP_MS:
        session_ids[user] = session_ids.get(user, 0) + 1
    last_seen[user] = ts
    click["session"] = f"{user}-{session_ids[user]}"
    return user.encode(), json.dumps(click)
