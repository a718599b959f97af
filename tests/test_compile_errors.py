"""Compile errors, golden: tests/compile_errors.test keeps each program
beside the exact diagnostics ssc prints for it (file:line:col, the source
line and a caret). ``pytest --update-golden`` rewrites the [out] sections.
A case whose header is ``[case NAME smartmodule]`` compiles for the
SmartModule ABI; the others for the default, legacy ABI.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ssc.compiler import CompileError, CompileErrors, compile
from ssc.files import atomic_write

DATA = Path(__file__).with_name("compile_errors.test")
HEADER = re.compile(r"^\[case (\w+)( smartmodule)?\]$", re.M)


def _cases() -> list[tuple[str, str, str, str]]:
    text = DATA.read_text(encoding="utf-8")
    parts = HEADER.split(text)[1:]
    cases = []
    for name, abi, body in zip(parts[0::3], parts[1::3], parts[2::3]):
        source, _, expected = body.partition("[out]\n")
        cases.append((name, "smartmodule" if abi else "smartstream", source.lstrip("\n"), expected.rstrip("\n")))
    return cases


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
        _rewrite(name, actual)
    else:
        assert actual == expected


def _rewrite(name: str, actual: str) -> None:
    text = DATA.read_text(encoding="utf-8")
    pattern = re.compile(rf"(\[case {name}( smartmodule)?\]\n.*?\[out\]\n)(.*?)(?=\n\[case |\Z)", re.S)
    text = pattern.sub(lambda m: m.group(1) + actual + "\n", text, count=1)
    atomic_write(DATA, text)
