"""The documented differences from CPython (docs/language.md, "Differences").

Each test runs a small SmartStream compiled and under CPython and checks
that the two differ exactly as the reference says, and nowhere else: the
feature suite (tests/features) covers everything that is identical.
"""

from __future__ import annotations

from pathlib import Path

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


def test_nan_has_no_identity(tmp_path: Path) -> None:
    body = ("@smartstream.map\ndef entry(record: Record) -> tuple[bytes | None, str]:\n"
            "    x = float(record.value)\n    xs = [x]\n    return None, f'{x == x} {xs == [x]} {x in xs}'\n")
    compiled, cpython = _both(tmp_path, body, [b"nan", b"1.5"])
    assert compiled == ["False False False", "True True True"]
    assert cpython == ["False True True", "True True True"]


# ---- JSON (docs/language.md, "JSON" and differences 8-13) -------------------------------

JSON_HEADER = "import json\n"
JSON_MAP = JSON_HEADER + "@smartstream.map\ndef entry(record: Record) -> tuple[bytes | None, str]:\n"


def test_any_converted_to_a_typed_value_is_checked(tmp_path: Path) -> None:
    body = JSON_MAP + "    count: int = json.loads(record.value)['count']\n    return None, repr(count)\n"
    compiled, cpython = _both(tmp_path, body, [b'{"count": 3}', b'{"count": "3"}', b'{"count": true}'])
    assert compiled == ["3", "!TypeError: expected int, got str", "!TypeError: expected int, got bool"]
    assert cpython == ["3", "'3'", "True"]


def test_any_int_is_not_a_float(tmp_path: Path) -> None:
    body = JSON_MAP + "    ratio: float = json.loads(record.value)\n    return None, repr(ratio * 2)\n"
    compiled, cpython = _both(tmp_path, body, [b"1.5", b"2"])
    assert compiled == ["3.0", "!TypeError: expected float, got int"]
    assert cpython == ["3.0", "4"]


def test_printf_formatting_of_an_any_str_is_refused(tmp_path: Path) -> None:
    body = JSON_MAP + "    doc = json.loads(record.value)\n    return None, repr(doc[0] % doc[1])\n"
    compiled, cpython = _both(tmp_path, body, [b'[7, 4]', b'["a%sc", "b"]'])
    assert compiled == ["3", "!TypeError: printf-style formatting (str % value) is not supported by ssc; use an f-string"]
    assert cpython == ["3", "'abc'"]


def test_typed_list_stored_into_an_any_is_copied(tmp_path: Path) -> None:
    body = JSON_MAP + ("    doc = json.loads(record.value)\n    tags: list[str] = ['a']\n    shared: list[Any] = ['a']\n"
                       "    doc['tags'] = tags\n    doc['shared'] = shared\n    tags.append('b')\n"
                       "    shared.append('b')\n    return None, json.dumps(doc)\n")
    body = body.replace("import json\n", "import json\nfrom typing import Any\n")
    compiled, cpython = _both(tmp_path, body, [b"{}"])
    assert compiled == ['{"tags": ["a"], "shared": ["a", "b"]}']
    assert cpython == ['{"tags": ["a", "b"], "shared": ["a", "b"]}']


def test_json_integers_are_64_bit(tmp_path: Path) -> None:
    body = JSON_MAP + "    return None, repr(json.loads(record.value))\n"
    values = [b"9223372036854775807", b"9223372036854775808", b"-9223372036854775809", b"1e400"]
    compiled, cpython = _both(tmp_path, body, values)
    overflow = "!OverflowError: int result does not fit in 64 bits"
    assert compiled == ["9223372036854775807", overflow, overflow, "inf"]
    assert cpython == ["9223372036854775807", "9223372036854775808", "-9223372036854775809", "inf"]


def test_json_nesting_limit(tmp_path: Path) -> None:
    body = JSON_MAP + "    return None, str(len(json.dumps(json.loads(record.value))))\n"
    compiled, _ = _both(tmp_path, body, [b"[" * 900 + b"]" * 900, b"[" * 901 + b"]" * 901,
                                         b'{"a":' * 901 + b"1" + b"}" * 901])
    assert compiled[0] == "1800"
    assert compiled[1] == ("!RecursionError: maximum recursion depth exceeded while decoding a JSON array "
                           "from a unicode string")
    assert compiled[2] == ("!RecursionError: maximum recursion depth exceeded while decoding a JSON object "
                           "from a unicode string")


def test_iterating_an_any_walks_a_snapshot(tmp_path: Path) -> None:
    body = JSON_MAP + ("    doc = json.loads(record.value)\n    for item in doc:\n"
                       "        if len(doc) < 4:\n            doc.append(item)\n    return None, json.dumps(doc)\n")
    compiled, cpython = _both(tmp_path, body, [b"[1]"])
    assert compiled == ["[1, 1]"]
    assert cpython == ["[1, 1, 1, 1]"]


# ---- datetime (docs/language.md, "Dates and times" and differences 15-16) -------------------

DATETIME_MAP = ("from datetime import datetime, timezone\n"
                "@smartstream.map\ndef entry(record: Record) -> tuple[bytes | None, str]:\n")


def test_aware_datetimes_in_containers_compare_by_fields(tmp_path: Path) -> None:
    body = DATETIME_MAP + ("    a, b = [datetime.fromisoformat(s) for s in record.value.decode().split()]\n"
                           "    return None, f'{a == b} {a < b} {[a] == [b]} {a in [b]} {sorted([b, a])[0].hour}'\n")
    compiled, cpython = _both(tmp_path, body, [b"2023-01-01T02:00:00+02:00 2023-01-01T00:00:00+00:00",
                                               b"2023-01-01T02:00:00+02:00 2023-01-01T00:30:00+00:00",
                                               b"2023-01-01T00:00:00 2023-01-01T00:00:01"])
    assert compiled == ["True False False False 0", "False True False False 0", "False True False False 0"]
    assert cpython == ["True False True True 0", "False True False False 2", "False True False False 0"]


def test_naive_datetime_has_no_local_zone(tmp_path: Path) -> None:
    body = DATETIME_MAP + ("    dt = datetime.fromisoformat(record.value.decode())\n"
                           "    return None, str(dt.astimezone(timezone.utc).timestamp())\n")
    compiled, cpython = _both(tmp_path, body, [b"1970-01-01T00:00:10+00:00", b"1970-01-01T00:00:10"])
    assert compiled[0] == cpython[0] == "10.0"
    assert compiled[1] == ("!ValueError: astimezone() of a naive datetime assumes the local time zone, which a "
                           "SmartModule does not have: make it aware first, dt.replace(tzinfo=timezone.utc)")
    assert not cpython[1].startswith("!")
