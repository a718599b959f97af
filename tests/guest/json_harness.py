"""Build and drive the guest JSON code (compiler/guest/json.c) on its own.

``build(workdir)`` compiles json_harness.c (which includes text.c, number.c,
strings.c, containers.c, dynamic.c and json.c, as runtime.c does) with the
stub core into a wasm32 MVP module (see harness.py). ``loads_functions``
builds a module whose one entry point calls json.loads of bytes and lists
the functions it links, to see what loads pulls in. ``JsonGuest`` runs
batches of cases through its one entry point, h_run (json_harness.c has the
byte layouts), and returns one ``Result`` per case: the exception's name and
message, or the text the op produces (a repr, or json.dumps output).

Values cross in two encodings: ``encode_any`` for the dynamic values that
json.loads makes (None, bool, int, float, str, list, dict with any hashable
JSON-ish keys) and ``encode_typed`` for a value of one of ``TYPES``, the
typed values the harness knows (its ``types`` table, same order).
Text is UTF-8 with lone surrogates allowed both ways ("surrogatepass"), as
ssc keeps the lone surrogates of JSON strings.
"""

from __future__ import annotations

import enum
import struct
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import containers_harness as ch
from . import harness

SOURCES = [harness.HERE / "json_harness.c"]


class Op(enum.IntEnum):
    """The ops of json_harness.c's h_run."""

    LOADS = 0
    LOADS_BYTES = 1
    LOADS_DUMPS = 2
    DUMPS_ANY = 3
    DUMPS_TYPED = 4
    DUMPS_SPECIAL = 5
    BENCH = 6
    BENCH_BYTES = 7


def utf8(s: str) -> bytes:
    """A str as ssc keeps it: UTF-8, lone surrogates in their 3-byte form."""
    return s.encode("utf-8", "surrogatepass")


# ---- options -------------------------------------------------------------------


def resolve_opts(opts: dict) -> tuple[int, bytes, bytes, bytes]:
    """json.dumps keyword arguments (indent, separators, sort_keys,
    ensure_ascii, allow_nan) as ssc_json_opts: the flags and the three texts,
    defaults resolved as json.dumps resolves them."""
    indent = opts.get("indent")
    separators = opts.get("separators")
    if separators is None:
        separators = (", ", ": ") if indent is None else (",", ": ")
    if isinstance(indent, int):
        indent = " " * indent
    flags = ((indent is not None) * 1 | bool(opts.get("sort_keys", False)) * 2
             | bool(opts.get("ensure_ascii", True)) * 4 | bool(opts.get("allow_nan", True)) * 8)
    return flags, utf8(indent or ""), utf8(separators[0]), utf8(separators[1])


def encode_opts(opts: dict) -> bytes:
    flags, indent, item_sep, key_sep = resolve_opts(opts)
    out = bytes([flags])
    for text in (indent, item_sep, key_sep):
        assert len(text) < 256
        out += bytes([len(text)]) + text
    return out


# ---- values ----------------------------------------------------------------------


def encode_any(v) -> bytes:
    """A dynamic value in h_any's encoding."""
    if v is None:
        return b"n"
    if v is True:
        return b"T"
    if v is False:
        return b"F"
    if isinstance(v, int):
        return b"i" + struct.pack("<q", v)
    if isinstance(v, float):
        return b"d" + struct.pack("<d", v)
    if isinstance(v, str):
        data = utf8(v)
        return b"s" + struct.pack("<I", len(data)) + data
    if isinstance(v, list):
        return b"l" + struct.pack("<I", len(v)) + b"".join(map(encode_any, v))
    if isinstance(v, dict):
        return b"m" + struct.pack("<I", len(v)) + b"".join(encode_any(k) + encode_any(x) for k, x in v.items())
    raise AssertionError(f"not a dynamic value: {v!r}")


