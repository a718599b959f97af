"""Golden-output tests: every SmartStream under examples/ and tests/programs/.

Each ``NAME.py`` has ``NAME.in.jsonl`` (a batch of records) and
``NAME.out.jsonl`` (the expected outputs, a runtime error included). ssc's
own pytest plugin (``ssc/pytest_plugin.py``, the one users get) collects
each as the item ``NAME.py::golden``, which runs the case two ways, and
both must equal the golden file:
- under CPython, through the ``smartstream`` module (the oracle);
- compiled by ssc and run in ssc's runtime on wasmtime.
``pytest --update-golden`` (or ``--ssc-update``) rewrites the golden files
where the two agree. The tests here check that the plugin is installed and
finds every case, and what a golden file cannot say; ``CASES``,
``_batch`` and ``_smartmodule_options`` serve other tests (test_oracle,
test_abi) that run the same programs.
"""

from __future__ import annotations

import re
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from conftest import REPO, compiled
from smartstream import load_python
from ssc.runtime import SmartModuleInitError, load
from ssc.runtime.recordfile import InputFile, read_input
from ssc.testing import golden_files

FOLDERS = (REPO / "examples", REPO / "tests" / "programs")
CASES = sorted(p for folder in FOLDERS for p in folder.glob("*.py") if p.with_suffix(".in.jsonl").exists())


def _batch(path: Path) -> InputFile:
    return read_input(path.with_suffix(".in.jsonl"))


def _smartmodule_options(batch: InputFile) -> dict:
    if batch.abi != "smartmodule":
        return {}
    options = {"params": batch.params or {}}
    if batch.version is not None:
        options["version"] = batch.version
    return options


def test_the_pytest_plugin_is_installed(pytestconfig: pytest.Config) -> None:
    """The golden cases run only through the plugin: it must be registered and active."""
    assert [ep.value for ep in entry_points(group="pytest11") if ep.name == "ssc"] == ["ssc.pytest_plugin"]
    assert pytestconfig.pluginmanager.has_plugin("ssc")


def test_every_example_and_program_is_a_golden_case() -> None:
    """Each NAME.py has both golden files, so the plugin collects it (none is silently skipped)."""
    sources = sorted(p for folder in FOLDERS for p in folder.glob("*.py"))
    assert len([p for p in sources if p.parent.name == "examples"]) >= 10
    names = {p.relative_to(REPO).as_posix(): [f and f.name for f in golden_files(p)] for p in sources}
    # NAME.out.X.Y.jsonl: the expected output from Python X.Y on, where CPython's changed
    versioned = re.compile(r"\.out(\.3\.\d+)?\.jsonl$")
    assert {source: files for source, files in names.items()
            if files[0] != Path(source).stem + ".in.jsonl" or not files[1]
            or versioned.sub(".out.jsonl", files[1]) != Path(source).stem + ".out.jsonl"} == {}


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
