"""Random-oracle dispatcher: str methods, slicing and parsing (tests/test_random_oracle.py).

A record's value is ``op NUL a NUL b NUL c NUL d`` in UTF-8; a, b, c and d
are text, some ops read an int from them.
"""
from smartstream import smartstream, Record


@smartstream.map
def entry(record: Record) -> tuple[bytes | None, str]:
    parts = record.value.decode().split("\x00")
    op = parts[0]
    a = parts[1]
    b = parts[2]
    c = parts[3]
    d = parts[4]
    if op == "split":
        return None, repr(a.split(b))
    if op == "split_ws":
        return None, repr(a.split())
    if op == "split_max":
        return None, repr(a.split(b, int(c)))
    if op == "split_ws_max":
        return None, repr(a.split(None, int(c)))
    if op == "rsplit_max":
        return None, repr(a.rsplit(b, int(c)))
    if op == "rsplit_ws_max":
        return None, repr(a.rsplit(maxsplit=int(c)))
    if op == "splitlines":
        return None, repr(a.splitlines())
    if op == "strip":
        return None, repr(a.strip()) + repr(a.lstrip()) + repr(a.rstrip())
    if op == "strip_chars":
        return None, repr(a.strip(b)) + repr(a.lstrip(b)) + repr(a.rstrip(b))
    if op == "find":
        return None, f"{a.find(b)} {a.rfind(b)} {a.count(b)} {b in a} {a.startswith(b)} {a.endswith(b)}"
    if op == "index":
        return None, str(a.index(b))
    if op == "replace":
        return None, repr(a.replace(b, c))
    if op == "replace_once":
        return None, repr(a.replace(b, c, 1))
    if op == "partition":
        return None, repr(a.partition(b))
    if op == "affixes":
        return None, repr(a.removeprefix(b)) + repr(a.removesuffix(b))
    if op == "join":
        return None, repr(b.join(a.split(c)))
    if op == "zfill":
        return None, a.zfill(int(b))
    if op == "case":
        return None, f"{a.upper()}|{a.lower()}|{a.title()}|{a.capitalize()}|{a.isupper()}|{a.islower()}"
    if op == "predicates":
        return None, f"{a.isdigit()} {a.isalpha()} {a.isalnum()} {a.isspace()}"
    if op == "len":
        return None, f"{len(a)} {len(a.encode())} {sorted(a)} {[ord(ch) for ch in a]}"
    if op == "compare":
        return None, f"{a < b} {a <= b} {a == b} {a > b} {min(a, b)!r} {max(a, b)!r}"
    if op == "repr":
        return None, f"{a!r} {[a, b]} {(a,)}"
    if op == "format":
        return None, f"[{a:>8}] [{a:<8}] [{a:^9}] [{a:*^7}] [{a!r:>10}]"
    if op == "slice":
        return None, repr(a[int(b):int(c):int(d)])
    if op == "slice_forms":
        i = int(b)
        return None, repr(a[i:]) + repr(a[:i]) + repr(a[::i])
    if op == "char":
        return None, repr(a[int(b)])
    if op == "list_slice":
        words = a.split()
        return None, repr(words[int(b):int(c):int(d)])
    if op == "int":
        return None, str(int(a))
    if op == "int_base":
        return None, str(int(a, int(b)))
    if op == "int_bytes":
        return None, str(int(a.encode()))
    if op == "float":
        return None, repr(float(a))
    raise ValueError(f"unknown op {op!r}")
