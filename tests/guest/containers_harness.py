"""Build and drive the guest container code (compiler/guest/containers.c) on its own.

``build(workdir)`` compiles containers_harness.c (which includes text.c,
number.c and containers.c, as runtime.c does) with the stub core into a
wasm32 MVP module (see harness.py); ``ContainerGuest`` runs a program of
register-machine instructions (see containers_harness.c) and returns one
``Outcome`` per instruction.

The types the harness knows are ``TYPES`` below, in the order of the C
``types`` table; a type is a ``Ty`` and values are plain Python values,
except that a set is an ``OSet`` (insertion-ordered, as ssc's sets are).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from . import harness

SOURCES = [harness.HERE / "containers_harness.c"]


@dataclass(frozen=True)
class Ty:
    kind: str  # none bool int float str bytes opt tuple list dict set record
    args: tuple[Ty, ...] = ()

    def __repr__(self) -> str:
        if self.kind == "opt":
            return f"{self.args[0]!r} | None"
        if self.args:
            return f"{self.kind}[{', '.join(map(repr, self.args))}]"
        return self.kind


NONE, BOOL, INT, FLOAT, STR, BYTES, RECORD = (Ty(k) for k in ("none", "bool", "int", "float", "str", "bytes", "record"))


def opt(t: Ty) -> Ty:
    return Ty("opt", (t,))


def tup(*ts: Ty) -> Ty:
    return Ty("tuple", ts)


def lst(t: Ty) -> Ty:
    return Ty("list", (t,))


def dct(k: Ty, v: Ty) -> Ty:
    return Ty("dict", (k, v))


def st(t: Ty) -> Ty:
    return Ty("set", (t,))


TYPES = [
    NONE, BOOL, INT, FLOAT, STR, BYTES,
    opt(INT), opt(STR), opt(FLOAT), tup(STR, INT), tup(INT), tup(),
    tup(INT, opt(INT)), lst(INT), lst(STR), lst(tup(STR, INT)), lst(opt(INT)),
    lst(FLOAT), lst(lst(INT)), lst(tup(INT, opt(INT))), dct(STR, INT),
    dct(STR, lst(INT)), dct(INT, STR), dct(BYTES, opt(INT)), st(INT), st(STR),
    st(tup(STR, INT)), lst(dct(STR, INT)), lst(BOOL), lst(BYTES),
    tup(FLOAT, STR, BOOL), dct(STR, FLOAT), lst(st(INT)), lst(opt(STR)),
    dct(tup(STR, INT), INT), lst(opt(FLOAT)), RECORD, lst(RECORD),
    lst(tup(FLOAT, STR, BOOL)), dct(FLOAT, INT), st(FLOAT), tup(opt(INT), STR),
    lst(tup(opt(INT), STR)), lst(tup()), dct(INT, INT),
]
TYPE_INDEX = {t: i for i, t in enumerate(TYPES)}


class OSet(dict):
    """A set as ssc keeps it: insertion-ordered (a dict of keys to None)."""

    def __init__(self, items=()) -> None:
        super().__init__((x, None) for x in items)

    def __repr__(self) -> str:
        return "{" + ", ".join(map(repr, self)) + "}" if self else "set()"

    def add(self, x) -> None:
        self.setdefault(x, None)

    def as_set(self) -> set:
        return set(self)

    def __lt__(self, other):
        return self.as_set() < other.as_set()

    def __le__(self, other):
        return self.as_set() <= other.as_set()

    def __gt__(self, other):
        return self.as_set() > other.as_set()

    def __ge__(self, other):
        return self.as_set() >= other.as_set()

    __hash__ = None


def encode(t: Ty, v) -> bytes:
    """A value in containers_harness.c's h_decode encoding."""
    k = t.kind
    if k == "none":
        return b""
    if k == "bool":
        return bytes([bool(v)])
    if k == "int":
        return struct.pack("<q", v)
    if k == "float":
        return struct.pack("<d", v)
    if k in ("str", "bytes"):
        data = v.encode() if k == "str" else v
        return struct.pack("<I", len(data)) + data
    if k == "opt":
        return b"\0" if v is None else b"\1" + encode(t.args[0], v)
    if k == "tuple":
        return b"".join(encode(a, x) for a, x in zip(t.args, v, strict=True))
    if k in ("list", "set"):
        return struct.pack("<I", len(v)) + b"".join(encode(t.args[0], x) for x in v)
    if k == "dict":
        return struct.pack("<I", len(v)) + b"".join(encode(t.args[0], x) + encode(t.args[1], y) for x, y in v.items())
    if k == "record":
        out = bytes([v.key is not None])
        if v.key is not None:
            out += encode(BYTES, v.key)
        return out + encode(BYTES, v.value) + struct.pack("<qq", v.offset, v.timestamp)
    raise AssertionError(t)


def build(workdir: Path, opt_level: str = "-O2") -> Path:
    """Compile the harness into workdir/containers_harness.wasm and return its path."""
    return harness.build(workdir, SOURCES, opt_level)


@dataclass(frozen=True)
class Outcome:
    exc: str | None
    text: str


class ContainerGuest(harness.GuestModule):
    """The harness module instantiated in its own wasmtime store."""

    def run(self, code: bytes, count: int) -> list[Outcome]:
        assert len(code) < self.io_size, "program too large for the harness"
        self.write_input(code)
        raw = self.read_output(self.call("h_run", count))
        results, at = [], 0
        for _ in range(count):
            rc, code_, n = struct.unpack_from("<iiI", raw, at)
            at += 12
            text = raw[at:at + n].decode("utf-8")
            at += n
            results.append(Outcome(self.codes[code_] if rc else None, text))
        return results
