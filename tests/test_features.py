r"""Feature tests: tests/features/*.test, each case a program beside its inputs and outputs.

The promise under test: a program ssc accepts behaves exactly as CPython
does. Every case runs twice, and both runs must print exactly ``[out]``:

- ``test_cpython``: under CPython, through ``smartstream.load_python`` (the oracle);
- ``test_compiled``: compiled by ssc (once per session) and run on wasmtime.

``pytest --update-golden`` rewrites every ``[out]`` from the CPython run;
review the diff before committing it. Test ids are ``FILE::CASE``, e.g.
``pytest tests/test_features.py -k 'arithmetic::floor_division_signs'``.

File format
-----------
Text before the first ``[case]`` is a comment about the file. A case is a
run of sections, each opened by a header line of its own::

    [case NAME]        NAME: letters, digits, _; unique in its file
    <program>          a SmartStream source file
    [accumulator]      optional, aggregate only: one input line, the initial accumulator (default empty)
    [in]               one input record per line, up to [out]
    [out]              one output line per input line
    [out.ssc]          optional: what the compiled module prints instead (int64 rule below)
    [out.3.13]         optional, one per version: what CPython 3.13 prints instead of [out]
                       (and a module compiled for 3.13; see "Python versions" below)
    [printed]          optional: what the case's print() calls wrote to stdout, all records
                       together (each line as a value prints, below; a last line without
                       a newline is followed by the line ``\ no newline at end``)

Program: if it has no ``from smartstream import ...`` line, the runner adds
``from smartstream import smartstream, Record``. Line numbers are kept: a
compile error or a CPython traceback points at the line of the .test file.

Input lines (``[in]`` and ``[accumulator]``): every line is one record,
an empty line too. A line is the record's value, verbatim, in UTF-8; key
None, timestamp 0. A line starting with ``{`` is a JSON object instead,
for what a verbatim line cannot say: ``{"value": " 42\\t"}``,
``{"value_hex": "ff fe"}``, ``{"key": "k", "value": "v", "timestamp": 5}``
(also ``"key_hex"``; an absent or null key is no key). Record i (counting
from 0) has offset i.

How a case runs and what it prints:

- filter and map: each record runs as a batch of its own (base offset i),
  so one record's exception does not hide the others. Each prints one line:
  a filter ``True`` or ``False``; a map its value, or ``KEY => VALUE`` when
  the key is not None.
- aggregate: the records run as one batch from the initial accumulator,
  one line per record: the accumulator after it. After a record's
  exception the rest run as a new batch from the last accumulator.
- a runtime exception prints ``!`` and the hint, ``!ValueError: invalid
  literal for int() with base 10: 'x'``; any other host error (a trap, a
  protocol error; compiled side only) prints ``!!`` and the error.

A value prints verbatim when it is UTF-8 text that is non-empty, printable
(``str.isprintable``), without leading or trailing whitespace, not
starting with ``!``, without `` => ``, not a section header, and not
itself the repr of a value printed as a repr (below). Otherwise it prints
as its Python repr: ``''``, ``'a\\tb'``, ``' x'``, ``'\\xa0'``, or
``b'\\xff'`` when not UTF-8. So ``7`` is the text 7, ``'7 '`` the text
with a trailing space, and ``'ab'`` the text with the quotes (the output of
``repr("ab")``), since ``ab`` would print verbatim; the text ``'7 '``
itself would print as ``"'7 '"``. A hint that is not printable or has
surrounding whitespace (``ValueError()`` gives ``ValueError: ``) prints as
``!`` and its repr.

The int64 rule
--------------
ssc's one documented difference from CPython: an int result outside
[-2**63, 2**63-1] raises ``OverflowError: int result does not fit in 64
bits``. A case that shows it gives ``[out.ssc]``, hand-written, which the
compiled run must print instead of ``[out]``. ``test_ssc_exceptions`` checks
that exception itself: ``[out.ssc]`` has as many lines as ``[out]``, and
differs from it only on lines where CPython printed an int outside int64,
where it must print exactly that OverflowError.

Python versions
---------------
``[out]`` is what CPython 3.11 prints (the goldens' version). Where another
version prints otherwise (3.10's "string indices must be integers", 3.13's
"Illegal trailing comma before end of object"), the case gives that
version's whole output as ``[out.X.Y]``, after ``[out]``/``[out.ssc]``. A
change holds from the version that made it on: ``[out.3.12]`` is also what
3.13 prints, unless the case has an ``[out.3.13]`` (and ``[out.3.10]`` is
3.10's alone). A run under CPython X.Y expects the section that holds for
it, from CPython and from the module compiled for it (the default target
is the running Python). ``test_compiled_for_another_python`` also
compiles each case that has such a section for every supported version, and
holds each module to that version's expectation, whatever Python runs the
test. ``pytest --update-golden`` under X.Y rewrites ``[out]`` under 3.11 and
``[out.X.Y]`` (added, or dropped when it equals ``[out]``) under another.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import io
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from smartstream import load_python
from ssc.abi import Kind, ModuleKind
from ssc.files import atomic_write
from ssc.runtime import Record, load
from ssc.runtime.records import SmartStreamError, SmartStreamRuntimeError

FEATURES = Path(__file__).with_name("features")
REPO = FEATURES.parent.parent

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
OVERFLOW_LINE = "!OverflowError: int result does not fit in 64 bits"
IMPLIED_IMPORT = "from smartstream import smartstream, Record"

HEADER = re.compile(r"^\[(?:case (?P<name>\w+)|(?P<section>accumulator|in|out|out\.ssc|out\.3\.1[0-9]|printed))\]$")
#: The Python version that [out] is for; [out.X.Y] gives another version's output.
GOLDEN_PYTHON = "3.11"
#: The running Python, as a section names it.
RUNNING_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
#: The Python versions ssc compiles for, oldest first.
PYTHONS = ("3.10", "3.11", "3.12", "3.13")
VERSION_SECTIONS = tuple(f"out.{v}" for v in PYTHONS if v != GOLDEN_PYTHON)
#: Cases of syntax that a Python version added: the version, and what it added. Older CPythons
#: refuse the program itself (not a record), so those cases run only from that version on.
SINCE = {"re::possessive_atomic": ("3.11", "possessive quantifiers and atomic groups are new in Python 3.11")}
HAS_IMPORT = re.compile(r"^from smartstream import ", re.M)
SECTIONS = ("program", "accumulator", "in", "out", "out.ssc", *VERSION_SECTIONS, "printed")
NO_NEWLINE = "\\ no newline at end"
# An int as CPython prints it: digits not part of a name, a float or a hex literal.
INT_TOKEN = re.compile(r"(?<![\w.])-?\d+(?![\w.])")


# ---- the data files ----------------------------------------------------------

@dataclass
class Case:
    """One ``[case]``: where it is, its program and its sections (lists of lines)."""

    file: Path
    name: str
    line: int                                  # 1-based line of the [case] header
    program: str = ""
    program_line: int = 0                      # 1-based line of the program's first line
    sections: dict[str, list[str]] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"<case {self.id}>"

    @property
    def id(self) -> str:
        return f"{self.file.stem}::{self.name}"

    @property
    def inputs(self) -> list[str]:
        return self.sections.get("in", [])

    def version_section(self, python: str, *, inherited: bool = False) -> str | None:
        """The [out.X.Y] that holds for CPython ``python`` ("3.13"), None if [out] does: a change
        holds from the version that made it on (after GOLDEN_PYTHON) or down to it (before).
        ``inherited``: the one ``python``'s own section (if any) overrides."""
        index, golden = PYTHONS.index(python), PYTHONS.index(GOLDEN_PYTHON)
        step = 1 if index < golden else -1
        for i in range(index + (step if inherited else 0), golden, step):
            if f"out.{PYTHONS[i]}" in self.sections:
                return f"out.{PYTHONS[i]}"
        return None

    def expected(self, python: str) -> list[str]:
        """What CPython ``python`` ("3.13") prints: the [out.X.Y] that holds for it, else [out]."""
        return self.sections[self.version_section(python) or "out"]

    def compiled_expected(self, python: str) -> list[str]:
        """What the module compiled for ``python`` prints: CPython's, or [out.ssc] (the int64 rule)."""
        return self.sections[self.version_section(python) or ("out.ssc" if "out.ssc" in self.sections else "out")]

    def source(self) -> str:
        """The program as a file whose line numbers are those of the .test file."""
        padding = ["" for _ in range(self.program_line - 1)]
        if not HAS_IMPORT.search(self.program):
            padding[0] = IMPLIED_IMPORT
        return "\n".join(padding) + "\n" + self.program + "\n"


