"""What a ``for`` loop or a comprehension iterates (an ``Iteration``), and comprehensions,
whose variables have a scope of their own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError
from ..typed import Iteration
from ..types import (ANY, BYTES, INT, STR, DictType, ListType, SetType, TupleType, Type, VarTupleType, is_hashable,
                     tuple_view)
from . import assigns, enums, exprs, functions, regex, scopes, stdlib_itertools

if TYPE_CHECKING:
    from .checker import Checker


def iteration(ck: Checker, expr: n.Expr) -> Iteration:
    """How to iterate over ``expr`` (a for loop's or a comprehension's iterable)."""
    match expr:
        case n.GeneratorExp():
            return generator_iteration(ck, expr)
        case n.Call(func=n.Name(id="range"), keywords=()) if exprs.is_builtin(ck, "range"):
            return range_iteration(ck, expr)
        case n.Name(id=name) if name in ck.enum_classes and ck.local_key(name) is None:
            return value_iteration(ck, enums.members_display(ck.enum_classes[name], expr))
        case n.Call(func=n.Name(id="enumerate")) if exprs.is_builtin(ck, "enumerate"):
            return enumerate_iteration(ck, expr)
        case n.Call(func=n.Name(id="zip")) if exprs.is_builtin(ck, "zip"):
            return zip_iteration(ck, expr)
        case n.Call(func=n.Attribute(attr="finditer")):
            return finditer(ck, expr)
        case n.Call(func=n.Name(id="reversed")) if exprs.is_builtin(ck, "reversed"):
            return reversed_iteration(ck, expr)
        case n.Call(func=n.Name(id="map" | "filter" as name)) if exprs.is_builtin(ck, name):
            return functions.map_filter_iteration(ck, expr, name)
        case n.Call() if stdlib_itertools.iterator_name(ck, expr) in stdlib_itertools.NAMES:
            return stdlib_itertools.iteration(ck, expr)   # islice(xs, 3): a generator expression
        case n.Call(func=n.Attribute(value=receiver, attr=("items" | "keys" | "values") as attr), args=(),
                    keywords=()):
            ck.readonly_ok = True
            ty = ck.expr(receiver)
            if isinstance(ty, DictType):
                ck.types[expr] = ty
                item = {"items": TupleType((ty.key, ty.value)), "keys": ty.key, "values": ty.value}[attr]
                return Iteration(sem.DICT_VIEWS[attr], item, (receiver,))
    return value_iteration(ck, expr)


def finditer(ck: Checker, expr: n.Call) -> Iteration:
    """``p.finditer(s)``, ``re.finditer(P, s)``: the matches, one at a time (check/regex.py)."""
    saved, ck.iterating = ck.iterating, expr
    try:
        return regex.finditer_iteration(ck, expr)
    finally:
        ck.iterating = saved


def range_iteration(ck: Checker, expr: n.Call) -> Iteration:
    """``range(stop)``, ``range(start, stop[, step])``: source is (start, stop, step), None when absent."""
    args = expr.args
    if not 1 <= len(args) <= 3:
        raise CompileError(f"range expected 1 to 3 arguments, got {len(args)}", expr.span)
    for arg in args:
        ck.coerce(arg, INT)
    if len(args) == 1:
        source: tuple[n.Expr | None, ...] = (None, args[0], None)
    else:
        source = (args[0], args[1], args[2] if len(args) == 3 else None)
    return Iteration("range", INT, source)


def enumerate_iteration(ck: Checker, expr: n.Call) -> Iteration:
    """``enumerate(x[, start])``: (int, item) pairs; source is the start, None when absent."""
    args, kws = expr.args, expr.keywords
    start = args[1] if len(args) == 2 else None
    for kw in kws:
        if kw.name != "start":
            raise CompileError(f"enumerate() got an unexpected keyword argument '{kw.name}'", kw.span)
        start = kw.value
    if not args or len(args) > 2 or (len(args) == 2 and kws):
        raise CompileError("enumerate() takes an iterable and an optional start", expr.span)
    if start is not None:
        ck.coerce(start, INT)
    inner = stepped(ck, args[0], "enumerate")
    return Iteration("enumerate", TupleType((INT, inner.item)), (start,), (inner,))


def zip_iteration(ck: Checker, expr: n.Call) -> Iteration:
    if expr.keywords:
        raise CompileError("zip() keyword arguments are not supported", expr.keywords[0].span)
    if not expr.args:
        raise CompileError("zip() needs at least one iterable", expr.span)
    parts = tuple(stepped(ck, arg, "zip") for arg in expr.args)
    return Iteration("zip", TupleType(tuple(p.item for p in parts)), (), parts)


#: reversed(x): the kind of iteration for each kind of x's (a sequence's items by index from its end).
REVERSED_KINDS = {"range": "reversed_range", "str": "reversed_str", "list": "reversed_sequence",
                  "tuple": "reversed_sequence", "bytes": "reversed_sequence"}


def reversed_iteration(ck: Checker, expr: n.Call) -> Iteration:
    """``reversed(x)`` of a list, tuple, str, bytes or range: x's iteration, walked from its end."""
    if expr.keywords:
        raise CompileError("reversed() takes no keyword arguments", expr.keywords[0].span)
    if len(expr.args) != 1:
        raise CompileError(f"reversed expected 1 argument, got {len(expr.args)}", expr.span)
    inner = ck.iteration(expr.args[0])
    kind = REVERSED_KINDS.get(inner.kind)
    if kind is None:
        what = {"dict_keys": "a dict", "dict_values": "a dict view", "dict_items": "a dict view",
                "any": "a JSON value"}.get(inner.kind)
        if what is not None:
            raise CompileError(f"reversed() of {what} is not supported: write reversed(list(...))", expr.span)
        raise CompileError(f"'{inner.kind}' object is not reversible", expr.args[0].span)
    return Iteration(kind, inner.item, inner.source, (inner,))


