"""``str.format`` and printf-style ``%`` with a constant template: each becomes the f-string it is.

``"{} is {age:>3}".format(name, age=n)`` is checked as the f-string
``f"{$0} is {$1:>3}"``, whose fields read the call's arguments
(``nodes.FormatArgument``), each evaluated once, in order, before any field
is formatted. The template is parsed here by CPython's own parser
(``_string.formatter_parser``, what ``str.format`` runs), so that literal
text, fields, conversions and nested specs (``{:{width}}``) are CPython's;
an index or attribute in a field name (``{0[key]}``, ``{p.x}``) becomes a
subscript or attribute of the argument, checked as any other. The guest
gets no template parser: a constant spec is parsed at compile time as an
f-string's is.

A template that CPython would reject whatever the arguments' values
(``"{} {}".format(x)``, ``"{"``, ``"{0} {}"``, ``"{!x}"``) is refused with
the exception CPython raises for it, found by formatting the template with
stand-in arguments at compile time.

``"%s=%5.1f" % (k, v)`` is ``f"{k}={v:>5.1f}"``: each conversion becomes a
field (``%d`` of a float reads ``int(v)``), whose text the checker compares
with CPython's ``%`` on sample values of the argument's type, refusing the
few flag combinations a format spec cannot say (``%.3d``). The right
operand is a tuple display (each item an argument), a tuple (its items), a
mapping (``%(key)s``), or one value, as CPython's ``%`` decides; CPython run
on a sample of each argument's type gives the TypeError or ValueError of a
wrong count, a wrong type or a bad template.
"""

from __future__ import annotations

import _string
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError, Span
from ..types import ANY, BOOL, BYTES, EXCEPTION, FLOAT, INT, NONE, STR, ClassType, DictType, ListType, OptionalType, SetType, TupleType, Type
from . import fstrings

if TYPE_CHECKING:
    from .checker import Checker


def template_of(ck: Checker, receiver: n.Expr) -> str | None:
    """The constant template of ``receiver.format(...)``: a str literal, or a module constant
    bound to one; None for any other receiver."""
    if isinstance(receiver, n.Constant) and isinstance(receiver.value, str):
        return receiver.value
    if isinstance(receiver, n.Name) and ck.local_key(receiver.id) is None and receiver.id in ck.constants:
        value = ck.constants[receiver.id].value
        if isinstance(value, n.Constant) and isinstance(value.value, str) and not ck.constants[receiver.id].state:
            return value.value
    return None


def str_format(ck: Checker, call: n.Call, receiver: n.Expr, template: str) -> Type:
    """``template.format(args...)``: the arguments checked in order, the fields as an f-string's
    (``ck.formats[call]``), str."""
    for arg in call.args:
        if isinstance(arg, n.Starred):
            raise CompileError("'*' argument unpacking is not supported in str.format(): pass each value",
                               arg.span)
    ck.expr(receiver)
    values = [*call.args, *(kw.value for kw in call.keywords)]
    types = [ck.expr(value) for value in values]
    keywords = {kw.name: len(call.args) + i for i, kw in enumerate(call.keywords)}
    _try_in_cpython(template, len(call.args), keywords, call.span)
    numbering = _Numbering()
    spans = [value.span for value in values]
    parts = tuple(_parts(template, receiver.span, spans, numbering, keywords))
    joined = n.JoinedStr(receiver.span, parts)
    for argument in _arguments(joined):
        ck.types[argument] = types[argument.index]
    fstrings.joined_str(ck, joined)
    ck.formats[call] = joined
    ck.arguments[call] = tuple(values)
    ck.ops[call] = sem.STR_FORMAT
    return STR


class _Numbering:
    """The automatic field numbers ``{}`` get, in the order CPython gives them."""

    def __init__(self) -> None:
        self.next = 0

    def take(self) -> int:
        self.next += 1
        return self.next - 1


