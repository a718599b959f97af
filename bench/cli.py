"""The wall time of an ``ssc compile`` process: warm, and with no bytecode at all.

Both run ``python -m ssc compile FILE`` in a private copy of ssc's packages
(``compiler/``, ``runtime/``, ``ssc/``, ``grammar/``, ``smartstream/``, as a
checkout has them), so that the bytecode in question is the copy's alone:

- **warm**: Python's bytecode cache (``__pycache__``) written by a first
  run, as after any first run; the environment's
  ``PYTHONDONTWRITEBYTECODE`` is dropped for that first run.
- **no bytecode**: every ``__pycache__`` of the copy removed before each run
  and ``python -B``, so each run compiles ssc's sources, as the very first
  run of a checkout or an editable install does. (``PYTHONDONTWRITEBYTECODE``
  alone measures nothing: it stops writing bytecode, not reading what an
  earlier run wrote.) The dependencies (lark, llvmlite, wasmtime) keep the
  bytecode pip wrote at install, as they do for a user.

The two kinds of run alternate, the first of each pair taking turns. Each
is timed with the wall clock (what a user waits) and by its CPU time (user
and system, the zig link included), which a busy machine's waiting for a
core does not inflate.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: What a checkout holds of ssc (``ssc/__init__.py`` finds the rest beside ``ssc/``).
PACKAGES = ("compiler", "runtime", "ssc", "grammar", "smartstream")


def cli_figures(repo: Path, source: Path, abi: str, repeat: int) -> dict[str, float]:
    """Median milliseconds of a warm ``ssc compile`` process and of one with no bytecode."""
    with tempfile.TemporaryDirectory(prefix="ssc-bench-cli-") as tmp:
        copy = Path(tmp) / "ssc"
        for package in PACKAGES:
            shutil.copytree(repo / package, copy / package, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(repo / "pyproject.toml", copy / "pyproject.toml")
        command = [sys.executable, "-m", "ssc", "compile", str(source), "--abi", abi,
                   "-o", str(Path(tmp) / "out.wasm")]
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        _run(command, copy, env)                       # writes the bytecode; builds any cache entry
        runs: dict[str, list[tuple[float, float]]] = {"warm": [], "no_bytecode": []}
        for index in range(repeat):
            for kind in (("warm", "no_bytecode") if index % 2 == 0 else ("no_bytecode", "warm")):
                if kind == "warm":
                    runs[kind].append(_run(command, copy, env))
                else:
                    bytecode = _drop_bytecode(copy)
                    runs[kind].append(_run([command[0], "-B", *command[1:]], copy, env))
                    _restore_bytecode(copy, bytecode)
    figures = {}
    for kind, times in runs.items():
        figures[f"cli_{kind}_ms"] = statistics.median(wall for wall, _ in times) * 1e3
        figures[f"cli_{kind}_cpu_ms"] = statistics.median(cpu for _, cpu in times) * 1e3
    return figures


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system of the process and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _drop_bytecode(root: Path) -> Path:
    """Move every ``__pycache__`` under ``root`` aside (into one folder); return that folder."""
    aside = Path(tempfile.mkdtemp(prefix="ssc-bench-pyc-"))
    for index, cache in enumerate(sorted(root.rglob("__pycache__"))):
        cache.rename(aside / f"{index}")
        (aside / f"{index}.path").write_text(str(cache))
    return aside


def _restore_bytecode(root: Path, aside: Path) -> None:
    for marker in aside.glob("*.path"):
        Path(marker.read_text()).parent.mkdir(parents=True, exist_ok=True)
        (aside / marker.stem).rename(marker.read_text())
    shutil.rmtree(aside, ignore_errors=True)
