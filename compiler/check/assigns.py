"""Assignment: targets (names, tuples, items), the types of locals, ``del`` and augmented assignment.

A local takes its type from its first assignment (or its annotation);
later assignments must convert to it. A store records its binding and its
flow effect (the name is assigned; an optional stays narrowed when a
present value is stored).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError, Span
from ..typed import Binding
from ..types import (ANY, FLOAT, INT, NONE, ClassType, DictType, ListType, OptionalType, TupleType, Type, VarTupleType,
                     family, tuple_view)
from . import (annotate, checker, classes, consumers, exprs, infer, objects, operators, partial, redefine, unpacking,
               widening)

if TYPE_CHECKING:
    from .checker import Checker


def check_assign(ck: Checker, stmt: n.Assign) -> None:
    """``a = b = value``: the value checked once (as a dynamic display where it is stored in an Any)."""
    value = stmt.value
    empty = partial.empty_call(ck, value)
    if empty is not None and all(isinstance(t, n.Name) for t in stmt.targets):
        ty = empty
    elif consumers.is_iterator(ck, value) and all(isinstance(t, (n.Tuple, n.List)) for t in stmt.targets):
        ty = consumers.materialize(ck, value)   # a, b = (int(x) for x in parts): unpacked as its items
    else:
        ty = ck.expr_against(value, ANY) if stores_any(ck, stmt.targets) else ck.expr(value)
    for target in stmt.targets:
        assign(ck, target, ty, value)


def check_named_expr(ck: Checker, expr: n.NamedExpr) -> Type:
    """``(name := value)``: assigns the function's local ``name`` (in a comprehension too, as
    PEP 572 says), and is the value as stored (of the local's type)."""
    name = expr.target.id
    if any(name in scope for scope in ck.scopes):
        raise CompileError(f"assignment expression cannot rebind comprehension iteration variable "
                           f"'{name}'", expr.span)
    if ck.function is None:
        raise CompileError("assignment expressions (':=') belong in functions", expr.span)
    ty = ck.expr(expr.value)
    assign(ck, expr.target, ty, expr.value)
    return ck.types[expr.target]


def check_ann_assign(ck: Checker, stmt: n.AnnAssign) -> None:
    """``name: T [= value]``: the local's type is T."""
    target = stmt.target
    declared = annotate.annotation(ck, stmt.annotation)
    if isinstance(target, n.Attribute):   # self.seen: list[str] = [] (check/objects.py took its type)
        owner = ck.expr(target.value)
        if isinstance(owner, ClassType) and owner.kind == "object" and stmt.value is not None:
            objects.attribute_store(ck, target, owner, declared, stmt.value)
            ck.types[target] = declared
            return
    if not isinstance(target, n.Name):
        raise CompileError("an annotated assignment needs a plain name as its target", target.span)
    if target.id in ck.globals_here:
        raise CompileError(f"annotated name '{target.id}' can't be global: annotate it where it is "
                           f"defined, at module level", target.span)
    if declared == FLOAT and stmt.value is not None and ck.refinements is not None:
        key = ck.local_key(target.id)
        if key is not None and widening.widen(ck, key, FLOAT, ck.expr(stmt.value)):
            return   # (discovering: x: float = 0 keeps the int, an int | float)
    declare(ck, target, declared)
    declared = local_type(ck, target)
    if stmt.value is not None:
        ck.coerce(stmt.value, declared)
        bind_target(ck, target, declared)


def check_delete(ck: Checker, target: n.Expr) -> None:
    if not isinstance(target, n.Subscript) or isinstance(target.index, n.Slice):
        raise CompileError("'del' deletes one item of a list or dict: del d[key]", target.span)
    container = ck.expr(target.value)
    exprs.reject_frozen(ck, target.value, "delete items of")
    if container == ANY:
        operators.to_any(ck, target.index, ck.expr(target.index), target)
        ck.ops[target] = sem.ANY_DELITEM_STR if infer.is_str_constant(target.index) else sem.ANY_DELITEM
        return
    match container:
        case ListType():
            ck.coerce(target.index, INT)
            ck.ops[target] = sem.DELETES["list"]
        case DictType(key=key):
            ck.coerce(target.index, key)
            ck.ops[target] = sem.DELETES["dict"]
        case _:
            raise CompileError(f"'{container}' object doesn't support item deletion", target.span)


def assign(ck: Checker, target: n.Expr, ty: Type, value: n.Expr | None) -> None:
    """Bind ``target`` to a value of type ``ty`` (``value`` is its expression, when there is one)."""
    match target:
        case n.Name(id=name) if name in ck.globals_here and ck.local_key(name) is None:
            declared = state_type(ck, target)
            if partial.is_partial(declared) and ck.refinements is not None:
                partial.refine(ck, target, ty)   # LAST = v tells the partial state's type
                return
            if value is not None:
                ck.coerce(value, declared)
            elif not infer.assignable(ty, declared):
                raise CompileError(f"'{name}' has type {declared} and cannot change type to {ty}", target.span)
            ck.bindings[target] = Binding("state", name, declared)
            ck.types[target] = declared
            store_narrowing(ck, name, declared, ty)
        case n.Name():
            rebound = declare(ck, target, ty, rebind=True)
            declared = local_type(ck, target)
            if value is not None and not rebound:   # (a new variable has the value's type, read before it)
                ck.coerce(value, declared)
            elif not infer.assignable(ty, declared):
                raise CompileError(f"'{target.id}' has type {declared} and cannot change type to {ty}",
                                   target.span)
            bind_target(ck, target, ty)
        case n.Tuple() | n.List() if unpacking.has_star(target):
            unpacking.starred_target(ck, target, ty)
        case n.Tuple(elts=elts) | n.List(elts=elts):
            items = unpack_types(ck, target, ty, len(elts))
            ck.types[target] = ty
            for elt, item in zip(elts, items):
                assign(ck, elt, item, None)
        case n.Subscript():
            check_store_subscript(ck, target, ty, value)
        case n.Attribute():
            owner = ck.expr(target.value)
            if isinstance(owner, ClassType) and owner.kind == "object":
                objects.attribute_store(ck, target, owner, ty, value)
                return
            if isinstance(owner, ClassType):
                raise classes.field_store(owner, target)
            objects.reject_optional(owner, target)
            raise CompileError("assignment to attributes is not supported", target.span)
        case n.Starred():
            raise CompileError("a starred assignment target must be in a list or tuple: first, *rest = items",
                               target.span)
        case _:
            raise CompileError("cannot assign to this expression", target.span)


def hidden_local(ck: Checker, prefix: str, span: Span, ty: Type, value: n.Expr | None, suffix: str = "") -> n.Name:
    """A new hidden local (``$prefix``, a number and ``suffix``: no program can write one) of
    type ``ty``, assigned ``value`` (or, None, a value the lowering stores)."""
    ck.counter += 1
    hidden = n.Name(span, f"${prefix}{ck.counter}{suffix}")
    ck.local_names.add(hidden.id)
    assign(ck, hidden, ty, value)
    return hidden


def stores_any(ck: Checker, targets: tuple[n.Expr, ...]) -> bool:
    """Whether an assignment stores into an Any (``doc["k"] = [1, "a"]``, or a local declared
    Any): its value, a display, is then typed as a dynamic list or dict."""
    if len(targets) != 1:
        return False
    target = targets[0]
    if isinstance(target, n.Subscript) and not isinstance(target.index, n.Slice):
        try:
            with checker.Trial(ck):
                return ck.expr(target.value) == ANY
        except CompileError:
            return False
    if isinstance(target, n.Name) and ck.function is not None:
        key = ck.local_key(target.id)
        return key is not None and ck.function.locals.get(key) == ANY
    return False


def unpack_types(ck: Checker, target: n.Expr, ty: Type, count: int) -> list[Type]:
    ty = tuple_view(ty)
    if isinstance(ty, TupleType):
        if len(ty.items) != count:
            raise CompileError(f"cannot unpack {ty} into {count} names: it has {len(ty.items)} items",
                               target.span)
        return list(ty.items)
    if isinstance(ty, (ListType, VarTupleType)):   # its length checked at run time
        return [ty.elem] * count
    raise CompileError(f"cannot unpack a value of type {ty} (tuples and lists unpack)", target.span)


def declare(ck: Checker, target: n.Name, ty: Type, *, rebind: bool = False) -> bool:
    """Give local ``target`` its type on first assignment; later ones must agree, except where an
    assignment statement (``rebind``) may start a new variable of the name (redefine.py): then
    True."""
    assert ck.function is not None
    key = ck.local_key(target.id)
    if key is None:
        if target.id in ck.constants:
            raise CompileError(f"'{target.id}' is a module constant and cannot be assigned", target.span)
        raise CompileError(f"cannot assign to '{target.id}' here", target.span)
    known = ck.function.locals.get(key)
    if known is None and partial.is_partial(ty):
        ty = partial.declared(ck, key, ty) or ty
    if known is None:
        ty = widening.seeded(ck, key, ty)   # total = 0, later given a float: an int | float
    if known is not None and partial.is_partial(known) and ck.refinements is not None:
        partial.refine(ck, target, ty)   # a later assignment tells the partial local's type
        return
    if known is None and partial.is_partial(ty) and ck.refinements is not None:
        ck.function.locals[key] = ty   # discovering: partial until its uses tell more
        return
    if known is not None and not (rebind and target in ck.redefinable and not ck.scopes) \
            and widening.widen(ck, key, known, ty):
        return False   # (discovering: declared an int | float from its first binding on)
    rebound = known is not None and rebind and not infer.assignable(ty, known)
    if rebound:
        key, known = redefine.new_binding(ck, target, known, ty), None
    if known is None:
        if ty == NONE:
            raise CompileError(f"cannot infer the type of '{target.id}' from None: annotate it, e.g. "
                               f"'{target.id}: str | None = None'", target.span)
        if infer.has_unknown(ty):
            raise CompileError(f"cannot infer the type of '{target.id}' from an empty container: no later use "
                               f"tells its items' type; annotate it, e.g. {partial.example(target.id, ty)}",
                               target.span)
        ck.function.locals[key] = ty
    elif not infer.assignable(ty, known):
        raise CompileError(f"'{target.id}' has type {known} and cannot change type to {ty}", target.span)
    return rebound


def bind_target(ck: Checker, target: n.Name, ty: Type) -> None:
    """Record a store to local ``target`` and its flow effect."""
    assert ck.function is not None
    key = ck.local_key(target.id)
    assert key is not None
    declared = ck.function.locals[key]
    ck.bindings[target] = Binding("local", key, declared)
    ck.types[target] = declared
    ck.flow.assigned.add(key)
    ck.flow.narrow.pop(f"{key}.key", None)
    store_narrowing(ck, key, declared, ty)


def store_narrowing(ck: Checker, key: str, declared: Type, ty: Type) -> None:
    """The flow effect of storing a ``ty`` into the optional place ``key`` (a local's slot key, or a
    state variable's name): narrowed where the value stored is present."""
    ck.flow.narrow.pop(key, None)
    if isinstance(declared, OptionalType) and ty not in (NONE, declared) and not isinstance(ty, OptionalType):
        ck.flow.narrow[key] = declared.inner


def state_type(ck: Checker, target: n.Name) -> Type:
    """The type of module state variable ``target`` (declared ``global`` here)."""
    constant = ck.constants.get(target.id)
    if constant is None or not constant.state:
        raise checker.Silent(f"'{target.id}' is not a state variable", target.span)
    return constant.type


def local_type(ck: Checker, target: n.Name) -> Type:
    assert ck.function is not None
    key = ck.local_key(target.id)
    assert key is not None
    return ck.function.locals[key]


def check_aug_assign(ck: Checker, stmt: n.AugAssign) -> None:
    """``x += v`` is ``x = x + v``, with ``x`` evaluated once when it is a subscript."""
    target = stmt.target
    if not isinstance(target, (n.Name, n.Subscript, n.Attribute)):
        raise CompileError("augmented assignment needs a name, a subscript or an attribute as its target",
                           target.span)
    current = ck.expr(target)
    value = ck.expr(stmt.value)
    if isinstance(target, n.Name) and partial.is_partial(current) and ck.refinements is not None:
        partial.refine(ck, target, partial.merge(current, value) or current)   # out += [x] tells out's type
        return
    op, result = operators.binary_op(ck, stmt, stmt.op, current, value, target, stmt.value)
    if op.impl == sem.ANY_BINARY[stmt.op].impl:   # list += and dict |= change an Any's object in place
        op = sem.ANY_INPLACE[stmt.op]
    op = operators.in_place(op, stmt.op, current)
    ck.ops[stmt] = op
    if isinstance(target, n.Name):
        is_state = target.id in ck.globals_here and ck.local_key(target.id) is None
        declared = state_type(ck, target) if is_state else \
            local_type(ck, target) if ck.local_key(target.id) else current
        if not infer.assignable(result, declared):
            key = ck.local_key(target.id)
            if key is not None and not is_state and widening.widen(ck, key, declared, result):
                return   # (discovering: total += float(w) makes total an int | float)
            raise CompileError(f"'{target.id}' has type {declared} and cannot change type to {result}",
                               target.span)
        if result != declared:
            ck.convert(stmt, result, declared)
        if is_state:
            ck.bindings[target] = Binding("state", target.id, declared)
            store_narrowing(ck, target.id, declared, result)
        else:
            bind_target(ck, target, result)
    elif isinstance(target, n.Attribute):
        owner = ck.types[target.value]
        if not isinstance(owner, ClassType) or owner.kind != "object":
            raise CompileError("augmented assignment to an attribute needs an object of a plain class",
                               target.span)
        if result != current:
            if not infer.assignable(result, current):
                raise CompileError(f"attribute '{target.attr}' has type {current}, not {result}", stmt.span)
            ck.convert(stmt, result, current)
        objects.attribute_store(ck, target, owner, current, None)
    else:
        exprs.reject_frozen(ck, target.value, "assign to items of")
        store = store_subscript_op(ck, target, ck.types[target.value])
        if result != current:
            if not infer.assignable(result, current):
                raise CompileError(f"expected {current}, got {result}", stmt.span)
            ck.convert(stmt, result, current)
        ck.stores[target] = store


def check_store_subscript(ck: Checker, target: n.Subscript, ty: Type, value: n.Expr | None) -> None:
    container = ck.expr(target.value)
    exprs.reject_frozen(ck, target.value, "assign to items of")
    if isinstance(target.index, n.Slice):
        raise CompileError("slice assignment is not supported", target.span)
    index = ck.expr(target.index)
    if partial.is_partial(container) and ck.refinements is not None:   # counts[k] = v tells counts' type
        told = DictType(index, ty) if family(container) == "dict" else ListType(ty)
        partial.refine(ck, target.value, told)
        raise checker.Silent("a partial local", target.span)
    if container == ANY:
        operators.to_any(ck, target.index, index, target)
        if value is not None:
            ck.coerce(value, ANY)
        elif not infer.assignable(ty, ANY):
            raise CompileError(f"a {ty} cannot be stored in an Any (a JSON value)", target.span)
        ck.stores[target] = sem.ANY_SETITEM
        return
    match container:
        case ListType(elem=elem):
            ck.coerce(target.index, INT, given=index)
            item = elem
        case DictType(key=key, value=item):
            ck.coerce(target.index, key, given=index)
        case _:
            raise CompileError(f"'{container}' object does not support item assignment", target.span)
    if value is not None:
        ck.coerce(value, item)
    elif not infer.assignable(ty, item):
        raise CompileError(f"expected {item}, got {ty}", target.span)
    ck.stores[target] = store_subscript_op(ck, target, container)


def store_subscript_op(ck: Checker, target: n.Subscript, container: Type) -> sem.Op:
    if container == ANY:
        return sem.ANY_SETITEM
    if isinstance(container, (ListType, DictType)):
        return sem.STORES[family(container)]
    raise CompileError(f"'{container}' object does not support item assignment", target.span)
