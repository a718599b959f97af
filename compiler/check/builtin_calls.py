"""Builtins whose result type depends on their arguments: ``str``, ``len``, ``min``,
``sorted``, ``list(...)``, ``isinstance``... (the others are rows of ``semantics.BUILTIN_CALLS``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ... import abi
from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError, Span
from ..typed import Iteration
from ..types import (ANY, BOOL, BYTES, CLASS, ELEM, EXCEPTION, FLOAT, INT, NONE, STR, DictType, ListType, OptionalType, SetType,
                     Type, VarTupleType, family, is_hashable)
from . import class_values, consumers, functions, infer

if TYPE_CHECKING:
    from .checker import Checker


def special_builtin(ck: Checker, call: n.Call, name: str) -> Type:
    """Builtins whose result type depends on their arguments' types."""
    args = call.args
    if name == "sorted":
        return sorted_call(ck, call)
    if name in ("min", "max") and (call.keywords or (len(args) == 1 and consumers.is_iterator(ck, args[0]))):
        return consumers.min_max_call(ck, call, name)
    if name == "print":
        return print_call(ck, call)
    if call.keywords:
        raise CompileError(f"{name}() takes no keyword arguments in ssc", call.keywords[0].span)
    if name in consumers.ITERATOR_BUILTINS:
        raise CompileError(f"{name}() is supported as the iterable of a 'for' loop or comprehension; "
                           f"wrap it in list(...) for a list", call.span)
    if name in ("any", "all"):
        return consumers.any_all_call(ck, call, name)
    if name == "next":
        return consumers.next_call(ck, call)
    if name == "divmod":
        return consumers.divmod_call(ck, call)
    if name == "isinstance":
        return isinstance_call(ck, call)
    if name in ("str", "repr"):
        return text_call(ck, call, name)
    if name == "bool":
        if len(args) != 1:
            raise CompileError("bool() takes exactly one argument", call.span)
        ck.truth(args[0])
        ck.ops[call] = sem.BOOL_OF
        return BOOL
    if name == "len":
        if len(args) != 1:
            raise CompileError(f"len() takes exactly one argument ({len(args)} given)", call.span)
        ck.readonly_ok = True
        ty = ck.expr(args[0])
        found = sem.BUILTIN_CALLS.get(("len", (family(ty),)))
        if found is None:
            raise CompileError(f"object of type '{ty}' has no len(){infer.none_hint(ty)}", call.span)
        ck.ops[call] = found
        return INT
    if name in ("min", "max", "sum"):
        return reduce_call(ck, call, name)
    if name in ("list", "set", "tuple", "dict"):
        return constructor_call(ck, call, name)
    raise AssertionError(name)


def text_call(ck: Checker, call: n.Call, name: str) -> Type:
    """``str(x)``, ``repr(x)`` and ``str()``."""
    args = call.args
    if len(args) != 1:
        if name == "str" and not args:
            ck.ops[call] = sem.EMPTY_STR
            return STR
        raise CompileError(f"{name}() takes exactly one argument", call.span)
    ty = ck.expr(args[0])
    if isinstance(ty, SetType) or infer.contains_set(ty):
        raise CompileError("converting a set to text is not supported: CPython's set order depends on "
                           "hashing; use sorted(s)", call.span)
    if ty == EXCEPTION and name == "repr":
        raise CompileError("repr() of an exception is not supported: use str(e)", call.span)
    if name == "str" and ty == BYTES:
        raise CompileError("str(b) of bytes gives their repr (b'...'); decode them with b.decode(), or "
                           "write repr(b)", call.span)
    if ty == ANY:
        ck.ops[call] = sem.ANY_STR if name == "str" else sem.ANY_REPR
        return STR
    ck.ops[call] = sem.VALUE_STR if name == "str" else sem.VALUE_REPR
    return STR


def print_call(ck: Checker, call: n.Call) -> Type:
    """``print(a, b, sep=" ", end="\\n", flush=False)``: the text as the f-string
    ``f"{a}{sep}{b}{end}"`` would make it (a JoinedStr recorded as the call's one argument),
    written to stdout (WASI's fd_write, which only the SmartModule ABI links). sep and end are
    None, str constants or str locals (read, as CPython evaluates them, before printing)."""
    if ck.target == abi.Abi.SMARTSTREAM:
        raise CompileError("print() writes to stdout through WASI, which the legacy SmartStream ABI of Fluvio "
                           "v0.9 does not link: compile for the SmartModule ABI (the default), or remove it",
                           call.func.span)
    given: dict[str, n.Expr] = {}
    for kw in call.keywords:
        if kw.name == "file":
            raise CompileError("print(file=...) is not supported: a SmartStream prints to stdout only", kw.span)
        if kw.name not in ("sep", "end", "flush"):
            raise CompileError(f"print() got an unexpected keyword argument '{kw.name}'", kw.span)
        if not isinstance(kw.value, (n.Constant, n.Name)):
            raise CompileError(f"print()'s {kw.name}= is a constant or a variable in ssc", kw.value.span)
        if kw.name == "flush":
            ck.truth(kw.value)   # stdout is not buffered: every print is flushed
        elif ck.expr(kw.value) not in (STR, NONE):
            raise CompileError(f"{kw.name} must be None or a string, not {ck.types[kw.value]}", kw.value.span)
        given[kw.name] = kw.value
    parts: list[n.Expr] = []
    for index, arg in enumerate(call.args):
        if isinstance(arg, n.Starred):
            raise CompileError("print(*args) is not supported: print the items, or ' '.join(...) them", arg.span)
        if index:
            parts.append(_print_part(ck, given.get("sep"), " "))
        parts.append(n.FormattedValue(arg.span, arg, "", None))
    parts.append(_print_part(ck, given.get("end"), "\n"))
    text = n.JoinedStr(call.span, tuple(parts))
    ck.expr(text)
    ck.arguments[call] = (text,)
    ck.ops[call] = sem.PRINT
    return NONE


