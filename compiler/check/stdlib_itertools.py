"""itertools's iterators that are generator expressions over what ssc iterates already, checked
as those (as map and filter are, check/functions.py), walked where they are consumed:

    islice(xs, stop)                 (x for i, x in zip(range(stop), xs))
    islice(xs, start, stop, step)    ... if i >= start and (i - start) % step == 0
    islice(xs, start, None)          (x for i, x in enumerate(xs) if i >= start)
    pairwise(xs)                     zip(xs, xs[1:])          (xs a variable holding a sequence)
    accumulate(xs, f, initial=v)     an iteration kind of its own (the running value), f applied
                                     where it is written
    chain(a, b, ...)                 (x for x in a + b + ...) (lists of one type, or str)
                                     (x for part in (a, b) for x in part)   (otherwise)

islice's bounds are int literals (or None): CPython's ValueError for a negative one has no
counterpart in a generator expression, so a bound known only at run time is refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import nodes as n
from ..errors import CompileError
from ..types import BYTES, STR, ListType, TupleType, Type
from ..typed import Iteration
from . import checker
from . import functions as function_values

if TYPE_CHECKING:
    from .checker import Checker

NAMES = ("islice", "pairwise", "chain", "accumulate")


def iterator_name(ck: Checker, call: n.Call) -> str | None:
    """The itertools function ``call`` calls (``itertools.islice(...)`` or ``islice(...)``), if any."""
    match call.func:
        case n.Attribute(value=n.Name(id=module), attr=attr) if ck.modules.get(module) == "itertools" \
                and ck.local_key(module) is None:
            return attr
        case n.Name(id=name) if ck.local_key(name) is None and ck.module_functions.get(name, ("", ""))[0] == "itertools":
            return ck.module_functions[name][1]
    return None


def iteration(ck: Checker, call: n.Call) -> Iteration:
    """How ssc iterates the itertools call ``call``: accumulate's own kind, the others as the
    generator expressions they are."""
    if iterator_name(ck, call) == "accumulate":
        return _accumulate(ck, call)
    return ck.iteration(rewrite(ck, call))


def _accumulate(ck: Checker, call: n.Call) -> Iteration:
    """``accumulate(xs[, func][, initial=v])``: the running value; ``func`` (default ``+``) a
    function value applied where it is written (check/functions.py) to the accumulator and each
    item, its result of the accumulator's type."""
    options = {kw.name: kw.value for kw in call.keywords}
    for kw in call.keywords:
        if kw.name not in ("func", "initial") or (kw.name == "func" and len(call.args) > 1):
            raise CompileError(f"'{kw.name}' is an invalid keyword argument for accumulate()", kw.span)
    if not 1 <= len(call.args) <= 2:
        raise CompileError(f"accumulate() takes at most 2 arguments ({len(call.args)} given)" if call.args else
                           "accumulate() missing required argument 'iterable' (pos 1)", call.span)
    inner = ck.iteration(call.args[0])
    initial = options.get("initial")
    if isinstance(initial, n.Constant) and initial.value is None:
        initial = None
    acc = ck.expr(initial) if initial is not None else inner.item
    fn = call.args[1] if len(call.args) == 2 else options.get("func")
    if fn is None or (isinstance(fn, n.Constant) and fn.value is None):   # a + b
        a, b = n.Name(call.span, "<acc_a>"), n.Name(call.span, "<acc_b>")
        fn = n.Lambda(call.span, (a, b), n.BinOp(call.span, "+", n.Name(call.span, a.id), n.Name(call.span, b.id)))
    result = function_values.apply(ck, fn, (acc, inner.item), "accumulate()").result
    if result != acc:
        where = "the initial value's" if initial is not None else "the items'"
        raise CompileError(f"accumulate()'s function returns a {result} from an accumulator of {where} type "
                           f"{acc}: give initial= a value of type {result}", fn.span)
    return Iteration("accumulate", acc, (fn, initial), (inner,))


def rewrite(ck: Checker, call: n.Call) -> n.Expr:
    """The expression ssc iterates for the itertools call ``call``."""
    name = iterator_name(ck, call)
    if call.keywords:
        raise CompileError(f"{name}() takes no keyword arguments", call.keywords[0].span)
    if name == "islice":
        return _islice(call)
    if name == "pairwise":
        return _pairwise(ck, call)
    return _chain(ck, call)


def functions() -> dict[str, object]:
    """itertools's table for check/stdlib.py's MODULES: a call outside an iteration is refused."""
    return {name: (lambda ck, call, name=name: _not_iterated(call, name)) for name in NAMES}


