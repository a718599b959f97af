"""Expressions: the type of each, and the implicit conversions (``coerce``).

``expr(ck, e)`` checks ``e`` by its checker in ``expressions()`` (one function
per kind of node; the checkers of operators, calls, displays, subscripts
and f-strings are in their own modules) and records ``ck.types[e]``;
``coerce(ck, e, T)`` checks that ``e`` converts to ``T`` and records the
conversion. Displays take their type from where they are used
(``expr_against``).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Callable

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError
from ..typed import Binding
from ..types import (ANY, BOOL, BYTES, CLASS, EXCEPTION, FLOAT, INT, NONE, STR, ClassType, DictType, EnumType, ListType, MatchType,
                     PatternType, Type, family)
from . import (assigns, calls, checker, class_values, classes, displays, enums, flow, fstrings, functions, infer,
               iterables, objects, operators, partial, regex, regex_objects, stdlib, stdlib_datetime, stmts, subscripts,
               widening)

if TYPE_CHECKING:
    from .checker import Checker


def expr(ck: Checker, expr: n.Expr) -> Type:
    """Check ``expr`` and record its type. A name read as an iterable or a receiver may be a
    frozen module table (``ck.readonly_ok``), which no other use may be."""
    readonly, ck.readonly_ok = ck.readonly_ok, False
    if readonly and isinstance(expr, n.Name | n.Subscript):
        ck.readonly_ok = True
    ty = expressions().get(type(expr), refuse)(ck, expr)
    ck.readonly_ok = False
    ck.types[expr] = ty
    return ty


def coerce(ck: Checker, expr: n.Expr, target: Type, *, entry_result: bool = False, given: Type | None = None) -> None:
    """Check ``expr`` converts to ``target`` and record the conversion, if any."""
    if target == ANY and given is not None and isinstance(expr, infer.DISPLAYS):
        given = None   # a display checked on its own: typed again as a dynamic list or dict
    source = given if given is not None else ck.expr_against(expr, target)
    if source == target:
        return
    if partial.is_partial(source):
        partial.refine(ck, expr, target)   # a partial local used as a known type: f(out), return out
    if source == ANY:
        widening.refuse_narrowing(ck, expr, target)
    if infer.assignable(source, target, allow_encode=entry_result):
        ck.convert(expr, source, target)
        return
    hints = infer.none_hint(source) + infer.number_hint(source, target) + infer.container_hint(source, target)
    raise CompileError(f"expected {target}, got {source}{hints}", expr.span)


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
    typed = displays.against(ck, expr, expected)
    if typed is None:
        return ck.expr(expr)
    ck.types[expr] = typed
    return typed


def check_constant(ck: Checker, expr: n.Constant) -> Type:
    match expr.value:
        case bool():
            return BOOL
        case int() as value:
            if not infer.INT64_MIN <= value <= infer.INT64_MAX:
                raise CompileError(f"integer literal {value} does not fit in 64 bits", expr.span)
            return INT
        case float():
            return FLOAT
        case str() as value:
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


def check_name(ck: Checker, expr: n.Name) -> Type:
    """A name: a local (narrowed where the flow says so), module state, a module constant."""
    name = expr.id
    if name in ck.poisoned and ck.function is not None and name not in ck.flow.assigned:
        raise checker.Silent(f"'{name}' had an error", expr.span)
    key = ck.local_key(name)
    if key is not None and ck.function is not None:
        return local(ck, expr, key)
    if name in ck.broken_constants and name not in ck.constants:
        raise checker.Silent(f"'{name}' had an error", expr.span)
    if name in ck.constants and ck.constants[name].state:
        ck.bindings[expr] = Binding("state", name, ck.constants[name].type)
        narrowed = ck.flow.narrow.get(name) if ck.function is not None else None
        if narrowed is not None:   # `if LAST is not None and v < LAST`
            ck.narrowed.add(expr)
            return narrowed
        return ck.constants[name].type
    if name in ck.constants:
        constant = ck.constants[name]
        if family(constant.type) in ("list", "dict", "set") and not ck.readonly_ok:
            raise CompileError(f"the module table '{name}' is frozen: read it directly ({name}[k], k in {name}, "
                               f"for x in {name}, {name}.get(k)) or copy it first", expr.span)
        ck.bindings[expr] = Binding("constant", name, constant.type)
        return constant.type
    if name in ck.functions or name in ck.nested or name in ck.generics or name in ck.function_aliases:
        raise CompileError(f"the function '{name}' can only be called{functions.APPLIED_HINT}", expr.span)
    if name in sem.CLASS_MASKS:   # a builtin class as a value
        return class_values.class_value(ck, expr)
    if name in sem.BUILTIN_FUNCTIONS or name in sem.EXCEPTION_NAMES:
        raise CompileError(f"the builtin '{name}' can only be called{functions.APPLIED_HINT}", expr.span)
    if name in ck.exception_classes:
        raise CompileError(f"the exception class '{name}' can only be raised or caught", expr.span)
    if name in ck.record_classes or name in ck.enum_classes:
        raise CompileError(f"the class '{name}' can only be called (to make an instance) or used as an "
                           f"annotation", expr.span)
    if name in ck.imported:
        raise CompileError(f"'{name}' can only be used as a decorator or annotation", expr.span)
    raise CompileError(f"name '{name}' is not defined", expr.span)


def local(ck: Checker, expr: n.Name, key: str) -> Type:
    """A local's type where it is read: assigned on every path here, narrowed if known present."""
    assert ck.function is not None
    if key not in ck.flow.assigned:
        if key in ck.flow.looped and key in ck.function.locals:
            ck.unbound[expr] = sem.unbound_message(expr.id, ck.python)   # a loop may not have run: checked
            ck.function.flagged.add(key)
            ck.exception_code("UnboundLocalError")
        elif key in ck.function.locals or expr.id in ck.local_names:
            raise CompileError(f"local variable '{expr.id}' may be used before it is assigned", expr.span)
    declared = ck.function.locals.get(key)
    if declared is None:
        raise CompileError(f"local variable '{expr.id}' is used before it is assigned", expr.span)
    ck.bindings[expr] = Binding("local", key, declared)
    narrowed = ck.flow.narrow.get(key)
    if narrowed is not None:
        ck.narrowed.add(expr)
        return narrowed
    return declared


