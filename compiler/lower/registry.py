"""The lowering's registry: every operation of ``semantics`` has exactly one emitter.

An operation's ``impl`` is looked up in one of three tables, by what its
emitter is given (tests/test_registry.py checks that each operation the
semantics defines has exactly one entry, and each entry an operation):

- values: ``(fl, args, types, op) -> value``, the operands
  already evaluated (arithmetic, comparison links, subscripts, conversions);
- nodes: ``(fl, node, op) -> value``, the node itself, for
  operations that evaluate their operands in their own way (``and``/``or``,
  ``sorted(x)`` walking x, a call of the program's function, ``raise E(m)``);
- fields: ``(fl, buf, field, value, ty, spec, op)``, an f-string
  field appended to the f-string's buffer.

An operation whose ``impl`` starts with ``ssc_`` (``Op.runtime``) has none of
these: it is a runtime row, a guest function called by the convention of
``guest/ssc_rt.h`` (``FunctionLowering.call_runtime``), whose prototype
``guestlib`` generates from the row so that the C compiler checks it.

Numba's lowering registry (``@lower_builtin``) and mypyc's ``method_op``
tables are the models.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from llvmlite import ir

from .. import nodes as n
from .. import semantics as sem
from ..types import Type

if TYPE_CHECKING:
    from .function import FunctionLowering

Emitter = Callable[["FunctionLowering", list[ir.Value], list[Type], sem.Op], ir.Value]
NodeEmitter = Callable[["FunctionLowering", n.Expr, sem.Op], ir.Value]
FieldEmitter = Callable[["FunctionLowering", ir.Value, n.FormattedValue, ir.Value, Type,
                         tuple[ir.Value, ir.Value], sem.Op], None]


@dataclass(frozen=True)
class Registry:
    values: dict[str, Emitter]
    nodes: dict[str, NodeEmitter]
    fields: dict[str, FieldEmitter]


@functools.cache
def registry() -> Registry:
    """The three tables, gathered from the emitter modules (on first use: they import this one)."""
    from . import (
        builtin_calls,
        calls,
        class_values,
        collections_dicts,
        compare,
        convert,
        emitters,
        exceptions,
        exprs,
        fstrings,
        functions,
        objects,
        regex,
        string_builders,
        subscripts,
    )
    values = _merged(emitters.EMITTERS, convert.EMITTERS, compare.EMITTERS, subscripts.EMITTERS, regex.VALUE_EMITTERS,
                     objects.EMITTERS, collections_dicts.EMITTERS)
    nodes = _merged(builtin_calls.EMITTERS, calls.EMITTERS, exprs.EMITTERS, exceptions.EMITTERS,
                    string_builders.EMITTERS, functions.EMITTERS, regex.EMITTERS, objects.NODE_EMITTERS,
                    class_values.NODE_EMITTERS, collections_dicts.NODE_EMITTERS)
    _merged(values, nodes, fstrings.EMITTERS)   # one table per operation
    return Registry(values, nodes, fstrings.EMITTERS)  # type: ignore[arg-type]


def _merged(*tables: dict[str, object]) -> dict[str, object]:
    merged: dict[str, object] = {}
    for table in tables:
        twice = set(merged) & set(table)
        assert not twice, f"operations with two emitters: {sorted(twice)}"
        merged.update(table)
    return merged


def value_emitter(op: sem.Op) -> Emitter:
    return registry().values[op.impl]


def node_emitter(op: sem.Op) -> NodeEmitter:
    return registry().nodes[op.impl]


def field_emitter(op: sem.Op) -> FieldEmitter:
    return registry().fields[op.impl]


def emits_node(op: sem.Op) -> bool:
    """Whether ``op``'s emitter takes its node (it evaluates the operands itself)."""
    return op.impl in registry().nodes
