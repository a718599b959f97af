"""Function values applied where they are written (``typed.Application``, decided by
``check/functions.py``): the arguments stored into the parameters' slots, then the body
evaluated; functools.reduce; and the operations that apply a key function to each item of a
list before sorting it (``sorted(xs, key=f)``, ``xs.sort(key=f)``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from llvmlite import ir

from .. import nodes as n
from .. import semantics as sem
from ..types import NONE, ListType, Type
from . import iterate, stmts, subscripts
from .layout import I1, I32
from .reprs import llvm_type

if TYPE_CHECKING:
    from .function import FunctionLowering
    from .registry import NodeEmitter


def apply(fl: FunctionLowering, fn: n.Expr, args: list[tuple[ir.Value, Type]]) -> ir.Value:
    """The value of the function value ``fn`` applied to ``args``: ``params = args; body``."""
    application = fl.typed.applications[fn]
    for param, (value, ty) in zip(application.params, args):
        stmts.store_target(fl, param, value, ty)
    return fl.value(application.body)


def keys_of(fl: FunctionLowering, items: ir.Value, elem: Type, fn: n.Expr) -> ir.Value:
    """A new list of ``fn(item)`` for each item of the list ``items``, in order::

        keys = []; i = 0
        head: if i < len(items): keys.append(fn(items[i])); i += 1; goto head
    """
    b = fl.builder
    key_type = fl.typed.applications[fn].result
    keys = fl.call("ssc_list_new", fl.context.descriptor(key_type), fl.list_len(items))
    index = fl.entry_slot(I32)
    b.store(ir.Constant(I32, 0), index)
    head, body, done = (fl.function.append_basic_block(f"keys.{part}") for part in ("head", "body", "done"))
    b.branch(head)
    b.position_at_end(head)
    i = b.load(index)
    b.cbranch(b.icmp_signed("<", i, fl.list_len(items)), body, done)
    b.position_at_end(body)
    key = apply(fl, fn, [(subscripts.list_item(fl, items, i, elem), elem)])
    fl.call("ssc_list_append", keys, fl.spill(key))
    b.store(b.add(b.load(index), ir.Constant(I32, 1)), index)
    b.branch(head)
    b.position_at_end(done)
    return keys


def sort_by_key(fl: FunctionLowering, call: n.Call, items: ir.Value, elem: Type) -> None:
    """Sort the list ``items`` in place by the keys of ``call``'s key function, stably, reversed
    as ``call``'s reverse= says (the keys made first: when one raises, the list is unchanged)."""
    options = {kw.name: kw.value for kw in call.keywords}
    reverse: ir.Value = ir.Constant(I32, 0)
    if "reverse" in options:
        reverse = fl.builder.zext(fl.value(options["reverse"]), I32)
    keys = keys_of(fl, items, elem, options["key"])
    fl.check_status(fl.call_c("ssc_list_sort_keyed", I32, [items, keys, reverse]))


def _sorted_by_key(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    iteration = fl.typed.iterations[call.args[0]]
    items = iterate.KINDS[iteration.kind].as_list(fl, call.args[0], iteration, True)
    assert isinstance(op.result, ListType)
    sort_by_key(fl, call, items, op.result.elem)
    return items


def _list_sort_by_key(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    receiver = fl.typed.receivers[call]
    ty = fl.typed.types[receiver]
    assert isinstance(ty, ListType)
    sort_by_key(fl, call, fl.value(receiver), ty.elem)
    return fl.constant(None, NONE)


def _reduce(fl: FunctionLowering, call: n.Call, op: sem.Op) -> ir.Value:
    """functools.reduce(f, xs[, initial])::

        acc = initial;  for item in xs:  acc = f(acc, item)
        without one: found = False
        for item in xs:  acc = f(acc, item) if found else item;  found = True
        if not found: raise TypeError("reduce() of empty iterable with no initial value")
    """
    b = fl.builder
    fn, xs = call.args[0], call.args[1]
    iteration = fl.typed.iterations[xs]
    acc = fl.entry_slot(llvm_type(op.result))
    found = fl.entry_slot(I1)
    b.store(ir.Constant(I1, 0), found)
    if len(call.args) == 3:
        b.store(fl.value(call.args[2]), acc)
    done = fl.function.append_basic_block("reduce.done")

    def body(item: ir.Value, next_block: ir.Block) -> None:
        if len(call.args) == 2:   # the first item is the accumulator (of the items' type)
            step, first = (fl.function.append_basic_block(f"reduce.{part}") for part in ("step", "first"))
            b.cbranch(b.load(found), step, first)
            b.position_at_end(first)
            b.store(item, acc)
            b.store(ir.Constant(I1, 1), found)
            b.branch(next_block)
            b.position_at_end(step)
        b.store(apply(fl, fn, [(b.load(acc), op.result), (item, iteration.item)]), acc)

    fl.iterate(iteration, body, done)
    if len(call.args) == 3:
        return b.load(acc)
    empty, end = (fl.function.append_basic_block(f"reduce.{part}") for part in ("empty", "end"))
    b.cbranch(b.load(found), end, empty)
    b.position_at_end(empty)
    fl.raise_text("TypeError", "reduce() of empty iterable with no initial value")
    b.position_at_end(end)
    return b.load(acc)


#: The emitters of the operations that apply a key function.
EMITTERS: dict[str, NodeEmitter] = {
    "functools_reduce": _reduce,
    "sorted_by_key": _sorted_by_key,
    "list_sort_by_key": _list_sort_by_key,
}
