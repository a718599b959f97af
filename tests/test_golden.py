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
from ssc.runtime import SmartModuleInitError, SmartStreamRuntimeError, load
from ssc.runtime.recordfile import InputFile, read_input, render_output

CASES = sorted(p for folder in (REPO / "examples", REPO / "tests" / "programs")
               for p in folder.glob("*.py") if p.with_suffix(".in.jsonl").exists())


def _batch(path: Path) -> InputFile:
    return read_input(path.with_suffix(".in.jsonl"))


def _run(module, batch: InputFile) -> str:
    kwargs = {"accumulator": batch.accumulator} if module.kind.export == "aggregate" else {}
    if batch.abi == "smartmodule":
        kwargs["base_timestamp"] = batch.base_timestamp
        if batch.look_back:
            module.look_back(batch.look_back)
    try:
        outputs = module.process(batch.records, base_offset=batch.base_offset, **kwargs)
    except SmartStreamRuntimeError as err:
        return render_output(err.successes, err)
    return render_output(outputs)


def _smartmodule_options(batch: InputFile) -> dict:
    if batch.abi != "smartmodule":
        return {}
    options = {"params": batch.params or {}}
    if batch.version is not None:
        options["version"] = batch.version
    return options


def _golden(path: Path) -> Path:
    return path.with_suffix(".out.jsonl")


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_cpython_matches_golden(path: Path, update_golden: bool) -> None:
    batch = _batch(path)
    actual = _run(load_python(path, abi=batch.abi or "smartstream", params=batch.params), batch)
    if update_golden:
        _golden(path).write_text(actual, encoding="utf-8")
    assert actual == _golden(path).read_text(encoding="utf-8")


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_compiled_matches_golden(path: Path) -> None:
    batch = _batch(path)
    module = load(compiled(path, batch.abi or "smartstream"), name=str(path), **_smartmodule_options(batch))
    actual = _run(module, batch)
    assert actual == _golden(path).read_text(encoding="utf-8")


def test_every_example_has_a_golden_case() -> None:
    sources = sorted((REPO / "examples").glob("*.py"))
    assert sources, "examples/ holds SmartStreams"
    assert [p for p in sources if p not in CASES] == []


def test_filter_init_without_its_key_fails_init_with_the_hint() -> None:
    """Fluvio's filter_init: a missing `key` parameter fails init, compiled and under CPython alike."""
    path = REPO / "examples" / "filter_init.py"
    failures = []
    for loader in (lambda: load(compiled(path, "smartmodule"), params={}),
                   lambda: load_python(path, abi="smartmodule", params={})):
        with pytest.raises(SmartModuleInitError) as caught:
            loader()
        failures.append(caught.value.hint)
    assert failures == ["ValueError: Missing param key"] * 2
