"""Partial types: a local first bound to an empty container or to None takes its
type from its later uses in the same function, as mypy's partial types do.

    out = []                 # list[str], from the append below
    seen = set()             # set[bytes]
    counts = {}              # dict[str, int]: the key from get's, the value from its default
    last = None              # int | None, from the later assignment
    for w in words:
        out.append(w.upper())
        seen.add(record.value)
        counts[w] = counts.get(w, 0) + 1
        last = len(w)

``seed(ck, info)`` walks the body aside (``checker.Suspended``) with such
locals allowed to stay partial; each use that tells more about one
(``refine``: a method's argument, a stored item, a later assignment, a
conversion to a known type) joins into the local's refinement. The walk is
repeated with the refinements as the locals' types until they stop
changing; the body is then checked for real with them, so each use is
checked like an annotated one's. What no use tells stays an error asking
for an annotation.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from .. import nodes as n
from ..types import NONE, DictType, ListType, OptionalType, SetType, Type, family
from . import checker, infer, widening

if TYPE_CHECKING:
    from ..typed import FunctionInfo
    from .checker import Checker

#: discovery walks at most (each that changes nothing ends them)
ROUNDS = 6
#: the refinement key of module state ``NAME``: ``"global NAME"`` (a local's key has no space)
STATE = "global "


def is_partial(ty: Type | None) -> bool:
    return ty is not None and (ty == NONE or infer.has_unknown(ty))


def needs_seeds(info: FunctionInfo) -> bool:
    """Whether a body binds a name to an empty container or None (where partial types start)."""
    def empty(expr: n.Expr) -> bool:
        match expr:
            case n.List(elts=()) | n.Dict(keys=()) | n.Constant(value=None):
                return True
            case n.Call(func=n.Name(id="set" | "list" | "dict"), args=(), keywords=()):
                return True
            case n.Call(func=n.Name(id="Counter" | "OrderedDict" | "deque"), args=()) | \
                    n.Call(func=n.Name(id="defaultdict"), args=(_,)):   # collections' dicts
                return True
        return False
    return any(isinstance(node, n.Assign) and empty(node.value) for node in walk(info.node.body)) \
        or widening.may_widen(info)


def walk(body: tuple[n.Stmt, ...]) -> list[n.Stmt]:
    found: list[n.Stmt] = []
    for stmt in body:
        found.append(stmt)
        for part in ("body", "orelse", "finalbody"):
            found += walk(getattr(stmt, part, ()))
        for handler in getattr(stmt, "handlers", ()):
            found += walk(handler.body)
    return found


def seed(ck: Checker, info: FunctionInfo, walk_body: object) -> None:
    """Find the types of ``info``'s partial locals (``ck.seeds[info]``) by discovery walks."""
    if info.node in ck.seeds or not needs_seeds(info):
        return
    seeds: dict[str, Type] = {}
    ck.seeds[info.node] = seeds
    for _ in range(ROUNDS):
        with checker.Suspended(ck):
            ck.refinements = {}
            ck.returned = None if info.result is not None else []
            walk_body(ck, info, discovering=True)  # type: ignore[operator]
            found = ck.refinements
        ck.refinements = None
        changed = {key: ty for key, ty in found.items() if seeds.get(key) != ty}
        if not changed:
            return
        seeds.update(changed)


def salvage(ck: Checker, stmt: n.Stmt) -> None:
    """While discovering: walk the blocks of ``stmt``, which failed (``if len(best) > 3:`` while
    ``best`` is still None), for the uses in them (``best = w``). A nested function is its own scope."""
    if isinstance(stmt, n.FunctionDef):
        return
    for part in ("body", "orelse", "finalbody"):
        ck.block(getattr(stmt, part, ()))
    for handler in getattr(stmt, "handlers", ()):
        ck.block(handler.body)


