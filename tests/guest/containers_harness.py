"""Build and drive the guest container code (compiler/guest/containers.c) on its own.

``build(workdir)`` compiles containers_harness.c (which includes containers.c)
with text.c (the str and bytes reprs) and the stub core into a wasm32 MVP module; ``ContainerGuest`` runs a
program of register-machine instructions (see containers_harness.c) and
returns one ``Outcome`` per instruction.

The types the harness knows are ``TYPES`` below, in the order of the C
``types`` table; a type is a ``Ty`` and values are plain Python values,
except that a set is an ``OSet`` (insertion-ordered, as ssc's sets are).
"""

from __future__ import annotations

import importlib.util
import struct
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import wasmtime

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
GUEST_SRC = REPO / "compiler" / "guest"
SOURCES = [GUEST_SRC / "text.c", HERE / "stub_core.c", HERE / "containers_harness.c"]


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


def render_unicode_header() -> str:
    """compiler/unicode_tables.py's header (for text.c), loaded by path."""
    spec = importlib.util.spec_from_file_location("ssc_unicode_tables", REPO / "compiler" / "unicode_tables.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.render_unicode_header()


def build(workdir: Path, opt_level: str = "-O2") -> Path:
    """Compile the harness into workdir/containers_harness.wasm and return its path."""
    workdir.mkdir(parents=True, exist_ok=True)
    from ssc.compiler.guestlib import render_gen_header

    (workdir / "ssc_gen.h").write_text(render_gen_header())
    (workdir / "ssc_unicode.h").write_text(render_unicode_header())
    out = workdir / "containers_harness.wasm"
    cmd = [
        sys.executable, "-m", "ziglang", "cc",
        "-target", "wasm32-freestanding", "-mcpu=mvp", opt_level,
        "-std=c11", "-ffreestanding", "-fno-builtin", "-Wall", "-Wextra", "-Werror",
        "-nostdlib", "-Wl,--no-entry", "-Wl,--gc-sections", "-Wl,--strip-all",
        f"-I{workdir}", f"-I{HERE}", f"-I{GUEST_SRC}",
        *map(str, SOURCES), "-o", str(out),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"building the containers harness failed:\n{done.stderr}")
    return out


@dataclass(frozen=True)
class Outcome:
    exc: str | None
    text: str


def exception_codes() -> dict[int, str]:
    from ssc.compiler.semantics import EXCEPTIONS

    return {exc.code: exc.name for exc in EXCEPTIONS}


class ContainerGuest:
    """The harness module instantiated in its own wasmtime store."""

    def __init__(self, wasm: Path) -> None:
        engine = wasmtime.Engine()
        self.store = wasmtime.Store(engine)
        module = wasmtime.Module.from_file(engine, str(wasm))
        instance = wasmtime.Instance(self.store, module, [])
        exports = instance.exports(self.store)
        self.memory = exports["memory"]
        self._run = exports["h_run"]
        self.in_ptr = exports["h_in"](self.store)
        self.out_ptr = exports["h_out"](self.store)
        self.io_size = exports["h_io_size"](self.store)
        self.codes = exception_codes()

    def run(self, code: bytes, count: int) -> list[Outcome]:
        assert len(code) < self.io_size, "program too large for the harness"
        self.memory.write(self.store, code, self.in_ptr)
        written = self._run(self.store, count)
        raw = bytes(self.memory.read(self.store, self.out_ptr, self.out_ptr + written))
        results, at = [], 0
        for _ in range(count):
            rc, code_, n = struct.unpack_from("<iiI", raw, at)
            at += 12
            text = raw[at:at + n].decode("utf-8")
            at += n
            results.append(Outcome(self.codes[code_] if rc else None, text))
        return results
