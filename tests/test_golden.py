"""Golden-output tests: every SmartStream under examples/ and tests/programs/.

Each ``NAME.py`` has ``NAME.in.jsonl`` (a batch of records) and
``NAME.out.jsonl`` (the expected outputs, a runtime error included). Every
case runs two ways, and both must equal the golden file:
- under CPython, through the ``smartstream`` module (the oracle);
- compiled by ssc and run in ssc's runtime on wasmtime.
``pytest --update-golden`` rewrites the golden files from the CPython run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, compiled
from smartstream import load_python
from ssc.runtime import SmartStreamRuntimeError, load
from ssc.runtime.recordfile import read_input, render_output

CASES = sorted(p for folder in (REPO / "examples", REPO / "tests" / "programs")
               for p in folder.glob("*.py") if p.with_suffix(".in.jsonl").exists())


def _run(module, path: Path) -> str:
    batch = read_input(path.with_suffix(".in.jsonl"))
    kwargs = {"accumulator": batch.accumulator} if module.kind.export == "aggregate" else {}
    try:
        outputs = module.process(batch.records, base_offset=batch.base_offset, **kwargs)
    except SmartStreamRuntimeError as err:
        return render_output(err.successes, err)
    return render_output(outputs)


def _golden(path: Path) -> Path:
    return path.with_suffix(".out.jsonl")


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_cpython_matches_golden(path: Path, update_golden: bool) -> None:
    actual = _run(load_python(path), path)
    if update_golden:
        _golden(path).write_text(actual, encoding="utf-8")
    assert actual == _golden(path).read_text(encoding="utf-8")


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_compiled_matches_golden(path: Path) -> None:
    actual = _run(load(compiled(path), name=str(path)), path)
    assert actual == _golden(path).read_text(encoding="utf-8")


def test_every_example_has_a_golden_case() -> None:
    sources = sorted((REPO / "examples").glob("*.py"))
    assert sources, "examples/ holds SmartStreams"
    assert [p for p in sources if p not in CASES] == []