def _parts(template: str, span: Span, spans: list[Span], numbering: _Numbering,
           keywords: dict[str, int]) -> Iterator[n.Expr]:
    """The f-string parts of ``template`` (or of a field's spec): str constants and fields (each at
    its argument's span, ``spans``)."""
    for literal, field_name, spec, conversion in _string.formatter_parser(template):
        if literal:
            yield n.Constant(span, literal)
        if field_name is None:
            continue
        first, rest = _string.formatter_field_name_split(field_name)
        index = numbering.take() if first == "" else first if isinstance(first, int) else keywords[first]
        at = spans[index]
        value: n.Expr = n.FormatArgument(at, index)
        for is_attribute, key in rest:
            value = n.Attribute(at, value, key) if is_attribute else n.Subscript(at, value, n.Constant(at, key))
        format_spec = n.JoinedStr(span, tuple(_parts(spec, span, spans, numbering, keywords))) if spec else None
        yield n.FormattedValue(at, value, conversion or "", format_spec)


def _arguments(expr: n.Expr) -> Iterator[n.FormatArgument]:
    """The FormatArgument nodes of a template's f-string (in fields, their accesses and specs)."""
    match expr:
        case n.FormatArgument():
            yield expr
        case n.JoinedStr(values=values):
            for value in values:
                yield from _arguments(value)
        case n.FormattedValue(value=value, format_spec=spec):
            yield from _arguments(value)
            if spec is not None:
                yield from _arguments(spec)
        case n.Attribute(value=value) | n.Subscript(value=value):
            yield from _arguments(value)
        case n.Call(args=(value,)):   # int(x) of a float formatted by %d
            yield from _arguments(value)


class _StandIn:
    """An argument's stand-in when the template is tried in CPython: formats as anything,
    has every attribute and item."""

    def __format__(self, spec: str) -> str:
        return ""

    def __getattr__(self, name: str) -> _StandIn:
        return self

    def __getitem__(self, key: object) -> _StandIn:
        return self


def _try_in_cpython(template: str, positional: int, keywords: dict[str, int], span: Span) -> None:
    """Refuse a template CPython's str.format rejects whatever the values, with its exception."""
    stand_in = _StandIn()
    try:
        template.format(*[stand_in] * positional, **{name: stand_in for name in keywords})
    except (ValueError, IndexError, KeyError) as err:
        raise CompileError(f"this str.format() call raises {type(err).__name__}: {err}", span) from None


def refuse_dynamic(receiver: n.Expr) -> CompileError:
    """The refusal of ``s.format(...)`` whose template is not a constant."""
    return CompileError("str.format() needs a constant template in ssc (a string literal or a module "
                        "constant): write the string literal, or use an f-string", receiver.span)


# ---- printf-style '%' formatting ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Conversion:
    """One ``%[(key)][flags][width][.precision]type`` of a printf-style template."""

    key: str | None
    flags: str
    width: str
    precision: str | None
    type: str


def percent(ck: Checker, expr: n.BinOp, template: str) -> Type:
    """``template % args`` for a constant str template: the f-string it is (``ck.formats``),
    whose fields read the items of a tuple display (each an argument), the items of a tuple
    or the values of a mapping by key, or the one value."""
    right = expr.right
    display = isinstance(right, n.Tuple) and not any(isinstance(e, n.Starred) for e in right.elts)
    values: tuple[n.Expr, ...] = right.elts if display else (right,)  # type: ignore[union-attr]
    types = [ck.expr(value) for value in values]
    pieces = _percent_pieces(template)
    keyed = pieces is not None and any(isinstance(p, _Conversion) and p.key is not None for p in pieces)
    samples = [_sample(ty, keyed) for ty in types]
    _try_percent_in_cpython(template, tuple(samples) if display else samples[0], expr.span)
    assert pieces is not None   # CPython has accepted the template
    parts: list[n.Expr] = []
    fields: list[tuple[n.FormattedValue, str]] = []
    position = 0
    for piece in pieces:
        if isinstance(piece, str):
            if piece:
                parts.append(n.Constant(expr.span, piece))
            continue
        if piece.type == "%":
            if piece != _Conversion(None, "", "", None, "%"):
                raise CompileError("a '%' conversion with a key, flags, a width or a precision is not "
                                   "supported: write '%%'", expr.span)
            parts.append(n.Constant(expr.span, "%"))
            continue
        if piece.key is not None:
            value: n.Expr = n.Subscript(right.span, n.FormatArgument(right.span, 0), n.Constant(right.span, piece.key))
            ty = types[0].value if isinstance(types[0], DictType) else ANY
        elif display:
            value, ty = n.FormatArgument(values[position].span, position), types[position]
        elif isinstance(types[0], TupleType):
            value = n.Subscript(right.span, n.FormatArgument(right.span, 0), n.Constant(right.span, position))
            ty = types[0].items[position]
        elif _is_named_tuple(types[0]):   # a NamedTuple is a tuple: its fields are the arguments
            name, ty = types[0].fields[position]  # type: ignore[union-attr]
            value = n.Attribute(right.span, n.FormatArgument(right.span, 0), name)
        else:
            value, ty = n.FormatArgument(right.span, 0), types[0]
        position += 1
        parts.append(_percent_field(piece, value, ty, expr.span))
        fields.append((parts[-1], piece.type))  # type: ignore[arg-type]
    joined = n.JoinedStr(expr.span, tuple(parts))
    for argument in _arguments(joined):
        ck.types[argument] = types[argument.index]
    fstrings.joined_str(ck, joined)
    for field, kind in fields:
        if kind in "diu" and isinstance(field.value, n.Call) and ck.types.get(field.value.args[0]) == ANY:
            ck.ops[field.value] = sem.PERCENT_INT_ANY[kind]   # CPython's '%d' of a JSON value, not int()
    ck.formats[expr] = joined
    ck.arguments[expr] = values
    ck.ops[expr] = sem.STR_FORMAT
    return STR


