"""Expressions: the type of each, and the implicit conversions (``coerce``).

``expr(ck, e)`` records ``ck.types[e]``; ``coerce(ck, e, T)`` checks that
``e`` converts to ``T`` and records the conversion. Displays take their
type from where they are used (``expr_against``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError
from ..typed import Binding
from ..types import (ANY, BOOL, BYTES, EXCEPTION, FLOAT, INT, NONE, STR, DictType, ListType, SetType, TupleType, Type,
                     family, is_hashable, optional)
from . import calls, checker, flow, infer, iterables, operators, stmts

if TYPE_CHECKING:
    from .checker import Checker


def coerce(ck: Checker, expr: n.Expr, target: Type, *, entry_result: bool = False, given: Type | None = None) -> None:
    """Check ``expr`` converts to ``target`` and record the conversion, if any."""
    if target == ANY and given is not None and isinstance(expr, infer.DISPLAYS):
        given = None   # a display checked on its own: typed again as a dynamic list or dict
    source = given if given is not None else ck.expr_against(expr, target)
    if source == target:
        return
    if infer.assignable(source, target, allow_encode=entry_result):
        ck.convert(expr, source, target)
        return
    raise CompileError(f"expected {target}, got {source}{infer.none_hint(source)}{infer.number_hint(source, target)}",
                       expr.span)


def expr_against(ck: Checker, expr: n.Expr, expected: Type) -> Type:
    """Check ``expr`` where a value of type ``expected`` is wanted.

    Displays take their type from the context, so that ``d: dict[str, list[int]] = {"x": []}``
    and ``xs: list[int | None] = [1, None]`` type their items by it. Where an Any is wanted,
    a display is a list[Any] or dict[Any, Any], which an Any holds as it is.
    """
    if expected == ANY:
        match expr:
            case n.List() | n.ListComp():
                expected = ListType(ANY)
            case n.Dict(keys=keys) if all(k is not None for k in keys):
                expected = DictType(ANY, ANY)
            case n.DictComp():
                ty = iterables.comprehension(ck, expr, key_value=(ANY, ANY))
                ck.types[expr] = ty
                return ty
    match expr:
        case n.ListComp() if isinstance(expected, ListType):
            ck.types[expr] = iterables.comprehension(ck, expr, expected.elem)
            return ck.types[expr]
        case n.SetComp() if isinstance(expected, SetType):
            ck.types[expr] = iterables.comprehension(ck, expr, expected.elem)
            return ck.types[expr]
        case n.List(elts=elts) if elts and isinstance(expected, ListType):
            for elt in elts:
                ck.coerce(elt, expected.elem)
            ck.types[expr] = expected
            return expected
        case n.Set(elts=elts) if elts and isinstance(expected, SetType):
            for elt in elts:
                ck.coerce(elt, expected.elem)
            ck.types[expr] = expected
            return expected
        case n.Dict(keys=keys, values=values) if keys and isinstance(expected, DictType) \
                and all(k is not None for k in keys):
            for key, value in zip(keys, values):
                ck.coerce(key, expected.key)  # type: ignore[arg-type]
                ck.coerce(value, expected.value)
            ck.types[expr] = expected
            return expected
        case n.Tuple(elts=elts) if isinstance(expected, TupleType) and len(elts) == len(expected.items) \
                and not any(isinstance(e, n.Starred) for e in elts):
            for elt, item in zip(elts, expected.items):
                ck.coerce(elt, item)
            ck.types[expr] = expected
            return expected
        case n.List(elts=()) if isinstance(expected, ListType):
            ck.types[expr] = expected
            return expected
        case n.Dict(keys=()) if isinstance(expected, DictType):
            ck.types[expr] = expected
            return expected
        case n.DictComp() if isinstance(expected, DictType):
            ck.types[expr] = iterables.comprehension(ck, expr, key_value=(expected.key, expected.value))
            return ck.types[expr]
        case n.Call(func=n.Name(id="set"), args=(), keywords=()) if isinstance(expected, SetType) \
                and is_builtin(ck, "set"):
            ck.types[expr] = expected
            ck.ops[expr] = sem.SET_NEW.at(expected)
            return expected
        case n.Call(func=n.Name(id=("list" | "dict") as name), args=(), keywords=()) \
                if is_builtin(ck, name) and isinstance(expected, ListType if name == "list" else DictType):
            ck.types[expr] = expected
            ck.ops[expr] = (sem.LIST_NEW if name == "list" else sem.DICT_NEW).at(expected)
            return expected
    return ck.expr(expr)


def expr(ck: Checker, expr: n.Expr) -> Type:
    readonly, ck.readonly_ok = ck.readonly_ok, False
    if readonly and isinstance(expr, n.Name):
        ck.readonly_ok = True
    ty = infer_expr(ck, expr)
    ck.readonly_ok = False
    ck.types[expr] = ty
    return ty


def infer_expr(ck: Checker, expr: n.Expr) -> Type:
    match expr:
        case n.Constant(value=value):
            return constant(ck, expr, value)
        case n.Name(id=name):
            return name_type(ck, expr, name)
        case n.BinOp(op=op, left=left, right=right):
            lhs, rhs = ck.expr(left), ck.expr(right)
            op_found, result = operators.binary_op(ck, expr, op, lhs, rhs, left, right)
            ck.ops[expr] = op_found
            return result
        case n.UnaryOp(op="not", operand=operand):
            ck.truth(operand)
            ck.ops[expr] = sem.BOOL_NOT
            return BOOL
        case n.UnaryOp(op=op, operand=operand):
            ty = ck.expr(operand)
            if ty == ANY:
                ck.ops[expr] = sem.ANY_UNARY[op]
                return ANY
            if ty == BOOL and op in ("-", "+", "~"):
                ck.convert(operand, BOOL, INT)
                ty = INT
            found = sem.UNARY.get((op, ty))
            if found is None:
                raise CompileError(f"bad operand type for unary {op}: '{ty}'", expr.span)
            ck.ops[expr] = found
            return found.result
        case n.BoolOp(op=op, values=values):
            return operators.bool_value(ck, expr, op, values)
        case n.Compare():
            return operators.compare(ck, expr)
        case n.IfExp(test=test, body=body, orelse=orelse):
            saved = ck.flow
            yes, no = ck.condition(test)
            ck.flow = yes
            then_ty = ck.expr(body)
            ck.flow = no
            else_ty = ck.expr(orelse)
            ck.flow = saved
            result = infer.join(then_ty, else_ty)
            if result is None:
                raise CompileError(f"the branches of a conditional expression have different types: "
                                   f"{then_ty} and {else_ty}", expr.span)
            ck.coerce(body, result, given=then_ty)
            ck.coerce(orelse, result, given=else_ty)
            return result
        case n.Call():
            return calls.call(ck, expr)
        case n.Attribute(value=n.Name(id=module), attr=attr) if module in ck.modules \
                and ck.local_key(module) is None:
            raise CompileError(f"'{module}.{attr}' can only be called" if attr in sem.JSON_FUNCTIONS else
                               f"module '{module}' has no attribute '{attr}' in ssc (it has "
                               f"{', '.join(sem.JSON_FUNCTIONS)} and JSONDecodeError)", expr.span)
        case n.Attribute(value=value, attr=attr):
            ty = ck.expr(value)
            found = sem.ATTRIBUTES.get((ty, attr))
            if found is None:
                if calls.method_ops(ck, ty, attr) is not None:
                    raise CompileError(f"the method '{ty}.{attr}' can only be called", expr.span)
                raise CompileError(f"'{ty}' object has no attribute '{attr}'", expr.span)
            ck.ops[expr] = found
            place = flow.optional_place(ck, expr)
            if place is not None and place[0] in ck.flow.narrow:
                ck.narrowed.add(expr)
                return ck.flow.narrow[place[0]]
            return found.result
        case n.Subscript():
            return subscript(ck, expr)
        case n.Tuple(elts=elts):
            if any(isinstance(e, n.Starred) for e in elts):
                raise CompileError("starred expressions are not supported", expr.span)
            return TupleType(tuple(ck.expr(e) for e in elts))
        case n.List(elts=elts):
            if not elts:
                return ListType(infer.UNKNOWN)
            return ListType(items(ck, elts, "list"))
        case n.Set(elts=elts):
            elem = items(ck, elts, "set")
            if not is_hashable(elem):
                raise CompileError(f"set items must be hashable, and {elem} is not", expr.span)
            return SetType(elem)
        case n.Dict(keys=keys, values=values):
            if not keys:
                return DictType(infer.UNKNOWN, infer.UNKNOWN)
            if any(k is None for k in keys):
                raise CompileError("'**' in dict displays is not supported", expr.span)
            key = items(ck, keys, "dict key")  # type: ignore[arg-type]
            if key not in (STR, BYTES, INT, ANY):
                raise CompileError(f"dict keys must be str, bytes or int, not {key}", expr.span)
            return DictType(key, items(ck, values, "dict value"))
        case n.ListComp() | n.SetComp() | n.DictComp():
            return iterables.comprehension(ck, expr)
        case n.JoinedStr(values=values):
            for value in values:
                if isinstance(value, n.FormattedValue):
                    formatted(ck, value)
                else:
                    ck.expr(value)
            return STR
        case n.GeneratorExp():
            raise CompileError("generator expressions are not supported: use a list comprehension",
                               expr.span)
        case n.Slice():
            raise CompileError("a slice can only appear inside [...]", expr.span)
        case n.Starred():
            raise CompileError("starred expressions are not supported", expr.span)
        case n.Unsupported(what=what):
            raise CompileError(f"{what} are not supported", expr.span)
    raise CompileError(f"{stmts.describe(expr)} are not supported", expr.span)


def items(ck: Checker, elts: tuple[n.Expr, ...], what: str) -> Type:
    """The common type of a display's items (int and float mix to float, T and None to T | None)."""
    types = [ck.expr(e) for e in elts]
    result: Type | None = types[0]
    for ty in types[1:]:
        result = infer.join(result, ty) if result is not None else None
    if result is None:
        shown = ", ".join(sorted({str(t) for t in types}))
        raise CompileError(f"{what} items must have one type, not {shown}", elts[0].span)
    for elt, ty in zip(elts, types):
        ck.coerce(elt, result, given=ty)
    return result