def _print_part(ck: Checker, given: n.Expr | None, default: str) -> n.Expr:
    """print()'s sep or end, as a part of its text: the default when it is absent or None."""
    if given is None or ck.types.get(given) == NONE:
        return n.Constant(given.span if given is not None else Span(1, 1, 1, 1), default)
    return n.FormattedValue(given.span, given, "", None)


def sorted_call(ck: Checker, call: n.Call) -> Type:
    """``sorted(xs, key=f, reverse=r)``: a new list of the items, sorted stably (by their keys)."""
    if len(call.args) != 1:
        raise CompileError(f"sorted expected 1 argument, got {len(call.args)}", call.span)
    elem = iterable_elem(ck, call.args[0], allow_set=True)
    keyed = functions.sort_keywords(ck, call, elem)
    ck.ops[call] = (sem.SORTED_BY_KEY if keyed else sem.SORTED).bind({ELEM: elem})
    return ListType(elem)


def iterable_elem(ck: Checker, expr: n.Expr, *, allow_set: bool = False) -> Type:
    """The element type of an iterable argument; records its iteration."""
    if allow_set and not consumers.is_iterator(ck, expr):
        ck.readonly_ok = True
        ty = ck.expr(expr)
        if isinstance(ty, SetType):
            ck.iterations[expr] = Iteration("set", ty.elem, (expr,))
            return ty.elem
        del ck.types[expr]
    iteration = ck.iteration(expr)
    ck.iterations[expr] = iteration
    return iteration.item


#: The types whose values min() and max() of several arguments mix as CPython does, the winner
#: keeping its own type (``max(0, v)`` of a float ``v`` is the int 0 or ``v``): an int | float, an Any.
NUMBERS = frozenset({INT, FLOAT, BOOL})


def reduce_call(ck: Checker, call: n.Call, name: str) -> Type:
    args = call.args
    if name != "sum" and len(args) >= 2:
        types = [ck.expr(a) for a in args]
        result = types[0]
        for ty in types[1:]:
            joined = infer.join(result, ty)
            if joined is None and {result, ty} <= NUMBERS:   # max(0, v): CPython's winner, an int | float
                joined = ANY
            if joined is None:
                raise CompileError(f"{name}() arguments must have one type", call.span)
            result = joined
        for arg, ty in zip(args, types):
            ck.coerce(arg, result, given=ty)
        order = "<" if name == "min" else ">"
        better = (sem.COMPARE.get((order, result, result)) or sem.GENERIC_ORDER).comparing(order)
        ck.ops[call] = (sem.MIN_ARGS if name == "min" else sem.MAX_ARGS).at(result).around(better)
        return result
    if len(args) != (1 if name != "sum" else len(args)) or not args or len(args) > 2:
        raise CompileError(f"{name}() takes one iterable" + (" and an optional start" if name == "sum" else ""),
                           call.span)
    elem = iterable_elem(ck, args[0], allow_set=name != "sum")
    if name == "sum":
        if elem == BOOL:
            elem = INT
        if elem == ANY:   # a JSON list: added at run time, as CPython adds (start boxed)
            if len(args) == 2:
                ck.coerce(args[1], ANY)
            ck.ops[call] = sem.sum_op(ANY, ck.python)
            return ANY
        if elem not in (INT, FLOAT):
            raise CompileError(f"sum() of {elem} items is not supported (only int and float)", call.span)
        if elem == FLOAT and len(args) == 1:   # the int 0 with no items, else a float: an int | float
            ck.ops[call] = sem.sum_op(elem, ck.python, from_int=True)
            return ANY
        if len(args) == 2:
            start = ck.expr(args[1])
            if start == FLOAT and elem == INT:
                elem = FLOAT
            ck.coerce(args[1], elem, given=start)
    op = sem.sum_op(elem, ck.python) if name == "sum" else sem.MIN_ITER if name == "min" else sem.MAX_ITER
    ck.ops[call] = op.bind({ELEM: elem})
    return elem