def parse(path: Path) -> list[Case]:
    """Every case of one .test file; raises ValueError for a malformed file."""
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    cases: list[Case] = []
    current: list[str] | None = None           # the lines of the section being read
    for number, line in enumerate(lines, 1):
        match = HEADER.match(line)
        if match and match["name"]:
            cases.append(Case(path, match["name"], number))
            current = []
            cases[-1].sections["program"] = current
            cases[-1].program_line = number + 1
        elif match:
            if not cases:
                raise ValueError(f"{path}:{number}: {line} before the first [case]")
            if match["section"] in cases[-1].sections:
                raise ValueError(f"{path}:{number}: a second {line} in case {cases[-1].name}")
            current = []
            cases[-1].sections[match["section"]] = current
        elif current is not None:
            current.append(line)
    seen: set[str] = set()
    for case in cases:
        where = f"{path}:{case.line}: case {case.name}"
        if case.name in seen:
            raise ValueError(f"{where}: the name is used twice")
        seen.add(case.name)
        order = [s for s in SECTIONS if s in case.sections]
        if list(case.sections) != order or "in" not in order or "out" not in order:
            raise ValueError(f"{where}: sections must be program, [accumulator], [in], [out], [out.ssc], "
                             f"[out.3.10], [out.3.12], [out.3.13], [printed]; found {list(case.sections)}")
        program = case.sections.pop("program")
        while program and not program[-1].strip():
            program.pop()
        case.program = "\n".join(program)
        for name in ("out", "out.ssc", *VERSION_SECTIONS, "accumulator", "printed"):  # blank lines end these sections
            while case.sections.get(name) and not case.sections[name][-1]:
                case.sections[name].pop()
        if "accumulator" in case.sections and len(case.sections["accumulator"]) != 1:
            raise ValueError(f"{where}: [accumulator] holds exactly one line")
    return cases


