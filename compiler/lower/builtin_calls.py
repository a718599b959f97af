"""The emitters of builtins whose arguments are not plain values: ``sorted``, ``min``,
``max``, ``sum``, ``list(...)`` and ``set(...)`` of an iterable (walked by its
iteration), ``isinstance`` decided at compile time, and empty containers typed
by their context. Each takes the call node: ``(fl, call, op) -> value``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from llvmlite import ir

from .. import nodes as n
from .. import semantics as sem
from ..types import ANY, BOOL, FLOAT, INT, DictType, ListType, SetType, Type
from . import functions, iterate, reprs, subscripts
from .emitters import checked_int
from .layout import F64, I1, I8, I32, I64
from .reprs import llvm_type

if TYPE_CHECKING:
    from .function import FunctionLowering
    from .registry import NodeEmitter


def _materialize(fl: FunctionLowering, expr: n.Expr, copy: bool) -> ir.Value:
    """The items of an iterable argument as a list (``sorted(x)``, ``list(x)``, ``min(x)``)."""
    iteration = fl.typed.iterations[expr]
    return iterate.KINDS[iteration.kind].as_list(fl, expr, iteration, copy)


def _evaluated(fl: FunctionLowering, expr: n.Expr, result: ir.Value) -> ir.Value:
    """Evaluate ``expr`` for its effects (isinstance's value), then give ``result``."""
    fl.value(expr)
    return result


def _list_from_iter(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    return _materialize(fl, call.args[0], copy=True)


def _set_from_iter(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    assert isinstance(op.result, SetType)
    iteration = fl.typed.iterations[call.args[0]]
    return iterate.KINDS[iteration.kind].as_set(fl, call.args[0], iteration, op.result)


def _key_view_operator(fl: FunctionLowering, expr: n.BinOp, op: sem.Op) -> ir.Value:
    """``d.keys() - other``: each operand's items as a new set, then the set operator."""
    assert isinstance(op.result, SetType)
    sets = []
    for operand in (expr.left, expr.right):
        iteration = fl.typed.iterations[operand]
        sets.append((iterate.KINDS[iteration.kind].as_set(fl, operand, iteration, op.result), op.result))
    return fl.call_runtime(sem.SET_OPERATORS[op.operator].impl, sets, op.result)


def _sorted(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    items = _materialize(fl, call.args[0], copy=True)
    reverse: ir.Value = ir.Constant(I32, 0)
    for kw in call.keywords:
        if kw.name == "reverse":   # (key=None is no key)
            reverse = fl.builder.zext(fl.value(kw.value), I32)
    fl.check_status(fl.call_c("ssc_list_sort", I32, [items, reverse]))
    return items


def _reduce(function: str) -> NodeEmitter:
    """min(xs) / max(xs): the guest's ``function`` over the items as a list."""
    def emit(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
        items = _materialize(fl, call.args[0], copy=False)
        return fl.call_runtime(function, [(items, ListType(op.result))], op.result, [False])
    return emit


def _sum(fl: FunctionLowering, call: n.Call, op: sem.Op, seen: ir.Value | None = None) -> ir.Value:
    """sum(xs[, start]): left to right from start (0), as CPython adds ints, and floats up to 3.11.
    ``seen`` (an i1 slot), when given, is set by each item (``_sum_floats_from_int``)."""
    iteration = fl.typed.iterations[call.args[0]]
    b = fl.builder
    ty = FLOAT if seen is not None else op.result   # (the float sum of _sum_floats_from_int)
    acc = fl.entry_slot(llvm_type(ty))
    start = fl.value(call.args[1]) if len(call.args) > 1 else \
        (ir.Constant(F64, 0.0) if ty == FLOAT else ir.Constant(I64, 0))
    b.store(start, acc)
    done = fl.function.append_basic_block("sum.done")
    adder = checked_int("sadd")

    def body(item: ir.Value, next_block: ir.Block) -> None:
        if seen is not None:
            b.store(ir.Constant(I1, 1), seen)
        item_ty = iteration.item
        if item_ty == BOOL:
            item = b.zext(item, I64)
            item_ty = INT
        if ty == FLOAT:
            if item_ty == INT:
                item = b.sitofp(item, F64)
            b.store(b.fadd(b.load(acc), item), acc)
        else:
            b.store(adder(fl, [b.load(acc), item], [INT, INT], op), acc)

    fl.iterate(iteration, body, done)
    return b.load(acc)


def _sum_any(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    """sum(xs[, start]) of Any items: the guest adds them to start (an int 0) as CPython does."""
    items = _materialize(fl, call.args[0], copy=False)
    start = fl.value(call.args[1]) if len(call.args) > 1 else reprs.of(INT).box(fl, ir.Constant(I64, 0))
    return fl.call_runtime("ssc_any_sum", [(items, ListType(ANY)), (start, ANY),
                                           (ir.Constant(I64, op.constant), INT)], ANY)


def _sum_compensated(fl: FunctionLowering, call: n.Call, op: sem.Op, seen: ir.Value | None = None) -> ir.Value:
    """sum(xs, start) of floats as CPython 3.12+ adds them (bltinmodule.c's builtin_sum_impl):
    Neumaier's compensated summation. A float item ``x`` adds to the sum ``s`` and to the
    compensation ``c``::

        t = s + x;  c += |s| >= |x| ? (s - t) + x : (x - t) + s;  s = t

    an int item adds to ``s`` alone; the result is ``s + c`` when ``c`` is non-zero and finite
    (so an overflow to inf stays inf, and -0.0 keeps its sign), else ``s``. ``seen`` as in
    ``_sum``."""
    iteration = fl.typed.iterations[call.args[0]]
    b = fl.builder
    fabs = fl.context.intrinsic("llvm.fabs.f64", ir.FunctionType(F64, [F64]))
    acc, comp = fl.entry_slot(F64), fl.entry_slot(F64)
    b.store(fl.value(call.args[1]) if len(call.args) > 1 else ir.Constant(F64, 0.0), acc)
    b.store(ir.Constant(F64, 0.0), comp)
    done = fl.function.append_basic_block("sum.done")

    def body(item: ir.Value, next_block: ir.Block) -> None:
        if seen is not None:
            b.store(ir.Constant(I1, 1), seen)
        total = b.load(acc)
        if iteration.item != FLOAT:      # an int (or bool) item: added, not compensated
            b.store(b.fadd(total, b.sitofp(b.zext(item, I64) if iteration.item == BOOL else item, F64)), acc)
            return
        t = b.fadd(total, item)
        bigger = b.fcmp_ordered(">=", b.call(fabs, [total]), b.call(fabs, [item]))
        error = b.select(bigger, b.fadd(b.fsub(total, t), item), b.fadd(b.fsub(item, t), total))
        b.store(b.fadd(b.load(comp), error), comp)
        b.store(t, acc)

    fl.iterate(iteration, body, done)
    c = b.load(comp)
    finite_nonzero = b.and_(b.fcmp_unordered("!=", c, ir.Constant(F64, 0.0)),
                            b.fcmp_ordered("==", b.fsub(c, c), ir.Constant(F64, 0.0)))
    total = b.load(acc)
    return b.select(finite_nonzero, b.fadd(total, c), total)


def _sum_floats_from_int(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    """sum(floats) with no start, an int | float (Any): CPython starts from the int 0, which the
    first float item makes a float, so the result is the int 0 when there are no items and
    otherwise the float sum (from 0.0: 0 + x == 0.0 + x); the op's constant is 1 where floats
    are added with compensation (CPython 3.12+)::

        seen = 0; s = <the float sum, each item setting seen>
        result = seen ? ssc_any_from_float(s) : ssc_any_from_int(0)"""
    b = fl.builder
    seen = fl.entry_slot(I1)
    b.store(ir.Constant(I1, 0), seen)
    total = (_sum_compensated if op.constant else _sum)(fl, call, op, seen)
    result = fl.entry_slot(llvm_type(ANY))
    with b.if_else(b.load(seen)) as (floats, empty):
        with floats:
            b.store(reprs.of(FLOAT).box(fl, total), result)
        with empty:
            b.store(reprs.of(INT).box(fl, ir.Constant(I64, 0)), result)
    return b.load(result)


def _extreme_args(which: str) -> NodeEmitter:
    """min(a, b, ...) / max(...): the first smallest (largest) argument, compared as CPython does."""
    def emit(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
        b = fl.builder
        best = fl.entry_slot(llvm_type(op.result))
        b.store(fl.value(call.args[0]), best)
        for arg in call.args[1:]:
            item = fl.value(arg)
            assert op.inner is not None   # the order: < for min, > for max
            better = fl.apply_op(op.inner, [(item, op.result), (b.load(best), op.result)])
            b.store(b.select(better, item, b.load(best)), best)
        return b.load(best)
    return emit


def _iter_list(fl: FunctionLowering, expr: n.Expr, op: sem.Op) -> ir.Value:
    """An iterator where a list is wanted (``"".join(x for x in xs)``): its items as a new list."""
    return _materialize(fl, expr, copy=True)


def _iter_set(fl: FunctionLowering, expr: n.Expr, op: sem.Op) -> ir.Value:
    assert isinstance(op.result, SetType)
    iteration = fl.typed.iterations[expr]
    return iterate.KINDS[iteration.kind].as_set(fl, expr, iteration, op.result)


def _any_all(stop_on: bool) -> NodeEmitter:
    """any(xs) (``stop_on`` True) / all(xs): the first item whose truth is ``stop_on`` decides."""
    def emit(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
        b = fl.builder
        iteration = fl.typed.iterations[call.args[0]]
        done = fl.function.append_basic_block("anyall.exhausted")
        decided = fl.function.append_basic_block("anyall.decided")
        end = fl.function.append_basic_block("anyall.end")

        def body(item: ir.Value, next_block: ir.Block) -> None:
            truth = fl.apply_op(op.inner, [(item, iteration.item)]) if op.inner is not None else item
            b.cbranch(truth, decided if stop_on else next_block, next_block if stop_on else decided)

        fl.iterate(iteration, body, done)
        b.branch(end)
        b.position_at_end(decided)
        b.branch(end)
        b.position_at_end(end)
        return fl.phi(I1, [(ir.Constant(I1, int(not stop_on)), done), (ir.Constant(I1, int(stop_on)), decided)])
    return emit


def _next_of(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    """next(g, default): the generator's first item, else the default (evaluated first, as an argument)."""
    b = fl.builder
    result = fl.entry_slot(llvm_type(op.result))
    b.store(fl.value(call.args[1]), result)
    iteration = fl.typed.iterations[call.args[0]]
    done = fl.function.append_basic_block("next.done")

    def body(item: ir.Value, next_block: ir.Block) -> None:
        b.store(item, result)
        b.branch(done)

    fl.iterate(iteration, body, done)
    return b.load(result)


def _dict_from_pairs(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    """dict(pairs): each pair's key and value stored in order (a later key wins); a list item
    must have two items (ValueError naming its position otherwise)."""
    b = fl.builder
    ty = op.result
    assert isinstance(ty, DictType)
    iteration = fl.typed.iterations[call.args[0]]
    result = fl.new_dict(ty)
    position = fl.entry_slot(I64)
    b.store(ir.Constant(I64, 0), position)
    done = fl.function.append_basic_block("dict.done")

    def body(item: ir.Value, next_block: ir.Block) -> None:
        if isinstance(iteration.item, ListType):
            fl.check_status(fl.call_c("ssc_dict_pair_check", I32, [fl.list_len(item), b.load(position)]))
            key = subscripts.list_item(fl, item, ir.Constant(I32, 0), iteration.item.elem)
            value = subscripts.list_item(fl, item, ir.Constant(I32, 1), iteration.item.elem)
        else:
            key, value = b.extract_value(item, 0), b.extract_value(item, 1)
        fl.dict_setitem(ty, result, key, value)
        b.store(b.add(b.load(position), ir.Constant(I64, 1)), position)

    fl.iterate(iteration, body, done)
    return result


def _extreme_stream(which: str) -> NodeEmitter:
    """min(xs, default=d) / max(x for x in ...): the best item so far in a slot, replaced by an
    item that compares better (``op.inner``), by its key when there is a key function (kept in
    a slot beside it); at the end the best, else the default or ValueError.

        for item in xs:  k = key(item);  best, best_k = (item, k) if not found or k < best_k;  found = True
    """
    def emit(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
        b = fl.builder
        iteration = fl.typed.iterations[call.args[0]]
        options = {kw.name: kw.value for kw in call.keywords}
        fallback = fl.value(options["default"]) if "default" in options else None
        key = options.get("key")
        application = fl.typed.applications.get(key) if key is not None else None
        compared = application.result if application is not None else iteration.item
        best = fl.entry_slot(llvm_type(iteration.item))
        best_key = fl.entry_slot(llvm_type(compared)) if application is not None else best
        found = fl.entry_slot(I1)
        b.store(ir.Constant(I1, 0), found)
        done = fl.function.append_basic_block(f"{which}.done")

        def body(item: ir.Value, next_block: ir.Block) -> None:
            compare = fl.function.append_basic_block(f"{which}.compare")
            take = fl.function.append_basic_block(f"{which}.take")
            item_key = functions.apply(fl, key, [(item, iteration.item)]) if application is not None else item
            b.cbranch(b.load(found), compare, take)
            b.position_at_end(compare)
            assert op.inner is not None
            better = fl.apply_op(op.inner, [(item_key, compared), (b.load(best_key), compared)])
            b.cbranch(better, take, next_block)
            b.position_at_end(take)
            b.store(item, best)
            if application is not None:
                b.store(item_key, best_key)
            b.store(ir.Constant(I1, 1), found)

        fl.iterate(iteration, body, done)
        return _best_or_default(fl, which, op, iteration.item, best, found, fallback)
    return emit


def _best_or_default(fl: FunctionLowering, which: str, op: sem.Op, item: Type, best: ir.Value, found: ir.Value,
                     fallback: ir.Value | None) -> ir.Value:
    """After min/max's loop: the best item (as the result type) if one was found, else the default
    (``fallback``) or ValueError."""
    b = fl.builder
    some, none, end = (fl.function.append_basic_block(f"{which}.{part}") for part in ("some", "none", "end"))
    b.cbranch(b.load(found), some, none)
    b.position_at_end(some)
    value = b.load(best)
    if item != op.result:
        value = fl.convert(value, item, op.result)
    incoming = [(value, b.block)]
    b.branch(end)
    b.position_at_end(none)
    if fallback is None:
        assert isinstance(op.constant, str)
        fl.raise_text("ValueError", op.constant)
    else:
        incoming.append((fallback, b.block))
        b.branch(end)
    b.position_at_end(end)
    return fl.phi(llvm_type(op.result), incoming)


def _any_isinstance(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    out = fl.entry_slot(I8)
    fl.call_c("ssc_any_isinstance", I32, [fl.value(call.args[0]), ir.Constant(I32, op.constant), out])
    return fl.builder.trunc(fl.builder.load(out), I1)


#: The emitters of these builtins' operations.
EMITTERS: dict[str, NodeEmitter] = {
    "any_isinstance": _any_isinstance,
    "min_stream": _extreme_stream("min"),
    "max_stream": _extreme_stream("max"),
    "iter_list": _iter_list,
    "iter_set": _iter_set,
    "any_of": _any_all(True),
    "all_of": _any_all(False),
    "next_of": _next_of,
    "dict_from_pairs": _dict_from_pairs,
    "list_from_iter": _list_from_iter,
    "set_from_iter": _set_from_iter,
    "sorted": _sorted,
    "min_iter": _reduce("ssc_list_min"),
    "max_iter": _reduce("ssc_list_max"),
    "sum_iter": _sum,
    "sum_iter_compensated": _sum_compensated,
    "sum_any": _sum_any,
    "sum_floats_from_int": _sum_floats_from_int,
    "key_view_operator": _key_view_operator,
    "min_args": _extreme_args("min"),
    "max_args": _extreme_args("max"),
    "isinstance_true": lambda fl, call, op: _evaluated(fl, call.args[0], ir.Constant(I1, 1)),
    "isinstance_false": lambda fl, call, op: _evaluated(fl, call.args[0], ir.Constant(I1, 0)),
    "isinstance_present": lambda fl, call, op: fl.builder.extract_value(fl.value(call.args[0]), 0),
    "list_new": lambda fl, call, op: fl.call("ssc_list_new", fl.context.descriptor(op.result.elem),  # type: ignore[union-attr]
                                             ir.Constant(I32, 0)),
    "dict_new": lambda fl, call, op: fl.new_dict(op.result),  # type: ignore[arg-type]
    "set_new": lambda fl, call, op: fl.new_dict(op.result),  # type: ignore[arg-type]
}