"""f-strings (each field by its formatter's emitter) and ``str()``/``repr()`` through the
generic printer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from llvmlite import ir

from .. import nodes as n
from .. import semantics as sem
from ..types import ANY, BOOL, EXCEPTION, STR, Type
from . import registry
from .layout import BUF_T, BYTES_T, I32, PTR

if TYPE_CHECKING:
    from .function import FunctionLowering
    from .registry import FieldEmitter


def fstring(fl: FunctionLowering, expr: n.JoinedStr) -> ir.Value:
    """An f-string: its parts appended to one ssc_buf, then {ptr, len}::

        ssc_buf_init(%buf, 32);  ssc_buf_put(%buf, "text");  <each field by its emitter>
    """
    buf = fl.entry_slot(BUF_T)
    fl.call("ssc_buf_init", buf, ir.Constant(I32, 32))
    for part in expr.values:
        if isinstance(part, n.Constant):
            text = fl.context.constant_bytes(str(part.value).encode())
            fl.call("ssc_buf_put", buf, *fl.parts(text))
            continue
        assert isinstance(part, n.FormattedValue)
        value = fl.value(part.value)
        ty = fl.typed.types[part]
        formatter = fl.typed.ops[part]
        if part.format_spec is not None:
            spec = fl.parts(fl.value(part.format_spec))
        else:
            spec = (ir.Constant(PTR, None), ir.Constant(I32, 0))
        if ty == EXCEPTION:
            value, ty = fl.builder.extract_value(value, 1), STR
        registry.field_emitter(formatter)(fl, buf, part, value, ty, spec, formatter)
    return buffer_text(fl, buf)


def buffer_text(fl: FunctionLowering, buf: ir.Value) -> ir.Value:
    """The {ptr, len} of an ssc_buf's contents."""
    b = fl.builder
    ptr = b.load(b.gep(buf, [ir.Constant(I32, 0), ir.Constant(I32, 0)], source_etype=BUF_T), typ=PTR)
    length = b.load(b.gep(buf, [ir.Constant(I32, 0), ir.Constant(I32, 1)], source_etype=BUF_T), typ=I32)
    result = ir.Constant(BYTES_T, ir.Undefined)
    return b.insert_value(b.insert_value(result, ptr, 0), length, 1)


# ---- the emitters of fields: (fl, buf, field, value, ty, spec, op) -------------------
# ``spec`` is the spec's text as evaluated ({ptr, len}; NULL, 0 without one).


def _conversion(field: n.FormattedValue) -> ir.Constant:
    return ir.Constant(I32, ord(field.conversion) if field.conversion else 0)


def _format_field(fl: FunctionLowering, buf: ir.Value, field: n.FormattedValue, value: ir.Value, ty: Type,
                  spec: tuple[ir.Value, ir.Value], op: sem.Op) -> None:
    """A field of a known type: ``op.function(buf, value[, &fspec])``, the spec parsed at
    compile time (``op.constant``)."""
    operand = fl.parts(value) if op.params[0].type == STR else (value,)
    if op.params[0].type == BOOL:
        operand = (fl.builder.zext(value, I32),)
    parsed = (fl.context.format_spec(op.constant),) if op.constant is not None else ()  # type: ignore[arg-type]
    result = fl.call(op.function, buf, *operand, *parsed)
    if op.raises:
        fl.check_status(result)


def _format_value(fl: FunctionLowering, buf: ir.Value, field: n.FormattedValue, value: ir.Value, ty: Type,
                  spec: tuple[ir.Value, ir.Value], op: sem.Op) -> None:
    """Any other typed field: ssc_format_value, by the value's descriptor and the spec's text."""
    fl.check_status(fl.call("ssc_format_value", buf, fl.context.descriptor(ty), fl.spill(value),
                            _conversion(field), *spec))


def _any_format(fl: FunctionLowering, buf: ir.Value, field: n.FormattedValue, value: ir.Value, ty: Type,
                spec: tuple[ir.Value, ir.Value], op: sem.Op) -> None:
    """A field of an Any: ssc_any_format, by the value's type at run time."""
    fl.check_status(fl.call_c("ssc_any_format", I32, [buf, value, _conversion(field), *spec]))


def _any_percent_format(fl: FunctionLowering, buf: ir.Value, field: n.FormattedValue, value: ir.Value, ty: Type,
                        spec: tuple[ir.Value, ir.Value], op: sem.Op) -> None:
    """A '%d' field of an Any (printf-style '%'): its number as CPython's '%' takes it, raising
    CPython's TypeError for another value, then formatted as an Any by the field's spec."""
    number = fl.entry_slot(PTR)
    fl.check_status(fl.call_c("ssc_any_percent_number", I32, [value, ir.Constant(I32, op.constant), number]))
    _any_format(fl, buf, field, fl.builder.load(number), ty, spec, op)


def _format_ascii(fl: FunctionLowering, buf: ir.Value, field: n.FormattedValue, value: ir.Value, ty: Type,
                  spec: tuple[ir.Value, ir.Value], op: sem.Op) -> None:
    """A field {x!a}: ssc_format_ascii by the value's descriptor (ssc_any_format_ascii for an Any)."""
    if ty == ANY:
        fl.check_status(fl.call_c("ssc_any_format_ascii", I32, [buf, value, *spec]))
    else:
        fl.check_status(fl.call("ssc_format_ascii", buf, fl.context.descriptor(ty), fl.spill(value), *spec))


def _format_record(fl: FunctionLowering, buf: ir.Value, field: n.FormattedValue, value: ir.Value, ty: Type,
                   spec: tuple[ir.Value, ir.Value], op: sem.Op) -> None:
    """A field of a record class's instance: the f-string of its repr (``typed.formats``), whose
    fields read the instance as its format argument."""
    fl.format_arguments.append([value])
    text = fstring(fl, fl.typed.formats[field])
    fl.format_arguments.pop()
    fl.call("ssc_buf_put", buf, *fl.parts(text))


#: The emitters of f-string fields (semantics FORMATTERS, FORMAT_ANY, ANY_FORMAT, FORMAT_ASCII,
#: FORMAT_RECORD).
EMITTERS: dict[str, FieldEmitter] = {
    "format_record": _format_record,
    "format_field": _format_field,
    "format_value": _format_value,
    "any_format": _any_format,
    "any_percent_format": _any_percent_format,
    "format_ascii": _format_ascii,
}


def text_of(fl: FunctionLowering, value: ir.Value, ty: Type, how: str) -> ir.Value:
    """str(value) or repr(value) (``how``) through the generic printer."""
    buf = fl.entry_slot(BUF_T)
    fl.call("ssc_buf_init", buf, ir.Constant(I32, 16))
    fl.call("ssc_buf_value_str" if how == "str" else "ssc_buf_value_repr", buf, fl.context.descriptor(ty),
            fl.spill(value))
    return buffer_text(fl, buf)