def constructor_call(ck: Checker, call: n.Call, name: str) -> Type:
    args = call.args
    if name == "dict":
        if not args:
            raise CompileError("cannot infer the types of dict(): annotate, e.g. 'd: dict[str, int] = {}'",
                               call.span)
        if len(args) > 1:
            raise CompileError(f"dict expected at most 1 argument, got {len(args)}", call.span)
        if not consumers.is_iterator(ck, args[0]):
            ck.readonly_ok = True
            ty = ck.expr(args[0])
            if isinstance(ty, DictType):   # dict(counter) is a plain dict
                ck.ops[call] = sem.DICT_COPY.at(ty.plain)
                return ty.plain
            if ty == ANY:   # a JSON object's copy, or the pairs of a JSON array, at run time
                ck.ops[call] = sem.ANY_TO_DICT
                return ANY
            del ck.types[args[0]]
        return consumers.dict_from_pairs(ck, call, args[0])
    if not args:
        raise CompileError(f"cannot infer the item type of {name}(): annotate, e.g. 'xs: list[str] = []'",
                           call.span)
    if len(args) > 1:
        raise CompileError(f"{name}() takes at most one argument", call.span)
    elem = iterable_elem(ck, args[0], allow_set=name == "set")
    if name == "tuple":   # a tuple[T, ...]: a new list of the items, which nothing changes
        ck.ops[call] = sem.LIST_FROM_ITER.bind({ELEM: elem}).at(VarTupleType(elem))
        return VarTupleType(elem)
    if name == "set":
        if not is_hashable(elem):
            raise CompileError(f"set items must be hashable, and {elem} is not", call.span)
        ck.ops[call] = sem.SET_FROM_ITER.bind({ELEM: elem})
        return SetType(elem)
    ck.ops[call] = sem.LIST_FROM_ITER.bind({ELEM: elem})
    return ListType(elem)


def isinstance_call(ck: Checker, call: n.Call) -> Type:
    if len(call.args) != 2:
        raise CompileError("isinstance() takes a value and a type", call.span)
    ty = ck.expr(call.args[0])
    # a class, a tuple of classes, or a union of them (isinstance(x, int | str))
    if not is_class_expr(ck, call.args[1]):   # a class value: isinstance(v, SCHEMA[k])
        if ck.expr(call.args[1]) != CLASS:
            raise CompileError(f"isinstance() checks against {', '.join(ISINSTANCE_TYPES)}, or a class value "
                               f"(t = int)", call.args[1].span)
        return class_values.isinstance_of(ck, call, ty)
    classes = union_members(call.args[1].elts if isinstance(call.args[1], n.Tuple) else (call.args[1],))
    names = []
    for cls in classes:
        if not (isinstance(cls, n.Name) and cls.id in ISINSTANCE_TYPES):
            raise CompileError(f"isinstance() checks against {', '.join(ISINSTANCE_TYPES)}", cls.span)
        names.append(cls.id)
    if ty == ANY:
        mask = 0
        for cls in names:
            if cls not in sem.ANY_ISINSTANCE_TAGS:
                continue   # bytes, set, tuple: never a JSON value
            mask |= 1 << sem.ANY_ISINSTANCE_TAGS[cls]
            if cls == "int":
                mask |= 1 << sem.ANY_ISINSTANCE_TAGS["bool"]
        ck.ops[call] = sem.ANY_ISINSTANCE.with_constant(mask)
        return BOOL
    inner = ty.inner if isinstance(ty, OptionalType) else ty
    matches = any(isinstance_static(inner, cls) for cls in names)
    if isinstance(ty, OptionalType) and matches:
        ck.ops[call] = sem.ISINSTANCE_PRESENT
    else:
        ck.ops[call] = sem.ISINSTANCE_TRUE if matches else sem.ISINSTANCE_FALSE
    return BOOL


def is_class_expr(ck: Checker, expr: n.Expr) -> bool:
    """Whether isinstance's second argument is written as classes (``int``, ``(int, float)``,
    ``int | None``), not a class value computed (``SCHEMA[k]``)."""
    return isinstance(expr, (n.Tuple, n.BinOp)) or (isinstance(expr, n.Name) and expr.id in ISINSTANCE_TYPES
                                                     and ck.local_key(expr.id) is None)


def union_members(classes: tuple[n.Expr, ...]) -> tuple[n.Expr, ...]:
    """The classes of ``int | str | None``-style unions, flattened (isinstance's second argument)."""
    flat: list[n.Expr] = []
    for cls in classes:
        if isinstance(cls, n.BinOp) and cls.op == "|":
            flat.extend(union_members((cls.left, cls.right)))
        else:
            flat.append(cls)
    return tuple(flat)


def isinstance_static(ty: Type, cls: str) -> bool:
    if cls == "int":
        return ty in (INT, BOOL)
    if cls in ("float", "bool", "str", "bytes"):
        return family(ty) == cls
    return family(ty) == cls


ISINSTANCE_TYPES = ("int", "float", "bool", "str", "bytes", "list", "dict", "set", "tuple")