def formatted(ck: Checker, value: n.FormattedValue) -> None:
    ty = ck.expr(value.value)
    if isinstance(ty, SetType) or infer.contains_set(ty):
        raise CompileError("formatting a set is not supported: CPython's set order depends on hashing; "
                           "format sorted(s) instead", value.span)
    spec = value.format_spec
    if ty == EXCEPTION and (spec is not None or value.conversion):
        raise CompileError("an exception formats only as {e} (its message)", value.span)
    text = None
    if ty == ANY:
        if spec is not None:
            ck.expr(spec)
        ck.ops[value] = sem.ANY_FORMAT
        ck.types[value] = ty
        return
    if spec is not None:
        ck.expr(spec)
        text = constant_text(spec)
        if text is not None and value.conversion == "":
            example = sample(ty)
            if example is not NO_SAMPLE:
                try:
                    format(example, text)
                except (ValueError, TypeError) as err:
                    raise CompileError(f"invalid format spec {text!r} for {ty}: {err}", spec.span) from None
            elif text:
                raise CompileError(f"format spec {text!r} is not supported for {ty}", spec.span)
    formatter = sem.field_formatter(ty, text, spec is not None, value.conversion)
    if formatter.function in sem.SPEC_DEFAULTS:
        # a constant spec of a known type: parsed here, not at each run
        assert text is not None
        formatter = formatter.with_constant(sem.parse_format_spec(text, *sem.SPEC_DEFAULTS[formatter.function]))
    ck.ops[value] = formatter
    if formatter.params and formatter.params[0].type not in (ty, STR if ty == EXCEPTION else ty):
        ck.convert(value.value, ty, formatter.params[0].type)
    ck.types[value] = ty