def all_cases() -> list[Case]:
    return [case for path in sorted(FEATURES.glob("*.test")) for case in parse(path)]


def record_of(line: str) -> Record:
    """An input line as a Record (verbatim text, or a JSON object)."""
    if not line.startswith("{"):
        return Record(None, line.encode("utf-8"))
    obj = json.loads(line)
    unknown = set(obj) - {"key", "key_hex", "value", "value_hex", "timestamp"}
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)} in input line {line!r}")

    def data(name: str) -> bytes | None:
        if obj.get(f"{name}_hex") is not None:
            return bytes.fromhex(obj[f"{name}_hex"])
        if obj.get(name) is None:
            return None
        return obj[name].encode("utf-8")

    return Record(data("key"), data("value") or b"", timestamp=int(obj.get("timestamp", 0)))


# ---- running a case and printing what it did ---------------------------------

def render(data: bytes) -> str:
    """A record's key or value as one unambiguous line (see the module docstring)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return repr(data)
    plain = (text and text.isprintable() and text == text.strip() and " => " not in text
             and not text.startswith("!") and not HEADER.match(text) and not _reads_as_repr(text))
    return text if plain else repr(text)


def _reads_as_repr(text: str) -> bool:
    """Would ``text`` read as the repr that another value prints as (``''``, ``' x'``, ``b'\\xff'``)?"""
    if not text.startswith(("'", '"', "b'", 'b"')):
        return False
    try:
        value = ast.literal_eval(text)
        data = value.encode("utf-8") if isinstance(value, str) else value
    except (ValueError, SyntaxError, UnicodeEncodeError, MemoryError, RecursionError):
        return False
    return isinstance(data, bytes) and render(data) == text


def render_error(err: Exception) -> str:
    if isinstance(err, SmartStreamRuntimeError):
        hint = err.hint
        return "!" + (hint if hint.isprintable() and hint == hint.strip() else repr(hint))
    return f"!!{type(err).__name__}: {err}"


def render_record(kind: Kind | ModuleKind, record: Record) -> str:
    if kind.export == "map" and record.key is not None:
        return f"{render(record.key)} => {render(record.value)}"
    return render(record.value)


def run(module, case: Case) -> list[str]:
    """Run a case's inputs through a loaded module (compiled or CPython); one line per input."""
    records = [record_of(line) for line in case.inputs]
    kind = module.kind
    out: list[str] = []
    if kind.export == "aggregate":
        accumulator = record_of(case.sections["accumulator"][0]).value if "accumulator" in case.sections else b""
        start = 0
        while start < len(records):
            try:
                results = module.process(records[start:], base_offset=start, accumulator=accumulator)
                failed = None
            except SmartStreamError as err:
                results, failed = getattr(err, "successes", []), err
            out += [render(r.value) for r in results]
            if results:
                accumulator = results[-1].value
            start += len(results)
            if failed is not None:
                out.append(render_error(failed))
                start += 1
        return out
    for index, record in enumerate(records):
        try:
            results = module.process([record], base_offset=index)
        except SmartStreamError as err:
            out.append(render_error(err))
            continue
        if kind.export == "filter":
            out.append(str(bool(results)))
        else:
            assert len(results) == 1, f"a map gave {len(results)} records for one"
            out.append(render_record(kind, results[0]))
    return out


