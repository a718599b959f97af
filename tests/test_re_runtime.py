"""Patterns made at run time (guest/re_compile.c) against CPython's re, on random patterns.

One SmartStream compiles each record's pattern with ``re.compile(pattern,
flags)`` at run time and prints what it finds in the record's text (the
span, the groups, lastindex, split) or the exception (``re.error`` with
CPython's message and position, or ValueError for flags). hypothesis draws
patterns from the grammar of the run-time compiler's surface (literals,
escapes, classes, groups plain, named and non-capturing, alternation,
greedy and lazy repeats, anchors; flags I, M, S, X, A), and also mangles
them (cuts, stray brackets, quantifiers and backslashes) to reach the
errors. Every record's output must be CPython's. One compile; a few
hundred records.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from smartstream import load_python
from ssc.compiler import compile
from ssc.runtime import load

from conftest import compiled
from test_random_oracle import run_each

PROGRAM = Path(__file__).with_name("random_programs") / "re_runtime.py"
SETTINGS = settings(max_examples=6, deadline=None, derandomize=True, database=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])

CHARS = list("aAbBkKsS019 -_.,") + ["é", "É", "ß", "\u212a", "\u017f", "\u0130", "\u0131", "\n", "\t", "日", "µ"]
ATOMS = [re.escape(c) for c in CHARS] + [
    ".", r"\d", r"\D", r"\w", r"\W", r"\s", r"\S", "[ab]", "[^a]", "[a-k]", "[A-Z0-9]", r"[\w.]", r"[^\s]", "[ß-é]",
    r"[\d-]", "[Kk]", r"\x41", r"\u00e9", r"\n", r"\t", r"[\]a]", "[-a]", "[a-]", r"\.", r"\$", "a{2}", "a{,2}",
]
ASSERTIONS = ["^", "$", r"\b", r"\B", r"\A", r"\Z"]
QUANTIFIERS = ["*", "+", "?", "{2}", "{1,3}", "{,2}", "{2,}", "*?", "+?", "??", "{1,2}?"]
FLAGS = [0, re.I, re.M, re.S, re.A, re.X, re.I | re.A, re.I | re.M | re.S]
MANGLES = ["(", ")", "[", "]", "{", "}", "*", "+", "?", "|", "\\", "-", "(?", "(?P<", "(?P<1>", ">", "\\q", "\\x4",
           "{3,1}", "[z-a]", "\\u12"]


def _pattern(depth: int) -> st.SearchStrategy[str]:
    atom: st.SearchStrategy[str] = st.sampled_from(ATOMS)
    if depth > 0:
        inner = st.deferred(lambda: _pattern(depth - 1))
        atom = st.one_of(atom, atom, inner.map(lambda p: f"({p})"), inner.map(lambda p: f"(?:{p})"),
                         st.tuples(st.sampled_from(["x", "y", "é1"]), inner).map(lambda t: f"(?P<{t[0]}>{t[1]})"),
                         st.tuples(inner, inner).map(lambda t: f"(?:{t[0]}|{t[1]})"))
    item = st.one_of(atom, st.tuples(atom, st.sampled_from(QUANTIFIERS)).map("".join), st.sampled_from(ASSERTIONS))
    return st.lists(item, min_size=1, max_size=4).map("".join)


@st.composite
def pattern(draw: st.DrawFn) -> str:
    text = draw(st.lists(_pattern(2), min_size=1, max_size=3).map("|".join))
    if draw(st.booleans()):                       # mangled: a cut, or a stray piece
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(MANGLES + [""])) + text[at + draw(st.integers(0, 2)):]
    return text


def supported(text: str) -> bool:
    """Whether the pattern stays within what the run-time compiler covers (else ssc raises its
    own ValueError where CPython may match): no lookarounds, inline flags, backreferences,
    possessive repeats or \\N."""
    return not re.search(r"\(\?(?![:P]|P<)|\(\?P(?!<)|\\[1-9N]|[*+?}]\+|\[[^\]]*\\[0-7]", text)


SUBJECTS = st.lists(st.sampled_from(CHARS + ["ab", "aB", "10", "kK", "  ", "x=y"]), max_size=12).map("".join)


@st.composite
def record(draw: st.DrawFn) -> str:
    text = draw(pattern())
    assume(supported(text) and "\t" not in text)
    return f"{text}\t{int(draw(st.sampled_from(FLAGS)))}\t{draw(SUBJECTS).replace(chr(9), ' ')}"


@SETTINGS
@given(st.lists(record(), min_size=30, max_size=40))
def test_patterns_made_at_run_time_match_as_cpython(records: list[str]) -> None:
    values = [r.encode() for r in records]
    want = run_each(load_python(PROGRAM), values)
    got = run_each(load(compiled(PROGRAM, "smartmodule"), name=PROGRAM.name), values)
    wrong = [f"  {r!r}\n    want {w}\n    got  {g}" for r, w, g in zip(records, want, got) if w != g]
    assert not wrong, f"{len(wrong)} of {len(records)} differ from CPython:\n" + "\n".join(wrong[:12])


#: Possessive repeats and atomic groups are new in Python 3.11: CPython 3.10's re.error for each.
NEW_IN_311 = [("a*+b", "multiple repeat at position 2"), ("a{1,2}+", "multiple repeat at position 6"),
              ("(ab)++", "multiple repeat at position 5"), ("x(?>a)c", "unknown extension ?> at position 2")]


def test_a_module_for_310_refuses_311s_syntax_as_310_does() -> None:
    """A pattern made at run time, in a module for 3.10 (from any Python): 3.10's re.error."""
    values = [f"{pattern}\t0\tab".encode() for pattern, _ in NEW_IN_311]
    got = run_each(load(compile(PROGRAM.read_text(encoding="utf-8"), str(PROGRAM), python="3.10").wasm), values)
    if sys.version_info[:2] == (3, 10):
        assert got == run_each(load_python(PROGRAM), values)
    for result, (pattern, message) in zip(got, NEW_IN_311, strict=True):
        assert message in result, pattern
