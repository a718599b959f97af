"""CPython's ``re`` is the oracle, on random patterns and random strings.

hypothesis draws a handful of patterns from a small regex grammar (literals
with case pairs and non-ASCII letters, classes, ``\\d \\w \\s \\b``, ``.``,
anchors, groups plain, named and non-capturing, alternation, greedy, lazy
and possessive repeats, lookahead and lookbehind, backreferences) with
random flags (I, M, S, A), keeps those CPython's ``re.compile`` accepts,
and writes one SmartStream that runs each of them on a record:
``search`` (span, groups, lastindex), ``match``, ``fullmatch``,
``findall``, ``sub`` with a template and ``split``. The program runs under
CPython and compiled, on a batch of random strings, and every record's
output must be identical.

Deterministic (``derandomize``) and bounded: a few compiles of a few
patterns each.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from smartstream import load_python
from ssc.compiler import compile
from ssc.compiler.regex.firstbytes import first_bytes, required_byte
from ssc.runtime import Record, load

SETTINGS = settings(max_examples=8, deadline=None, derandomize=True, database=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])

#: Characters of patterns and subjects: ASCII case pairs, sre's special case
#: folds (K and the Kelvin sign, s and the long s, dotted and dotless i),
#: non-ASCII letters and digits, spaces and line breaks.
LETTERS = list("aAbBkKsSiI") + ["é", "É", "ß", "\u212a", "\u017f", "\u0130", "\u0131", "日", "😀"]
OTHERS = list("019 -_.\n") + ["\u0663", "\u00a0", "\u2028", "\t"]
ALPHABET = LETTERS + OTHERS

ATOMS = [re.escape(c) for c in ALPHABET] + [
    ".", r"\d", r"\D", r"\w", r"\W", r"\s", r"\S", "[ab]", "[^a]", "[a-k]", "[A-Z0-9]", r"[\w.]", r"[^\s]",
    "[é-ß]", r"[\d-]", "[Kk]",
]
ASSERTIONS = ["^", "$", r"\b", r"\B", r"\A", r"\Z"]
QUANTIFIERS = ["*", "+", "?", "{2}", "{1,3}", "{,2}", "*?", "+?", "??", "{1,2}?", "*+", "++", "?+"]
FLAGS = [("", 0), ("re.I", re.I), ("re.M", re.M), ("re.S", re.S), ("re.A", re.A), ("re.I | re.A", re.I | re.A),
         ("re.I | re.M | re.S", re.I | re.M | re.S)]


def _pattern(depth: int) -> st.SearchStrategy[str]:
    atom: st.SearchStrategy[str] = st.sampled_from(ATOMS)
    if depth > 0:
        inner = st.deferred(lambda: _pattern(depth - 1))
        atom = st.one_of(
            atom, atom,
            inner.map(lambda p: f"({p})"),
            inner.map(lambda p: f"(?:{p})"),
            st.tuples(st.sampled_from(["x", "y", "z"]), inner).map(lambda t: f"(?P<{t[0]}>{t[1]})"),
            st.tuples(inner, inner).map(lambda t: f"(?:{t[0]}|{t[1]})"),
            inner.map(lambda p: f"(?={p})"),
            inner.map(lambda p: f"(?!{p})"),
            st.sampled_from(["a", "ab", r"\d", "[ab]", "é"]).map(lambda p: f"(?<={p})"),
            st.sampled_from(["a", r"\w", " "]).map(lambda p: f"(?<!{p})"),
            st.sampled_from([r"\1", "(?P=x)"]),
        )
    item = st.one_of(atom, st.tuples(atom, st.sampled_from(QUANTIFIERS)).map("".join), st.sampled_from(ASSERTIONS))
    return st.lists(item, min_size=1, max_size=4).map("".join)


PATTERNS = st.tuples(st.lists(_pattern(2), min_size=1, max_size=3).map("|".join), st.sampled_from(FLAGS))
SUBJECTS = st.lists(st.sampled_from(ALPHABET + ["ab", "aB", "10", "kK", "  "]), max_size=14).map("".join)


def _compiles(pattern: str, flags: int) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            re.compile(pattern, flags)
    except re.error:
        return False
    return True


def program(patterns: list[tuple[str, tuple[str, int]]]) -> str:
    """A SmartStream that prints what every pattern finds in the record's text."""
    lines = ["import re", "", "from smartstream import Record, smartstream", ""]
    for i, (pattern, (flags, _)) in enumerate(patterns):
        lines.append(f"P{i} = re.compile({pattern!r}{', ' + flags if flags else ''})")
    lines += ["", "", "@smartstream.map", "def entry(record: Record) -> tuple[bytes | None, str]:",
              "    s = record.value.decode()", "    out: list[str] = []"]
    for i in range(len(patterns)):
        lines += [
            f"    m{i} = P{i}.search(s)",
            f"    out.append(f'{{m{i}.span()}} {{m{i}.groups()}} {{m{i}.lastindex}}' if m{i} else 'None')",
            f"    a{i} = P{i}.match(s)",
            f"    b{i} = P{i}.fullmatch(s)",
            f"    out.append(f'{{a{i}.span() if a{i} else None}} {{b{i}.span() if b{i} else None}}')",
            f"    out.append(repr(P{i}.findall(s)))",
            f"    out.append(P{i}.sub('<\\\\g<0>>', s, count=3))",
            f"    out.append(repr(P{i}.split(s, maxsplit=2)))",
        ]
    lines += ["    return None, ' | '.join(out)", ""]
    return "\n".join(lines)


