"""The C compiler and the linker check the runtime rows: a row of compiler/semantics.py whose
types do not match its C function fails when ssc's guest runtime is built, not when a user's
module runs (it used to link with a wasm-ld warning and trap with `unreachable`).

guestlib writes a prototype of every runtime row (by the lowering's flattening rules,
lower/reprs.py) and of every function of guest_abi.FUNCTIONS_C into ssc_gen.h, which every
guest file includes; the runtime is built with -Werror, and modules are linked with
--fatal-warnings.
"""

from __future__ import annotations

import dataclasses
from importlib import resources

import pytest
from llvmlite import ir

from ssc.compiler import codegen, guest_abi, guestlib, semantics, unicode_tables
from ssc.compiler.errors import CompileError
from ssc.compiler.link import link
from ssc.compiler.lower.layout import DATALAYOUT, TRIPLE
from ssc.compiler.types import FLOAT, INT


def _build(rows: list[tuple[semantics.Op, tuple]]) -> None:
    """Build the guest runtime with ssc_gen.h declaring ``rows``."""
    sources = {name: resources.files("ssc.compiler").joinpath("guest", name).read_bytes()
               for name in guestlib.GUEST_SOURCES}
    generated = {"ssc_gen.h": guestlib.render_gen_header(rows).encode(),
                 "ssc_unicode.h": unicode_tables.render_unicode_header().encode()}
    guestlib._build(sources, generated)


def _rows_with(name: str, change) -> list[tuple[semantics.Op, tuple]]:
    rows = list(semantics.runtime_rows())
    index = next(i for i, (op, _) in enumerate(rows) if op.impl == name)
    rows[index] = change(*rows[index])
    return rows


@pytest.fixture(scope="module")
def unicode_header() -> None:
    unicode_tables.render_unicode_header()   # made once (it takes a few seconds)


def test_the_rows_prototypes_match_their_functions() -> None:
    """The real rows: every prototype is the C function's (the runtime builds)."""
    guestlib.guest_object()
    assert "int32_t ssc_int_floordiv(int64_t, int64_t, int64_t *);" in guestlib.render_gen_header()


def test_a_row_with_a_wrong_operand_type_fails_the_runtime_build(unicode_header: None) -> None:
    """int // float, as if ``("//", INT, FLOAT)`` were ssc_int_floordiv's row."""
    rows = _rows_with("ssc_int_floordiv", lambda op, operands: (op, (INT, FLOAT)))
    with pytest.raises(CompileError, match=r"conflicting types for 'ssc_int_floordiv'"):
        _build(rows)


def test_a_row_with_a_wrong_result_fails_the_runtime_build(unicode_header: None) -> None:
    """str.find giving a float instead of an int."""
    rows = _rows_with("ssc_str_find", lambda op, operands: (dataclasses.replace(op, result=FLOAT), operands))
    with pytest.raises(CompileError, match=r"conflicting types for 'ssc_str_find'"):
        _build(rows)


def test_a_row_with_a_missing_parameter_fails_the_runtime_build(unicode_header: None) -> None:
    """bytes.hex without its bytes_per_sep parameter."""
    rows = _rows_with("ssc_bytes_hex", lambda op, operands: (dataclasses.replace(op, params=op.params[:-1]),
                                                             operands))
    with pytest.raises(CompileError, match=r"conflicting types for 'ssc_bytes_hex'"):
        _build(rows)


def test_a_call_of_the_wrong_signature_fails_the_link() -> None:
    """Lowered code calling ssc_int_floordiv with a double: wasm-ld's signature-mismatch warning
    is an error (--fatal-warnings), where it used to give a module that traps."""
    module = ir.Module(name="mismatch.py")
    module.triple, module.data_layout = TRIPLE, DATALAYOUT
    callee = ir.Function(module, ir.FunctionType(guest_abi.I32, [guest_abi.F64]), name="ssc_int_floordiv")
    entry = ir.Function(module, ir.FunctionType(guest_abi.I32, []), name="filter")
    builder = ir.IRBuilder(entry.append_basic_block())
    builder.ret(builder.call(callee, [ir.Constant(guest_abi.F64, 1.0)]))
    obj = codegen.emit_object(codegen.optimize(module, ("filter",)))
    with pytest.raises(CompileError, match=r"signature mismatch: ssc_int_floordiv"):
        link(obj, ("filter",))