def run_printing(module, case: Case) -> tuple[list[str], list[str]]:
    """``run``'s lines, and what the module printed to stdout meanwhile as [printed] lines."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        lines = run(module, case)
    text = printed.getvalue()
    shown = [render(line.encode("utf-8", "surrogateescape")) for line in text.split("\n")]
    if text.endswith("\n") or not text:
        shown.pop()
    else:
        shown.append(NO_NEWLINE)
    return lines, shown


@functools.lru_cache(maxsize=None)
def compile_case(source: str, filename: str, python: str | None = None) -> bytes:
    """A case's wasm for the target ``python`` (default: the running one); compiled once per session."""
    from ssc.compiler import compile

    return compile(source, filename, python=python).wasm


def _mismatch(case: Case, expected: list[str], actual: list[str], what: str) -> str:
    lines = [f"{case.file.name}:{case.line}: {case.name}: {what} differs from the expected output"]
    for index in range(max(len(expected), len(actual))):
        want = expected[index] if index < len(expected) else "<missing>"
        got = actual[index] if index < len(actual) else "<missing>"
        if want != got:
            given = case.inputs[index] if index < len(case.inputs) else "?"
            lines.append(f"  in  {given!r}\n    want {want}\n    got  {got}")
            if got == OVERFLOW_LINE and "out.ssc" not in case.sections and _outside_int64(want):
                lines.append("    (the int64 rule: if this is the case's point, give [out.ssc])")
    return "\n".join(lines)


def _rewrite_out(case: Case, actual: list[str]) -> None:
    """Write ``actual``, CPython's output under the running Python, into the case's file: as its
    [out] under GOLDEN_PYTHON, else as its [out.X.Y] (dropped when it equals [out])."""
    if RUNNING_PYTHON == GOLDEN_PYTHON:
        _rewrite_section(case, "out", actual)
    else:
        inherited = case.sections[case.version_section(RUNNING_PYTHON, inherited=True) or "out"]
        _rewrite_section(case, f"out.{RUNNING_PYTHON}", actual if actual != inherited else None)


def _rewrite_section(case: Case, name: str, content: list[str] | None) -> None:
    """Replace (or add, or with None remove) one output section of the case in its file."""
    lines = case.file.read_text(encoding="utf-8").split("\n")
    header = lines.index(f"[case {case.name}]")   # found afresh: earlier rewrites move lines
    end = header + 1
    while end < len(lines) and not lines[end].startswith("[case "):
        end += 1
    block = lines[header:end]
    while block and not block[-1]:
        block.pop()
    sections: dict[str, list[str]] = {}
    current = "program"
    for line in block[1:]:
        match = HEADER.match(line)
        if match:
            current = match["section"]
        sections.setdefault(current, []).append(line)
    if content is None:
        sections.pop(name, None)
    else:
        sections[name] = [f"[{name}]", *content]
    order = SECTIONS
    rewritten = [block[0]] + [line for section in order for line in sections.get(section, [])]
    lines[header:end] = rewritten + ([""] if end < len(lines) else [])   # a blank line between cases
    text = "\n".join(lines)
    atomic_write(case.file, text if text.endswith("\n") else text + "\n")


# ---- the tests ---------------------------------------------------------------

CASES = all_cases()
IDS = [case.id for case in CASES]


@pytest.fixture(scope="session")
def source_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("features")


