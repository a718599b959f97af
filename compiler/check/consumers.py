"""Builtins that consume an iterable as they go: ``any``, ``all``, ``next``, ``dict(pairs)``,
``divmod``, and iterators (a generator expression, ``zip(...)``, ``reversed(x)``...) where a
list or set is wanted (``"".join(x for x in xs)``, ``xs.extend(...)``), whose items are then
made into one, as CPython's join and extend do with any iterable."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError
from ..typed import Iteration
from ..types import ANY, BOOL, BYTES, INT, STR, DictType, ListType, SetType, TupleType, Type, family, is_hashable
from . import builtin_calls, exprs, functions, infer, iterables, operators, stdlib_itertools

if TYPE_CHECKING:
    from .checker import Checker

#: The builtins whose value is an iterator: consumed where they are written.
ITERATOR_BUILTINS = ("range", "enumerate", "zip", "reversed", "map", "filter")


def is_iterator(ck: Checker, expr: n.Expr) -> bool:
    """Whether ``expr`` makes an iterator: a generator expression, or a call of an iterator builtin."""
    if isinstance(expr, n.GeneratorExp):
        return True
    if isinstance(expr, n.Call) and stdlib_itertools.iterator_name(ck, expr) in stdlib_itertools.NAMES:
        return True
    return isinstance(expr, n.Call) and isinstance(expr.func, n.Name) and expr.func.id in ITERATOR_BUILTINS \
        and exprs.is_builtin(ck, expr.func.id)


def materialize(ck: Checker, expr: n.Expr, wanted: Type | None = None) -> Type:
    """An iterator where a list (``wanted`` a list, or None) or a set is wanted: its items made into
    one (ITER_LIST, ITER_SET). A generator expression's element converts to the wanted item type."""
    elem = wanted.elem if isinstance(wanted, (ListType, SetType)) else None
    if isinstance(expr, n.GeneratorExp):
        iteration = iterables.generator_iteration(ck, expr, elem)
    else:
        iteration = ck.iteration(expr)
        if elem is not None and iteration.item != elem and not infer.has_unknown(elem):
            raise CompileError(f"expected an iterable of {elem}, got one of {iteration.item}", expr.span)
    ck.iterations[expr] = iteration
    if isinstance(wanted, SetType):
        if not is_hashable(iteration.item):
            raise CompileError(f"set items must be hashable, and {iteration.item} is not", expr.span)
        ty: Type = SetType(iteration.item)
        ck.ops[expr] = sem.ITER_SET.at(ty)
    else:
        ty = ListType(iteration.item)
        ck.ops[expr] = sem.ITER_LIST.at(ty)
    ck.types[expr] = ty
    return ty


def any_all_call(ck: Checker, call: n.Call, name: str) -> Type:
    """``any(xs)`` / ``all(xs)``: the items' truth, stopping at the first that decides (a set's
    order does not change the result)."""
    if len(call.args) != 1:
        raise CompileError(f"{name}() takes exactly one argument ({len(call.args)} given)", call.span)
    elem = builtin_calls.iterable_elem(ck, call.args[0], allow_set=True)
    if family(elem) not in sem.TRUTH_FAMILIES:
        raise CompileError(f"the truth value of a {elem} is not supported", call.args[0].span)
    op = sem.ANY_OF if name == "any" else sem.ALL_OF
    ck.ops[call] = op if elem == BOOL else op.around(sem.TRUTH)
    return BOOL


def next_call(ck: Checker, call: n.Call) -> Type:
    """``next((x for x in xs if ...), default)``: the first item of a generator expression."""
    args = call.args
    if not args or len(args) > 2:
        raise CompileError(f"next expected {'at least 1' if not args else 'at most 2'} arguments, got {len(args)}",
                           call.span)
    if not isinstance(args[0], n.GeneratorExp):
        raise CompileError("next() takes a generator expression in ssc, which has no iterator objects: "
                           "next((x for x in xs if ...), default)", args[0].span)
    if len(args) == 1:
        raise CompileError("next() without a default raises StopIteration when the generator has no item, "
                           "which ssc does not support: give a default, next((...), None)", call.span)
    iteration = ck.iteration(args[0])
    default = ck.expr(args[1])
    result = infer.join(iteration.item, default)
    if result is None:
        raise CompileError(f"next()'s item ({iteration.item}) and default ({default}) have different types: its "
                           f"value would be either", call.span)
    if result != iteration.item:
        ck.coerce(args[0].elt, result, given=iteration.item)
        iteration = Iteration(iteration.kind, result, iteration.source, iteration.parts)
    ck.iterations[args[0]] = iteration
    ck.coerce(args[1], result, given=default)
    ck.ops[call] = sem.NEXT_OF.at(result)
    return result


