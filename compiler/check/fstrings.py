"""f-strings: each field's formatter (``semantics.field_formatter``).

A constant format spec of a field of known type is checked here with
CPython's own ``format()`` and parsed once (the formatter's ``constant``),
so that the guest carries no spec parser for it.
"""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError
from ..pyversion import PythonVersion
from ..semantics import parse_format_spec
from ..types import ANY, BOOL, EXCEPTION, FLOAT, INT, NONE, STR, ClassType, DictType, EnumType, ListType, SetType, Type
from . import class_values, classes, enums, infer, stdlib_collections, stdlib_datetime

if TYPE_CHECKING:
    from .checker import Checker


def joined_str(ck: Checker, expr: n.JoinedStr) -> Type:
    for value in expr.values:
        if isinstance(value, n.FormattedValue):
            formatted(ck, value)
        else:
            ck.expr(value)
    return STR


def formatted(ck: Checker, value: n.FormattedValue) -> None:
    """A field ``{value!conversion:spec}``: its formatter, and its value converted to the
    formatter's operand type (an int formatted as a float)."""
    ck.readonly_ok = True   # formatting reads a module table, as `x in TABLE` does
    ty = ck.expr(value.value)
    if isinstance(ty, SetType) or infer.contains_set(ty):
        raise CompileError("formatting a set is not supported: CPython's set order depends on hashing; "
                           "format sorted(s) instead", value.span)
    if infer.has_unknown(ty):
        raise CompileError("cannot infer the item type of an empty container formatted here: store it in an "
                           "annotated variable first, e.g. 'items: list[str] = []'", value.span)
    spec = value.format_spec
    if isinstance(ty, ClassType) and ty.kind == "datetime" and spec is not None and not value.conversion:
        ck.types[value] = ty
        ck.formats[value] = stdlib_datetime.text_template(ck, ty, value.span, "str", stdlib_datetime.constant_spec(spec))
        ck.ops[value] = sem.FORMAT_RECORD
        return
    if isinstance(ty, ClassType):
        if spec is not None or value.conversion == "a":
            raise CompileError(f"a {ty} formats only as {{x}}, {{x!r}} or {{x!s}} (its repr): CPython raises "
                               f"TypeError for a format spec", value.span)
        ck.types[value] = ty
        ck.formats[value] = classes.repr_template(ck, ty, value.span, "repr" if value.conversion == "r" else "str")
        ck.ops[value] = sem.FORMAT_RECORD
        return
    if isinstance(ty, EnumType):
        if enums.formatted(ck, value, ty):
            return
        ty = INT
    if isinstance(ty, (DictType, ListType)) and ty.kind:
        stdlib_collections.formatted(ck, value, ty)
        return
    if classes.holds_instance(ty) or stdlib_collections.holds_kind(ty):
        raise CompileError(f"formatting a {ty} is not supported: format each item{class_values.hint(ty)}", value.span)
    if ty == EXCEPTION and (spec is not None or value.conversion):
        raise CompileError("an exception formats only as {e} (its message)", value.span)
    ck.types[value] = ty
    if ty == ANY:
        if spec is not None:
            ck.expr(spec)
        ck.ops[value] = sem.FORMAT_ASCII if value.conversion == "a" else sem.ANY_FORMAT
        return
    text = checked_spec(ck, value, ty) if spec is not None else None
    formatter = sem.field_formatter(ty, text, spec is not None, value.conversion)
    if formatter.function in sem.SPEC_DEFAULTS:
        # a constant spec of a known type: parsed here, not at each run
        assert text is not None
        formatter = formatter.with_constant(sem.parse_format_spec(text, *sem.SPEC_DEFAULTS[formatter.function]))
    ck.ops[value] = formatter
    if formatter.params and formatter.params[0].type not in (ty, STR if ty == EXCEPTION else ty):
        ck.convert(value.value, ty, formatter.params[0].type)