def name_type(ck: Checker, expr: n.Name, name: str) -> Type:
    if name in ck.poisoned and ck.function is not None and name not in ck.flow.assigned:
        raise checker.Silent(f"'{name}' had an error", expr.span)
    key = ck.local_key(name)
    if key is not None and ck.function is not None:
        if key not in ck.flow.assigned:
            if key in ck.function.locals or name in ck.local_names:
                raise CompileError(f"local variable '{name}' may be used before it is assigned", expr.span)
        declared = ck.function.locals.get(key)
        if declared is None:
            raise CompileError(f"local variable '{name}' is used before it is assigned", expr.span)
        ck.bindings[expr] = Binding("local", key, declared)
        narrowed = ck.flow.narrow.get(key)
        if narrowed is not None:
            ck.narrowed.add(expr)
            return narrowed
        return declared
    if name in ck.broken_constants and name not in ck.constants:
        raise checker.Silent(f"'{name}' had an error", expr.span)
    if name in ck.constants and ck.constants[name].state:
        ck.bindings[expr] = Binding("state", name, ck.constants[name].type)
        return ck.constants[name].type
    if name in ck.constants:
        constant = ck.constants[name]
        if family(constant.type) in ("list", "dict", "set") and not ck.readonly_ok:
            raise CompileError(f"the module table '{name}' is frozen: read it directly ({name}[k], k in {name}, "
                               f"for x in {name}, {name}.get(k)) or copy it first", expr.span)
        ck.bindings[expr] = Binding("constant", name, constant.type)
        return constant.type
    if name in ck.functions:
        raise CompileError(f"the function '{name}' can only be called", expr.span)
    if name in sem.BUILTIN_FUNCTIONS or name in sem.EXCEPTION_NAMES:
        raise CompileError(f"the builtin '{name}' can only be called", expr.span)
    if name in ck.imported:
        raise CompileError(f"'{name}' can only be used as a decorator or annotation", expr.span)
    raise CompileError(f"name '{name}' is not defined", expr.span)