def outputs(module, subjects: list[str]) -> list[str]:
    results = module.process([Record(None, s.encode()) for s in subjects])
    return [r.value.decode() for r in results]


@SETTINGS
@given(st.lists(PATTERNS, min_size=2, max_size=5), st.lists(SUBJECTS, min_size=20, max_size=40))
def test_random_patterns_match_as_cpython(tmp_path_factory, patterns, subjects) -> None:
    patterns = [(p, f) for p, f in patterns if _compiles(p, f[1])]
    assume(patterns)
    source = program(patterns)
    path: Path = tmp_path_factory.mktemp("re") / "random_re.py"
    path.write_text(source, encoding="utf-8")
    wasm = compile(source, str(path)).wasm
    want = outputs(load_python(path), subjects)
    got = outputs(load(wasm, name=path.name), subjects)
    wrong = [f"  {s!r}\n    want {w}\n    got  {g}" for s, w, g in zip(subjects, want, got) if w != g]
    assert not wrong, "\n".join(["patterns:", *(f"  {p!r} {f[0]}" for p, f in patterns), *wrong[:10]])


@settings(max_examples=100, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(PATTERNS, st.lists(SUBJECTS, min_size=1, max_size=8))
def test_a_match_starts_at_one_of_the_first_bytes(pattern, subjects) -> None:
    """compiler/regex/firstbytes.py: the guest's search skips positions whose byte is not in the
    pattern's set, and gives up on a subject without the pattern's required byte, so every match
    CPython finds must start at a byte of the set and hold that byte (no compile needed)."""
    text, (_, flags) = pattern
    assume(_compiles(text, flags))
    first, required = first_bytes(text, flags), required_byte(text, flags)
    assume(first is not None or required is not None)
    for subject in subjects:
        for m in re.finditer(text, subject, flags):
            at = len(subject[:m.start()].encode())
            assert first is None or (at < len(subject.encode()) and subject.encode()[at] in first), \
                (text, subject, m)
            assert required is None or required in m.group().encode(), (text, subject, m)
    for subject in subjects:                     # the same on bytes, for an ASCII pattern
        if text.isascii() and not flags & re.A and _compiles(text.encode(), flags):
            data = subject.encode()
            bfirst = first_bytes(text.encode(), flags)
            for m in re.finditer(text.encode(), data, flags) if bfirst is not None else ():
                assert data[m.start()] in bfirst, (text, data, m)
