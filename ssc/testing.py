"""Golden-output testing: run a SmartStream over a record file and compare with the expected output.

The shared core of ``ssc test`` (``ssc/commands/test.py``) and of the
pytest plugin (``ssc/pytest_plugin.py``)::

    from ssc.testing import check
    result = check(Path("filter.py"), Path("filter.in.jsonl"), Path("filter.out.jsonl"))
    result.passed, result.report     # False, "filter.py: the output differs from ...\n  record #1 ..."

A ``.py`` SmartStream is compiled and run on wasmtime, and run under
CPython through the ``smartstream`` module too: both must give the
expected output, and if they disagree with each other that is reported as
a bug in ssc. A ``.wasm`` module (made by ssc or another toolchain) runs
compiled only. The record files are those of :mod:`ssc.runtime.recordfile`
(JSON Lines or plain text, by extension).

The comparison is record by record, aligned as ``diff`` aligns lines, so
one missing or extra record is one difference; the report names each
differing output record by its index (from 0) and offset, and shows the
expected and actual key and value.
"""

from __future__ import annotations

import contextlib
import glob
import io
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ssc.runtime.recordfile import (
    UNSET,
    ExpectedError,
    ExpectedRecord,
    InputFile,
    OutputFile,
    read_input,
    read_output,
    record_format,
    write_output,
)
from ssc.runtime.records import (
    Record,
    SmartModuleInitError,
    SmartModuleLookbackError,
    SmartStreamError,
    SmartStreamRuntimeError,
)

__all__ = [
    "INPUT_SUFFIXES",
    "OUTPUT_SUFFIXES",
    "GoldenError",
    "Output",
    "Result",
    "RunOptions",
    "check",
    "compare",
    "golden_files",
    "render_diff",
]

#: The golden files beside ``NAME.py``: ``NAME`` + one of these (the first that exists).
INPUT_SUFFIXES = (".in.jsonl", ".in.txt")
OUTPUT_SUFFIXES = (".out.jsonl", ".out.txt")

#: At most this many differences are shown; the rest are counted.
MAX_SHOWN = 20

#: Above this many (expected x actual) record pairs the diff pairs records by position.
_ALIGN_LIMIT = 250_000

SSC_BUG = "ssc bug: the compiled module and CPython disagree"

#: The ABI a ``.py`` is compiled (and run under CPython) for when neither the options
#: nor the input's header say: today's Fluvio's.
DEFAULT_ABI = "smartmodule"


class GoldenError(Exception):
    """A problem the user can fix before anything is compared: a missing or
    malformed record file, a compile error, params that init rejects. The
    message says what, in one piece; no traceback is needed."""


@dataclass
class RunOptions:
    """What the command line (or a caller) gives beyond the files.

    Each overrides the input file's header line of the same name; ``params``
    are merged into the header's (a key given here wins). ``abi`` is the
    ABI a ``.py`` is compiled for (default: the header's, else
    "smartmodule", today's Fluvio); a ``.wasm`` has its own.
    """

    abi: str | None = None
    params: dict[str, str] | None = None
    version: int | None = None
    accumulator: bytes | None = None
    base_offset: int | None = None
    opt_level: int | str = 2


@dataclass
class Output:
    """What one run produced: the output records, and the runtime error that stopped the batch."""

    records: list[Record]
    error: SmartStreamRuntimeError | None = None

    def describe(self) -> str:
        """``"3 records and an error at offset 4"``."""
        text = _count(len(self.records), "record")
        if self.error is not None:
            text += f" and an error at offset {self.error.offset}"
        return text

    def as_expected(self) -> OutputFile:
        """This output as an expected output with every field given (to compare two runs)."""
        error = self.error
        return OutputFile([ExpectedRecord(r.value, r.key, r.offset, r.timestamp) for r in self.records],
                          None if error is None else ExpectedError(error.hint, error.offset, error.key,
                                                                   error.value))


@dataclass
class Run:
    """One way of running the module: ``how`` ("compiled" or "CPython"), and
    its output, or ``failure``, why it produced none (init or look_back failed,
    a trap); ``printed``: what its ``print()`` calls wrote to stdout."""

    how: str
    output: Output | None = None
    failure: str | None = None
    printed: str = ""


@dataclass
class Result:
    """The verdict: ``passed``, ``report`` (a one-line summary on success, the
    readable diff on failure), ``ssc_bug`` (compiled and CPython disagree),
    ``written`` (the expected-output file an update wrote)."""

    passed: bool
    report: str
    ssc_bug: bool = False
    written: Path | None = None
    runs: list[Run] = field(default_factory=list)


