"""Random-oracle dispatcher: bytes operations and decoding (tests/test_random_oracle.py).

A record's value is ``op NUL a NUL b``: a and b raw bytes (any but NUL).
"""
from smartstream import smartstream, Record


@smartstream.map
def entry(record: Record) -> tuple[bytes | None, str]:
    parts = record.value.split(b"\x00")
    op = parts[0]
    a = parts[1]
    b = parts[2]
    if op == b"utf8":
        return None, repr(a.decode())
    if op == b"utf8_replace":
        return None, repr(a.decode("utf-8", "replace"))
    if op == b"ascii":
        return None, repr(a.decode("ascii"))
    if op == b"ascii_replace":
        return None, repr(a.decode("ascii", errors="replace"))
    if op == b"latin1":
        return None, repr(a.decode("latin-1"))
    if op == b"hex":
        return None, a.hex()
    if op == b"repr":
        return None, repr(a) + " " + repr([a])
    if op == b"split":
        return None, repr(a.split(b)) + repr(a.split())
    if op == b"strip":
        return None, repr(a.strip(b)) + repr(a.strip())
    if op == b"find":
        return None, f"{a.find(b)} {a.rfind(b)} {a.count(b)} {b in a} {a.startswith(b)} {a.endswith(b)}"
    if op == b"replace":
        return None, repr(a.replace(b, b"<>"))
    if op == b"case":
        return None, repr(a.upper()) + repr(a.lower())
    if op == b"items":
        return None, f"{len(a)} {list(a)} {a[::-1]!r} {a[1::2]!r} {sum(a)}"
    if op == b"compare":
        return None, f"{a < b} {a == b} {a > b} {min(a, b)!r}"
    raise ValueError(f"unknown op {op!r}")
