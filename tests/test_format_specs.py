"""Constant format specs, parsed by the checker (semantics.parse_format_spec),
against CPython's format().

A constant spec of a field whose type the checker knows is parsed at compile
time and reaches the guest as a ready ``ssc_fspec``; these programs put many
such fields, over values from each record, through a compiled map and under
CPython, which must print the same lines.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from ssc.compiler import compile
from ssc.runtime import load

from smartstream import load_python

INT_SPECS = ["", ",", "_", "02d", "+", " ", "-", "x", "X", "#x", "#o", "#b", "_x", "_b", "08,", "=+12,", ">10",
             "<10", "^11", "*^11", "0>6", "n", ".2f", ".3e", "%", ".1%", "g", ",.2f", "E", "+.0f"]
FLOAT_SPECS = ["", ".2f", ",.2f", "e", ".3E", "g", ".10g", "%", "+.1%", "012.3f", "=+12.2f", "_.1f",
               ".0f", "#.0f", "n", "F", "<10.1f", "^12.4g", "x>10", ",", "G", ".17g"]
#: The 'z' flag (no negative zero) is new in CPython 3.11 (PEP 682): 3.10 refuses it.
if sys.version_info >= (3, 11):
    FLOAT_SPECS.append("z.1f")
STR_SPECS = ["", "s", "<8", ">8", "^8", "*^9", ".2", "10.3", "é>6"]
BOOL_SPECS = ["", "d", ">5", "x", "+", ".1f", "c", "^3c"]
CHAR_SPECS = ["c", ">4c", "*^5c"]


def _program() -> tuple[str, list[str]]:
    fields = [f"{{n:{spec}}}" for spec in INT_SPECS]
    fields += [f"{{x:{spec}}}" for spec in FLOAT_SPECS]
    fields += [f"{{s:{spec}}}" for spec in STR_SPECS]
    fields += [f"{{b:{spec}}}" for spec in BOOL_SPECS]
    fields += [f"{{c:{spec}}}" for spec in CHAR_SPECS]
    body = "|".join(fields).replace('"', '\\"')
    source = f'''from smartstream import smartstream, Record


@smartstream.map
def map(record: Record) -> tuple[bytes | None, bytes]:
    s = record.value.decode()
    n = len(s) * 1234567 - 4000000
    x = n / 7.0
    b = n > 0
    c = 233 + len(s)
    return None, f"{body}".encode()
'''
    return source, fields


@pytest.mark.parametrize("value", [b"", b"kiwi", b"banana split", "ünïcödé".encode()])
def test_constant_specs_format_as_cpython(value: bytes, tmp_path: Path) -> None:
    source, _ = _program()
    path = tmp_path / "specs.py"
    path.write_text(source, encoding="utf-8")
    expected = load_python(path).map([value])[0].value     # the same file under CPython
    module = load(compile(source, str(path)).wasm)
    assert module.map([value])[0].value == expected


def test_every_spec_is_parsed_at_compile_time() -> None:
    """Every field with a non-empty spec gets a spec parsed by the checker and a typed
    formatter, not the run-time spec parser of ssc_format_value."""
    import importlib

    check = importlib.import_module("ssc.compiler.check").check
    parse = importlib.import_module("ssc.compiler.parse").parse
    from ssc.compiler.semantics import SPEC_DEFAULTS

    source, fields = _program()
    typed = check(parse(source, "specs.py"))
    parsed = [op.function for op in typed.ops.values() if op.constant is not None and op.impl == "format_field"]
    assert len(parsed) == sum(1 for field in fields if not field.endswith(":}"))
    assert set(parsed) <= set(SPEC_DEFAULTS)


@pytest.mark.parametrize("python", ["3.10", "3.11"])
def test_the_z_flag_is_refused_for_python_3_10(python: str) -> None:
    """A module for 3.10 refuses the 'z' flag as CPython 3.10's format() does; one for 3.11 takes it,
    also from a 3.10 interpreter (whose format() checks the spec without the flag)."""
    from ssc.compiler import CompileErrors

    source = 'from smartstream import smartstream, Record\n\n@smartstream.map\ndef map(record: Record) -> tuple[bytes | None, bytes]:\n' \
             '    x = -0.01 * len(record.value)\n    return None, f"{x:z.1f}".encode()\n'
    if python == "3.10":
        with pytest.raises(CompileErrors, match="invalid format spec 'z.1f' for float: Invalid format specifier"):
            compile(source, "z.py", python=python)
    else:
        assert load(compile(source, "z.py", python=python).wasm).map([b"ab"])[0].value == b"0.0"


@pytest.mark.parametrize(("ty", "spec", "message"), [
    ("int", "z", "Negative zero coercion (z) not allowed in integer format specifier"),
    ("int", "z,", "Negative zero coercion (z) not allowed in integer format specifier"),
    ("str", "z", "Negative zero coercion (z) not allowed in string format specifier"),
    ("int", "+z08.3", "Precision not allowed in integer format specifier"),
    ("int", "z.2f", None), ("float", "+z08.3", None), ("bool", "z%", None),
])
def test_the_z_flag_for_311_is_checked_as_311_does(ty: str, spec: str, message: str | None) -> None:
    """The 'z' flag for a 3.11 target, on any interpreter: 3.11's errors (a 3.10 one checks the
    spec without the flag, then the flag), and the message CPython 3.11+ gives itself."""
    from ssc.compiler import CompileErrors, check_source

    value = {"int": "len(record.value)", "float": "len(record.value) / 2", "bool": "len(record.value) > 1",
             "str": "record.value.decode()"}[ty]
    source = ('from smartstream import smartstream, Record\n\n@smartstream.filter\ndef f(record: Record) -> bool:\n'
              f'    x = {value}\n    return f"{{x:{spec}}}" != ""\n')
    if sys.version_info >= (3, 11):
        sample = {"int": 1, "float": 1.5, "bool": True, "str": "s"}[ty]
        try:
            format(sample, spec)
            assert message is None
        except ValueError as err:   # the running CPython is the oracle where it knows the flag
            assert str(err) == message
    if message is None:
        check_source(source, "z.py", python="3.11")
    else:
        with pytest.raises(CompileErrors) as caught:
            check_source(source, "z.py", python="3.11")
        assert f"invalid format spec {spec!r} for {ty}: {message}" in caught.value.render()
