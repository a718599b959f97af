"""The README and docs stay true: every snippet runs as pasted, and every figure the README quotes is checked.

Each fenced block of README.md and docs/*.md says what it is by its
language, and is run that way, from a fresh copy of the repository's
``examples/`` (the README's commands run from the repository root):

- ``console``: ``$ command`` lines, each followed by what it prints
  (stdout and stderr); the commands run in order and the output must match;
- ``sh``: run with ``bash -euo pipefail``; it must succeed (the quick start
  runs in an empty folder, as the README says);
- ``pycon``: an interactive session, run as a doctest in a fresh Python;
- ``python``: a SmartStream source, which must type-check with ssc and
  import under CPython;
- ``text``: a file layout or a format: not run.

A block preceded by ``<!-- not run: REASON -->`` is not run (the fluvio
commands need a cluster, the benchmark takes minutes); it must give the
reason. The figures in the README's prose (sizes, times, ratios) are each
computed here, from a fresh compile or from the benchmark run recorded in
docs/benchmarks.md, and a figure that no rule checks fails the test.
"""

from __future__ import annotations

import doctest
import math
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO

DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
LANGUAGES = {"console", "sh", "pycon", "python", "text"}
BIN = str(Path(sys.executable).parent)


@dataclass(frozen=True)
class Block:
    path: Path
    line: int
    language: str
    text: str
    note: str          # the <!-- ... --> line just before the fence, if any

    @property
    def id(self) -> str:
        return f"{self.path.name}:{self.line}"


def blocks(path: Path) -> list[Block]:
    found: list[Block] = []
    lines = path.read_text(encoding="utf-8").split("\n")
    index = 0
    while index < len(lines):
        fence = re.match(r"^```(\S*)\s*$", lines[index])
        if fence is None:
            index += 1
            continue
        end = lines.index("```", index + 1)
        before = [line for line in lines[:index] if line.strip()]
        note = before[-1] if before and before[-1].startswith("<!--") else ""
        found.append(Block(path, index + 1, fence.group(1), "\n".join(lines[index + 1:end]) + "\n", note))
        index = end + 1
    return found


BLOCKS = [block for path in DOCUMENTS for block in blocks(path)]
RUN = [block for block in BLOCKS if "not run" not in block.note and block.language != "text"]


@pytest.fixture
def playground(tmp_path: Path) -> Path:
    """A folder like the repository root for the README's commands: a fresh copy of examples/."""
    shutil.copytree(REPO / "examples", tmp_path / "examples",
                    ignore=shutil.ignore_patterns("*.wasm", "__sscache__", "__pycache__"))
    return tmp_path


def shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": BIN + os.pathsep + os.environ.get("PATH", "")}
    return subprocess.run(["bash", "-euo", "pipefail", "-c", command], cwd=cwd, env=env, capture_output=True,
                          text=True)


def test_every_block_says_what_it_is() -> None:
    assert len(BLOCKS) > 15
    for block in BLOCKS:
        assert block.language in LANGUAGES, f"{block.id}: a ``` block needs one of {sorted(LANGUAGES)}"
        if "not run" in block.note:
            reason = block.note.split("not run", 1)[1].strip(" :-<>!")
            assert len(reason) > 10, f"{block.id}: say why the block is not run"


@pytest.mark.parametrize("block", RUN, ids=[block.id for block in RUN])
def test_the_block_runs_as_pasted(block: Block, playground: Path, tmp_path: Path) -> None:
    {"console": run_console, "sh": run_sh, "pycon": run_pycon, "python": check_smartstream}[block.language](
        block, playground, tmp_path)


def run_console(block: Block, playground: Path, tmp_path: Path) -> None:
    """``$ command`` lines and what each prints: run in order, compared exactly."""
    steps = re.split(r"^\$ ", block.text, flags=re.M)[1:]
    assert steps, f"{block.id}: a console block starts with '$ command'"
    for version in sorted(set(re.findall(r"--python (3\.\d+)", block.text))):
        _runtime_for(version)
    for step in steps:
        command, _, expected = step.partition("\n")
        done = shell(command + " 2>&1", playground)
        assert done.stdout == expected, f"{block.id}: `{command}` printed:\n{done.stdout}"
        assert done.returncode == 0, f"{block.id}: `{command}` failed"


def _runtime_for(version: str) -> None:
    """Build (or find) the guest runtime for ``--python VERSION`` here, so that its one-time
    build does not print its line into a block's compared output."""
    from ssc.compiler import PythonVersion, guestlib

    guestlib.guest_object(PythonVersion.parse(version))


