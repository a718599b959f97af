"""Build and drive the guest code of the type Any (compiler/guest/dynamic.c) on its own.

``build(workdir)`` compiles dynamic_harness.c (which includes text.c,
number.c, strings.c, containers.c and dynamic.c, as runtime.c does) with the
stub core into a wasm32 MVP module, as harness.build does but with the
runtime's 1 MiB stack (dynamic.c recurses up to its nesting limit, more than
the linker's default 64 KiB stack holds). ``DynamicGuest`` runs a program of
register-machine instructions (see dynamic_harness.c) and returns one
``Outcome`` per instruction.

Values go to the guest in the harness's own encoding (``encode_any``), not
through json.c; ``decode_any`` reads the same bytes back into fresh Python
objects, so that the CPython mirror of a register has the same object
identities as the guest's boxes (one object per encoded item). Typed values
(``OP_BOX``) use containers_harness.py's encoding and ``Ty``; ``TYPES`` lists
the harness's types in the order of the C ``types`` table.
"""

from __future__ import annotations

import struct
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from . import containers_harness as ch
from . import harness

SOURCES = [harness.HERE / "dynamic_harness.c"]
STACK_SIZE = 1 << 20

ANY = ch.Ty("any")
NONE, BOOL, INT, FLOAT, STR, BYTES = ch.NONE, ch.BOOL, ch.INT, ch.FLOAT, ch.STR, ch.BYTES
opt, tup, lst, dct = ch.opt, ch.tup, ch.lst, ch.dct

TYPES = [
    NONE, BOOL, INT, FLOAT, STR, ANY,
    opt(INT), opt(STR), opt(FLOAT), lst(INT), lst(STR), lst(FLOAT),
    lst(opt(INT)), lst(lst(INT)), lst(ANY), dct(STR, INT), dct(STR, lst(INT)),
    dct(INT, STR), dct(STR, opt(FLOAT)), dct(STR, ANY), dct(ANY, ANY), lst(dct(STR, FLOAT)),
    lst(BOOL), dct(FLOAT, INT), dct(BOOL, STR), opt(lst(INT)), lst(opt(STR)),
    dct(STR, dct(STR, INT)), tup(STR, INT), BYTES,
]
TYPE_INDEX = {t: i for i, t in enumerate(TYPES)}


def _text(s: str) -> bytes:
    return s.encode("utf-8", "surrogatepass")


def encode_any(v: object) -> bytes:
    """A JSON-shaped Python value in dynamic_harness.c's h_any encoding."""
    if v is None:
        return b"\0"
    if v is False:
        return b"\1"
    if v is True:
        return b"\2"
    if isinstance(v, int):
        return b"\3" + struct.pack("<q", v)
    if isinstance(v, float):
        return b"\4" + struct.pack("<d", v)
    if isinstance(v, str):
        data = _text(v)
        return b"\5" + struct.pack("<I", len(data)) + data
    if isinstance(v, list):
        return b"\6" + struct.pack("<I", len(v)) + b"".join(map(encode_any, v))
    if isinstance(v, dict):
        return b"\7" + struct.pack("<I", len(v)) + b"".join(encode_any(k) + encode_any(x) for k, x in v.items())
    raise TypeError(f"not a JSON-shaped value: {v!r}")


def decode_any(data: bytes) -> object:
    """The value encode_any wrote, as fresh objects (one per encoded item)."""
    value, end = _decode(data, 0)
    assert end == len(data)
    return value


def _decode(data: bytes, at: int) -> tuple[object, int]:
    tag = data[at]
    at += 1
    if tag < 3:
        return (None, False, True)[tag], at
    if tag == 3:
        return struct.unpack_from("<q", data, at)[0], at + 8
    if tag == 4:
        return struct.unpack_from("<d", data, at)[0], at + 8
    (n,) = struct.unpack_from("<I", data, at)
    at += 4
    if tag == 5:
        return data[at:at + n].decode("utf-8", "surrogatepass"), at + n
    if tag == 6:
        items = []
        for _ in range(n):
            x, at = _decode(data, at)
            items.append(x)
        return items, at
    d = {}
    for _ in range(n):
        k, at = _decode(data, at)
        x, at = _decode(data, at)
        d[k] = x
    return d, at


def encode_typed(t: ch.Ty, v: object) -> bytes:
    """A typed value in the harness's h_typed encoding (containers_harness's, plus Any)."""
    if t.kind == "any":
        return encode_any(v)
    if t.kind == "str":
        data = _text(v)
        return struct.pack("<I", len(data)) + data
    if t.kind == "opt":
        return b"\0" if v is None else b"\1" + encode_typed(t.args[0], v)
    if t.kind == "tuple":
        return b"".join(encode_typed(a, x) for a, x in zip(t.args, v, strict=True))
    if t.kind == "list":
        return struct.pack("<I", len(v)) + b"".join(encode_typed(t.args[0], x) for x in v)
    if t.kind == "dict":
        return struct.pack("<I", len(v)) + b"".join(
            encode_typed(t.args[0], k) + encode_typed(t.args[1], x) for k, x in v.items())
    return ch.encode(t, v)


def build(workdir: Path, opt_level: str = "-O2") -> Path:
    """Compile the harness into workdir/dynamic_harness.wasm and return its path
    (harness.build's command, with a 1 MiB stack)."""
    from ssc.compiler.guestlib import CFLAGS, render_gen_header

    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "ssc_gen.h").write_text(render_gen_header())
    (workdir / "ssc_unicode.h").write_text(harness.render_unicode_header())
    out = workdir / "dynamic_harness.wasm"
    cmd = [
        sys.executable, "-m", "ziglang", "cc",
        *(flag for flag in CFLAGS if not flag.startswith("-O")), opt_level, "-Wextra",
        "-nostdlib", "-Wl,--no-entry", "-Wl,--gc-sections", "-Wl,--strip-all", f"-Wl,-z,stack-size={STACK_SIZE}",
        f"-I{workdir}", f"-I{harness.HERE}", f"-I{harness.GUEST_SRC}",
        *map(str, [*SOURCES, harness.STUB_CORE]), "-o", str(out),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"building {out.name} failed:\n{done.stderr}")
    return out


@dataclass(frozen=True)
class Outcome:
    exc: str | None
    text: str


class DynamicGuest(harness.GuestModule):
    """The harness module instantiated in its own wasmtime store."""

    def run(self, code: bytes, count: int) -> list[Outcome]:
        assert len(code) < self.io_size, "program too large for the harness"
        self.write_input(code)
        raw = self.read_output(self.call("h_run", count))
        results, at = [], 0
        for _ in range(count):
            rc, code_, n = struct.unpack_from("<iiI", raw, at)
            at += 12
            text = raw[at:at + n].decode("utf-8", "surrogatepass")
            at += n
            results.append(Outcome(self.codes[code_] if rc else None, text))
        return results
