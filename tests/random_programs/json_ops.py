"""Random-oracle dispatcher: json.loads, json.dumps and operations on the dynamic
values they give (tests/test_random_oracle.py).

A record's value is ``op NUL doc NUL key`` in UTF-8: doc is a JSON text (as
CPython's json.dumps wrote it, with some options, or mangled), key a str.
"""
import json
from typing import Any

from smartstream import Record, smartstream


def walk(value: Any) -> str:
    """Every value's type and content, through the dynamic operations."""
    if isinstance(value, dict):
        parts: list[str] = []
        for key, item in value.items():
            parts.append(f"{key!r}:{walk(item)}")
        return "{" + ",".join(parts) + f"}}#{len(value)}"
    if isinstance(value, list):
        items = [walk(value[i]) for i in range(len(value))]
        return "[" + ",".join(items) + "]"
    if isinstance(value, bool):
        return "bool " + str(value)
    if isinstance(value, int):
        return f"int {value} {value > 0} {value == 0.0}"
    if isinstance(value, float):
        return f"float {value!r} {value == value} {bool(value)}"
    if isinstance(value, str):
        return f"str {value!r} {len(value)} {value.upper()!r}"
    return "None " + repr(value is None)


@smartstream.map
def entry(record: Record) -> tuple[bytes | None, str]:
    parts = record.value.decode().split("\x00")
    op = parts[0]
    doc = parts[1]
    key = parts[2]
    if op == "roundtrip":
        return None, json.dumps(json.loads(doc))
    if op == "roundtrip_bytes":
        return None, json.dumps(json.loads(doc.encode()))
    if op == "indent":
        return None, json.dumps(json.loads(doc), indent=2, sort_keys=True)
    if op == "compact":
        return None, json.dumps(json.loads(doc), separators=(",", ":"), ensure_ascii=False)
    if op == "tabs":
        return None, json.dumps(json.loads(doc), indent="\t", ensure_ascii=False)
    if op == "repr":
        return None, repr(json.loads(doc))
    if op == "walk":
        return None, walk(json.loads(doc))
    if op == "get":
        value = json.loads(doc)
        if isinstance(value, dict):
            return None, repr(value.get(key, "missing"))
        return None, repr(value[len(key) % 3])
    if op == "contains":
        value = json.loads(doc)
        return None, repr(key in value)
    if op == "compare":
        value = json.loads(doc)
        return None, repr(value == json.loads(json.dumps(value)))
    return None, "unknown op " + op
