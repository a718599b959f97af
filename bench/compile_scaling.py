"""How compile time and memory grow with the source (issue 13, item 4): ``python -m bench --compile-scaling``.

Each shape is a generated SmartStream whose size is one number: lines of a
body, branches of an ``elif`` chain, terms of a ``+`` chain, fields of an
f-string, items of a tuple or dict constant. Each size is compiled in a
fresh process (so its peak RSS is its own), and the table gives the time
and peak memory at each size and, for each doubling, how much the time
grew: about 2 is linear, about 4 quadratic.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from typing import Callable

_HEAD = "from smartstream import smartstream, Record\n\n"
_FILTER = _HEAD + "@smartstream.filter\ndef f(record: Record) -> bool:\n    x = len(record.value)\n"


def body_lines(n: int) -> str:
    return _FILTER + "".join(f"    x = x + {i % 7}\n" for i in range(n)) + "    return x > 0\n"


def elif_branches(n: int) -> str:
    return _FILTER + "    if x == 0:\n        return False\n" + \
        "".join(f"    elif x == {i}:\n        return {i % 2 == 0}\n" for i in range(1, n)) + "    return True\n"


def plus_terms(n: int) -> str:
    return _FILTER + "    y = x" + " + x" * (n - 1) + "\n    return y > 0\n"


def fstring_fields(n: int) -> str:
    return _FILTER + "    return len(f\"" + "{x}," * n + "\") > 0\n"


def tuple_items(n: int) -> str:
    return _HEAD + f"T = ({', '.join(str(i) for i in range(n))})\n\n" \
        "@smartstream.filter\ndef f(record: Record) -> bool:\n    return len(record.value) in T\n"


def dict_items(n: int) -> str:
    return _HEAD + "D = {" + ", ".join(f'"{i}": {i}' for i in range(n)) + "}\n\n" \
        "@smartstream.filter\ndef f(record: Record) -> bool:\n    return record.value.decode() in D\n"


#: shape -> (generator, the sizes to compile: each twice the one before)
SHAPES: dict[str, tuple[Callable[[int], str], tuple[int, ...]]] = {
    "body lines": (body_lines, (2_500, 5_000, 10_000)),
    "elif branches": (elif_branches, (500, 1_000, 2_000)),
    "+ terms": (plus_terms, (700, 1_400, 2_800)),
    "f-string fields": (fstring_fields, (1_000, 2_000, 4_000)),
    "tuple constant items": (tuple_items, (2_500, 5_000, 10_000)),
    "dict constant items": (dict_items, (2_500, 5_000, 10_000)),
}

_MEASURE = """
import json, resource, sys, time
from ssc.compiler import check_source, compile
source = sys.stdin.read()
start = time.perf_counter()
check_source(source, "shape.py")
checked = time.perf_counter() - start
start = time.perf_counter()
compile(source, "shape.py")
compiled = time.perf_counter() - start
print(json.dumps({"check_s": checked, "compile_s": compiled,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(source: str, repeat: int) -> dict[str, float]:
    """The median ``ssc check`` and compile times (s) of ``source`` and the compiling process's peak RSS (MB)."""
    runs = []
    for _ in range(repeat):
        done = subprocess.run([sys.executable, "-c", _MEASURE], input=source, capture_output=True, text=True,
                              check=True)
        runs.append(json.loads(done.stdout))
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def figures(repeat: int) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for shape, (generate, sizes) in SHAPES.items():
        previous = None
        for size in sizes:
            source = generate(size)
            row: dict[str, object] = {"shape": shape, "size": size, "source_bytes": len(source),
                                      **measure(source, repeat)}
            row["growth"] = row["compile_s"] / previous if previous else None  # type: ignore[operator]
            previous = row["compile_s"]
            rows.append(row)
    return rows
