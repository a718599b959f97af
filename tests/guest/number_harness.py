"""Build and run the guest number code (compiler/guest/number.c) on its own.

``build(workdir)`` compiles number_harness.c (which includes text.c and
number.c, as runtime.c does) with the stub core into a wasm32 MVP module.
``NumberGuest`` loads it under wasmtime and runs batches of cases through
one entry point (see number_harness.c for the byte layout).

Example::

    guest = NumberGuest(build(tmp_dir))
    guest.run(Op.INT_FLOORDIV, [(7, 2), (1, 0)])
    # [Outcome(rc=0, exc=None, value=3, text=''), Outcome(rc=-1, exc='ZeroDivisionError', ...)]
"""

from __future__ import annotations

import enum
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
SOURCES = [HERE / "number_harness.c", HERE / "stub_core.c"]


class Op(enum.IntEnum):
    """The ops of number_harness.c's h_run."""

    INT_FLOORDIV = 0
    INT_MOD = 1
    INT_POW = 2
    INT_POW_FLOAT = 3
    INT_LSHIFT = 4
    INT_RSHIFT = 5
    INT_TRUEDIV = 6
    INT_ABS = 7
    FLOAT_DIV = 8
    FLOAT_FLOORDIV = 9
    FLOAT_MOD = 10
    FLOAT_POW_INT = 11
    INT_FROM_FLOAT = 12
    FLOAT_FROM_INT = 13
    FLOAT_FROM_STR = 14
    FLOAT_FROM_BYTES = 15
    INT_FROM_STR_BASE = 16
    INT_FROM_BYTES_BASE = 17
    FLOAT_ROUND = 18
    FLOAT_ROUND_NDIGITS = 19
    INT_ROUND_NDIGITS = 20
    INT_FLOAT_COMPARE = 21
    FLOAT_REPR = 22
    FORMAT = 23


FLOAT_RESULT = {Op.INT_POW_FLOAT, Op.INT_TRUEDIV, Op.FLOAT_DIV, Op.FLOAT_FLOORDIV, Op.FLOAT_MOD,
                Op.FLOAT_POW_INT, Op.FLOAT_FROM_INT, Op.FLOAT_FROM_STR, Op.FLOAT_FROM_BYTES,
                Op.FLOAT_ROUND_NDIGITS}

# ssc_rt.h's SSC_T_* kinds, for Op.FORMAT
KIND_NONE, KIND_BOOL, KIND_INT, KIND_FLOAT, KIND_STR, KIND_BYTES, KIND_LIST = 0, 1, 2, 3, 4, 5, 8


@dataclass(frozen=True)
class Outcome:
    """One case's result: rc 0/-1, the exception name, the int or float, the text."""

    rc: int
    exc: str | None
    value: int | float
    text: str


def exception_codes() -> dict[int, str]:
    from ssc.compiler.semantics import EXCEPTIONS

    return {exc.code: exc.name for exc in EXCEPTIONS}


def render_unicode_header() -> str:
    spec = importlib.util.spec_from_file_location("ssc_unicode_tables", REPO / "compiler" / "unicode_tables.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.render_unicode_header()


def build(workdir: Path, opt: str = "-O2") -> Path:
    """Compile the harness into workdir/number_harness.wasm and return its path."""
    workdir.mkdir(parents=True, exist_ok=True)
    from ssc.compiler.guestlib import render_gen_header

    (workdir / "ssc_unicode.h").write_text(render_unicode_header())
    (workdir / "ssc_gen.h").write_text(render_gen_header())
    out = workdir / "number_harness.wasm"
    cmd = [
        sys.executable, "-m", "ziglang", "cc",
        "-target", "wasm32-freestanding", "-mcpu=mvp", opt,
        "-std=c11", "-Wall", "-Wextra", "-Werror", "-Wno-unused-function",
        "-nostdlib", "-Wl,--no-entry", "-Wl,--gc-sections", "-Wl,--strip-all",
        f"-I{workdir}", f"-I{HERE}", f"-I{GUEST_SRC}",
        *map(str, SOURCES), "-o", str(out),
    ]
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    return out


def _operand(v: int | float) -> bytes:
    return struct.pack("<d", v) if isinstance(v, float) else struct.pack("<q", v)


def pack_case(a: int | float = 0, b: int | float = 0, c: int = 0, t1: str | bytes = b"", t2: str | bytes = b"") -> bytes:
    """A case's payload: operands A, B, C, then texts T1 and T2 (str as UTF-8)."""
    t1 = t1.encode() if isinstance(t1, str) else bytes(t1)
    t2 = t2.encode() if isinstance(t2, str) else bytes(t2)
    return _operand(a) + _operand(b) + _operand(c) + struct.pack("<I", len(t1)) + t1 + t2


class NumberGuest:
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

    def run_packed(self, op: Op, payloads: list[bytes]) -> list[Outcome]:
        results: list[Outcome] = []
        batch: list[bytes] = []
        size = 0
        for data in payloads:
            cost = 4 + len(data)
            if batch and (size + cost) * 2 + 600 * (len(batch) + 1) > self.io_size:
                results += self._run_batch(op, batch)
                batch, size = [], 0
            batch.append(data)
            size += cost
        if batch:
            results += self._run_batch(op, batch)
        return results

    def run(self, op: Op, cases: list[tuple]) -> list[Outcome]:
        """Run `op` on every case, a tuple of pack_case's arguments."""
        return self.run_packed(op, [pack_case(*case) for case in cases])

    def _run_batch(self, op: Op, batch: list[bytes]) -> list[Outcome]:
        payload = b"".join(struct.pack("<I", len(d)) + d for d in batch)
        self.memory.write(self.store, payload, self.in_ptr)
        written = self._run(self.store, int(op), len(batch))
        raw = bytes(self.memory.read(self.store, self.out_ptr, self.out_ptr + written))
        results = []
        at = 0
        is_float = op in FLOAT_RESULT
        for _ in batch:
            rc, code = struct.unpack_from("<ii", raw, at)
            value = struct.unpack_from("<d" if is_float else "<q", raw, at + 8)[0]
            (n,) = struct.unpack_from("<I", raw, at + 16)
            text = raw[at + 20:at + 20 + n].decode("utf-8")
            at += 20 + n
            results.append(Outcome(rc, self.codes[code] if rc else None, value, text))
        return results
