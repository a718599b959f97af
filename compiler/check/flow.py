"""Flow facts, conditions and truthiness.

Statements are checked in order with a ``Flow``: the locals that are
definitely assigned, and the optional locals narrowed to their inner type
(``if x is not None:``, ``if x:``, ``if x is None: return``). Branches are
checked with copies and merged where they meet, as CPython's own
definite-assignment rules would have a name bound at run time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError
from ..typed import Coercion
from ..types import BOOL, BYTES, NONE, RECORD, OptionalType, Type, family
from . import objects

if TYPE_CHECKING:
    from .checker import Checker


# ---- flow facts -----------------------------------------------------------------


@dataclass
class Flow:
    """Facts at a point of a function body (see the module docstring). ``looped`` are the
    locals a finished loop may have assigned (its target, what its body binds): read where
    they are not surely assigned, they are checked at run time, as CPython does."""

    assigned: set[str] = field(default_factory=set)
    narrow: dict[str, Type] = field(default_factory=dict)
    terminated: bool = False
    looped: set[str] = field(default_factory=set)

    def copy(self) -> Flow:
        return Flow(set(self.assigned), dict(self.narrow), self.terminated, set(self.looped))

    def forget(self, names: set[str]) -> Flow:
        """The same facts, without narrowing for ``names`` (they may be reassigned)."""
        return Flow(set(self.assigned), {k: v for k, v in self.narrow.items() if k not in names}, self.terminated,
                    set(self.looped))


def merge(flows: list[Flow]) -> Flow:
    """Facts that hold after any of ``flows`` (terminated flows do not reach the join)."""
    looped = set().union(*(f.looped for f in flows))
    live = [f for f in flows if not f.terminated]
    if not live:
        return Flow(set(), {}, True, looped)
    first, *rest = live
    assigned = set(first.assigned)
    narrow = dict(first.narrow)
    for f in rest:
        assigned &= f.assigned
        narrow = {k: v for k, v in narrow.items() if f.narrow.get(k) == v}
    return Flow(assigned, narrow, False, looped)


def condition(ck: Checker, expr: n.Expr) -> tuple[Flow, Flow]:
    """Check ``expr`` as a condition (truthiness); return the flows where it is true and false."""
    match expr:
        case n.UnaryOp(op="not", operand=operand):
            yes, no = ck.condition(operand)
            ck.types[expr] = BOOL
            ck.ops[expr] = sem.BOOL_NOT
            return no, yes
        case n.BoolOp(op=op, values=values):
            return bool_condition(ck, expr, op, values)
    base = ck.flow
    ck.truth(expr)
    yes, no = base.copy(), base.copy()
    found = narrowing(ck, expr)
    if found is not None:
        key, inner, when_true = found
        (yes if when_true else no).narrow[key] = inner
    elif ck.refinements is None:   # (not while discovering partial types: a local may be None there for now)
        never = always_none(ck, expr)
        if never is not None:
            (no if never else yes).terminated = True
    return yes, no


def always_none(ck: Checker, expr: n.Expr) -> bool | None:
    """``x is None`` (True) or ``x is not None`` (False) of a local whose type is None (a parameter
    of a helper typed by its calls, its default None): one branch never runs, and is not
    checked, as mypy does not check it."""
    match expr:
        case n.Compare(left=n.Name(id=name), ops=(op,), comparators=(n.Constant(value=None),)) \
                if op in ("is", "is not") and ck.function is not None:
            key = ck.local_key(name)
            if key is not None and ck.function.locals.get(key) == NONE and ck.flow.narrow.get(key) is None:
                return op == "is"
    return None


def bool_condition(ck: Checker, expr: n.BoolOp, op: str, values: tuple[n.Expr, ...]) -> tuple[Flow, Flow]:
    """``a and b`` as a condition: b is checked where a is true (``or``: false)."""
    exits: list[Flow] = []
    for value in values[:-1]:
        yes, no = ck.condition(value)
        exits.append(no if op == "and" else yes)
        ck.flow = yes if op == "and" else no
    yes, no = ck.condition(values[-1])
    ck.types[expr] = BOOL
    ck.ops[expr] = sem.SHORT_CIRCUIT_TRUTH
    if op == "and":
        return yes, merge(exits + [no])
    return merge(exits + [yes]), no


def narrowing(ck: Checker, expr: n.Expr) -> tuple[str, Type, bool] | None:
    """``x is not None`` / ``x`` / ``x is None`` on an optional place: (key, inner, when-true).

    A place is a local, ``r.key`` of a Record local ``r`` (a record never changes), or a module
    state variable, as mypy narrows it (until a call of the program's functions, which may
    change it: ``calls.function_result``).
    A truthy optional is present, so ``if x:`` narrows as ``if x is not None:`` does.
    """
    match expr:
        case n.Compare(left=left, ops=(op,), comparators=(n.Constant(value=None),)) \
                if op in ("is", "is not", "==", "!="):
            place = optional_place(ck, left)
            if place is not None:
                return place[0], place[1].inner, op in ("is not", "!=")
        case n.Name() | n.Attribute() | n.NamedExpr():
            place = optional_place(ck, expr)
            if place is not None:
                return place[0], place[1].inner, True
    return None


def optional_place(ck: Checker, expr: n.Expr) -> tuple[str, OptionalType] | None:
    """The narrowing key and type of an optional local or ``record.key``, else None."""
    if ck.function is None:
        return None
    match expr:
        case n.NamedExpr(target=target):   # (x := v) is not None: x
            return optional_place(ck, target)
        case n.Name(id=name):
            key = ck.local_key(name)
            declared = ck.function.locals.get(key) if key is not None else None
            if key is None and name in ck.constants and ck.constants[name].state:
                key, declared = name, ck.constants[name].type   # module state: keyed by its name
            if isinstance(declared, OptionalType):
                return key, declared  # type: ignore[return-value]
        case n.Attribute(value=n.Name(id=name), attr="key"):
            key = ck.local_key(name)
            if key is not None and ck.function.locals.get(key) == RECORD:
                return f"{key}.key", OptionalType(BYTES)
            return objects.optional_place(ck, expr)
        case n.Attribute():
            return objects.optional_place(ck, expr)
    return None


def truth(ck: Checker, expr: n.Expr) -> None:
    """Check ``expr`` and convert its value to bool by truthiness."""
    ty = ck.expr(expr)
    if ty == BOOL:
        return
    if family(ty) not in sem.TRUTH_FAMILIES and ty not in sem.DATETIME_CLASSES.values():
        raise CompileError(f"the truth value of a {ty} is not supported", expr.span)
    ck.coercions[expr] = Coercion(ty, BOOL, sem.TRUTH)


@dataclass
class Loop:
    breaks: list[Flow] = field(default_factory=list)
