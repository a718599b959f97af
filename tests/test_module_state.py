"""Module state: globals persist across records and batches, as in CPython, in flat memory.

Each program runs batch after batch both compiled (one instance, as Fluvio
keeps one per stream) and under CPython (one imported module), and the
outputs must agree batch by batch. The memory test runs Fluvio's
filter_hashset workload, a million records through a dedup set bounded at
1,000 keys, and checks that linear memory does not grow after warm-up.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from conftest import REPO
from smartstream import load_python
from ssc.compiler import compile
from ssc.runtime import load

HEADER = "from smartstream import smartstream, Record\n\n"

PROGRAMS = {
    "counter_and_last": """
COUNT = 0
LAST: str | None = None

@smartstream.map
def entry(record: Record) -> tuple[bytes | None, str]:
    global COUNT, LAST
    COUNT += 1
    previous = LAST
    LAST = record.value.decode()
    return None, f"{COUNT} {previous} {LAST}"
""",
    "shared_containers": """
GROUPS: dict[str, list[str]] = {}
ALL: list[str] = []
BOTH: list[list[str]] = []

@smartstream.map
def entry(record: Record) -> tuple[bytes | None, str]:
    key, _, value = record.value.decode().partition("=")
    if key not in GROUPS:
        group: list[str] = []
        GROUPS[key] = group
        BOTH.append(group)
    GROUPS[key].append(value)
    ALL.append(value)
    return None, f"{GROUPS} {len(ALL)} {BOTH}"
""",
    "tuples_and_sets": """
SEEN: set[tuple[str, int]] = set()
TOTALS: dict[int, float] = {}

@smartstream.filter
def entry(record: Record) -> bool:
    word = record.value.decode()
    item = (word, len(word))
    TOTALS[len(word)] = TOTALS.get(len(word), 0.0) + 0.5
    if item in SEEN:
        return False
    SEEN.add(item)
    return sum(TOTALS.values(), 0.0) > 1.0
""",
    # A match kept past its batch: its subject is the record's value, in batch memory.
    "re_matches_kept": """
import re

WORD = re.compile(r"(\\w+)=(\\w*)")
LAST: re.Match[str] | None = None
KEPT: list[re.Match[str]] = []

@smartstream.map
def entry(record: Record) -> tuple[bytes | None, str]:
    global LAST
    previous = LAST
    m = WORD.search(record.value.decode() * 3)
    if m is not None:
        LAST = m
        KEPT.append(m)
    shown = "-" if previous is None else f"{previous.group(1)}:{previous.group(2)}@{previous.span()}"
    return None, f"{shown} {[k.group(0) for k in KEPT[-3:]]}"
""",
    # A pattern made at run time from the first record, kept with its matches.
    "re_runtime_pattern_kept": """
import re

PATTERN: re.Pattern[str] | None = None
LAST: re.Match[str] | None = None

@smartstream.map
def entry(record: Record) -> tuple[bytes | None, str]:
    global PATTERN, LAST
    text = record.value.decode()
    pattern = PATTERN
    if pattern is None:
        pattern = re.compile("(" + re.escape(text[:1]) + r")=(\\w*)")
        PATTERN = pattern
    previous = LAST
    m = pattern.match(text)
    if m is not None:
        LAST = m
    shown = "-" if previous is None else f"{previous.group(1)} {previous.group(2)} {previous.re.pattern}"
    return None, f"{shown} {pattern.pattern}"
""",
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_state_persists_like_cpython(tmp_path: Path, name: str) -> None:
    source = HEADER + PROGRAMS[name]
    path = tmp_path / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    compiled = load(compile(source, str(path)).wasm)
    oracle = load_python(path)
    rng = random.Random(name)
    words = ["a=x", "b=y", "a=z", "cc=w", "b=v", "ddd=u"]
    for _ in range(40):
        batch = [rng.choice(words).encode() for _ in range(rng.randrange(0, 6))]
        assert compiled.process(batch) == oracle.process(batch)


def test_dedup_state_runs_a_million_records_in_flat_memory() -> None:
    source_path = REPO / "examples" / "filter_hashset.py"
    module = load(compile(source_path.read_text(), str(source_path), abi="smartmodule").wasm,
                  params={"count": "1000"})
    rng = random.Random(7)
    sizes = []
    kept = 0
    for batch_number in range(1000):
        batch = [str(rng.randrange(5000)).encode() for _ in range(1000)]
        kept += len(module.filter(batch))
        if batch_number in (10, 999):
            sizes.append(module.memory_size)
    assert 0 < kept < 1_000_000
    assert sizes[0] == sizes[1], f"linear memory grew from {sizes[0]} to {sizes[1]} bytes"