def run_sh(block: Block, playground: Path, tmp_path: Path) -> None:
    where = playground
    if "quick-start" in block.note:
        where = tmp_path / "empty"
        where.mkdir()
    done = shell(block.text, where)
    assert done.returncode == 0, f"{block.id} failed:\n{done.stdout}{done.stderr}"


def run_pycon(block: Block, playground: Path, tmp_path: Path) -> None:
    """The session as a doctest, in a Python of its own (it may install the import hook)."""
    script = textwrap.dedent("""\
        import doctest, sys
        text = open(sys.argv[1], encoding="utf-8").read()
        test = doctest.DocTestParser().get_doctest(text, {}, sys.argv[2], sys.argv[2], 0)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        runner.run(test)
        sys.exit(1 if runner.failures or not runner.tries else 0)
        """)
    session = tmp_path / "session.txt"
    session.write_text(block.text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", script, str(session), block.id], cwd=playground,
                          capture_output=True, text=True)
    assert done.returncode == 0, f"{block.id}:\n{done.stdout}{done.stderr}"


def check_smartstream(block: Block, playground: Path, tmp_path: Path) -> None:
    """A ``python`` block is a SmartStream: ssc accepts it, and CPython imports it."""
    from smartstream import load_python
    from ssc.compiler import check_source

    assert "from smartstream import" in block.text, f"{block.id}: a python block is a SmartStream; use pycon"
    check_source(block.text, block.id)
    path = tmp_path / "snippet.py"
    path.write_text(block.text, encoding="utf-8")
    load_python(path)


# ---- figures ------------------------------------------------------------------------

#: A figure in prose: a number or a range with a unit.
FIGURE = re.compile(r"\d[\d,.]*(?:–\d[\d,.]*)?\s?(?:KB|MB|KiB|MiB|GiB|ms|×|%|bytes|functions|s\b)")


def prose(path: Path) -> str:
    """The text outside fenced blocks (their figures are checked by running them)."""
    return re.sub(r"^```.*?^```$", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)