def is_builtin(ck: Checker, name: str) -> bool:
    return ck.local_key(name) is None and name not in ck.constants and name not in ck.functions \
        and name not in ck.generics


def json_error_attribute(ck: Checker, expr: n.Attribute) -> Type:
    """``e.msg``, ``e.pos``, ``e.lineno``, ``e.colno`` of ``except json.JSONDecodeError as e``."""
    op = sem.JSON_ERROR_ATTRIBUTES.get(expr.attr)
    if op is None or not isinstance(expr.value, n.Name) or expr.value.id not in ck.json_errors:
        raise CompileError(f"'Exception' object has no attribute '{expr.attr}' in ssc (an exception "
                           f"caught by 'except json.JSONDecodeError as e' has "
                           f"{', '.join(sem.JSON_ERROR_ATTRIBUTES)}; str(e) is any exception's message)",
                           expr.span)
    ck.ops[expr] = op
    return op.result


def reject_frozen(ck: Checker, expr: n.Expr, action: str) -> None:
    if isinstance(expr, n.Name) and ck.bindings.get(expr, Binding("", "", NONE)).kind == "constant":
        raise CompileError(f"cannot {action} the module table '{expr.id}': module constants are frozen",
                           expr.span)


def check_attribute(ck: Checker, expr: n.Attribute) -> Type:
    """``record.value``: an attribute of the table; ``r.key`` narrowed where the flow says so."""
    if isinstance(expr.value, n.Name) and regex.is_re(ck, expr.value.id):
        return regex.module_attribute(ck, expr)
    owner = stdlib_datetime.class_of(ck, expr.value)
    if owner is not None:
        return stdlib_datetime.class_attribute(ck, expr, owner)
    if isinstance(expr.value, n.Name) and expr.value.id in ck.modules and ck.local_key(expr.value.id) is None:
        if stdlib.has_attribute(ck.modules[expr.value.id]):
            return stdlib.module_attribute(ck, expr, ck.modules[expr.value.id])
        module, attr = expr.value.id, expr.attr
        raise CompileError(f"'{module}.{attr}' can only be called" if attr in sem.JSON_FUNCTIONS else
                           f"module '{module}' has no attribute '{attr}' in ssc (it has "
                           f"{', '.join(sem.JSON_FUNCTIONS)} and JSONDecodeError)", expr.span)
    if isinstance(expr.value, n.Name) and expr.value.id in ck.enum_classes and ck.local_key(expr.value.id) is None:
        return enums.class_attribute(ck, expr, ck.enum_classes[expr.value.id])
    ty = ck.expr(expr.value)
    if isinstance(ty, PatternType):
        return regex_objects.pattern_attribute(ck, expr, ty)
    if isinstance(ty, MatchType):
        return regex_objects.match_attribute(ck, expr, ty)
    if isinstance(ty, ClassType) and ty.kind == "datetime":
        stdlib_datetime.attribute(ck, expr, ty)   # a field, read as a record's, or its AttributeError
    if isinstance(ty, ClassType):
        return classes.field_read(ck, expr, ty)
    if isinstance(ty, EnumType):
        return enums.member_attribute(ck, expr, ty)
    if ty == CLASS:
        return class_values.attribute(ck, expr)
    if ty == EXCEPTION:
        return json_error_attribute(ck, expr)
    found = sem.ATTRIBUTES.get((ty, expr.attr))
    if found is None:
        if calls.method_ops(ck, ty, expr.attr) is not None:
            raise CompileError(f"the method '{ty}.{expr.attr}' can only be called", expr.span)
        objects.reject_optional(ty, expr)
        raise CompileError(f"'{ty}' object has no attribute '{expr.attr}'", expr.span)
    ck.ops[expr] = found
    place = flow.optional_place(ck, expr)
    if place is not None and place[0] in ck.flow.narrow:
        ck.narrowed.add(expr)
        return ck.flow.narrow[place[0]]
    return found.result


