"""The natural-program corpus: its programs, their golden outputs, and what ssc makes of each.

A program is ``CORPUS/NAME.py`` under this folder (``language/`` for
issue 16: nothing imported but smartstream, json and typing; ``stdlib/``
for issue 17), with ``NAME.in.jsonl`` (one batch, adversarial records
included) and ``NAME.out.jsonl``, the golden output that CPython gives
through the ``smartstream`` module (record-file formats:
``ssc.runtime.recordfile``). The programs were written as a Python
programmer writes a SmartStream, before looking at what ssc accepts, and
they are never edited to please the compiler.

What ssc makes of a program is a :class:`Verdict`:

- ``match``: it compiles (with the default ABI) and its output
  equals the golden output, record by record, errors included;
- ``refused``: a compile error (``detail`` is the first one's message);
- ``wrong``: it compiles but gives another output, or ssc crashes on it
  (an internal error, a trap, a failed init): a bug in ssc.

``refused.txt`` and ``wrong.txt`` list the programs that are refused and
wrong today; ``test_corpus.py`` holds every verdict to them, and
``python -m tests.idioms`` prints the figures.

    >>> program = find("language/uppercase_map")
    >>> judge(program).status
    'match'
"""

from __future__ import annotations

import ast
import io
import re
import tempfile
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

from ssc.runtime.recordfile import InputFile, OutputFile, read_input, read_output, write_output
from ssc.testing import GoldenError, Output, RunOptions, compare, render_diff

# ssc.testing's runners are private: a public ssc.testing.run(module, batch) -> Run would
# replace this import (the compiled run needs a .wasm file, hence the temporary file below)
from ssc.testing import Run, _run_compiled, _run_cpython

HERE = Path(__file__).resolve().parent
CORPORA = ("language", "stdlib")
REFUSED = HERE / "refused.txt"
WRONG = HERE / "wrong.txt"

#: The golden outputs come from CPython 3.11+ (3.11.7 wrote them; 3.12 and 3.13 agree). The programs
#: whose output an older CPython gives otherwise, and why; their golden is checked from that version on.
SINCE_PYTHON = {
    "stdlib/datetime_event_lag": ((3, 11), "datetime.fromisoformat reads '.5' seconds and 'Z' from 3.11 on"),
}

#: What a program of the language corpus may import (issue 16); the stdlib corpus is issue 17's.
LANGUAGE_IMPORTS = frozenset({"smartstream", "json", "typing"})