def checked_spec(ck: Checker, value: n.FormattedValue, ty: Type) -> str | None:
    """The spec's text when it is a constant (CPython's format() has accepted it for a value of
    ``ty``), else None."""
    spec = value.format_spec
    assert spec is not None
    ck.expr(spec)
    text = constant_text(spec)
    if text is not None and value.conversion == "":
        example = _SAMPLES.get(ty, _NO_SAMPLE)  # type: ignore[call-overload]
        if example is not _NO_SAMPLE:
            tried = _spec_for_running(ck, text)
            try:
                format(example, _sample_spec(tried))
                if ck.python < PythonVersion(3, 11) and text and parse_format_spec(text, "", "<").no_neg_0:
                    raise ValueError("Invalid format specifier")    # 'z' is new in 3.11 (PEP 682)
                if tried != text:
                    _z_allowed(ty, tried)
            except (ValueError, TypeError) as err:
                note = "" if tried == text else (f" (as the running Python {PythonVersion.running()}'s format() "
                                                 "checks it, without the 'z' flag it predates)")
                raise CompileError(f"invalid format spec {text!r} for {ty}: {err}{note}", spec.span) from None
        elif text:
            raise CompileError(f"format spec {text!r} is not supported for {ty}", spec.span)
    return text


def _spec_for_running(ck: Checker, text: str) -> str:
    """``text`` as the running Python's format() can check it: without the 'z' flag (new in
    3.11) when ssc runs on 3.10 for a later target. The flag never makes a spec valid, so
    the spec without it is checked, then the flag (``_z_allowed``)."""
    if PythonVersion.running() >= PythonVersion(3, 11) or ck.python < PythonVersion(3, 11) or not text \
            or not parse_format_spec(text, "", "<").no_neg_0:
        return text
    flag = _Z_FLAG.fullmatch(text)
    assert flag is not None
    return flag.group(1) + flag.group(2)


def _z_allowed(ty: Type, spec: str) -> None:
    """3.11's error for the 'z' flag on a spec otherwise valid for ``ty``: allowed for a float,
    and for an int formatted as one (presentation types e, f, g and %)."""
    if ty == FLOAT or (ty in (INT, BOOL) and spec[-1:] in tuple("eEfFgG%")):
        return
    kind = "string" if ty == STR else "integer"
    raise ValueError(f"Negative zero coercion (z) not allowed in {kind} format specifier")


#: A spec with the 'z' flag: what comes before and after it.
_Z_FLAG = re.compile(r"((?:.?[<>=^])?[-+ ]?)z(.*)", re.DOTALL)
#: A spec's width and precision (CPython's format-spec grammar), which _sample_spec bounds.
_WIDTH_AND_PRECISION = re.compile(r"((?:.?[<>=^])?[-+ ]?z?#?0?)(\d*)([,_]?)(?:\.(\d*))?(.*)", re.DOTALL)
#: Width and precision past this are tried as this: what CPython accepts does not depend on them
#: (a larger one only makes format() build a larger string: 1.5 GB for {x:.1500000000f}).
_SAMPLE_SIZE = 64


def _sample_spec(text: str) -> str:
    """``text`` with a large width or precision made small, for trying on a sample value.

    One that CPython refuses whatever the value (past sys.maxsize: "Too many decimal digits";
    a float's precision past 2**31 - 1: "precision too big") is kept, so it is refused as it
    would be.
    """
    match = _WIDTH_AND_PRECISION.fullmatch(text)
    if match is None:
        return text
    head, width, grouping, precision, tail = match.groups()

    def bounded(digits: str | None, limit: int) -> str:
        if not digits or int(digits) > limit:
            return digits or ""
        return str(min(int(digits), _SAMPLE_SIZE))

    width = bounded(width, sys.maxsize)
    dot = "" if precision is None else "." + bounded(precision, 2**31 - 1)
    return f"{head}{width}{grouping}{dot}{tail}"


def constant_text(spec: n.Expr) -> str | None:
    if isinstance(spec, n.JoinedStr) and all(isinstance(v, n.Constant) for v in spec.values):
        return "".join(str(v.value) for v in spec.values)  # type: ignore[union-attr]
    return None


#: A value of each type that CPython's format() is tried on, to check a constant spec.
_SAMPLES: dict[Type, object] = {INT: 1, FLOAT: 1.5, STR: "s", BOOL: True, NONE: None}
_NO_SAMPLE = object()