# The type helpers of the containers harness, plus the dynamic type.
Ty, opt, tup, lst, dct, st = ch.Ty, ch.opt, ch.tup, ch.lst, ch.dct, ch.st
NONE, BOOL, INT, FLOAT, STR, BYTES, RECORD = ch.NONE, ch.BOOL, ch.INT, ch.FLOAT, ch.STR, ch.BYTES, ch.RECORD
ANY = Ty("any")


TYPES = [
    NONE, BOOL, INT, FLOAT, STR, BYTES,
    opt(INT), opt(STR), lst(INT), lst(STR), lst(FLOAT), lst(BOOL),
    lst(BYTES), lst(ANY), lst(lst(INT)), lst(opt(FLOAT)), tup(INT, STR),
    tup(STR, opt(INT)), tup(), tup(FLOAT, BOOL, NONE), lst(tup(STR, opt(INT))),
    dct(STR, FLOAT), dct(INT, BOOL), dct(STR, lst(INT)), dct(FLOAT, STR), dct(BOOL, INT),
    dct(opt(INT), STR), dct(tup(INT, STR), INT), dct(BYTES, INT), dct(STR, ANY), dct(STR, opt(STR)),
    st(INT), dct(STR, st(INT)), RECORD, dct(RECORD, INT), lst(dct(STR, FLOAT)),
    ANY,
]
TYPE_INDEX = {t: i for i, t in enumerate(TYPES)}


def encode_typed(t: Ty, v) -> bytes:
    """A value of type t in h_typed's encoding (a set is any iterable, a
    Record has key, value, offset and timestamp attributes)."""
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
        data = utf8(v) if k == "str" else v
        return struct.pack("<I", len(data)) + data
    if k == "opt":
        return b"\0" if v is None else b"\1" + encode_typed(t.args[0], v)
    if k == "tuple":
        return b"".join(encode_typed(a, x) for a, x in zip(t.args, v, strict=True))
    if k in ("list", "set"):
        return struct.pack("<I", len(v)) + b"".join(encode_typed(t.args[0], x) for x in v)
    if k == "dict":
        return struct.pack("<I", len(v)) + b"".join(
            encode_typed(t.args[0], x) + encode_typed(t.args[1], y) for x, y in v.items())
    if k == "record":
        out = bytes([v.key is not None])
        if v.key is not None:
            out += encode_typed(BYTES, v.key)
        return out + encode_typed(BYTES, v.value) + struct.pack("<qq", v.offset, v.timestamp)
    if k == "any":
        return encode_any(v)
    raise AssertionError(t)


# ---- running -------------------------------------------------------------------------


def build(workdir: Path, opt_level: str = "-O2") -> Path:
    """Compile the harness into workdir/json_harness.wasm and return its path."""
    return harness.build(workdir, SOURCES, opt_level)


#: A module whose one entry point is json.loads of bytes: the guest files as
#: json_harness.c includes them, nothing else.
LOADS_ONLY_SOURCE = """\
#include "text.c"
#include "number.c"
#include "strings.c"
#include "containers.c"
#include "dynamic.c"
#include "json.c"
#include "stub_core.h"
__attribute__((export_name("h_loads")))
int32_t h_loads(int32_t n) {
    ssc_any *x;
    return ssc_json_loads_bytes(io_in, n, &x);
}
"""


def loads_functions(workdir: Path) -> set[str]:
    """The names of the functions linked into LOADS_ONLY_SOURCE's module
    (the runtime's flags, --gc-sections; -g keeps the name section)."""
    from ssc.compiler.guestlib import CFLAGS, render_gen_header

    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "ssc_gen.h").write_text(render_gen_header())
    (workdir / "ssc_unicode.h").write_text(harness.render_unicode_header())
    source, out = workdir / "loads_only.c", workdir / "loads_only.wasm"
    source.write_text(LOADS_ONLY_SOURCE)
    cmd = [sys.executable, "-m", "ziglang", "cc", *CFLAGS, "-g", "-nostdlib", "-Wl,--no-entry",
           "-Wl,--gc-sections", f"-I{workdir}", f"-I{harness.HERE}", f"-I{harness.GUEST_SRC}",
           str(source), str(harness.STUB_CORE), "-o", str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"building {out.name} failed:\n{done.stderr}")
    return function_names(out.read_bytes())


