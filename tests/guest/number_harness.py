"""Build and run the guest number code (compiler/guest/number.c) on its own.

``build(workdir)`` compiles number_harness.c (which includes text.c,
number.c and containers.c, as runtime.c does) with the stub core into a
wasm32 MVP module (see harness.py). ``NumberGuest`` loads it under wasmtime
and runs batches of cases through one entry point (see number_harness.c for
the byte layout).

Example::

    guest = NumberGuest(build(tmp_dir))
    guest.run(Op.INT_FLOORDIV, [(7, 2), (1, 0)])
    # [Outcome(rc=0, exc=None, value=3, text=''), Outcome(rc=-1, exc='ZeroDivisionError', ...)]
"""

from __future__ import annotations

import enum
import struct
from pathlib import Path

from . import harness

SOURCES = [harness.HERE / "number_harness.c"]


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


Outcome = harness.Outcome


def build(workdir: Path, opt: str = "-O2") -> Path:
    """Compile the harness into workdir/number_harness.wasm and return its path."""
    return harness.build(workdir, SOURCES, opt)


def _operand(v: int | float) -> bytes:
    return struct.pack("<d", v) if isinstance(v, float) else struct.pack("<q", v)


def pack_case(a: int | float = 0, b: int | float = 0, c: int = 0, t1: str | bytes = b"", t2: str | bytes = b"") -> bytes:
    """A case's payload: operands A, B, C, then texts T1 and T2 (str as UTF-8)."""
    t1 = t1.encode() if isinstance(t1, str) else bytes(t1)
    t2 = t2.encode() if isinstance(t2, str) else bytes(t2)
    return _operand(a) + _operand(b) + _operand(c) + struct.pack("<I", len(t1)) + t1 + t2


class NumberGuest(harness.GuestModule):
    """The harness module instantiated in its own wasmtime store."""

    def run_packed(self, op: Op, payloads: list[bytes]) -> list[Outcome]:
        """Run `op` on every payload (see pack_case), in batches."""
        return [outcome for batch in self.batches(payloads, 2, 600)
                for outcome in self.run_batch(op, batch, float_value=op in FLOAT_RESULT)]

    def run(self, op: Op, cases: list[tuple]) -> list[Outcome]:
        """Run `op` on every case, a tuple of pack_case's arguments."""
        return self.run_packed(op, [pack_case(*case) for case in cases])
