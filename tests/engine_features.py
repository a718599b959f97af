"""The feature table of tests/wat/wasmtime34_features.txt: read it, and record it with wasmtime 34.

Each case is a header line ``== FEATURE: accepts|refuses`` (``FEATURE`` may
carry a note in parentheses) and the module's WAT on the lines after it.
This file imports nothing but the standard library and wasmtime, so that
``python tests/engine_features.py --record`` can run in a virtualenv that
has only wasmtime 34 (what Fluvio's engine is built on) and rewrite the
verdicts from what that wasmtime does with each module.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

TABLE = Path(__file__).parent / "wat" / "wasmtime34_features.txt"


@dataclass(frozen=True)
class FeatureCase:
    """One module and what Fluvio's engine does with it."""

    name: str
    feature: str       # the feature name ssc.runtime.wasm_file reports ("mvp": none)
    accepts: bool
    wat: str


def read_cases(path: Path = TABLE) -> tuple[list[str], list[FeatureCase]]:
    """The comment lines at the top, and the cases in file order."""
    preamble: list[str] = []
    cases: list[FeatureCase] = []
    header: str | None = None
    body: list[str] = []

    def flush() -> None:
        if header is not None:
            name, verdict = header.rsplit(": ", 1)
            assert verdict in ("accepts", "refuses"), header
            cases.append(FeatureCase(name, name.split(" (")[0], verdict == "accepts", "\n".join(body)))

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("== "):
            flush()
            header, body = line[3:], []
        elif header is None:
            preamble.append(line)
        else:
            body.append(line)
    flush()
    return preamble, cases


def engine_accepts(engine: object, wasm: bytes) -> bool:
    """Whether ``engine`` compiles the module and instantiates it (no imports).

    The store gets a far epoch deadline, for an engine with epoch interruption
    (whose instantiation would otherwise stop at its first check).
    """
    import wasmtime

    try:
        module = wasmtime.Module(engine, wasm)  # type: ignore[arg-type]
        store = wasmtime.Store(engine)  # type: ignore[arg-type]
        store.set_epoch_deadline(1 << 40)
        wasmtime.Instance(store, module, [])
    except wasmtime.WasmtimeError:
        return False
    return True


def record(path: Path = TABLE) -> None:
    """Rewrite the verdicts with this wasmtime, configured as Fluvio's engine (default + fuel)."""
    import wasmtime

    config = wasmtime.Config()
    config.consume_fuel = True
    engine = wasmtime.Engine(config)
    preamble, cases = read_cases(path)
    lines = list(preamble)
    for case in cases:
        verdict = "accepts" if engine_accepts(engine, wasmtime.wat2wasm(case.wat)) else "refuses"
        lines += [f"== {case.name}: {verdict}", case.wat]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] != ["--record"]:
        sys.exit("usage: python tests/engine_features.py --record   (with wasmtime 34 installed)")
    record()
