"""Long str values across records and batches (issue 18 item 3).

The runtime caches a long str's code-point count and index by its address
and length, and lets ``a + b`` extend a in place when it was the last
result of a + b (compiler/guest/strings.c, core.c): both hold only until
memory is released. A stateless module releases a record's memory before
the next record, whose values then sit at the same addresses, often with
the same lengths and other text; a module with state keeps its values
across records and moves them at each batch. Each program runs many
records per batch, compiled and under CPython (the oracle), and the
outputs must agree batch by batch.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from ssc.compiler import compile
from ssc.runtime import load

from smartstream import load_python

HEADER = "from smartstream import smartstream, Record\n\n"

PROGRAMS = {
    # Every record's s has the same byte length; where the non-ASCII text is varies.
    "same_length_other_text": """
@smartstream.map
def entry(record: Record) -> tuple[bytes | None, str]:
    s = record.value.decode() * 9
    picked = ""
    i = 0
    while i < len(s):
        picked += s[i]
        i += 4
    return None, f"{len(s)} {picked} {s[-7:]} {s[::-13]} {s.find('é', 20)} {s[len(s) // 3]}"
""",
    # A record's a + b leaves room after it; the next record's values take its memory.
    "rooms_end_with_the_record": """
@smartstream.map
def entry(record: Record) -> tuple[bytes | None, str]:
    text = record.value.decode()
    if text.startswith("+"):
        s = text + text
        return None, s
    s = text * 4
    t = s[:len(s) - 4]
    t += "X"
    return None, s + "|" + t
""",
    # State: a long str kept across records and batches, indexed and extended.
    "state_text_grows": """
TEXT = ""
@smartstream.map
def entry(record: Record) -> tuple[bytes | None, str]:
    global TEXT
    TEXT += record.value.decode() * 7
    mine = TEXT
    mine += "!"
    n = len(TEXT)
    return None, f"{n} {TEXT[n // 2]} {TEXT[-3:]} {TEXT[n - 1]} {mine[-2:]} {TEXT[-n]}"
""",
}

WORDS = ["+abcdefghijklm", "+abcdéfghijkl", "abcdéfgh", "abcdefgéh"[:8] + "é", "éabcdefg", "abcdefgh", "ab😀de", "a😀cdef"[:5] + "g", "中文字ab"]


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_long_strs_across_records_like_cpython(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.py"
    path.write_text(HEADER + PROGRAMS[name], encoding="utf-8")
    rng = random.Random(name)
    batches = [[rng.choice(WORDS).encode() for _ in range(rng.randrange(1, 12))] for _ in range(12)]
    module = load(compile(path.read_text(encoding="utf-8"), str(path)).wasm)
    got = [module.process(batch) for batch in batches]
    oracle = load_python(path)
    assert got == [oracle.process(batch) for batch in batches]
