"""Compile errors, golden: tests/compile_errors.test keeps each program
beside the exact diagnostics ssc prints for it (file:line:col, the source
line and a caret). ``pytest --update-golden`` rewrites the [out] sections.
A case whose header is ``[case NAME smartmodule]`` compiles for the
SmartModule ABI; the others for the default, legacy ABI. Each compiles for
the running Python; an ``[out.X.Y]`` section after ``[out]`` holds what a
module for X.Y and later prints where CPython words it otherwise (3.13's
``max() got an unexpected keyword argument``).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from ssc.compiler import CompileError, CompileErrors, compile
from ssc.files import atomic_write

DATA = Path(__file__).with_name("compile_errors.test")
HEADER = re.compile(r"^\[case (\w+)( smartmodule)?\]$", re.M)
VERSIONED = re.compile(r"^\[out\.(\d+)\.(\d+)\]\n", re.M)
RUNNING = sys.version_info[:2]


def _cases() -> list[tuple[str, str, str, str]]:
    text = DATA.read_text(encoding="utf-8")
    parts = HEADER.split(text)[1:]
    cases = []
    for name, abi, body in zip(parts[0::3], parts[1::3], parts[2::3]):
        source, _, expected = body.partition("[out]\n")
        cases.append((name, "smartmodule" if abi else "smartstream", source.lstrip("\n"), _for_running(expected)))
    return cases


def _for_running(outputs: str) -> str:
    """The ``[out]`` text, or that of the newest ``[out.X.Y]`` section no newer than the running Python."""
    parts = VERSIONED.split(outputs)
    chosen = parts[0]
    for major, minor, text in zip(parts[1::3], parts[2::3], parts[3::3]):
        if (int(major), int(minor)) <= RUNNING:
            chosen = text
    return chosen.rstrip("\n")


def _diagnostics(source: str, abi: str) -> str:
    try:
        compile(source, "case.py", abi=abi)
    except (CompileError, CompileErrors) as err:
        return err.render()
    return "(compiled without errors)"


CASES = _cases()


@pytest.mark.parametrize("name,abi,source,expected", CASES, ids=[c[0] for c in CASES])
def test_compile_error(name: str, abi: str, source: str, expected: str, update_golden: bool) -> None:
    actual = _diagnostics(source, abi)
    if update_golden:
        assert "[out." not in DATA.read_text(encoding="utf-8").split(f"[case {name}", 1)[1].split("\n[case ", 1)[0], \
            f"{name} has per-version outputs: edit them by hand"
        _rewrite(name, actual)
    else:
        assert actual == expected


def _rewrite(name: str, actual: str) -> None:
    text = DATA.read_text(encoding="utf-8")
    pattern = re.compile(rf"(\[case {name}( smartmodule)?\]\n.*?\[out\]\n)(.*?)(?=\n\[case |\Z)", re.S)
    text = pattern.sub(lambda m: m.group(1) + actual + "\n", text, count=1)
    atomic_write(DATA, text)
