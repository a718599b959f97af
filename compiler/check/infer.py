"""Relations between types: the common type of two (``join``), implicit conversion
(``assignable``), and the predicates the checker's rules use."""

from __future__ import annotations

from typing import Callable

from .. import nodes as n
from ..types import (ANY, BOOL, BYTES, FLOAT, INT, NONE, RECORD, STR, ClassType, DictType, ListType, MatchType, OptionalType,
                     PatternType, SetType, TupleType, Type, VarTupleType, erased, family, is_boxable, optional)

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def number_hint(source: Type, target: Type) -> str:
    """Why an int is not silently a float here: CPython would keep the int."""
    if (source, target) in ((INT, FLOAT), (BOOL, INT), (BOOL, FLOAT)):
        return f" (CPython would keep the {source} value as it is: convert it with {target}(...))"
    return ""


def container_hint(source: Type, target: Type) -> str:
    """Why another container is not silently a list or dict here (a parameter annotated
    ``Iterable[T]``, ``Sequence[T]`` or ``Mapping[K, V]`` is a list or a dict in ssc)."""
    if isinstance(target, ListType) and isinstance(source, (SetType, TupleType, DictType)):
        return " (convert it with list(...))"
    if isinstance(target, DictType) and isinstance(source, (ListType, TupleType)):
        return " (convert it with dict(...))"
    return ""


def none_hint(ty: Type) -> str:
    """A hint for an optional value used where its inner type is needed."""
    if isinstance(ty, OptionalType):
        return " (it may be None: check 'if x is not None:' first)"
    return ""


def has_unknown(ty: Type) -> bool:
    match ty:
        case ListType(elem=elem) | SetType(elem=elem):
            return elem == UNKNOWN or has_unknown(elem)
        case DictType(key=key, value=value):
            return UNKNOWN in (key, value) or has_unknown(value)
        case TupleType(items=items):
            return any(has_unknown(t) for t in items)
    return ty == UNKNOWN


def is_str_constant(expr: n.Expr) -> bool:
    return isinstance(expr, n.Constant) and isinstance(expr.value, str)


def holds(ty: Type, found: Callable[[Type], bool]) -> bool:
    """Whether ``found`` holds for ``ty`` or for a type inside it (an item, key, value or inner type)."""
    if found(ty):
        return True
    match ty:
        case ListType(elem=elem) | SetType(elem=elem) | OptionalType(inner=elem) | VarTupleType(elem=elem):
            return holds(elem, found)
        case DictType(key=key, value=value):
            return holds(key, found) or holds(value, found)
        case TupleType(items=items):
            return any(holds(t, found) for t in items)
        case ClassType(fields=fields):
            return any(holds(t, found) for _, t in fields)
    return False


def contains_any(ty: Type) -> bool:
    return holds(ty, lambda t: t == ANY)


def contains_record(ty: Type) -> bool:
    return holds(ty, lambda t: t == RECORD)


def dataclass_inside(ty: Type) -> Type | None:
    """A dataclass type in ``ty`` (itself or an item), or None."""
    found: list[Type] = []
    holds(ty, lambda t: isinstance(t, ClassType) and t.kind == "dataclass" and not found.append(t))
    return found[0] if found else None


def contains_set(ty: Type) -> bool:
    return holds(ty, lambda t: isinstance(t, SetType))


def join(a: Type, b: Type) -> Type | None:
    """The type both a and b convert to, if any: int+float -> float, T+None -> T | None,
    a JSON-shaped T and Any -> Any."""
    if a == b:
        return a
    if erased(a) == erased(b) and isinstance(erased(a), (PatternType, MatchType, OptionalType)):
        return erased(a)
    if ANY in (a, b):
        other = b if a == ANY else a
        return ANY if is_boxable(other) or (has_unknown(other) and family(other) in ("list", "dict")) else None
    if UNKNOWN in (a, b) or has_unknown(a) or has_unknown(b):
        known = b if has_unknown(a) else a
        if family(a) == family(b):
            return known
    if a == NONE:
        return optional(b)
    if b == NONE:
        return optional(a)
    if isinstance(a, OptionalType) and assignable(b, a):
        return a
    if isinstance(b, OptionalType) and assignable(a, b):
        return b
    if isinstance(a, TupleType) and isinstance(b, TupleType) and len(a.items) == len(b.items):
        items = [join(x, y) for x, y in zip(a.items, b.items)]
        if all(t is not None for t in items):
            return TupleType(tuple(items))  # type: ignore[arg-type]
    if isinstance(a, (TupleType, VarTupleType)) and isinstance(b, (TupleType, VarTupleType)):
        return var_tuple_join(a, b)   # ("edg/",) and ("chrome/", "crios/"): tuple[str, ...]
    return None


