"""What the guest C test harnesses share: building a module and loading it.

Each harness (text_harness.py, number_harness.py, strings_harness.py,
containers_harness.py) tests one guest C file of compiler/guest/ without the
real core: its ``*_harness.c`` entry points (which include the guest files
they need, as runtime.c does) and the stub core (stub_core.c) are compiled
into a wasm32 MVP module, which runs batches of cases written into its io
area (stub_core.h). A harness keeps only its ops and its byte layout.

- ``build(workdir, sources)``: zig cc with the runtime's flags
  (``guestlib.CFLAGS``, plus -Wextra) and the generated headers
  ``ssc_gen.h`` and ``ssc_unicode.h``, written into ``workdir``.
- ``GuestModule``: the module in its own wasmtime store (a fresh one after a
  trap): the io area (``in_ptr``, ``out_ptr``, ``io_size``), memory access
  and the exports.
- ``Outcome``: one result of stub_put_result (stub_core.h), which the text
  and number harnesses write; ``GuestModule.outcomes`` reads them.
- ``exception_codes()``: the guest's exception names by code.
"""

from __future__ import annotations

import functools
import importlib.util
import struct
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import wasmtime

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
GUEST_SRC = REPO / "compiler" / "guest"
STUB_CORE = HERE / "stub_core.c"


def exception_codes() -> dict[int, str]:
    """The guest's exception codes: {1: "ValueError", ...}."""
    from ssc.compiler.semantics import EXCEPTIONS

    return {exc.code: exc.name for exc in EXCEPTIONS}


@functools.lru_cache(maxsize=1)
def render_unicode_header() -> str:
    """compiler/unicode_tables.py's header, loaded by path (no install needed);
    made once per process (it takes seconds)."""
    spec = importlib.util.spec_from_file_location("ssc_unicode_tables", REPO / "compiler" / "unicode_tables.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.render_unicode_header()


def build(workdir: Path, sources: list[Path], opt: str = "-O2") -> Path:
    """Compile `sources` and the stub core into workdir/<first source's stem>.wasm.

    The flags are the guest runtime's (guestlib.CFLAGS) at `opt`, with -Wextra,
    linked as a module without an entry point; the include path is `workdir`
    (the generated headers), tests/guest/ and compiler/guest/."""
    from ssc.compiler.guestlib import CFLAGS, render_gen_header

    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "ssc_gen.h").write_text(render_gen_header())
    (workdir / "ssc_unicode.h").write_text(render_unicode_header())
    out = workdir / f"{sources[0].stem}.wasm"
    cmd = [
        sys.executable, "-m", "ziglang", "cc",
        *(flag for flag in CFLAGS if not flag.startswith("-O")), opt, "-Wextra",
        "-nostdlib", "-Wl,--no-entry", "-Wl,--gc-sections", "-Wl,--strip-all",
        f"-I{workdir}", f"-I{HERE}", f"-I{GUEST_SRC}",
        *map(str, [*sources, STUB_CORE]), "-o", str(out),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"building {out.name} failed:\n{done.stderr}")
    return out


@dataclass(frozen=True)
class Outcome:
    """One case's result as stub_put_result writes it: rc 0/-1, the exception
    name, the int or float, the text (the exception message when rc != 0)."""

    rc: int
    exc: str | None
    value: int | float
    text: str


class GuestModule:
    """A harness module instantiated in its own wasmtime store; after a trap,
    in a fresh one (see ``call``)."""

    def __init__(self, wasm: Path) -> None:
        self.engine = wasmtime.Engine()
        self.module = wasmtime.Module.from_file(self.engine, str(wasm))
        self.instantiate()
        self.in_ptr = self.call("h_in")
        self.out_ptr = self.call("h_out")
        self.io_size = self.call("h_io_size")
        self.codes = exception_codes()

    def instantiate(self) -> None:
        """A new store and instance: the guest's globals at their initial values."""
        self.store = wasmtime.Store(self.engine)
        self.exports = wasmtime.Instance(self.store, self.module, []).exports(self.store)
        self.memory = self.exports["memory"]

    def call(self, name: str, *args: int) -> int:
        """Call the exported function `name`. A trap drops the instance, as
        the host does (docs/abi.md, "One instance"): it stopped the guest
        wherever it was, say between the push and the pop of dynamic.c's
        repr stack, whose stale entries would print the next run's
        containers at the same addresses as [...]."""
        try:
            return self.exports[name](self.store, *args)
        except wasmtime.Trap:
            self.instantiate()
            raise

    def read(self, ptr: int, size: int) -> bytes:
        return bytes(self.memory.read(self.store, ptr, ptr + size))

    def write_input(self, data: bytes) -> None:
        """Write `data` to the start of h_in()."""
        assert len(data) <= self.io_size, "input too large for the harness"
        self.memory.write(self.store, data, self.in_ptr)

    def read_output(self, size: int) -> bytes:
        """The first `size` bytes of h_out()."""
        return self.read(self.out_ptr, size)

    def batches(self, payloads: list[bytes], factor: int, per_case: int) -> Iterator[list[bytes]]:
        """`payloads` in batches for h_in(), each payload sent after its u32
        length, so that a batch's `factor` * (bytes in) + `per_case` * (cases + 1)
        stays within h_io_size() (what the harness may write per case)."""
        batch: list[bytes] = []
        size = 0
        for data in payloads:
            cost = 4 + len(data)
            assert cost * factor + per_case < self.io_size, "case too large for the harness"
            if batch and (size + cost) * factor + per_case * (len(batch) + 1) > self.io_size:
                yield batch
                batch, size = [], 0
            batch.append(data)
            size += cost
        if batch:
            yield batch

    def run_batch(self, op: int, batch: list[bytes], *args: int, float_value: bool = False) -> list[Outcome]:
        """h_run(op, len(batch), *args) on the cases of `batch`, each written as
        a u32 length and its bytes; its results are stub_put_result's."""
        self.write_input(b"".join(struct.pack("<I", len(d)) + d for d in batch))
        return self.outcomes(self.read_output(self.call("h_run", op, len(batch), *args)), len(batch), float_value)

    def outcomes(self, raw: bytes, count: int, float_value: bool = False) -> list[Outcome]:
        """The `count` results that stub_put_result wrote into `raw` (texts are UTF-8)."""
        results = []
        at = 0
        for _ in range(count):
            rc, code, value, n = struct.unpack_from("<iidI" if float_value else "<iiqI", raw, at)
            text = raw[at + 20:at + 20 + n].decode("utf-8")
            at += 20 + n
            results.append(Outcome(rc, self.codes[code] if rc else None, value, text))
        return results