def table(title: str) -> list[dict[str, str]]:
    """The rows of the docs/benchmarks.md table after ``**TITLE...**``, as dicts."""
    text = (REPO / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    start = text.index(f"**{title}")
    lines = [line for line in text[start:].split("\n")[1:] if line.strip()]
    rows = []
    for line in lines:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    header, body = rows[0], rows[2:]
    return [dict(zip(header, row)) for row in body]


def number(cell: str) -> float:
    return float(cell.replace(",", "").rstrip("x×"))


def span(values: list[float], scale: float = 1.0, digits: int = 0) -> str:
    """``"7–58"``: the range of ``values / scale``, widened to ``digits`` decimals."""
    low, high = min(values) / scale, max(values) / scale
    if digits == 0:
        return f"{math.floor(low)}–{math.ceil(high)}"
    return f"{low:.{digits}f}–{high:.{digits}f}"


#: The README's module sizes are those of modules for this Python, whichever runs the test
#: (a module carries its target's runtime code and Unicode tables: 3.13's are larger).
FIGURES_PYTHON = "3.11"


def compiled_size(path: str, abi: str = "smartmodule", names: bool = False) -> int:
    from ssc.compiler import compile

    source = (REPO / path).read_text(encoding="utf-8")
    return len(compile(source, path, abi=abi, names=names, python=FIGURES_PYTHON).wasm)


def bench_abi(name: str) -> str:
    from bench.suite import PROGRAMS

    return next(p.abi for p in PROGRAMS if p.name == name)


SEEDS = ("examples/filter.py", "examples/map_double.py", "examples/aggregate_concat.py")
STRING_HEAVY = ("csv_pick", "log_filter", "format_amount", "redact_digits")


def _names_cost() -> str:
    ratios = [compiled_size(str(p.relative_to(REPO)), names=True) / compiled_size(str(p.relative_to(REPO))) - 1
              for p in sorted(REPO.glob("examples/*.py"))]
    return span([100 * r for r in ratios]) + "%"


def _compile_times() -> list[float]:
    return [number(row["in-process"]) for row in table("1-2. compile time")]


def _ratio(title: str, column: str, program: str) -> str:
    (row,) = [row for row in table(title) if row["program"] == program][:1]
    return f"{number(row[column]):.1f}×"


#: (the sentence in README.md with the figure as the group ``f``, what the figure must be)
RULES: list[tuple[str, Callable[[], str]]] = [
    (r"compile to (?P<f>[\d–]+ KB) modules that follow",
     lambda: span([compiled_size(p) for p in SEEDS], 1000) + " KB"),
    (r"A compile\ntakes (?P<f>[\d–]+ ms) in process", lambda: span(_compile_times()) + " ms"),
    (r"compiles to a (?P<f>\d+ KB) module that runs",
     lambda: f"{round(compiled_size('bench/programs/json_filter.py', bench_abi('json_filter')) / 1000)} KB"),
    (r"module that runs (?P<f>[\d.]+×) faster than CPython's",
     lambda: _ratio("5. CPython", "CPython / ssc", "json_filter")),
    (r"\((?P<f>[\d–]+%) more bytes on the examples\)", _names_cost),
    (r"\(1 GiB, as Fluvio's SPU\)", lambda: ""),
    (r"512 KiB, wasmtime's default; 16 KiB to 4 MiB", lambda: ""),
    (r"the epoch every (?P<f>\d+ ms) while a call runs", lambda: f"{_sandbox().TICK * 1000:g} ms"),
    (r"Fluvio itself has the 1 GiB memory", lambda: ""),
    (r"in a wasm component: (?P<f>\d+ MB)",
     lambda: f"{round(number(table('9. Python in wasm')[0]['size (bytes)']) / 1e6)} MB"),
    (r"(?P<f>[\d.]+×) slower than ssc's filter",
     lambda: f"{number(table('9. Python in wasm')[0]['component / ssc']):.1f}×"),
    (r"(?P<f>[\d–]+ ms) per compile in process", lambda: span(_compile_times()) + " ms"),
    (r"\((?P<f>[\d–]+ ms) for\na cold", lambda: span([number(r["CLI cold"]) for r in table("1-2. compile time")])
     + " ms"),
    (r"(?P<f>[\d–]+ KB) modules, the filter",
     lambda: span([number(r["size"]) for r in table("1-2. compile time")], 1000) + " KB"),
    (r"the filter within\n(?P<f>[\d.–]+×) of its C reference",
     lambda: span([number(r["ssc / C"]) for r in table("3-4. guest") if r["program"] == "filter"], digits=2) + "×"),
    (r"the others within (?P<f>[\d.–]+×)",
     lambda: span([number(r["ssc / C"]) for r in table("3-4. guest") if r["program"] != "filter"
                   and r["ssc / C"] != "—"], digits=2) + "×"),
    (r"\n(?P<f>[\d.–]+×) faster than CPython running the same file on the string-heavy",
     lambda: span([number(r["CPython / ssc"]) for r in table("5. CPython") if r["program"] in STRING_HEAVY],
                  digits=1) + "×"),
    (r"the filter (?P<f>[\d.]+×) and the reshape",
     lambda: _ratio("5. CPython", "CPython / ssc", "json_filter")),
    (r"and the reshape (?P<f>[\d.]+×) faster",
     lambda: _ratio("5. CPython", "CPython / ssc", "json_reshape")),
    (r"the seed filter runs (?P<f>[\d.]+×) and csv_pick", lambda: _end_to_end("filter")),
    (r"and csv_pick (?P<f>[\d.]+×) faster than a\nCPython loop", lambda: _end_to_end("csv_pick")),
]


def _end_to_end(program: str) -> str:
    """The end-to-end ratio to the CPython loop at 100,000 records, from the issue 18 run."""
    (row,) = [row for row in table("18/6. end to end") if row["program"] == program and row["records"] == "100,000"]
    return f"{number(row['CPython time / ssc time']):.1f}×"


def _sandbox():
    from ssc.runtime import sandbox

    assert (sandbox.DEFAULT_MAX_MEMORY, sandbox.DEFAULT_MAX_STACK) == (1 << 30, 512 << 10)   # 1 GiB, 512 KiB
    assert (sandbox._MIN_STACK, sandbox._MAX_STACK) == (16 << 10, 4 << 20)                  # 16 KiB, 4 MiB
    return sandbox


@pytest.mark.parametrize("rule", [rule for rule, _ in RULES])
def test_a_readme_figure_is_true(rule: str) -> None:
    text = prose(REPO / "README.md")
    found = re.search(rule, text)
    assert found is not None, f"README.md no longer says /{rule}/: update the rule with the text"
    expected = dict(RULES)[rule]()
    _sandbox()
    if "f" in found.groupdict():
        assert found.group("f") == expected, f"README.md says {found.group('f')}, the figure is {expected}"


def test_every_readme_figure_has_a_rule() -> None:
    text = prose(REPO / "README.md")
    covered = [found.span() for rule, _ in RULES for found in re.finditer(rule, text)]
    unchecked = [(text.count("\n", 0, m.start()) + 1, m.group()) for m in FIGURE.finditer(text)
                 if not any(start <= m.start() and m.end() <= end for start, end in covered)]
    assert unchecked == [], f"figures in README.md that no rule checks (line, figure): {unchecked}"