def missing(call: n.Call, module: str, name: str) -> CompileError:
    return CompileError(f"module 'itertools' has no function '{name}' in ssc (it has accumulate, chain, islice and "
                        f"pairwise, iterated where they are written; write a loop for the others)", call.func.span)


def _not_iterated(call: n.Call, name: str) -> CompileError:
    raise CompileError(f"itertools.{name}() is iterated where it is written: loop over it, or pass it to list(), "
                       f"sorted(), a comprehension or another consumer", call.span)


def _int_or_none(arg: n.Expr, what: str, least: int) -> int | None:
    if isinstance(arg, n.Constant) and (arg.value is None or (type(arg.value) is int and arg.value >= least)):
        return arg.value  # type: ignore[return-value]
    raise CompileError(f"islice()'s {what} must be an int literal of at least {least} or None here (a bound known "
                       f"only at run time is not supported)", arg.span)


def _islice(call: n.Call) -> n.Expr:
    args, span = call.args, call.span
    if not 2 <= len(args) <= 4:
        raise CompileError(f"islice expected 2 to 4 arguments, got {len(args)}" if len(args) > 4 else
                           f"islice expected at least 2 arguments, got {len(args)}", span)
    if len(args) == 2:
        start, stop, step = 0, _int_or_none(args[1], "stop", 0), 1
    else:
        start = _int_or_none(args[1], "start", 0) or 0
        stop = _int_or_none(args[2], "stop", 0)
        step = (_int_or_none(args[3], "step", 1) or 1) if len(args) == 4 else 1
    index, item = n.Name(span, "<islice_i>"), n.Name(span, "<islice_x>")
    if stop is None:
        source: n.Expr = n.Call(span, n.Name(span, "enumerate"), (args[0],), ())
    else:
        source = n.Call(span, n.Name(span, "zip"), (n.Call(span, n.Name(span, "range"), (n.Constant(span, stop),), ()),
                                                    args[0]), ())
    ifs: list[n.Expr] = []
    if start:
        ifs.append(n.Compare(span, n.Name(span, index.id), (">=",), (n.Constant(span, start),)))
    if step != 1:
        offset = n.BinOp(span, "-", n.Name(span, index.id), n.Constant(span, start))
        ifs.append(n.Compare(span, n.BinOp(span, "%", offset, n.Constant(span, step)), ("==",), (n.Constant(span, 0),)))
    clause = n.Comprehension(span, n.Tuple(span, (index, item)), source, tuple(ifs))
    return n.GeneratorExp(span, n.Name(span, item.id), (clause,))


def _sequence(ck: Checker, arg: n.Expr) -> Type:
    with checker.Trial(ck):
        return ck.expr(arg)


def _pairwise(ck: Checker, call: n.Call) -> n.Expr:
    if len(call.args) != 1:
        raise CompileError(f"pairwise expected 1 argument, got {len(call.args)}", call.span)
    (arg,) = call.args
    ty = _sequence(ck, arg) if isinstance(arg, n.Name) else None
    if not isinstance(ty, (ListType, TupleType)) and ty not in (STR, BYTES):
        raise CompileError("pairwise() takes a variable holding a list, tuple, str or bytes here: assign the "
                           "iterable to a variable, as a list", arg.span)
    rest = n.Subscript(call.span, n.Name(arg.span, arg.id), n.Slice(call.span, n.Constant(call.span, 1), None, None))
    return n.Call(call.span, n.Name(call.span, "zip"), (arg, rest), ())


def _chain(ck: Checker, call: n.Call) -> n.Expr:
    span = call.span
    if not call.args:
        return n.List(span, ())
    types = [_sequence(ck, arg) for arg in call.args]
    if all(t == types[0] for t in types) and (isinstance(types[0], ListType) or types[0] == STR):
        joined = call.args[0]
        for arg in call.args[1:]:
            joined = n.BinOp(span, "+", joined, arg)
        each = n.Name(span, "<chain_x>")
        return n.GeneratorExp(span, n.Name(span, each.id), (n.Comprehension(span, each, joined, ()),))
    part, item = n.Name(span, "<chain_part>"), n.Name(span, "<chain_x>")
    clauses = (n.Comprehension(span, part, n.Tuple(span, call.args), ()),
               n.Comprehension(span, item, n.Name(span, part.id), ()))
    return n.GeneratorExp(span, n.Name(span, item.id), clauses)