def _percent_field(piece: _Conversion, value: n.Expr, ty: Type, span: Span) -> n.FormattedValue:
    """The f-string field of one conversion: ``%-8.2f`` is ``{value:<8.2f}``, ``%5s`` is
    ``{value!s:>5}``, ``%d`` of a float is ``{int(value):d}``. A combination whose f-string
    field would not give CPython's text for every sample value is refused."""
    what = f"'%{piece.flags}{piece.width}{'.' + piece.precision if piece.precision is not None else ''}{piece.type}'"
    if "*" in (piece.width, piece.precision):
        raise CompileError(f"a '*' width or precision ({what}) is not supported in ssc: write the number, or "
                           f"use an f-string ({{x:{{width}}}})", span)
    if piece.type in _NUMERIC and (ty == ANY and piece.type not in "diu" or isinstance(ty, OptionalType)):
        held = "a JSON value (Any)" if ty == ANY else f"an optional ({ty})"
        raise CompileError(f"{what} formats a number, and {held} may hold another type here: convert it "
                           f"first (int(x), float(x)), or use an f-string", span)
    if piece.type == "c" and ty == STR:
        raise CompileError(f"{what} of a str is not supported: use %s", span)
    if piece.type in "diu" and piece.precision is not None:
        raise CompileError(f"a precision with {what} (a minimum number of digits) is not supported in ssc: "
                           f"use an f-string with a zero-padded width, e.g. {{n:03d}}", span)
    left = "-" in piece.flags
    textual = piece.type in "sra"
    spec = "<" if left else ">" if textual and piece.width else ""
    if not textual:
        spec += "+" if "+" in piece.flags else " " if " " in piece.flags else ""
        spec += "#" if "#" in piece.flags and piece.type in "oxXeEfFgG" else ""
        spec += "0" if "0" in piece.flags and not left else ""
    spec += piece.width
    if piece.precision is not None:
        spec += "." + (piece.precision or "0")
    spec += {"s": "", "r": "", "a": "", "i": "d", "u": "d"}.get(piece.type, piece.type)
    conversion = piece.type if piece.type in "ra" or (piece.type == "s" and spec and ty != STR) else ""
    if piece.type in "diu" and ty in (FLOAT, ANY):   # an Any: int(value) is made '%d' of it (percent)
        value = n.Call(value.span, n.Name(value.span, "int"), (value,), ())
    _check_equivalent(piece, ty, spec, conversion, what, span)
    format_spec = n.JoinedStr(span, (n.Constant(span, spec),)) if spec else None
    return n.FormattedValue(value.span, value, conversion, format_spec)


_NUMERIC = frozenset("diuoxXeEfFgGc")
#: Values each conversion's f-string field is compared on with CPython's '%' at compile time.
_PROBES: dict[Type, tuple[object, ...]] = {
    INT: (0, 7, -42, 255, 123456789, -9223372036854775808),
    FLOAT: (0.0, -0.0, 2.5, -1.25, 3.14159, 1e20, 1.5e-7, float("inf"), float("nan")),
    BOOL: (True, False),
    STR: ("", "ab", "héllo wörld", "it's"),
}