def value_iteration(ck: Checker, expr: n.Expr) -> Iteration:
    """A value iterated by its type: a list, a dict (its keys), str, bytes, a tuple of one item
    type, an Any. A set is refused: its order is CPython's hash order."""
    ck.readonly_ok = True
    ty = tuple_view(ck.expr(expr))
    match ty:
        case _ if ty == ANY:
            return Iteration("any", ANY, (expr,))
        case ListType(elem=elem) | VarTupleType(elem=elem):   # a tuple of any length: laid out as a list
            return Iteration("list", elem, (expr,))
        case DictType(key=key):
            return Iteration("dict_keys", key, (expr,))
        case _ if ty == STR:
            return Iteration("str", STR, (expr,))
        case _ if ty == BYTES:
            return Iteration("bytes", INT, (expr,))
        case TupleType(items=items):
            if len(set(items)) > 1:
                raise CompileError(f"iterating over a {ty} needs items of one type", expr.span)
            if not items:
                raise CompileError("iterating over an empty tuple", expr.span)
            return Iteration("tuple", items[0], (expr,))
        case SetType():
            raise CompileError("iterating over a set is not supported: CPython's set order depends on "
                               "hashing; iterate over sorted(s) instead", expr.span)
    raise CompileError(f"'{ty}' object is not iterable", expr.span)


def unordered_iteration(ck: Checker, expr: n.Expr) -> Iteration:
    """The iteration of ``expr`` where the order of its items cannot show (a set comprehension's
    loops, ``d.keys() - other``): a set too, walked in ssc's order."""
    ck.readonly_ok = True
    ty = ck.expr(expr)
    if isinstance(ty, SetType):
        return Iteration("set", ty.elem, (expr,))
    del ck.types[expr]
    return ck.iteration(expr)


@contextmanager
def clauses(ck: Checker, generators: tuple[n.Comprehension, ...], unordered: bool = False) -> Iterator[None]:
    """Check the ``for ... in ... if ...`` clauses of a comprehension or generator expression in a
    scope of their own (its variables are its own, as in Python 3); the element is checked inside."""
    assert ck.function is not None
    ck.counter += 1
    scope: dict[str, str] = {}
    saved_flow = ck.flow.copy()
    ck.scopes.append(scope)
    try:
        for generator in generators:
            iteration = unordered_iteration(ck, generator.iter) if unordered else ck.iteration(generator.iter)
            ck.iterations[generator] = iteration
            for name in scopes.target_names(generator.target):
                scope[name] = f"{name}.comp{ck.counter}"
            assigns.assign(ck, generator.target, iteration.item, None)
            for cond in generator.ifs:
                yes, _ = ck.condition(cond)
                ck.flow = yes
        yield
    finally:
        ck.scopes.pop()
        ck.flow = saved_flow


def comprehension(ck: Checker, expr: n.ListComp | n.SetComp | n.DictComp, expected: Type | None = None,
                  key_value: tuple[Type, Type] | None = None) -> Type:
    """A comprehension's type; ``expected`` types its items from the context, as displays do. A set
    comprehension may loop over sets: the set it makes has no order either."""
    with clauses(ck, expr.generators, unordered=isinstance(expr, n.SetComp)):
        if isinstance(expr, n.DictComp) and key_value is not None:
            ck.coerce(expr.key, key_value[0])
            ck.coerce(expr.value, key_value[1])
            return DictType(*key_value)
        if isinstance(expr, n.DictComp):
            key, value = ck.expr(expr.key), ck.expr(expr.value)
            if not is_hashable(key):
                raise CompileError(f"dict keys must be hashable (numbers, text, tuples of them), not {key}",
                                   expr.key.span)
            return DictType(key, value)
        if expected is not None:
            ck.coerce(expr.elt, expected)
            elem = expected
        else:
            elem = ck.expr(expr.elt)
        if isinstance(expr, n.SetComp):
            if not is_hashable(elem):
                raise CompileError(f"set items must be hashable, and {elem} is not", expr.elt.span)
            return SetType(elem)
        return ListType(elem)


def generator_iteration(ck: Checker, expr: n.GeneratorExp, expected: Type | None = None) -> Iteration:
    """A generator expression, consumed where it is written (``sum(x * x for x in xs)``): its
    items are its element's values, made one at a time by the loops of its clauses."""
    with clauses(ck, expr.generators):
        if expected is not None:
            ck.coerce(expr.elt, expected)
            elem = expected
        else:
            elem = ck.expr(expr.elt)
    return Iteration("generator", elem, (expr,), tuple(ck.iterations[g] for g in expr.generators))


def stepped(ck: Checker, expr: n.Expr, consumer: str) -> Iteration:
    """The iteration of ``expr`` as a part of ``consumer`` (enumerate, zip), which steps its parts
    one item at a time: a generator expression there has one clause."""
    iteration = ck.iteration(expr)
    if iteration.kind == "generator" and len(iteration.parts) > 1:
        raise CompileError(f"{consumer}() over a generator expression with several 'for' clauses is not "
                           f"supported: use a list comprehension", expr.span)
    return iteration
