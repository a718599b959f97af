"""ssc's pytest plugin, in a user's project: golden cases collected with no test code.

Each test makes a temp project (pytester) with SmartStreams and golden
files beside them and runs ``pytest`` on it in a subprocess, where the
plugin is loaded from its ``pytest11`` entry point, as in a user's venv.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import REPO

pytest_plugins = ["pytester"]

# pytester points HOME at its temp dir; keep the compiled guest runtime's cache where it is
CACHE_DIR = os.environ.get("SSC_CACHE_DIR") or str(
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ssc")

SQUARE = '''\
from smartstream import smartstream, Record


@smartstream.map
def square(record: Record) -> tuple[bytes | None, bytes]:
    n = int(record.value)
    return (record.key, str(n * n).encode())
'''


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.setenv("SSC_CACHE_DIR", CACHE_DIR)
    monkeypatch.delenv("PYTEST_ADDOPTS", raising=False)
    return pytester


def copy_example(project: pytest.Pytester, name: str, *suffixes: str, folder: str = "") -> Path:
    target = project.path / folder
    target.mkdir(parents=True, exist_ok=True)
    for suffix in suffixes:
        shutil.copy(REPO / "examples" / (name + suffix), target)
    return target / (name + ".py")


def run(project: pytest.Pytester, *args: str) -> pytest.RunResult:
    return project.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:xdist", *args)


def test_cases_beside_smartstreams_pass_and_fail_with_the_diff(project: pytest.Pytester) -> None:
    copy_example(project, "filter", ".py", ".in.jsonl", ".out.jsonl", folder="streams")
    copy_example(project, "map_double", ".py", folder="streams")
    (project.path / "streams" / "map_double.in.txt").write_text("1\n2\nx\n")
    (project.path / "streams" / "map_double.out.txt").write_text("2\n5\n!ValueError: oops\n")
    copy_example(project, "log_level", ".py")  # no golden files: not a case
    project.makepyfile(test_plain="def test_plain():\n    assert True\n")  # users' own tests still run

    result = run(project, "-v")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines([
        "streams/filter.py::golden PASSED*",
        "streams/map_double.py::golden FAILED*",
        "test_plain.py::test_plain PASSED*",
    ])
    result.stdout.fnmatch_lines([
        "*FAIL streams/map_double.py: the output differs from streams/map_double.out.txt "
        "(compiled and CPython agree)",
        "  record #1 (offset 1): the value differs",
        '    expected: value "5"',
        '    actual:   key null, value "4", offset 1',
        "  error (offset 2): the hint differs",
        "    expected: ValueError: oops",
        "    actual:   offset 2, key null, value \"x\": ValueError: invalid literal for int() with base 10: 'x'",
        "  2 differences; expected 2 records and an error, actual 2 records and an error at offset 2",
    ])
    assert "Traceback" not in result.stdout.str()


def test_ssc_update_writes_missing_expected_outputs(project: pytest.Pytester) -> None:
    copy_example(project, "filter_init", ".py", ".in.jsonl")  # a SmartModule with params in the header
    result = run(project)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*ssc: no expected output filter_init.out.jsonl "
                                 "(run with pytest --ssc-update to write it from the module's output)"])

    run(project, "--ssc-update").assert_outcomes(passed=1)
    written = project.path / "filter_init.out.jsonl"
    assert written.read_text() == (REPO / "examples" / "filter_init.out.jsonl").read_text()
    run(project).assert_outcomes(passed=1)


def test_a_disagreement_is_reported_as_an_ssc_bug(project: pytest.Pytester) -> None:
    (project.path / "square.py").write_text(SQUARE)
    (project.path / "square.in.txt").write_text("3\n10000000000\n")
    (project.path / "square.out.txt").write_text("9\n100000000000000000000\n")
    result = run(project)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*ssc bug: the compiled module and CPython disagree on square.py with square.in.txt",
        "*FAIL square.py: the compiled output differs from square.out.txt",
        "*the CPython output matches square.out.txt",
    ])


def test_a_wasm_without_its_source_is_a_case_and_a_wasm_beside_its_source_is_not(
        project: pytest.Pytester) -> None:
    import ssc

    source = copy_example(project, "filter", ".py", ".in.jsonl", ".out.jsonl")
    wasm = ssc.compile(source.read_text(), "filter.py").wasm
    source.with_suffix(".wasm").write_bytes(wasm)  # beside its .py: the .py is the case
    (project.path / "only").mkdir()
    (project.path / "only" / "keep_a.wasm").write_bytes(wasm)
    for suffix in (".in.jsonl", ".out.jsonl"):
        shutil.copy(source.with_name("filter" + suffix), project.path / "only" / ("keep_a" + suffix))
    result = run(project, "-v")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["filter.py::golden PASSED*", "only/keep_a.wasm::golden PASSED*"])


def test_the_plugin_can_be_turned_off(project: pytest.Pytester) -> None:
    copy_example(project, "filter", ".py", ".in.jsonl", ".out.jsonl")
    result = run(project, "-p", "no:ssc")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