def check_if_exp(ck: Checker, expr: n.IfExp) -> Type:
    """``a if c else b``: each branch where c is true (false); their common type."""
    saved = ck.flow
    yes, no = ck.condition(expr.test)
    ck.flow = yes
    then_ty = ck.expr(expr.body)
    ck.flow = no
    else_ty = ck.expr(expr.orelse)
    ck.flow = saved
    result = infer.join(then_ty, else_ty)
    if result is None:
        raise CompileError(f"the branches of a conditional expression have different types: "
                           f"{then_ty} and {else_ty}", expr.span)
    # an empty display takes the other branch's type: `words if ok else []`
    if infer.has_unknown(then_ty) and not infer.has_unknown(result):
        ck.flow = yes
        then_ty = ck.expr_against(expr.body, result)
    if infer.has_unknown(else_ty) and not infer.has_unknown(result):
        ck.flow = no
        else_ty = ck.expr_against(expr.orelse, result)
    ck.flow = saved
    ck.coerce(expr.body, result, given=then_ty)
    ck.coerce(expr.orelse, result, given=else_ty)
    return result


def refuse(ck: Checker, expr: n.Expr) -> Type:
    """An expression the language does not have, with what to write instead."""
    match expr:
        case n.GeneratorExp():
            raise CompileError("a generator expression is consumed where it is written (by sum(), any(), "
                               "''.join(), list(), a for loop...): to keep its items, use a list comprehension",
                               expr.span)
        case n.Slice():
            raise CompileError("a slice can only appear inside [...]", expr.span)
        case n.Starred():
            raise CompileError("starred expressions are not supported", expr.span)
        case n.Unsupported(what=what):
            raise CompileError(f"{what} are not supported", expr.span)
    raise CompileError(f"{stmts.describe(expr)} are not supported", expr.span)


@functools.cache
def check_format_argument(ck: Checker, expr: n.FormatArgument) -> Type:
    """A str.format call's argument in its template's f-string: the argument's type, which
    ``formatting.str_format`` recorded when it made the node."""
    return ck.types[expr]


def expressions() -> dict[type, Callable[[Checker, Any], Type]]:
    """The checker of each kind of expression; one an expression lacks is refused (``refuse``).
    (A function, made on first use: the checkers' modules import this one.)"""
    return {
        n.Constant: check_constant,
        n.Name: check_name,
        n.BinOp: operators.check_binop,
        n.UnaryOp: operators.check_unary,
        n.BoolOp: operators.bool_value,
        n.Compare: operators.compare,
        n.IfExp: check_if_exp,
        n.Call: calls.call,
        n.Attribute: check_attribute,
        n.Subscript: subscripts.subscript,
        n.Tuple: displays.check_tuple,
        n.List: displays.check_list,
        n.Set: displays.check_set,
        n.Dict: displays.check_dict,
        n.ListComp: iterables.comprehension,
        n.SetComp: iterables.comprehension,
        n.DictComp: iterables.comprehension,
        n.JoinedStr: fstrings.joined_str,
        n.Lambda: functions.refuse_value,
        n.NamedExpr: assigns.check_named_expr,
        n.FormatArgument: check_format_argument,
    }
