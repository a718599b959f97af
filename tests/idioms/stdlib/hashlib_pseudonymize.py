"""Replace the user's e-mail with a salted SHA-256 pseudonym."""
import hashlib
import json

from smartstream import smartstream, Record

SALT = "fluvio"


@smartstream.init
def init(params):
    global SALT
    SALT = params.get("salt", SALT)


def pseudonym(value: str) -> str:
    return hashlib.sha256((SALT + value.strip().lower()).encode()).hexdigest()[:16]


@smartstream.map
def map(record: Record):
    user = json.loads(record.value)
    if "email" in user:
        user["email"] = pseudonym(user["email"])
    return record.key, json.dumps(user)
