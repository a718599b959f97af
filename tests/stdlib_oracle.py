"""One program, run under CPython and compiled on the same random batches: the harness of
the stdlib modules' random comparisons (test_codecs_random, test_hashes_random,
test_urls_random)."""

from __future__ import annotations

from pathlib import Path

from smartstream import load_python
from ssc.compiler import compile
from ssc.runtime import Record, load


def both(source: str, folder: Path, name: str) -> tuple[object, object]:
    """The program ``source`` loaded under CPython and compiled, from ``folder/name``."""
    path = folder / name
    path.write_text(source, encoding="utf-8")
    return load_python(path), load(compile(source, str(path)).wasm, name=path.name)


def differences(modules: tuple[object, object], records: list[tuple[bytes | None, bytes]]) -> list[str]:
    """Each record whose output differs between the two runs, with both outputs."""
    python, compiled = modules
    batch = [Record(key, value) for key, value in records]
    want = [r.value.decode() for r in python.process(batch)]  # type: ignore[attr-defined]
    got = [r.value.decode() for r in compiled.process(batch)]  # type: ignore[attr-defined]
    return [f"  {record!r}\n    want {w}\n    got  {g}" for record, w, g in zip(records, want, got) if w != g]
