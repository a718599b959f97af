"""Lists that only build a string (compiler/check/string_builders.py).

A local list[str] (or list[bytes]) assigned ``[]`` once, then only appended
to and passed to ``SEP.join`` with one constant separator, is kept as the
joined text in a buffer instead of a list. The checker decides which lists
qualify; both kinds must print what CPython prints.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from ssc.compiler import compile
from ssc.runtime import load

from smartstream import load_python

HEAD = "from smartstream import smartstream, Record\n\n\n@smartstream.map\ndef entry(record: Record) -> tuple[bytes | None, bytes]:\n"

#: name -> (body of the map, whether `out` should be a builder)
PROGRAMS = {
    "characters": ("""\
    out: list[str] = []
    for ch in record.value.decode():
        out.append("#" if "0" <= ch <= "9" else ch)
    return None, "".join(out).encode()
""", True),
    "separator_and_empty_items": ("""\
    out: list[str] = []
    for word in record.value.decode().split(" "):
        out.append(word.upper())
        out.append("")
    return None, ", ".join(out).encode()
""", True),
    "display_keeps_a_list": ("""\
    out = ["a"][:0]   # a list[str] display: not `[]`, so a list, not a builder
    out.append("a")
    first = "-".join(out)
    for ch in record.value.decode():
        out.append(ch)
    return None, (first + "|" + "-".join(out) + "|" + first).encode()
""", False),
    "join_then_append": ("""\
    out: list[str] = []
    out.append("a")
    first = "-".join(out)
    for ch in record.value.decode():
        out.append(ch)
    return None, (first + "|" + "-".join(out) + "|" + first).encode()
""", True),
    "per_iteration": ("""\
    lines: list[str] = []
    for word in record.value.decode().split(" "):
        out: list[str] = []
        for ch in word:
            out.append(ch * 2)
        lines.append("".join(out))
    return None, "/".join(lines).encode()
""", True),
    "bytes": ("""\
    out: list[bytes] = []
    for part in record.value.split(b" "):
        out.append(part[::-1])
    return None, b"+".join(out)
""", True),
    "len_keeps_a_list": ("""\
    out: list[str] = []
    for ch in record.value.decode():
        out.append(ch)
    return None, (str(len(out)) + "".join(out)).encode()
""", False),
    "two_separators_keep_a_list": ("""\
    out: list[str] = []
    for ch in record.value.decode():
        out.append(ch)
    return None, ("".join(out) + ",".join(out)).encode()
""", False),
    "returned_list_is_not_a_builder": ("""\
    out: list[str] = []
    out.append(record.value.decode())
    return None, " ".join(sorted(out)).encode()
""", False),
}

VALUES = [b"", b"a", b"ab 12 c", "h\u00e9llo w\u00f6rld 2026".encode(), b"  double  spaces ", b"x" * 300]


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_builders_print_what_cpython_prints(name: str, tmp_path: Path) -> None:
    body, _ = PROGRAMS[name]
    path = tmp_path / f"{name}.py"
    path.write_text(HEAD + body, encoding="utf-8")
    expected = [r.value for r in load_python(path).map(VALUES)]
    module = load(compile(HEAD + body, str(path)).wasm)
    assert [r.value for r in module.map(VALUES)] == expected


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_the_checker_picks_the_lists_that_only_build_text(name: str) -> None:
    check = importlib.import_module("ssc.compiler.check").check
    parse = importlib.import_module("ssc.compiler.parse").parse
    body, builder = PROGRAMS[name]
    typed = check(parse(HEAD + body, f"{name}.py"))
    assert ("out" in typed.functions["entry"].builders) == builder
