"""Build and run the guest text code (compiler/guest/text.c) on its own.

``build(workdir)`` compiles text.c and text_harness.c with the stub core
into a wasm32 MVP module (see harness.py). ``TextGuest`` loads it under
wasmtime and runs batches of cases through one entry point (see
text_harness.c for the byte layout).

Example::

    guest = TextGuest(build(tmp_dir))
    guest.run(Op.INT_FROM_STR, ["12", "x"])
    # [Outcome(rc=0, exc=None, value=12, text=''), Outcome(rc=-1, exc='ValueError', ...)]
"""

from __future__ import annotations

import enum
from pathlib import Path

from . import harness

SOURCES = [harness.HERE / "text_harness.c", harness.GUEST_SRC / "text.c"]


class Op(enum.IntEnum):
    """The ops of text_harness.c's h_run."""

    UTF8_CHECK = 0
    INT_FROM_STR = 1
    INT_FROM_BYTES = 2
    STR_REPR = 3
    BYTES_REPR = 4


Outcome = harness.Outcome


def build(workdir: Path, opt: str = "-O2") -> Path:
    """Compile the harness into workdir/text_harness.wasm and return its path."""
    return harness.build(workdir, SOURCES, opt)


class TextGuest(harness.GuestModule):
    """The harness module instantiated in its own wasmtime store."""

    def run(self, op: Op, cases: list[str] | list[bytes], max_chars: int = -1) -> list[Outcome]:
        """Run `op` on every case (str cases are UTF-8 encoded), in batches."""
        payloads = [case.encode("utf-8", "surrogatepass") if isinstance(case, str) else bytes(case)
                    for case in cases]
        # Messages and str reprs are UTF-8 text; a bytes repr is ASCII.
        return [outcome for batch in self.batches(payloads, 4, 1024)
                for outcome in self.run_batch(op, batch, max_chars)]
