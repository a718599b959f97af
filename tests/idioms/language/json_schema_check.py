"""Check records against a small schema; annotate with a list of problems."""
import json
from typing import Any

from smartstream import smartstream, Record

SCHEMA = {
    "id": int,
    "name": str,
    "email": str,
    "age": int,
    "active": bool,
}


def problems(doc: dict[str, Any]) -> list[str]:
    errors = []
    for field, expected in SCHEMA.items():
        if field not in doc:
            errors.append(f"{field}: missing")
        elif not isinstance(doc[field], expected):
            errors.append(f"{field}: expected {expected.__name__}, got {type(doc[field]).__name__}")
    extra = set(doc) - set(SCHEMA)
    if extra:
        errors.append("unexpected: " + ", ".join(sorted(extra)))
    return errors


@smartstream.map
def map(record: Record):
    try:
        doc = json.loads(record.value)
    except ValueError as e:
        return record.key, json.dumps({"valid": False, "errors": [f"invalid JSON: {e}"]})
    if not isinstance(doc, dict):
        return record.key, json.dumps({"valid": False, "errors": ["not an object"]})
    errs = problems(doc)
    return record.key, json.dumps({"valid": not errs, "errors": errs})
