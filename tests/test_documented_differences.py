"""The documented differences from CPython (docs/language.md, "Differences").

Each test runs a small SmartStream compiled and under CPython and checks
that the two differ exactly as the reference says, and nowhere else: the
feature suite (tests/features) covers everything that is identical.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from smartstream import load_python
from ssc.compiler import compile
from ssc.runtime import Record, SmartStreamRuntimeError, load

HEADER = "from smartstream import smartstream, Record\n\n"


def _both(tmp_path: Path, body: str, values: list[bytes]) -> tuple[list[str], list[str]]:
    source = HEADER + body
    path = tmp_path / "case.py"
    path.write_text(source, encoding="utf-8")
    results = []
    for module in (load(compile(source, str(path)).wasm), load_python(path)):
        lines = []
        for value in values:
            try:
                lines.append(module.map([Record(None, value)])[0].value.decode("utf-8", "backslashreplace"))
            except SmartStreamRuntimeError as err:
                lines.append("!" + err.hint)
        results.append(lines)
    return results[0], results[1]


def test_int_is_64_bit(tmp_path: Path) -> None:
    body = ("@smartstream.map\ndef entry(record: Record) -> tuple[bytes | None, str]:\n"
            "    n = int(record.value)\n    return None, str(n * 2)\n")
    compiled, cpython = _both(tmp_path, body, [b"4611686018427387903", b"4611686018427387904"])
    assert compiled == ["9223372036854775806", "!OverflowError: int result does not fit in 64 bits"]
    assert cpython == ["9223372036854775806", "9223372036854775808"]


def test_str_cannot_hold_a_lone_surrogate(tmp_path: Path) -> None:
    body = ("@smartstream.map\ndef entry(record: Record) -> tuple[bytes | None, str]:\n"
            "    return None, repr(chr(int(record.value)))\n")
    compiled, cpython = _both(tmp_path, body, [b"55295", b"55296", b"57343", b"57344"])
    message = "!ValueError: chr() arg is a surrogate (0xd800..0xdfff), which ssc's str cannot hold"
    assert compiled == [repr(chr(55295)), message, message, repr(chr(57344))]
    assert cpython == [repr(chr(55295)), repr(chr(55296)), repr(chr(57343)), repr(chr(57344))]


@pytest.mark.parametrize("text", ["ǆ", "ÿ", "İ", "ﬁ", "Σ"])
def test_case_mapping_beyond_latin1_leaves_text_unchanged(tmp_path: Path, text: str) -> None:
    body = ("@smartstream.map\ndef entry(record: Record) -> tuple[bytes | None, str]:\n"
            "    s = record.value.decode()\n    return None, s.upper() + '|' + s.lower()\n")
    compiled, cpython = _both(tmp_path, body, [text.encode()])
    expected = "".join(c.upper() if ord(c) < 256 else c for c in text) + "|" + \
        "".join(c.lower() if ord(c) < 256 else c for c in text)
    assert compiled == [expected]
    assert cpython == [text.upper() + "|" + text.lower()]


def test_nan_has_no_identity(tmp_path: Path) -> None:
    body = ("@smartstream.map\ndef entry(record: Record) -> tuple[bytes | None, str]:\n"
            "    x = float(record.value)\n    xs = [x]\n    return None, f'{x == x} {xs == [x]} {x in xs}'\n")
    compiled, cpython = _both(tmp_path, body, [b"nan", b"1.5"])
    assert compiled == ["False False False", "True True True"]
    assert cpython == ["False True True", "True True True"]