def _filename(case: Case) -> str:
    return str(case.file.relative_to(REPO))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_cpython(case: Case, source_dir: Path, update_golden: bool) -> None:
    _skip_before_its_python(case, RUNNING_PYTHON)
    path = source_dir / f"{case.file.stem}__{case.name}.py"
    path.write_text(case.source(), encoding="utf-8")
    actual, printed = run_printing(load_python(path), case)
    if update_golden:
        _rewrite_out(case, actual)
        _rewrite_section(case, "printed", printed or None)
        return
    expected = case.expected(RUNNING_PYTHON)
    assert actual == expected, _mismatch(case, expected, actual, f"CPython {RUNNING_PYTHON}'s output")
    assert printed == case.sections.get("printed", []), f"{case.id}: CPython printed {printed}"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_compiled(case: Case) -> None:
    from ssc.compiler import CompileError, CompileErrors

    _skip_before_its_python(case, RUNNING_PYTHON)
    try:
        wasm = compile_case(case.source(), _filename(case))
    except (CompileError, CompileErrors) as err:
        pytest.fail(f"ssc refused {case.id}:\n{err.render()}", pytrace=False)
    actual, printed = run_printing(load(wasm, name=case.id), case)
    expected = case.compiled_expected(RUNNING_PYTHON)
    assert actual == expected, _mismatch(case, expected, actual, "the compiled module's output")
    assert printed == case.sections.get("printed", []), f"{case.id}: the compiled module printed {printed}"


def _skip_before_its_python(case: Case, python: str) -> None:
    since = SINCE.get(case.id)
    if since and PYTHONS.index(python) < PYTHONS.index(since[0]):
        pytest.skip(f"{case.id}: {since[1]}")


OTHER_PYTHONS = [(case, python) for case in CASES if any(s in case.sections for s in VERSION_SECTIONS)
                 for python in PYTHONS if python != RUNNING_PYTHON
                 and PYTHONS.index(python) >= PYTHONS.index(SINCE.get(case.id, (PYTHONS[0],))[0])]


@pytest.mark.parametrize("case, python", OTHER_PYTHONS, ids=[f"{case.id}@{python}" for case, python in OTHER_PYTHONS])
def test_compiled_for_another_python(case: Case, python: str) -> None:
    """A module compiled for another Python version (``compile(python=...)``) behaves as that version."""
    actual = run(load(compile_case(case.source(), _filename(case), python), name=case.id), case)
    expected = case.compiled_expected(python)
    assert actual == expected, _mismatch(case, expected, actual, f"the output of the module compiled for {python}")


def _outside_int64(line: str) -> bool:
    return any(not INT64_MIN <= int(token) <= INT64_MAX for token in INT_TOKEN.findall(line))


@pytest.mark.parametrize("case", [c for c in CASES if "out.ssc" in c.sections],
                         ids=[c.id for c in CASES if "out.ssc" in c.sections])
def test_ssc_exceptions(case: Case) -> None:
    """[out.ssc] departs from CPython only by the int64 rule, and only where it applies."""
    cpython, ssc = case.sections["out"], case.sections["out.ssc"]
    assert len(ssc) == len(cpython) == len(case.inputs), f"{case.id}: [in], [out] and [out.ssc] differ in length"
    differing = [i for i, (a, b) in enumerate(zip(cpython, ssc)) if a != b]
    assert differing, f"{case.id}: [out.ssc] equals [out]; drop it"
    for i in differing:
        assert _outside_int64(cpython[i]), (
            f"{case.id}: line {i + 1} of [out.ssc] differs, but CPython printed no int outside int64 there: "
            f"{cpython[i]!r}")
        assert ssc[i] == OVERFLOW_LINE, f"{case.id}: line {i + 1} of [out.ssc] must be {OVERFLOW_LINE!r}"


def test_case_files() -> None:
    """The data files parse, and every case has one output line per input line."""
    assert CASES, f"no cases under {FEATURES}"
    for case in CASES:
        assert len(case.sections["out"]) == len(case.inputs), (
            f"{case.file.name}:{case.line}: {case.name}: {len(case.inputs)} input lines but "
            f"{len(case.sections['out'])} output lines (run pytest --update-golden)")
        for name in VERSION_SECTIONS:
            if name in case.sections:
                assert len(case.sections[name]) == len(case.inputs), f"{case.id}: [{name}] has another length"
                inherited = case.version_section(name[len("out."):], inherited=True) or "out"
                assert case.sections[name] != case.sections[inherited], f"{case.id}: [{name}] equals [{inherited}]; drop it"