def _leb(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def function_names(wasm: bytes) -> set[str]:
    """The function names of a module's "name" custom section (subsection 1)."""
    assert wasm[:4] == b"\0asm"
    at = 8
    while at < len(wasm):
        section, at = wasm[at], at + 1
        size, at = _leb(wasm, at)
        end = at + size
        if section == 0:
            n, body = _leb(wasm, at)
            if wasm[body:body + n] == b"name":
                at = body + n
                while at < end:
                    sub, at = wasm[at], at + 1
                    sub_size, at = _leb(wasm, at)
                    if sub == 1:
                        count, p = _leb(wasm, at)
                        names = set()
                        for _ in range(count):
                            _index, p = _leb(wasm, p)
                            n, p = _leb(wasm, p)
                            names.add(wasm[p:p + n].decode())
                            p += n
                        return names
                    at += sub_size
        at = end
    raise AssertionError("the module has no function names")


@dataclass(frozen=True)
class Result:
    """One case: the exception (name and str()) or the text (exc None)."""

    exc: str | None
    text: str


class JsonGuest(harness.GuestModule):
    """The harness module instantiated in its own wasmtime store."""

    def run(self, op: Op, payloads: Sequence[bytes], arg: int = 0) -> list[Result]:
        """h_run(op, ...) over `payloads`, in as many batches as they need."""
        results: list[Result] = []
        # a case writes its text (a dumps output: up to 12 bytes per byte in,
        # with indents) and a 20-byte record
        for batch in self.batches(list(payloads), 16, 64):
            self.write_input(b"".join(struct.pack("<I", len(d)) + d for d in batch))
            raw = self.read_output(self.call("h_run", int(op), len(batch), arg))
            at = 0
            for _ in batch:
                rc, code, _value, n = struct.unpack_from("<iiqI", raw, at)
                text = raw[at + 20:at + 20 + n].decode("utf-8", "surrogatepass")
                at += 20 + n
                results.append(Result(self.codes[code] if rc else None, text))
        return results

    def loads(self, docs: Iterable[str]) -> list[Result]:
        return self.run(Op.LOADS, [utf8(d) for d in docs])

    def loads_bytes(self, docs: Iterable[bytes]) -> list[Result]:
        return self.run(Op.LOADS_BYTES, list(docs))

    def loads_dumps(self, docs: Iterable[str], opts: dict) -> list[Result]:
        head = encode_opts(opts)
        return self.run(Op.LOADS_DUMPS, [head + utf8(d) for d in docs])

    def dumps_any(self, values: Iterable, opts: dict) -> list[Result]:
        head = encode_opts(opts)
        return self.run(Op.DUMPS_ANY, [head + encode_any(v) for v in values])

    def dumps_typed(self, cases: Iterable[tuple[Ty, object]], opts: dict) -> list[Result]:
        head = encode_opts(opts)
        return self.run(Op.DUMPS_TYPED, [head + bytes([TYPE_INDEX[t]]) + encode_typed(t, v) for t, v in cases])

    def dumps_special(self, shapes: Iterable[tuple[int, int]], opts: dict) -> list[Result]:
        head = encode_opts(opts)
        return self.run(Op.DUMPS_SPECIAL, [head + bytes([shape]) + struct.pack("<I", n) for shape, n in shapes])

    def bench(self, doc: str | bytes, runs: int) -> float:
        """Seconds per json.loads of `doc` (a str, or bytes), over `runs` runs in one call."""
        data = doc if isinstance(doc, bytes) else utf8(doc)
        self.write_input(struct.pack("<I", len(data)) + data)
        start = time.perf_counter()
        self.call("h_run", int(Op.BENCH_BYTES if isinstance(doc, bytes) else Op.BENCH), 1, runs)
        elapsed = time.perf_counter() - start
        rc, _code, count, _n = struct.unpack_from("<iiqI", self.read_output(20))
        assert rc == 0 and count == runs
        return elapsed / runs