def _check_equivalent(piece: _Conversion, ty: Type, spec: str, conversion: str, what: str, span: Span) -> None:
    """Refuse a conversion whose f-string field differs from CPython's '%' on a probe value."""
    for probe in _PROBES.get(ty, ()):
        try:
            expected = ("%" + piece.flags + piece.width + ("." + piece.precision if piece.precision is not None
                                                            else "") + piece.type) % (probe,)
        except (TypeError, ValueError, OverflowError):
            continue   # raised by CPython's '%' for this value: the f-string field raises it too
        shown = int(probe) if piece.type in "diu" and isinstance(probe, float) else probe  # type: ignore[arg-type]
        converted = {"r": repr, "a": ascii, "s": str}.get(conversion, lambda x: x)(shown)
        if format(converted, spec) != expected:
            raise CompileError(f"{what} of a {ty} is not supported in ssc: use an f-string", span)


def _percent_pieces(template: str) -> list[str | _Conversion] | None:
    """The literal text and conversions of ``template``, as CPython's PyUnicode_Format reads
    them; None when CPython rejects the template (it then says why)."""
    pieces: list[str | _Conversion] = []
    pos = 0
    while True:
        start = template.find("%", pos)
        if start < 0:
            pieces.append(template[pos:])
            return pieces
        pieces.append(template[pos:start])
        pos = start + 1
        key = None
        if template[pos:pos + 1] == "(":
            depth, end = 1, pos + 1
            while end < len(template) and depth:
                depth += {"(": 1, ")": -1}.get(template[end], 0)
                end += 1
            if depth:
                return None
            key, pos = template[pos + 1:end - 1], end
        flags_end = pos
        while flags_end < len(template) and template[flags_end] in "-+ #0":
            flags_end += 1
        flags, pos = template[pos:flags_end], flags_end
        width, pos = _digits(template, pos)
        precision = None
        if template[pos:pos + 1] == ".":
            precision, pos = _digits(template, pos + 1)
        if pos < len(template) and template[pos] in "hlL":
            pos += 1
        if pos >= len(template) or template[pos] not in _PERCENT_TYPES:
            return None
        pieces.append(_Conversion(key, flags, width, precision, template[pos]))
        pos += 1


def _digits(template: str, pos: int) -> tuple[str, int]:
    if template[pos:pos + 1] == "*":
        return "*", pos + 1
    end = pos
    while end < len(template) and template[end] in "0123456789":
        end += 1
    return template[pos:end], end


_PERCENT_TYPES = frozenset("%sradiuoxXeEfFgGc")


def _sample(ty: Type, keyed: bool) -> object:
    """A value of type ``ty`` that CPython's '%' is tried with: it raises for the template what
    it would raise for any value of the type (a wrong count, a str for %d, a missing mapping).
    A JSON value stands for a mapping where the template has keys, else for a number; whether
    its conversions are supported is decided afterwards (``_percent_field``)."""
    if isinstance(ty, OptionalType):
        return _sample(ty.inner, keyed)
    if isinstance(ty, TupleType):
        return tuple(_sample(item, keyed) for item in ty.items)
    if _is_named_tuple(ty):
        return _sample(ty.as_tuple, keyed)  # type: ignore[union-attr]
    if isinstance(ty, DictType) or (ty == ANY and keyed):
        value = _sample(ty.value if isinstance(ty, DictType) else ANY, False)
        return defaultdict(lambda: value)
    if isinstance(ty, ListType):
        return []
    if isinstance(ty, SetType):
        return set()
    return _SAMPLES.get(ty, _StandIn())


_SAMPLES: dict[Type, object] = {INT: 1, FLOAT: 1.5, BOOL: True, STR: "s", BYTES: b"b", NONE: None,
                                ANY: 1, EXCEPTION: Exception("m")}


def _is_named_tuple(ty: Type) -> bool:
    return isinstance(ty, ClassType) and ty.kind == "namedtuple"


def _try_percent_in_cpython(template: str, sample: object, span: Span) -> None:
    """Refuse a template that CPython's '%' rejects for arguments of these types, with its
    exception."""
    try:
        template % sample
    except (ValueError, TypeError, KeyError) as err:
        raise CompileError(f"this '%' formatting raises {type(err).__name__}: {err}", span) from None