def seed_state(ck: Checker, walk_body: object) -> None:
    """Find the types of module state first bound to an empty container or None (``SEEN = set()``
    and ``SEEN.add(k)`` in a function) by discovery walks of every function, as ``seed`` does for
    a function's locals; what no use tells is an error asking for an annotation."""
    pending = [name for name, constant in ck.constants.items() if constant.state and is_partial(constant.type)]
    for _ in range(ROUNDS if pending else 0):
        found = discover_state(ck, walk_body)
        changed = False
        for name in pending:
            constant = ck.constants[name]
            told = found.get(STATE + name)
            merged = merge(constant.type, told) if told is not None else None
            if merged is not None and merged != constant.type:
                ck.constants[name] = dataclasses.replace(constant, type=merged)
                changed = True
        if not changed:
            break
    for name in pending:
        constant = ck.constants[name]
        if is_partial(constant.type):
            del ck.constants[name]
            ck.broken_constants.add(name)
            what = "None" if constant.type == NONE else "an empty container"
            ck.error(f"cannot infer the type of '{name}' from {what}: no function's use tells its type; "
                     f"annotate it, e.g. {example(name, constant.type)}", constant.value.span)
        else:
            ck.coerce(constant.value, constant.type)


def discover_state(ck: Checker, walk_body: object) -> dict[str, Type]:
    """One discovery walk of every function: what their uses tell of partial module state.
    Results inferred meanwhile and seeds found meanwhile are forgotten (they saw partial types)."""
    results = [(info, info.result) for info in ck.functions.values()]
    entries, seeds = (ck.entry, dict(ck.auxiliary)), dict(ck.seeds)
    found: dict[str, Type] = {}
    for info in list(ck.functions.values()):
        with checker.Suspended(ck):
            before = set(ck.functions)
            pending, told = [info], []
            while pending:   # and the copies of helpers typed by their calls that the walks make
                walked = pending.pop()
                ck.returned = None if walked.result is not None else []
                walk_body(ck, walked, discovering=True)  # type: ignore[operator]
                told += [(key, ty) for key, ty in (ck.refinements or {}).items() if key.startswith(STATE)]
                pending += [made for name, made in ck.functions.items() if made.copy and name not in before]
                before = set(ck.functions)
        ck.refinements = None
        for key, ty in told:
            merged = merge(found[key], ty) if key in found else ty
            found[key] = merged if merged is not None else found[key]
    for info, result in results:
        info.result = result
    (ck.entry, ck.auxiliary), ck.seeds = (entries[0], entries[1]), seeds
    return found


def declared(ck: Checker, key: str, ty: Type) -> Type | None:
    """The type a local first bound to ``ty`` (partial) takes: its seed, once complete (while
    discovering, also a seed still partial); else ``ty`` itself while discovering, None
    otherwise (the caller reports it)."""
    assert ck.function is not None
    discovering = ck.refinements is not None
    found = ck.seeds.get(ck.function.node, {}).get(key)
    if found is not None and (discovering or not is_partial(found)):
        found = merge(ty, found)
        if found is not None and (discovering or not is_partial(found)):
            return found
    return ty if discovering else None


def optional(ty: Type) -> Type:
    return ty if isinstance(ty, OptionalType) or ty == NONE else OptionalType(ty)


def refine(ck: Checker, expr: n.Expr, ty: Type) -> None:
    """While discovering: ``expr``, a partial local, is used as a ``ty``; join that in."""
    if ck.refinements is None or ck.function is None:
        return
    if isinstance(expr, n.Subscript):   # groups[k].append(x): groups' values are lists of x
        container, index = ck.types.get(expr.value), ck.types.get(expr.index)
        if isinstance(container, DictType) and index is not None:
            refine(ck, expr.value, DictType(index, ty))
        elif isinstance(container, ListType):
            refine(ck, expr.value, ListType(ty))
        return
    if isinstance(expr, n.Call) and isinstance(expr.func, n.Attribute) and expr.func.attr == "setdefault" \
            and len(expr.args) == 2:   # groups.setdefault(k, []).append(x): groups' values are lists of x
        index = ck.types.get(expr.args[0])
        if index is not None:
            refine(ck, expr.func.value, DictType(index, ty))
        return
    if not isinstance(expr, n.Name):
        return
    key = ck.local_key(expr.id)
    current = ck.function.locals.get(key) if key is not None else None
    if key is None and expr.id in ck.constants and ck.constants[expr.id].state:   # module state
        key, current = STATE + expr.id, ck.constants[expr.id].type
    if key is None or not is_partial(current):
        return
    assert current is not None
    known = ck.refinements.get(key, current)
    merged = merge(known, ty)
    if merged is not None:
        ck.refinements[key] = merged