def golden_files(source: Path) -> tuple[Path | None, Path | None]:
    """The conventional golden files of ``NAME.py`` (or ``NAME.wasm``): ``NAME.in.jsonl``
    or ``NAME.in.txt``, and ``NAME.out.jsonl`` or ``NAME.out.txt``; None where none exists.

    Where CPython's output changed in a version, ``NAME.out.X.Y.jsonl`` beside
    ``NAME.out.jsonl`` is the expected output from Python X.Y on: the running
    Python takes the one of the greatest version up to its own, else the plain
    file (``map_json.out.3.13.jsonl``: 3.13's trailing-comma message).
    Raises GoldenError when both formats of one file exist.
    """
    stem = source.with_suffix("")
    found: list[Path | None] = []
    for suffixes in (INPUT_SUFFIXES, OUTPUT_SUFFIXES):
        paths = [stem.with_name(stem.name + suffix) for suffix in suffixes]
        existing = [p for p in paths if p.is_file()]
        if len(existing) > 1:
            raise GoldenError(f"ssc: {source}: both {existing[0].name} and {existing[1].name} exist; "
                              f"keep one")
        found.append(existing[0] if existing else None)
    return found[0], found[1] and _for_this_python(found[1])


def _for_this_python(expect: Path) -> Path:
    """``NAME.out.X.Y.jsonl`` of the greatest version X.Y up to the running Python's, else ``expect``."""
    base, dot, suffix = expect.name.rpartition(".")
    running = sys.version_info[:2]
    versions = []
    for path in expect.parent.glob(f"{glob.escape(base)}.3.*.{suffix}"):
        minor = path.name[len(base) + 3:-len(suffix) - 1]
        if minor.isdigit() and (3, int(minor)) <= running:
            versions.append((int(minor), path))
    return max(versions)[1] if versions else expect


def default_expect(input_path: Path) -> Path:
    """``NAME.in.jsonl`` -> ``NAME.out.jsonl`` (the expected output to write when there is none)."""
    name = input_path.name
    for suffix in INPUT_SUFFIXES:
        if name.endswith(suffix):
            return input_path.with_name(name[: -len(suffix)] + suffix.replace(".in.", ".out.", 1))
    return input_path.with_name(input_path.stem + ".out" + input_path.suffix)


# --------------------------------------------------------------------------
# Checking a module against its golden files
# --------------------------------------------------------------------------


def check(module: Path, input_path: Path, expect_path: Path, *, options: RunOptions | None = None,
          update: bool = False, update_flag: str = "--update", root: Path | None = None) -> Result:
    """Run ``module`` (a .py or .wasm) over ``input_path`` and compare with ``expect_path``.

    With ``update``, write ``expect_path`` from the output instead (for a
    .py, only if the compiled module and CPython agree). ``update_flag``
    names the option that does it, for messages; the messages show the
    paths relative to ``root`` where they lie inside it. Raises GoldenError
    for a problem with the files or the module (see there).
    """
    options = options or RunOptions()
    module, input_path, expect_path = Path(module), Path(input_path), Path(expect_path)
    name, input_name, expect_name = (_shown(path, root) for path in (module, input_path, expect_path))
    if not module.is_file():
        raise GoldenError(f"ssc: no such file: {name}")
    if module.suffix not in (".py", ".wasm"):
        raise GoldenError(f"ssc: {name}: expected a SmartStream source (.py) or a module (.wasm)")
    _format_of(expect_path)
    batch = _read_batch(input_path, options, input_name)
    expected = None if update else _read_expected(expect_path, expect_name, update_flag)

    runs = [_printing(_run_compiled, module, batch, options, name)]
    if module.suffix == ".py":
        runs.append(_printing(_run_cpython, module, batch, name))
    compiled = runs[0]

    if len(runs) == 2 and not _same_run(*runs):
        report = _disagreement(name, input_name, *runs)
        if update:
            return Result(False, f"{report}\n{expect_name} was not written.", True, runs=runs)
        return Result(False, _with_golden_diffs(report, name, expect_name, expected, runs), True, runs=runs)
    if compiled.failure is not None:  # both failed alike: the user's to fix
        raise GoldenError(f"ssc: {name}: {compiled.failure}")
    assert compiled.output is not None
    agree = "; CPython agrees" if len(runs) == 2 else ""

    if update:
        _write_expected(expect_path, expect_name, compiled.output)
        return Result(True, f"wrote {expect_name}: {compiled.output.describe()} ({compiled.how}{agree})",
                      written=expect_path, runs=runs)

    assert expected is not None
    differences = compare(expected, compiled.output)
    if not differences:
        return Result(True, f"ok: {name}: {compiled.output.describe()}, as in {expect_name} "
                            f"({compiled.how}{agree})", runs=runs)
    both = " (compiled and CPython agree)" if len(runs) == 2 else ""
    title = f"FAIL {name}: the output differs from {expect_name}{both}"
    return Result(False, render_diff(differences, expected, compiled.output, title), runs=runs)


