"""The emitters of builtins whose arguments are not plain values: ``sorted``, ``min``,
``max``, ``sum``, ``list(...)`` and ``set(...)`` of an iterable (walked by its
iteration), ``isinstance`` decided at compile time, and empty containers typed
by their context. Each takes the call node: ``(fl, call, op) -> value``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from llvmlite import ir

from .. import nodes as n
from .. import semantics as sem
from ..types import BOOL, FLOAT, INT, ListType, SetType
from . import iterate
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


def _sorted(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    items = _materialize(fl, call.args[0], copy=True)
    reverse: ir.Value = ir.Constant(I32, 0)
    for kw in call.keywords:
        reverse = fl.builder.zext(fl.value(kw.value), I32)
    fl.check_status(fl.call_c("ssc_list_sort", I32, [items, reverse]))
    return items


def _reduce(function: str) -> NodeEmitter:
    """min(xs) / max(xs): the guest's ``function`` over the items as a list."""
    def emit(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
        items = _materialize(fl, call.args[0], copy=False)
        return fl.call_runtime(function, [(items, ListType(op.result))], op.result, [False])
    return emit


def _sum(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    """sum(xs[, start]): left to right from start (0), as CPython adds ints, and floats up to 3.11."""
    iteration = fl.typed.iterations[call.args[0]]
    b = fl.builder
    acc = fl.entry_slot(llvm_type(op.result))
    start = fl.value(call.args[1]) if len(call.args) > 1 else \
        (ir.Constant(F64, 0.0) if op.result == FLOAT else ir.Constant(I64, 0))
    b.store(start, acc)
    done = fl.function.append_basic_block("sum.done")
    adder = checked_int("sadd")

    def body(item: ir.Value, next_block: ir.Block) -> None:
        item_ty = iteration.item
        if item_ty == BOOL:
            item = b.zext(item, I64)
            item_ty = INT
        if op.result == FLOAT:
            if item_ty == INT:
                item = b.sitofp(item, F64)
            b.store(b.fadd(b.load(acc), item), acc)
        else:
            b.store(adder(fl, [b.load(acc), item], [INT, INT], op), acc)

    fl.iterate(iteration, body, done)
    return b.load(acc)


def _sum_compensated(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    """sum(xs, start) of floats as CPython 3.12+ adds them (bltinmodule.c's builtin_sum_impl):
    Neumaier's compensated summation. A float item ``x`` adds to the sum ``s`` and to the
    compensation ``c``::

        t = s + x;  c += |s| >= |x| ? (s - t) + x : (x - t) + s;  s = t

    an int item adds to ``s`` alone; the result is ``s + c`` when ``c`` is non-zero and finite
    (so an overflow to inf stays inf, and -0.0 keeps its sign), else ``s``."""
    iteration = fl.typed.iterations[call.args[0]]
    b = fl.builder
    fabs = fl.context.intrinsic("llvm.fabs.f64", ir.FunctionType(F64, [F64]))
    acc, comp = fl.entry_slot(F64), fl.entry_slot(F64)
    b.store(fl.value(call.args[1]) if len(call.args) > 1 else ir.Constant(F64, 0.0), acc)
    b.store(ir.Constant(F64, 0.0), comp)
    done = fl.function.append_basic_block("sum.done")

    def body(item: ir.Value, next_block: ir.Block) -> None:
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


def _any_isinstance(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    out = fl.entry_slot(I8)
    fl.call_c("ssc_any_isinstance", I32, [fl.value(call.args[0]), ir.Constant(I32, op.constant), out])
    return fl.builder.trunc(fl.builder.load(out), I1)


#: The emitters of these builtins' operations.
EMITTERS: dict[str, NodeEmitter] = {
    "any_isinstance": _any_isinstance,
    "list_from_iter": _list_from_iter,
    "set_from_iter": _set_from_iter,
    "sorted": _sorted,
    "min_iter": _reduce("ssc_list_min"),
    "max_iter": _reduce("ssc_list_max"),
    "sum_iter": _sum,
    "sum_iter_compensated": _sum_compensated,
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