def merge(a: Type, b: Type) -> Type | None:
    """Two partial views of one type as one: unknown parts give way to known ones."""
    if a == infer.UNKNOWN:
        return b
    if b == infer.UNKNOWN or a == b:
        return a
    if a == NONE:
        return optional(b)
    if b == NONE:
        return optional(a)
    match a, b:
        case ListType(elem=x), ListType(elem=y):
            item = merge(x, y)
            kind, maxlen = (a.kind, a.maxlen) if a.kind else (b.kind, b.maxlen)   # a deque stays one
            return ListType(item, kind, maxlen) if item is not None else None
        case SetType(elem=x), SetType(elem=y):
            item = merge(x, y)
            return SetType(item) if item is not None else None
        case DictType(key=k1, value=v1), DictType(key=k2, value=v2):
            key, value = merge(k1, k2), merge(v1, v2)
            kind, factory = (a.kind, a.factory) if a.kind else (b.kind, b.factory)   # a Counter stays one
            return DictType(key, value, kind, factory) if key is not None and value is not None else None
        case OptionalType(inner=x), _:
            inner = merge(x, b.inner if isinstance(b, OptionalType) else b)
            return optional(inner) if inner is not None else None
        case _, OptionalType():
            return merge(b, a)
    return infer.join(a, b)


def from_method(receiver: Type, attr: str, args: list[Type]) -> Type | None:
    """What calling ``attr`` with arguments of types ``args`` tells of a partial receiver."""
    first = args[0] if args else infer.UNKNOWN
    last = args[-1] if args else infer.UNKNOWN
    match family(receiver), attr:
        case "list", ("append" | "appendleft" | "remove" | "count" | "index"):
            return ListType(first)
        case "list", "insert":
            return ListType(last)
        case "list", "extend":
            return ListType(item_of(first))
        case "set", ("add" | "discard" | "remove"):
            return SetType(first)
        case "set", ("update" | "union" | "intersection" | "difference" | "symmetric_difference"):
            return SetType(item_of(first))
        case "dict", ("get" | "pop" | "setdefault"):
            return DictType(first, args[1] if len(args) > 1 else infer.UNKNOWN)
        case "dict", "update" if isinstance(first, DictType):
            return first
    return None


def item_of(ty: Type) -> Type:
    match ty:
        case ListType(elem=elem) | SetType(elem=elem):
            return elem
        case DictType(key=key):
            return key
    return infer.UNKNOWN


def with_item(container: Type, item: Type) -> Type:
    """``container`` (partial) as holding ``item``s (a dict: as keys), from ``item in container``."""
    match container:
        case ListType():
            return ListType(item)
        case SetType():
            return SetType(item)
        case DictType(value=value):
            return DictType(item, value)
    return container


def example(name: str, ty: Type) -> str:
    """An annotation to suggest for ``name``, first bound to ``ty`` (an empty container): 'xs: list[str] = []'."""
    if ty == NONE:
        return f"'{name}: str | None = None'"
    match family(ty):
        case "dict":
            return f"'{name}: dict[str, int] = {{}}'"
        case "set":
            return f"'{name}: set[str] = set()'"
    return f"'{name}: list[str] = []'"


def empty_call(ck: Checker, expr: n.Expr) -> Type | None:
    """The partial type of ``set()``, ``list()`` or ``dict()`` (a display's is its own type)."""
    match expr:
        case n.Call(func=n.Name(id="set"), args=(), keywords=()) if ck.local_key("set") is None:
            return SetType(infer.UNKNOWN)
        case n.Call(func=n.Name(id="list"), args=(), keywords=()) if ck.local_key("list") is None:
            return ListType(infer.UNKNOWN)
        case n.Call(func=n.Name(id="dict"), args=(), keywords=()) if ck.local_key("dict") is None:
            return DictType(infer.UNKNOWN, infer.UNKNOWN)
    return None
