"""CPython's own regex test table (Lib/test/re_tests.py), run compiled and under CPython.

``test.re_tests.tests`` is the table CPython's ``test_re.test_re_tests``
runs: about 400 (pattern, subject, outcome) rows. It is read from the
CPython that runs the suite (its ``test`` package), not copied here.

- A row whose pattern CPython refuses (``SYNTAX_ERROR``): ssc refuses a
  program using it, with ``re.error:`` and CPython's own message.
- Every other row: the pattern becomes a module constant of a SmartStream
  (a few programs of many patterns each, so the compiles stay few), which
  searches the row's subject and prints the match's span, groups and
  lastindex, and (for str patterns whose subject is ASCII) the same with
  the pattern and subject as bytes, as test_re does. The compiled module's
  output must be CPython's, row by row.

A row ssc cannot express as a program would be left out for the reason
``excluded`` names (a pattern or subject that is not valid UTF-8 text: a
record's value is bytes); CPython 3.11's table has none.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from smartstream import load_python
from ssc.compiler import CompileErrors, compile
from ssc.runtime import Record, load

re_tests = pytest.importorskip("test.re_tests", reason="this CPython has no test package (Lib/test)")

CHUNK = 60


def _cpython_compiles(pattern: str | bytes) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            re.compile(pattern)
    except re.error:
        return False
    return True


def excluded(pattern: str, subject: str) -> str | None:
    """Why a row cannot run as a SmartStream, or None."""
    try:
        subject.encode("utf-8")
        pattern.encode("utf-8")
    except UnicodeEncodeError:
        return "not valid UTF-8 text"
    return None


def rows() -> list[tuple[str, str, int]]:
    return [(t[0], t[1], t[2]) for t in re_tests.tests]


def runnable() -> list[tuple[str | bytes, str | bytes]]:
    """(pattern, subject) of every row that runs: str, and bytes when both are ASCII."""
    out: list[tuple[str | bytes, str | bytes]] = []
    for pattern, subject, outcome in rows():
        if outcome == re_tests.SYNTAX_ERROR or excluded(pattern, subject):
            continue
        out.append((pattern, subject))
        if pattern.isascii() and subject.isascii():
            bpattern, bsubject = pattern.encode(), subject.encode()
            if _cpython_compiles(bpattern):
                out.append((bpattern, bsubject))
    return out


def program(cases: list[tuple[str | bytes, str | bytes]]) -> str:
    """One SmartStream for ``cases``: record ``i NUL subject`` runs pattern i on the subject."""
    lines = ["import re", "", "from smartstream import Record, smartstream", ""]
    lines += [f"P{i} = re.compile({pattern!r})" for i, (pattern, _) in enumerate(cases)]
    lines += ["", "", "@smartstream.map", "def entry(record: Record) -> tuple[bytes | None, str]:",
              "    head, _, b = record.value.partition(b'\\x00')", "    k = int(head)", "    s = b.decode()"]
    for i, (pattern, _) in enumerate(cases):
        subject = "b" if isinstance(pattern, bytes) else "s"
        lines += [f"    if k == {i}:",
                  f"        m{i} = P{i}.search({subject})",
                  f"        return None, f'{{m{i}.span()}} {{m{i}.groups()}} {{m{i}.lastindex}}' if m{i} else 'None'"]
    lines += ["    return None, '?'", ""]
    return "\n".join(lines)


def outputs(module, cases: list[tuple[str | bytes, str | bytes]]) -> list[str]:
    values = [str(i).encode() + b"\x00" + (s if isinstance(s, bytes) else s.encode()) for i, (_, s) in
              enumerate(cases)]
    return [r.value.decode() for r in module.process([Record(None, v) for v in values])]


CASES = runnable()
CHUNKS = [CASES[i:i + CHUNK] for i in range(0, len(CASES), CHUNK)]


@pytest.mark.parametrize("chunk", range(len(CHUNKS)))
def test_re_tests_rows_match_as_cpython(chunk: int, tmp_path: Path) -> None:
    cases = CHUNKS[chunk]
    source = program(cases)
    path = tmp_path / f"re_tests_{chunk}.py"
    path.write_text(source, encoding="utf-8")
    wasm = compile(source, str(path)).wasm
    want = outputs(load_python(path), cases)
    got = outputs(load(wasm, name=path.name), cases)
    wrong = [f"  {p!r} on {s!r}\n    want {w}\n    got  {g}" for (p, s), w, g in zip(cases, want, got) if w != g]
    assert not wrong, f"{len(wrong)} of {len(cases)} rows differ from CPython:\n" + "\n".join(wrong[:15])


def test_every_row_is_run_or_excluded_for_a_reason() -> None:
    reasons = [excluded(p, s) for p, s, outcome in rows() if outcome != re_tests.SYNTAX_ERROR]
    assert reasons.count(None) > 300          # the table's rows nearly all run
    assert set(reasons) <= {None, "not valid UTF-8 text"}


@pytest.mark.parametrize("pattern", sorted({p for p, _, o in rows() if o == re_tests.SYNTAX_ERROR}))
def test_a_pattern_cpython_refuses_is_a_compile_error(pattern: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(re.error) as cpython:
            re.compile(pattern)
    source = f"import re\n\nP = re.compile({pattern!r})\n\n\n@smartstream.filter\ndef f(record: Record) -> bool:\n" \
             "    return P.search(record.value.decode()) is not None\n"
    with pytest.raises(CompileErrors) as ssc:
        compile("from smartstream import smartstream, Record\n" + source, "case.py")
    assert f"re.error: {cpython.value}" in str(ssc.value)