def _read_expected(expect_path: Path, expect_name: str, update_flag: str) -> Output:
    """The golden output ``expect_path`` holds, or GoldenError saying how to write it."""
    if not expect_path.is_file():
        raise GoldenError(f"ssc: no expected output {expect_name} (run with {update_flag} to write "
                          f"it from the module's output)")
    try:
        return read_output(expect_path)
    except (OSError, ValueError) as err:
        raise GoldenError(f"ssc: {_os_message(err)}") from None


def _write_expected(expect_path: Path, expect_name: str, output: Output) -> None:
    """Write ``output`` as the golden file ``expect_path`` (atomically, by write_output)."""
    try:
        write_output(expect_path, output.records, output.error)
    except ValueError as err:
        raise GoldenError(f"ssc: cannot write {expect_name}: {err}") from None
    except OSError as err:
        raise GoldenError(f"ssc: cannot write {expect_name}: {err.strerror}") from None


def _shown(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return str(path.absolute().relative_to(root))
        except ValueError:
            pass
    return str(path)


def _format_of(path: Path) -> str:
    try:
        return record_format(path)
    except ValueError as err:
        raise GoldenError(f"ssc: {err}") from None


def _read_batch(path: Path, options: RunOptions, name: str) -> InputFile:
    _format_of(path)
    if not path.is_file():
        raise GoldenError(f"ssc: no such file: {name}")
    try:
        batch = read_input(path)
    except (OSError, ValueError) as err:
        raise GoldenError(f"ssc: {_os_message(err)}") from None
    if options.abi is not None:
        batch.abi = options.abi
    if options.params is not None:
        batch.params = {**(batch.params or {}), **options.params}
    if options.version is not None:
        batch.version = options.version
    if options.accumulator is not None:
        batch.accumulator = options.accumulator
    if options.base_offset is not None:
        batch.base_offset = options.base_offset
    return batch


def _os_message(err: Exception) -> str:
    if isinstance(err, OSError) and err.filename is not None:
        return f"cannot read {err.filename}: {err.strerror}"
    return str(err)


def _run_compiled(module: Path, batch: InputFile, options: RunOptions, name: str) -> Run:
    from ssc.runtime import ModuleLoadError, load

    if module.suffix == ".py":
        from ssc.compiler import CompileError, CompileErrors, compile, read_source

        abi = batch.abi or DEFAULT_ABI
        try:
            wasm: bytes | Path = compile(read_source(module), name, opt_level=options.opt_level,
                                         abi=abi).wasm
        except (CompileError, CompileErrors) as err:
            raise GoldenError(err.render()) from None
        except ValueError as err:  # an unknown ABI name
            raise GoldenError(f"ssc: {err}") from None
    else:
        wasm = module
    load_options: dict[str, Any] = {}
    if batch.params is not None:
        load_options["params"] = batch.params
    if batch.version is not None:
        load_options["version"] = batch.version
    run = Run("compiled")
    try:
        loaded = load(wasm, name=name, **load_options)
    except ModuleLoadError as err:
        raise GoldenError(f"ssc: {err}") from None
    except SmartModuleInitError as err:
        run.failure = f"init failed: {err.hint}"
        return run
    except SmartStreamError as err:
        run.failure = f"{type(err).__name__}: {err}"
        return run
    smartmodule = loaded.abi.value == "smartmodule"
    run.how = f"{'compiled' if module.suffix == '.py' else 'wasm'}, {loaded.abi.value} ABI"
    _check_look_back(batch, name, getattr(loaded, "has_look_back", False))
    return _process(run, loaded, batch, smartmodule)


def _run_cpython(module: Path, batch: InputFile, name: str) -> Run:
    from smartstream import load_python

    abi = batch.abi or DEFAULT_ABI
    run = Run("CPython")
    try:
        loaded = load_python(module, abi=abi, params=batch.params if abi == "smartmodule" else None)
    except SmartModuleInitError as err:
        run.failure = f"init failed: {err.hint}"
        return run
    except Exception as err:  # the file did not import under CPython, though it compiled
        run.failure = f"importing it under CPython failed: {type(err).__name__}: {err}"
        return run
    _check_look_back(batch, name, getattr(loaded, "_look_back", None) is not None)
    return _process(run, loaded, batch, abi == "smartmodule")


def _check_look_back(batch: InputFile, module: str, has_look_back: bool) -> None:
    if batch.look_back and not has_look_back:
        raise GoldenError(f"ssc: the input gives look_back records, but {module} has no look_back "
                          f"function (a SmartModule's, compiled with --abi smartmodule)")


def _process(run: Run, module: Any, batch: InputFile, smartmodule: bool) -> Run:
    kwargs: dict[str, Any] = {}
    if module.kind.export == "aggregate":
        kwargs["accumulator"] = batch.accumulator
    if smartmodule:
        kwargs["base_timestamp"] = batch.base_timestamp
    try:
        if batch.look_back:
            module.look_back(batch.look_back)
        records = module.process(batch.records, base_offset=batch.base_offset, **kwargs)
    except SmartStreamRuntimeError as err:
        run.output = Output(list(err.successes), err)
    except SmartModuleLookbackError as err:
        run.failure = f"look_back failed at offset {err.offset}: {err.hint}"
    except SmartStreamError as err:
        run.failure = f"{type(err).__name__}: {err}"
    else:
        run.output = Output(list(records))
    return run


def _printing(step: Callable[..., Run], *args: Any) -> Run:
    """``step(*args)``'s run, with what it printed to stdout kept in ``printed``."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        run = step(*args)
    run.printed = printed.getvalue()
    return run


def _same_run(a: Run, b: Run) -> bool:
    if a.printed != b.printed:
        return False
    if a.output is None or b.output is None:
        return a.output is None and b.output is None and a.failure == b.failure
    return not compare(a.output.as_expected(), b.output)


def _disagreement(module: str, input_path: str, compiled: Run, cpython: Run) -> str:
    head = (f"{SSC_BUG} on {module} with {input_path}\n"
            f"  (the same records give different results; unless this is one of the documented "
            f"differences,\n  docs/language.md \"Differences from CPython\", please report it)")
    if compiled.printed != cpython.printed:
        return "\n".join([head, "  they print different text to stdout:",
                          f"  CPython:  {cpython.printed!r}", f"  compiled: {compiled.printed!r}"])
    if compiled.output is None or cpython.output is None:
        lines = [head]
        for run in (cpython, compiled):
            lines.append(f"  {run.how}: " + (run.failure if run.failure is not None
                                              else f"ran: {run.output.describe()}"))  # type: ignore[union-attr]
        return "\n".join(lines)
    differences = compare(cpython.output.as_expected(), compiled.output)
    return render_diff(differences, cpython.output.as_expected(), compiled.output, head,
                       expected_label="CPython", actual_label="compiled")


def _with_golden_diffs(report: str, module: str, expect_path: str, expected: OutputFile | None,
                       runs: list[Run]) -> str:
    """After a disagreement: how each run compares with the expected output."""
    parts = [report]
    assert expected is not None
    for run in runs:
        if run.output is None:
            continue
        differences = compare(expected, run.output)
        if differences:
            title = f"FAIL {module}: the {run.how.split(',')[0]} output differs from {expect_path}"
            parts.append(render_diff(differences, expected, run.output, title))
        else:
            parts.append(f"the {run.how.split(',')[0]} output matches {expect_path}")
    return "\n".join(parts)


# --------------------------------------------------------------------------
# Comparing and the diff
# --------------------------------------------------------------------------

Expected = ExpectedRecord | ExpectedError
Actual = Record | SmartStreamRuntimeError


@dataclass(frozen=True)
class Difference:
    """One difference: ``kind`` is "changed", "missing" (expected, not produced) or
    "unexpected" (produced, not expected); ``index`` and ``actual_index`` are the
    positions in the expected and the actual output (records, then the error)."""

    kind: str
    expected: Expected | None
    actual: Actual | None
    index: int | None
    actual_index: int | None


def compare(expected: OutputFile, actual: Output) -> list[Difference]:
    """The differences between an expected and an actual output; [] when they match."""
    exp: list[Expected] = [*expected.records, *([expected.error] if expected.error else [])]
    act: list[Actual] = [*actual.records, *([actual.error] if actual.error else [])]
    ops = _align(exp, act, _matches)
    differences: list[Difference] = []
    pending_missing: list[int] = []
    pending_unexpected: list[int] = []

    def flush() -> None:
        # between two matches: pair records with records and the error with the error, in order
        for is_error in (False, True):
            missing = [i for i in pending_missing if isinstance(exp[i], ExpectedError) == is_error]
            unexpected = [j for j in pending_unexpected
                          if isinstance(act[j], SmartStreamRuntimeError) == is_error]
            pairs = min(len(missing), len(unexpected))
            for i, j in zip(missing[:pairs], unexpected[:pairs]):
                differences.append(Difference("changed", exp[i], act[j], i, j))
            differences.extend(Difference("missing", exp[i], None, i, None) for i in missing[pairs:])
            differences.extend(Difference("unexpected", None, act[j], None, j) for j in unexpected[pairs:])
        pending_missing.clear()
        pending_unexpected.clear()

    for op, i, j in ops:
        if op == "equal":
            flush()
        elif op == "missing":
            pending_missing.append(i)  # type: ignore[arg-type]
        else:
            pending_unexpected.append(j)  # type: ignore[arg-type]
    flush()
    return differences


def _matches(expected: Expected, actual: Actual) -> bool:
    if isinstance(expected, ExpectedRecord):
        return isinstance(actual, Record) and expected.matches(actual)
    return isinstance(actual, SmartStreamRuntimeError) and expected.matches(actual)


def _align(exp: Sequence[Any], act: Sequence[Any],
           match: Callable[[Any, Any], bool]) -> list[tuple[str, int | None, int | None]]:
    """A longest-common-subsequence alignment: ("equal", i, j), ("missing", i, None),
    ("unexpected", None, j), in order."""
    n, m = len(exp), len(act)
    start = 0
    while start < n and start < m and match(exp[start], act[start]):
        start += 1
    end = 0
    while end < n - start and end < m - start and match(exp[n - 1 - end], act[m - 1 - end]):
        end += 1
    ops: list[tuple[str, int | None, int | None]] = [("equal", k, k) for k in range(start)]
    e, a = list(range(start, n - end)), list(range(start, m - end))
    if len(e) * len(a) > _ALIGN_LIMIT:  # too big to align: pair by position
        for k in range(max(len(e), len(a))):
            i = e[k] if k < len(e) else None
            j = a[k] if k < len(a) else None
            if i is not None and j is not None and match(exp[i], act[j]):
                ops.append(("equal", i, j))
            else:
                if i is not None:
                    ops.append(("missing", i, None))
                if j is not None:
                    ops.append(("unexpected", None, j))
    else:
        # lengths[x][y]: the LCS of e[x:] and a[y:]
        lengths = [[0] * (len(a) + 1) for _ in range(len(e) + 1)]
        for x in range(len(e) - 1, -1, -1):
            row, below = lengths[x], lengths[x + 1]
            for y in range(len(a) - 1, -1, -1):
                if match(exp[e[x]], act[a[y]]):
                    row[y] = below[y + 1] + 1
                else:
                    row[y] = max(below[y], row[y + 1])
        x = y = 0
        while x < len(e) or y < len(a):
            if x < len(e) and y < len(a) and match(exp[e[x]], act[a[y]]):
                ops.append(("equal", e[x], a[y]))
                x, y = x + 1, y + 1
            elif y < len(a) and (x == len(e) or lengths[x][y + 1] >= lengths[x + 1][y]):
                ops.append(("unexpected", None, a[y]))
                y += 1
            else:
                ops.append(("missing", e[x], None))
                x += 1
    ops += [("equal", n - end + k, m - end + k) for k in range(end)]
    return ops


def render_diff(differences: Sequence[Difference], expected: OutputFile, actual: Output, title: str, *,
                expected_label: str = "expected", actual_label: str = "actual") -> str:
    """The readable diff: the title, each difference, then what each side holds.

        FAIL filter.py: the output differs from filter.out.jsonl
          record #1 (offset 2): the value differs
            expected: key null, value "banana", offset 2
            actual:   key null, value "bananas", offset 2
          2 differences; expected 5 records, actual 5 records
    """
    width = max(len(expected_label), len(actual_label)) + 1
    lines = [title]
    for difference in differences[:MAX_SHOWN]:
        lines.append("  " + _headline(difference, expected_label, actual_label))
        if difference.expected is not None:
            lines.append(f"    {expected_label + ':':<{width}} {_show(difference.expected)}")
        if difference.actual is not None:
            lines.append(f"    {actual_label + ':':<{width}} {_show(difference.actual)}")
    if len(differences) > MAX_SHOWN:
        lines.append(f"  ... and {len(differences) - MAX_SHOWN} more")
    expected_text = _count(len(expected.records), "record")
    if expected.error is not None:
        expected_text += " and an error" + ("" if expected.error.offset is None
                                            else f" at offset {expected.error.offset}")
    lines.append(f"  {_count(len(differences), 'difference')}; {expected_label} {expected_text}, "
                 f"{actual_label} {actual.describe()}")
    return "\n".join(lines)


def _headline(difference: Difference, expected_label: str, actual_label: str) -> str:
    exp, act = difference.expected, difference.actual
    if difference.kind == "changed":
        assert exp is not None and act is not None
        if isinstance(exp, ExpectedRecord) and isinstance(act, Record):
            return f"record #{difference.actual_index} (offset {act.offset}): {_fields_differ(exp, act)}"
        assert isinstance(exp, ExpectedError) and isinstance(act, SmartStreamRuntimeError)
        return f"error (offset {act.offset}): {_fields_differ(exp, act)}"
    if difference.kind == "missing":
        if isinstance(exp, ExpectedError):
            return f"error: missing from the {actual_label} output (no record failed)"
        offset = "" if exp is None or exp.offset is None else f" (offset {exp.offset})"
        return f"record #{difference.index}{offset}: missing from the {actual_label} output"
    assert act is not None
    if isinstance(act, SmartStreamRuntimeError):
        return f"error (offset {act.offset}): not in the {expected_label} output"
    return f"record #{difference.actual_index} (offset {act.offset}): not in the {expected_label} output"


def _fields_differ(exp: Expected, act: Actual) -> str:
    names = []
    if isinstance(exp, ExpectedRecord) and isinstance(act, Record):
        checks = [("key", exp.key is not UNSET and exp.key != act.key), ("value", exp.value != act.value),
                  ("offset", exp.offset is not None and exp.offset != act.offset),
                  ("timestamp", exp.timestamp is not None and exp.timestamp != act.timestamp)]
    else:
        assert isinstance(exp, ExpectedError) and isinstance(act, SmartStreamRuntimeError)
        checks = [("offset", exp.offset is not None and exp.offset != act.offset), ("hint", exp.hint != act.hint),
                  ("key", exp.key is not UNSET and exp.key != act.key),
                  ("value", exp.value is not UNSET and exp.value != act.value)]
    names = [name for name, differs in checks if differs]
    if len(names) == 1:
        return f"the {names[0]} differs"
    return f"the {', '.join(names[:-1])} and {names[-1]} differ"


def _show(item: Expected | Actual) -> str:
    """``key null, value "banana", offset 2`` (what the expected side gives, all of the actual)."""
    parts = []
    if isinstance(item, (ExpectedRecord, Record)):
        if item.key is not UNSET:
            parts.append(f"key {_bytes(item.key)}")
        parts.append(f"value {_bytes(item.value)}")
        if item.offset is not None:
            parts.append(f"offset {item.offset}")
        if item.timestamp:
            parts.append(f"timestamp {item.timestamp}")
        return ", ".join(parts)
    if item.offset is not None:
        parts.append(f"offset {item.offset}")
    if item.key is not UNSET:
        parts.append(f"key {_bytes(item.key)}")
    if item.value is not UNSET:
        parts.append(f"value {_bytes(item.value)}")
    return (", ".join(parts) + ": " if parts else "") + item.hint


def _bytes(data: bytes | None) -> str:
    """null, a JSON string for UTF-8 (``"banana"``), Python's repr otherwise (``b'\\xff'``)."""
    if data is None:
        return "null"
    try:
        return json.dumps(data.decode("utf-8"), ensure_ascii=False)
    except UnicodeDecodeError:
        return repr(data)


def _count(n: int, noun: str) -> str:
    if n == 0:
        return f"no {noun}s"
    return f"{n} {noun}" + ("" if n == 1 else "s")