def is_builtin(ck: Checker, name: str) -> bool:
    return ck.local_key(name) is None and name not in ck.constants and name not in ck.functions


def reject_frozen(ck: Checker, expr: n.Expr, action: str) -> None:  # noqa: D401
    if isinstance(expr, n.Name) and ck.bindings.get(expr, Binding("", "", NONE)).kind == "constant":
        raise CompileError(f"cannot {action} the module table '{expr.id}': module constants are frozen",
                           expr.span)


def constant(ck: Checker, expr: n.Constant, value: object) -> Type:
    match value:
        case bool():
            return BOOL
        case int():
            if not infer.INT64_MIN <= value <= infer.INT64_MAX:
                raise CompileError(f"integer literal {value} does not fit in 64 bits", expr.span)
            return INT
        case float():
            return FLOAT
        case str():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise CompileError("str literals with lone surrogates are not supported", expr.span) from None
            return STR
        case bytes():
            return BYTES
        case None:
            return NONE
    raise CompileError("this literal ('...') is not supported", expr.span)


def subscript(ck: Checker, expr: n.Subscript) -> Type:
    ck.readonly_ok = True
    container = ck.expr(expr.value)
    if container == ANY and isinstance(expr.index, n.Slice):
        for part in (expr.index.lower, expr.index.upper, expr.index.step):
            if part is not None:
                ck.coerce(part, optional(INT))
        ck.ops[expr] = sem.ANY_GETSLICE
        return ANY
    if container == ANY:
        operators.to_any(ck, expr.index, ck.expr(expr.index), expr)
        ck.ops[expr] = sem.ANY_GETITEM_STR if infer.is_str_constant(expr.index) else sem.ANY_GETITEM
        return ANY
    if isinstance(expr.index, n.Slice):
        for part in (expr.index.lower, expr.index.upper, expr.index.step):
            if part is not None:
                ck.coerce(part, optional(INT))
        if container in (STR, BYTES) or isinstance(container, ListType):
            ck.ops[expr] = sem.SLICES[family(container)].at(container)
            return container
        if isinstance(container, TupleType):
            parts = [infer.constant_int(p) if p is not None else None
                     for p in (expr.index.lower, expr.index.upper, expr.index.step)]
            given = [p is not None for p in (expr.index.lower, expr.index.upper, expr.index.step)]
            if any(g and v is None for g, v in zip(given, parts)) or parts[2] == 0:
                raise CompileError("slicing a tuple needs constant bounds (and a non-zero step)", expr.span)
            indices = range(len(container.items))[slice(*parts)]
            ck.ops[expr] = sem.TUPLE_SLICE.at(TupleType(tuple(container.items[i] for i in indices))).with_constant(tuple(indices))
            return ck.ops[expr].result
        raise CompileError(f"'{container}' object is not subscriptable with a slice", expr.span)
    index = ck.expr(expr.index)
    match container:
        case DictType(key=key, value=value):
            ck.coerce(expr.index, key, given=index)
            ck.ops[expr] = sem.SUBSCRIPTS["dict"].at(value)
            return value
        case ListType(elem=elem):
            ck.coerce(expr.index, INT, given=index)
            ck.ops[expr] = sem.SUBSCRIPTS["list"].at(elem)
            return elem
        case TupleType(items=items):
            ck.coerce(expr.index, INT, given=index)
            position = infer.constant_int(expr.index)
            if position is not None:
                if not -len(items) <= position < len(items):
                    raise CompileError("tuple index out of range", expr.index.span)
                ck.ops[expr] = sem.TUPLE_GET.at(items[position]).with_constant(position % len(items))
                return items[position]
            if len(set(items)) != 1:
                raise CompileError(f"indexing a {container} needs a constant index, as its items have "
                                   f"different types", expr.index.span)
            ck.ops[expr] = sem.TUPLE_GET_DYNAMIC.at(items[0])
            return items[0]
    if container == STR:
        ck.coerce(expr.index, INT, given=index)
        ck.ops[expr] = sem.SUBSCRIPTS["str"]
        return STR
    if container == BYTES:
        ck.coerce(expr.index, INT, given=index)
        ck.ops[expr] = sem.SUBSCRIPTS["bytes"]
        return INT
    raise CompileError(f"'{container}' object is not subscriptable", expr.span)


def constant_text(spec: n.Expr) -> str | None:
    if isinstance(spec, n.JoinedStr) and all(isinstance(v, n.Constant) for v in spec.values):
        return "".join(str(v.value) for v in spec.values)  # type: ignore[union-attr]
    return None


def sample(ty: Type) -> object:
    return {INT: 1, FLOAT: 1.5, STR: "s", BOOL: True, NONE: None}.get(ty, NO_SAMPLE)  # type: ignore[call-overload]


NO_SAMPLE = object()