def var_tuple_join(a: TupleType | VarTupleType, b: TupleType | VarTupleType) -> VarTupleType | None:
    """The tuple of any length both a and b convert to, when all their items have one type."""
    items = [*(a.items if isinstance(a, TupleType) else (a.elem,)),
             *(b.items if isinstance(b, TupleType) else (b.elem,))]
    return VarTupleType(items[0]) if items and all(item == items[0] for item in items) else None


def assignable(source: Type, target: Type, *, allow_encode: bool = False) -> bool:
    """Whether a value of ``source`` converts implicitly to ``target``."""
    if source == target:
        return True
    if isinstance(source, (PatternType, MatchType)) and erased(source) == target:
        return True   # a pattern known at compile time, where any pattern goes
    if allow_encode and source == STR and target == BYTES:
        return True
    if allow_encode and source == ANY and target == optional(BYTES):
        return True   # a JSON value as a record's key: None, or a str encoded (sem.ANY_RECORD_KEY)
    if target == ANY:   # boxing: CPython keeps the value as it is
        return is_boxable(source)
    if source == ANY:   # unboxing, checked at run time (TypeError "expected int, got str")
        return is_boxable(target)
    if has_unknown(source) and family(source) == family(target):
        return True
    if isinstance(target, OptionalType):
        return source == NONE or assignable(source, target.inner, allow_encode=allow_encode) or (
            isinstance(source, OptionalType) and assignable(source.inner, target.inner, allow_encode=allow_encode))
    if isinstance(source, TupleType) and isinstance(target, TupleType) and len(source.items) == len(target.items):
        return all(assignable(s, t, allow_encode=allow_encode) for s, t in zip(source.items, target.items))
    if isinstance(source, TupleType) and isinstance(target, VarTupleType):
        return all(item == target.elem for item in source.items)
    return False


def container_element(ty: Type) -> Type | None:
    match ty:
        case ListType(elem=elem) | SetType(elem=elem) | VarTupleType(elem=elem):
            return elem
        case DictType(key=key):
            return key
    return None


def number_literal(expr: n.Expr) -> int | float | None:
    """The value of an int or float literal (``100``, ``-5``, ``2.5``; not a bool), else None."""
    match expr:
        case n.Constant(value=bool()):
            return None
        case n.Constant(value=int() | float() as value):
            return value
        case n.UnaryOp(op="-", operand=n.Constant(value=int() as value)):
            return -value
    return None


def constant_int(expr: n.Expr | None) -> int | None:
    """The value of an int expression made of literals (``3 ** 2``, ``-1``), else None."""
    match expr:
        case n.Constant(value=int() as value) if not isinstance(value, bool):
            return value
        case n.UnaryOp(op=("-" | "+") as op, operand=operand):
            inner = constant_int(operand)
            return None if inner is None else (-inner if op == "-" else inner)
        case n.BinOp(op=("+" | "-" | "*" | "**") as op, left=left, right=right):
            lhs, rhs = constant_int(left), constant_int(right)
            if lhs is None or rhs is None or (op == "**" and not 0 <= rhs <= 64):
                return None
            value = {"+": lhs + rhs, "-": lhs - rhs, "*": lhs * rhs}.get(op) if op != "**" else lhs ** rhs
            return value if value is not None and INT64_MIN <= value <= INT64_MAX else None
    return None


UNKNOWN = NONE.__class__("?")


DISPLAYS = (n.List, n.Dict, n.ListComp, n.DictComp)


def holds_str(ty: Type) -> bool:
    """Whether a value of ``ty`` holds a str (in an optional, a list or a tuple)."""
    match ty:
        case OptionalType(inner=inner) | ListType(elem=inner):
            return holds_str(inner)
        case TupleType(items=items):
            return any(holds_str(t) for t in items)
    return ty == STR