def divmod_call(ck: Checker, call: n.Call) -> Type:
    """``divmod(a, b)``: ``(a // b, a % b)`` with the numeric promotions of ``//``."""
    if len(call.args) != 2:
        raise CompileError(f"divmod expected 2 arguments, got {len(call.args)}", call.span)
    left, right = call.args
    lhs, rhs = operators.promote(ck, left, ck.expr(left), right, ck.expr(right), "//")
    found = sem.BUILTIN_CALLS.get(("divmod", (family(lhs), family(rhs))))
    if found is None:
        raise CompileError(f"unsupported operand type(s) for divmod(): '{lhs}' and '{rhs}'", call.span)
    ck.ops[call] = found
    return found.result


def dict_from_pairs(ck: Checker, call: n.Call, arg: n.Expr) -> Type:
    """``dict(pairs)``: an iterable of tuples of two (``zip(ks, vs)``, ``d.items()``), or of lists
    whose length is checked as each is added (``dict(p.split("=") for p in parts)``)."""
    iteration = ck.iteration(arg)
    ck.iterations[arg] = iteration
    match iteration.item:
        case TupleType(items=(key, value)):
            pass
        case ListType(elem=elem):
            key = value = elem
        case TupleType(items=items):
            raise CompileError(f"dict() takes pairs, and the items are {iteration.item} (CPython: dictionary update "
                               f"sequence element #0 has length {len(items)}; 2 is required)", arg.span)
        case item:
            raise CompileError(f"dict() takes an iterable of pairs, not of {item}", arg.span)
    if key not in (STR, BYTES, INT, ANY):
        raise CompileError(f"dict keys must be str, bytes or int, not {key}", arg.span)
    ty = DictType(key, value)
    ck.ops[call] = sem.DICT_FROM_PAIRS.at(ty)
    return ty


def min_max_call(ck: Checker, call: n.Call, name: str) -> Type:
    """``min(iterable, key=f, default=d)``, ``max(x for x in ...)``: the items compared as they
    come (MIN_STREAM), by their keys when there is a key function, the first smallest (largest)
    kept, as CPython's min_max does; the default (or ValueError) when there is none."""
    options: dict[str, n.Expr] = {}
    for kw in call.keywords:
        if kw.name not in ("default", "key"):
            raise CompileError(functions.invalid_keyword(ck, name, kw.name), kw.span)
        options[kw.name] = kw.value
    if not call.args:
        raise CompileError(f"{name} expected at least 1 argument, got 0", call.span)
    if len(call.args) > 1:
        if "default" in options:
            raise CompileError(f"Cannot specify a default for {name}() with multiple positional arguments",
                               call.span)
        raise CompileError(f"{name}() of several arguments with key= is not supported: write "
                           f"{name}((a, b, ...), key=...)", call.span)
    elem = builtin_calls.iterable_elem(ck, call.args[0], allow_set=True)
    compared = elem
    key = options.get("key")
    if key is not None and not (isinstance(key, n.Constant) and key.value is None):
        compared = functions.apply(ck, key, (elem,), "key=").result
    result = elem
    default = options.get("default")
    if default is not None:
        given = ck.expr(default)
        joined = infer.join(elem, given)
        if joined is None:
            raise CompileError(f"{name}()'s items ({elem}) and default ({given}) have different types: its value "
                               f"would be either", default.span)
        ck.coerce(default, joined, given=given)
        result = joined
    order = "<" if name == "min" else ">"
    better = (sem.COMPARE.get((order, compared, compared)) or sem.GENERIC_ORDER).comparing(order)
    ck.ops[call] = (sem.MIN_STREAM if name == "min" else sem.MAX_STREAM).at(result).around(better) \
        .with_constant(sem.empty_sequence(name, ck.python))
    return result
