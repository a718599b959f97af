"""Build and run the guest text code (compiler/guest/text.c) on its own.

``build(workdir)`` compiles text.c with the stub core (stub_core.c, the generated ssc_gen.h)
and text_harness.c into a wasm32 MVP module, generating ssc_unicode.h into
``workdir`` with compiler/unicode_tables.py. ``TextGuest`` loads it under
wasmtime and runs batches of cases through one entry point (see
text_harness.c for the byte layout).

Example::

    guest = TextGuest(build(tmp_dir))
    guest.run(Op.INT_FROM_STR, ["12", "x"])
    # [Outcome(rc=0, exc=None, value=12, text=''), Outcome(rc=-1, exc='ValueError', ...)]
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
SOURCES = [GUEST_SRC / "text.c", HERE / "stub_core.c", HERE / "text_harness.c"]


class Op(enum.IntEnum):
    """The ops of text_harness.c's h_run."""

    UTF8_CHECK = 0
    INT_FROM_STR = 1
    INT_FROM_BYTES = 2
    STR_REPR = 3
    BYTES_REPR = 4


@dataclass(frozen=True)
class Outcome:
    """One case's result: rc 0/-1, the exception name, the int, the text."""

    rc: int
    exc: str | None
    value: int
    text: str | bytes


def exception_codes() -> dict[int, str]:
    """The guest's exception codes: {1: "ValueError", ...}."""
    from ssc.compiler.semantics import EXCEPTIONS

    return {exc.code: exc.name for exc in EXCEPTIONS}


def render_unicode_header() -> str:
    """compiler/unicode_tables.py's header, loaded by path (no install needed)."""
    spec = importlib.util.spec_from_file_location("ssc_unicode_tables", REPO / "compiler" / "unicode_tables.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.render_unicode_header()


def build(workdir: Path, opt: str = "-O2") -> Path:
    """Compile the harness into workdir/text_harness.wasm and return its path."""
    workdir.mkdir(parents=True, exist_ok=True)
    from ssc.compiler.guestlib import render_gen_header

    (workdir / "ssc_unicode.h").write_text(render_unicode_header())
    (workdir / "ssc_gen.h").write_text(render_gen_header())
    out = workdir / "text_harness.wasm"
    cmd = [
        sys.executable, "-m", "ziglang", "cc",
        "-target", "wasm32-freestanding", "-mcpu=mvp", opt,
        "-std=c11", "-Wall", "-Wextra", "-Werror",
        "-nostdlib", "-Wl,--no-entry", "-Wl,--gc-sections", "-Wl,--strip-all",
        f"-I{workdir}", f"-I{HERE}", f"-I{GUEST_SRC}",
        *map(str, SOURCES), "-o", str(out),
    ]
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    return out


class TextGuest:
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

    def run(self, op: Op, cases: list[str] | list[bytes], max_chars: int = -1) -> list[Outcome]:
        """Run `op` on every case (str cases are UTF-8 encoded), in batches."""
        results: list[Outcome] = []
        batch: list[bytes] = []
        size = 0
        for case in cases:
            data = case.encode("utf-8", "surrogatepass") if isinstance(case, str) else bytes(case)
            cost = 4 + len(data)
            assert cost * 4 + 1024 < self.io_size, "case too large for the harness"
            if batch and (size + cost) * 4 + 1024 * (len(batch) + 1) > self.io_size:
                results += self._run_batch(op, batch, max_chars)
                batch, size = [], 0
            batch.append(data)
            size += cost
        if batch:
            results += self._run_batch(op, batch, max_chars)
        return results

    def _run_batch(self, op: Op, batch: list[bytes], max_chars: int) -> list[Outcome]:
        payload = b"".join(struct.pack("<I", len(d)) + d for d in batch)
        self.memory.write(self.store, payload, self.in_ptr)
        written = self._run(self.store, int(op), len(batch), max_chars)
        raw = bytes(self.memory.read(self.store, self.out_ptr, self.out_ptr + written))
        results = []
        at = 0
        for _ in batch:
            rc, code, value, n = struct.unpack_from("<iiqI", raw, at)
            at += 20
            text_bytes = raw[at:at + n]
            at += n
            exc = self.codes[code] if rc else None
            # Messages and str reprs are UTF-8 text; a bytes repr is ASCII.
            results.append(Outcome(rc, exc, value, text_bytes.decode("utf-8")))
        return results