@dataclass(frozen=True)
class Program:
    """One program of the corpus: ``name`` is ``CORPUS/STEM`` (``language/uppercase_map``)."""

    path: Path

    @property
    def corpus(self) -> str:
        return self.path.parent.name

    @property
    def name(self) -> str:
        return f"{self.corpus}/{self.path.stem}"

    @property
    def input_path(self) -> Path:
        return self.path.with_suffix(".in.jsonl")

    @property
    def expect_path(self) -> Path:
        return self.path.with_suffix(".out.jsonl")

    def source(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def batch(self) -> InputFile:
        return read_input(self.input_path)

    def abi(self) -> str:
        return self.batch().abi or "smartmodule"

    def __str__(self) -> str:
        return self.name


def programs(corpus: str | None = None) -> list[Program]:
    """Every program of the corpus (or of one of ``CORPORA``), sorted by name."""
    folders = CORPORA if corpus is None else (corpus,)
    return [Program(path) for folder in folders for path in sorted((HERE / folder).glob("*.py"))]


def find(name: str) -> Program:
    """The program named ``CORPUS/STEM``; KeyError if there is none."""
    for program in programs():
        if program.name == name:
            return program
    raise KeyError(name)


def imported_modules(source: str) -> set[str]:
    """The top-level modules a source imports (``from urllib.parse import x`` -> ``urllib``)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


# --------------------------------------------------------------------------
# Running a program: under CPython (the golden) and compiled (the verdict)
# --------------------------------------------------------------------------


def run_cpython(program: Program) -> Run:
    """The program's run under CPython, its prints swallowed."""
    with redirect_stdout(io.StringIO()):
        return _run_cpython(program.path, program.batch(), program.name)


def golden(program: Program) -> OutputFile:
    return read_output(program.expect_path)


def write_golden(program: Program) -> Output:
    """Write ``NAME.out.jsonl`` from the CPython run; ValueError if CPython could not run it."""
    run = run_cpython(program)
    if run.output is None:
        raise ValueError(f"{program}: CPython gives no output: {run.failure}")
    write_output(program.expect_path, run.output.records, run.output.error)
    return run.output


def check_cpython(program: Program) -> str | None:
    """None if CPython gives the golden output, else why not (a readable diff)."""
    run = run_cpython(program)
    if run.output is None:
        return f"{program}: CPython gives no output: {run.failure}"
    expected = golden(program)
    differences = compare(expected, run.output)
    if not differences:
        return None
    return render_diff(differences, expected, run.output, f"{program}: CPython's output differs from "
                       f"{program.expect_path.name} (python -m tests.idioms --update-golden rewrites it)")


@dataclass
class Verdict:
    """What ssc makes of a program: ``status`` is "match", "refused" or "wrong".

    ``detail``: for "refused" the first compile error's message with its
    ``line:col``, for "wrong" a one-line summary of the difference or crash;
    ``report``: the full rendering (the compile error with its caret, or the diff).
    """

    program: Program
    status: str
    detail: str = ""
    report: str = ""
    errors: list[str] = field(default_factory=list)


def judge(program: Program) -> Verdict:
    """Compile the program for its ABI, run it over its input and compare with its golden output."""
    from ssc.compiler import CompileError, CompileErrors, compile

    try:
        wasm = compile(program.source(), program.path.name, abi=program.abi()).wasm
    except CompileErrors as err:
        first = err.errors[0]
        return Verdict(program, "refused", _error_line(first), err.render(), [e.message for e in err.errors])
    except CompileError as err:
        return Verdict(program, "refused", _error_line(err), err.render(), [err.message])
    except Exception as err:  # an internal error of ssc: exit 70 on the command line
        message = f"compiler crash: {type(err).__name__}: {err}"
        return Verdict(program, "wrong", _one_line(message), message)
    return _judge_run(program, run_compiled(program, wasm))


def run_compiled(program: Program, wasm: bytes) -> Run:
    """Run the batch through the module (init given the input's params), as ``ssc test`` runs a .wasm."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / program.path.with_suffix(".wasm").name
        path.write_bytes(wasm)
        try:
            return _run_compiled(path, program.batch(), RunOptions(), program.path.name)
        except GoldenError as err:  # the module would not load
            return Run("compiled", failure=str(err))


def _judge_run(program: Program, run: Run) -> Verdict:
    if run.output is None:
        message = f"the compiled module gives no output: {run.failure}"
        return Verdict(program, "wrong", _one_line(message), message)
    expected = golden(program)
    differences = compare(expected, run.output)
    if not differences:
        return Verdict(program, "match")
    first = differences[0]
    index = first.actual_index if first.actual_index is not None else first.index
    summary = f"{len(differences)} difference(s) from the golden output, the first at #{index} ({first.kind})"
    report = render_diff(differences, expected, run.output,
                         f"{program}: the compiled output differs from {program.expect_path.name} (CPython's)")
    return Verdict(program, "wrong", summary, report)


def _error_line(err: object) -> str:
    span = getattr(err, "span", None)
    where = f"{span.line}:{span.col}: " if span is not None else ""
    return _one_line(where + getattr(err, "message", str(err)))


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------
# The manifests: refused.txt and wrong.txt
# --------------------------------------------------------------------------

_ENTRY = re.compile(r"^(?P<name>[\w-]+/[\w-]+): (?P<text>.*)$")


def read_manifest(path: Path) -> dict[str, str]:
    """``{program name: text}`` from lines ``CORPUS/NAME: text`` (``#`` comments and blanks skipped)."""
    entries: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        match = _ENTRY.match(line)
        if match is None:
            raise ValueError(f"{path.name}:{number}: expected 'CORPUS/NAME: text', got {line!r}")
        if match["name"] in entries:
            raise ValueError(f"{path.name}:{number}: {match['name']} is listed twice")
        entries[match["name"]] = match["text"]
    return entries


def misplaced(verdict: Verdict, refused: dict[str, str], wrong: dict[str, str]) -> str | None:
    """None if the manifests put the program where its verdict does, else what to change."""
    name = verdict.program.name
    places = {"refused": name in refused, "wrong": name in wrong}
    if verdict.status == "match" and any(places.values()):
        listed = "refused.txt" if places["refused"] else "wrong.txt"
        return f"{name} now compiles and matches CPython: remove it from {listed}"
    if verdict.status == "refused" and not places["refused"]:
        return (f"{name} is refused; if that is intended, list it in refused.txt"
                f"{' instead of wrong.txt' if places['wrong'] else ''} (python -m tests.idioms "
                f"--update-manifest)\n{verdict.report}")
    if verdict.status == "wrong" and not places["wrong"]:
        if places["refused"]:
            return (f"{name} compiles now but does not match CPython: move it from refused.txt to "
                    f"wrong.txt with a diagnosis, or fix ssc\n{verdict.report}")
        return f"ssc bug: {name} compiles but does not match CPython\n{verdict.report}"
    if verdict.status != "match" and all(places.values()):
        return f"{name} is listed in both refused.txt and wrong.txt"
    return None


def write_manifest(path: Path, entries: dict[str, str]) -> None:
    """Rewrite the entries of a manifest, keeping its leading comment block."""
    head = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                break
            head.append(line)
    body = [f"{name}: {text}" for name, text in sorted(entries.items())]
    path.write_text("\n".join(head + [""] + body) + "\n", encoding="utf-8")

