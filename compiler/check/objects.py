"""Plain classes: objects with an ``__init__`` and methods that change their attributes.

A class statement without a decorator or a base (``class Stats:``, or
``class Stats(object):``) makes a ``types.ClassType`` of kind "object". Its
instances are objects on the heap (``lower/reprs.py``), shared by every name
for them as CPython's are: ``b = a; b.n += 1`` changes ``a.n``, a list of
them holds the objects themselves, and ``is`` and the default ``==`` compare
identity.

The attributes are what ``__init__`` assigns at its top level (``self.n =
0``, ``self.n: int = 0``), in that order, and their types what they are
annotated with (there, or in the class body: ``n: int``) or else what the
values assigned to them in any method are: a constant, an annotated parameter
or a new object of a class; ``None`` with another type makes an optional
(``self.low = None`` in ``__init__``, ``self.low = value`` in ``add``). A
method assigns only attributes ``__init__`` made, so an object is never read
before its attributes are set.

An object's text is what its ``__repr__`` (for ``str()``, ``print`` and an
f-string field: its ``__str__``, else ``__repr__``) returns. CPython's
default, ``<__main__.Stats object at 0x7f...>``, shows an address ssc
cannot reproduce, so it is refused. ``@property`` methods are read as
attributes. Other dunder methods (``__eq__``, ``__hash__``, ``__lt__``,
...), class attributes with values and inheritance are refused.
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError, Span
from ..typed import Construction, PatternStore
from ..types import BOOL, BYTES, FLOAT, INT, NONE, STR, ClassType, OptionalType, Type, optional
from . import annotate, assigns, scopes
from .infer import join

if TYPE_CHECKING:
    from .checker import Checker
    from .classes import RecordClass

#: The dunder methods a plain class may define.
DUNDERS = frozenset({"__init__", "__repr__", "__str__"})
#: The types of constants an attribute's value may be.
CONSTANT_TYPES: dict[type, Type] = {bool: BOOL, int: INT, float: FLOAT, str: STR, bytes: BYTES}


def is_plain_class(stmt: n.ClassDef) -> bool:
    """Whether a class statement is a plain class: no decorator, no base but ``object``."""
    return not stmt.decorators and all(isinstance(b, n.Name) and b.id == "object" for b in stmt.bases)


def check_object_class(ck: Checker, stmt: n.ClassDef) -> None:
    from .classes import RecordClass, check_method
    declared: dict[str, Type] = {}
    methods: list[n.FunctionDef] = []
    for item in scopes.without_docstring(stmt.body):
        match item:
            case n.Pass() | n.ExprStmt(value=n.Constant(value=builtins.Ellipsis)):
                pass
            case n.AnnAssign(target=n.Name(id=name), annotation=annotation, value=None):
                declared[name] = attribute_annotation(ck, stmt.name, annotation)
            case n.FunctionDef():
                methods.append(item)
            case _:
                raise CompileError("a class holds methods and attribute annotations (name: type); class "
                                   "attributes with a value are not supported: set them in __init__ "
                                   "(self.name = value)", getattr(item, "span", stmt.span))
    properties = {m.name for m in methods if is_property(ck, m)}
    ty = ClassType(stmt.name, attribute_types(ck, stmt, methods, declared), "object", False, False)
    record = RecordClass(ty, (), {}, properties)
    ck.record_classes[stmt.name] = record
    for method in methods:
        if method.name.startswith("__") and method.name.endswith("__") and method.name not in DUNDERS:
            raise CompileError(f"defining {method.name} is not supported: a class defines __init__, __repr__, "
                               f"__str__ and methods; its objects compare by identity", method.span)
        if method.name in properties:
            method = property_method(method)
        record.methods[method.name] = check_method(ck, ty, method, dunders=True)


def property_method(method: n.FunctionDef) -> n.FunctionDef:
    """A ``@property`` method as the plain method its reads call (it takes only ``self``)."""
    if len(method.params) != 1:
        raise CompileError("a @property takes only 'self'", method.span)
    return n.FunctionDef(method.span, method.name, method.params, method.returns, method.body, ())


def is_property(ck: Checker, method: n.FunctionDef) -> bool:
    match method.decorators:
        case (n.Name(id="property"),):
            return True
    return False


def attribute_types(ck: Checker, stmt: n.ClassDef, methods: list[n.FunctionDef],
                    declared: dict[str, Type]) -> tuple[tuple[str, Type], ...]:
    """The attributes ``__init__`` assigns at its top level, in order, with their types."""
    init = next((m for m in methods if m.name == "__init__"), None)
    made: list[str] = []
    if init is not None and init.params:
        this = init.params[0].name
        for item in init.body:
            for target, _, _ in stores_of(item, this):
                if target.attr not in made:
                    made.append(target.attr)
    if init is not None and init.params:
        check_init_order(init, init.params[0].name, made)
    found: dict[str, list[Type]] = {name: [] for name in made}
    for method in methods:
        if not method.params:
            continue
        this = method.params[0].name
        params = {p.name: p for p in method.params[1:]}
        for node in (node for stmt in method.body for node, _ in n.walk_with_parents(stmt)):
            for target, annotation, value in stores_of(node, this):
                if target.attr not in found:
                    raise CompileError(f"'{stmt.name}' objects get their attributes in __init__: set "
                                       f"self.{target.attr} there first (to None, say)", target.span)
                if annotation is not None:
                    declared.setdefault(target.attr, attribute_annotation(ck, stmt.name, annotation))
                elif value is not None and target.attr not in declared:
                    found[target.attr].append(value_type(ck, value, params, target))
    fields = []
    for name in made:
        ty = declared.get(name) or joined(found[name], stmt.name, name, stmt.span)
        fields.append((name, ty))
    return tuple(fields)


def attribute_annotation(ck: Checker, cls: str, annotation: n.Expr) -> Type:
    """An attribute's annotated type; one holding the class itself is refused (ssc has no
    recursive types)."""
    for node, _ in n.walk_with_parents(annotation):
        if isinstance(node, (n.Name, n.Constant)) and getattr(node, "id", getattr(node, "value", None)) == cls:
            raise CompileError(f"an attribute of {cls} cannot hold a {cls} in ssc (no recursive types): keep "
                               f"them in a list or dict, or give each an id", annotation.span)
    return annotate.annotation(ck, annotation)


def check_init_order(init: n.FunctionDef, this: str, made: list[str]) -> None:
    """Until ``__init__`` has set every attribute, it uses ``self`` only to set them and to read
    those it has set (an object's memory holds no attribute before it is set)."""
    assigned: set[str] = set()
    for item in init.body:
        if len(assigned) == len(made):
            return
        stores = stores_of(item, this)
        owners = {id(target.value) for target, _, _ in stores}
        for node, parent in n.walk_with_parents(item):
            if isinstance(node, n.Return):
                raise CompileError(f"__init__ returns before it sets {unset(made, assigned)}: set every attribute "
                                   f"first", node.span)
            if not isinstance(node, n.Name) or node.id != this or id(node) in owners:
                continue
            if isinstance(parent, n.Attribute) and parent.attr in assigned:
                continue
            raise CompileError(f"__init__ uses '{this}' here before it sets {unset(made, assigned)}: set every attribute first "
                               f"(CPython raises AttributeError for one read before it is set)", node.span)
        assigned |= {target.attr for target, _, _ in stores}


def unset(made: list[str], assigned: set[str]) -> str:
    return ", ".join(attr for attr in made if attr not in assigned)


def stores_of(node: object, this: str) -> list[tuple[n.Attribute, n.Expr | None, n.Expr | None]]:
    """The ``self.x`` a statement assigns: (target, annotation, value)."""
    match node:
        case n.Assign(targets=targets, value=value):
            return [(t, None, value) for t in targets if is_own(t, this)]
        case n.AnnAssign(target=target, annotation=annotation, value=value) if is_own(target, this):
            return [(target, annotation, value)]  # type: ignore[list-item]
    return []


def is_own(target: object, this: str) -> bool:
    return isinstance(target, n.Attribute) and isinstance(target.value, n.Name) and target.value.id == this


def value_type(ck: Checker, value: n.Expr, params: dict[str, n.Param], target: n.Attribute) -> Type:
    """The type of a value assigned to an attribute, as far as it shows it."""
    match value:
        case n.Constant(value=None):
            return NONE
        case n.Constant(value=constant) if type(constant) in CONSTANT_TYPES:
            return CONSTANT_TYPES[type(constant)]
        case n.UnaryOp(op="-", operand=n.Constant(value=int() | float() as constant)) \
                if not isinstance(constant, bool):
            return CONSTANT_TYPES[type(constant)]
        case n.Name(id=name) if name in params and params[name].annotation is not None:
            return annotate.annotation(ck, params[name].annotation)  # type: ignore[arg-type]
        case n.Call(func=n.Name(id=name)) if name in ck.record_classes:
            return ck.record_classes[name].type
        case n.Name(id=name) if name in params:
            raise CompileError(f"parameter '{name}' needs a type annotation: attribute '{target.attr}' takes its "
                               f"type from it", params[name].span)
    raise CompileError(f"the type of attribute '{target.attr}' cannot be told from this value: annotate it "
                       f"where __init__ sets it (self.{target.attr}: T = ...)", value.span)


def joined(types: list[Type], cls: str, name: str, span: Span) -> Type:
    """One type for an attribute's values: the same type, or it and None (an optional)."""
    kinds = {ty for ty in types if ty != NONE}
    if len(kinds) > 1:
        raise CompileError(f"attribute '{name}' of {cls} is set to values of types "
                           f"{', '.join(sorted(map(str, kinds)))}: annotate it where __init__ sets it "
                           f"(self.{name}: T = ...)", span)
    if not kinds:
        raise CompileError(f"attribute '{name}' of {cls} is only ever None: annotate it where __init__ sets it "
                           f"(self.{name}: T | None = None)", span)
    inner = kinds.pop()
    return optional(inner) if NONE in types else inner


# ---- uses of objects ---------------------------------------------------------------


def object_new(ck: Checker, call: n.Call, record: RecordClass) -> Type:
    """``Stats(name)``: a new object in a hidden local, then ``Stats.__init__`` on it."""
    from .calls import call_function
    ty = record.type
    if ck.function is None:
        raise CompileError(f"a {ty} object is made in a function: module state starts empty or None and "
                           f"a function fills it", call.span)
    hidden = assigns.hidden_local(ck, "new", call.span, ty, None)
    key = record.methods.get("__init__")
    if key is None:
        if call.args or call.keywords:
            raise CompileError(f"{ty.name}() takes no arguments", call.span)
        ck.arguments[call] = (None,)
    else:
        init = n.Call(call.span, n.Name(call.func.span, key), (n.Name(call.span, hidden.id), *call.args),
                      call.keywords)
        call_function(ck, init, ck.functions[key])
        ck.arguments[call] = (init,)
    ck.constructions[call] = Construction((PatternStore(hidden, call),), None)
    ck.ops[call] = sem.OBJECT_NEW.at(ty)
    forget(ck)
    return ty


def attribute(ck: Checker, expr: n.Attribute, ty: ClassType) -> Type:
    """``stats.count``: an attribute of an object (where narrowed, known present), or a property."""
    from . import flow
    record = ck.record_classes[ty.name]
    if expr.attr in record.properties:
        return property_read(ck, expr, record)
    index = ty.field(expr.attr)
    if index is None:
        if expr.attr in record.methods:
            raise CompileError(f"the method '{ty}.{expr.attr}' can only be called", expr.span)
        raise CompileError(f"'{ty}' object has no attribute '{expr.attr}'", expr.span)
    result = ty.fields[index][1]
    ck.ops[expr] = sem.OBJECT_FIELD.with_constant(index).at(result)
    place = flow.optional_place(ck, expr)
    if place is not None and place[0] in ck.flow.narrow:
        ck.narrowed.add(expr)
        return ck.flow.narrow[place[0]]
    return result


def property_read(ck: Checker, expr: n.Attribute, record: RecordClass) -> Type:
    """``stats.mean`` of a ``@property``: a call of its method."""
    from .calls import call_function
    key = record.methods[expr.attr]
    bound = n.Call(expr.span, n.Name(expr.span, key), (expr.value,), ())
    result = call_function(ck, bound, ck.functions[key])
    for table in (ck.ops, ck.bindings, ck.arguments):
        table[expr] = table[bound]  # type: ignore[index]
    return result


def attribute_store(ck: Checker, target: n.Attribute, ty: ClassType, given: Type, value: n.Expr | None) -> None:
    """``stats.count = v``: the attribute's new value, converted to its type."""
    index = ty.field(target.attr)
    if index is None:
        if target.attr in ck.record_classes[ty.name].properties:
            raise CompileError(f"property '{target.attr}' of '{ty}' object has no setter", target.span)
        raise CompileError(f"'{ty}' object has no attribute '{target.attr}': ssc makes an object's attributes "
                           f"in __init__", target.span)
    declared = ty.fields[index][1]
    if value is not None:
        ck.coerce(value, declared)
    elif given != declared:
        from .infer import assignable
        if not assignable(given, declared):
            raise CompileError(f"attribute '{target.attr}' has type {declared}, not {given}", target.span)
    ck.stores[target] = sem.OBJECT_SETFIELD.with_constant(index)  # type: ignore[index]
    forget(ck)


def forget(ck: Checker) -> None:
    """Drop what is known about objects' optional attributes: a store or a call may change them."""
    if any(key.startswith(OBJECT_PLACE) for key in ck.flow.narrow):
        ck.flow.narrow = {k: v for k, v in ck.flow.narrow.items() if not k.startswith(OBJECT_PLACE)}


#: The prefix of the narrowing key of an object's optional attribute (``flow.optional_place``).
OBJECT_PLACE = "object:"


def optional_place(ck: Checker, expr: n.Attribute) -> tuple[str, OptionalType] | None:
    """``self.low``, an optional attribute of a local object: its narrowing key and type."""
    if not isinstance(expr.value, n.Name) or ck.function is None:
        return None
    key = ck.local_key(expr.value.id)
    ty = ck.function.locals.get(key) if key is not None else None
    if not isinstance(ty, ClassType) or ty.kind != "object":
        return None
    index = ty.field(expr.attr)
    if index is None or not isinstance(ty.fields[index][1], OptionalType):
        return None
    return f"{OBJECT_PLACE}{key}.{expr.attr}", ty.fields[index][1]  # type: ignore[return-value]


def is_object(ty: Type | None) -> bool:
    """Whether ``ty`` is an object's type, or an optional one."""
    if isinstance(ty, OptionalType):
        ty = ty.inner
    return isinstance(ty, ClassType) and ty.kind == "object"


def identity(ck: Checker, op: str, left: n.Expr, lhs: Type, right: n.Expr, rhs: Type) -> sem.Op | None:
    """``a is b`` (``is not``) of objects, and their ``==`` (a class without ``__eq__`` compares
    identity); of an optional object and an object (or two): the same presence and object."""
    if lhs == rhs and is_object(lhs) and not isinstance(lhs, OptionalType) and op in ("is", "is not", "==", "!="):
        return sem.OBJECT_IS.negated(op in ("is not", "!="))
    joined = join(lhs, rhs)
    if op in ("is", "is not") and is_object(joined):
        assert joined is not None
        ck.coerce(left, joined, given=lhs)
        ck.coerce(right, joined, given=rhs)
        return sem.GENERIC_EQUALITY.negated(op == "is not")
    return None


def unhashable(ty: Type, message: str, expr: n.Expr) -> CompileError:
    """The refusal of ``ty`` as dict keys or set items (``message``); an object's says why."""
    if is_object(ty):
        what = "set items" if message.startswith("set") else "dict keys"
        message = (f"{ty} objects as {what} are not supported: CPython hashes an object by its address, which "
                   f"ssc's module state does not keep; key by an attribute (its name, say)")
    return CompileError(message, expr.span)


def reject_optional(ty: Type, expr: n.Attribute) -> None:
    """The refusal of ``x.attr`` where x may be None (an optional object)."""
    if isinstance(ty, OptionalType) and isinstance(ty.inner, ClassType) and ty.inner.kind == "object":
        raise CompileError(f"'{ty}' may be None here ('NoneType' object has no attribute '{expr.attr}'): test it "
                           f"first (if x is not None:), or read it into a local and test that", expr.span)


def text_template(ck: Checker, ty: ClassType, span: Span, which: str) -> n.JoinedStr:
    """The f-string of an object's repr (``which`` "repr") or str: ``{Stats.__repr__(x)}``, x
    being ``FormatArgument`` 0; CPython's default repr shows an address, so it is refused."""
    from . import fstrings
    methods = ck.record_classes[ty.name].methods
    key = methods.get("__str__") if which == "str" else None
    key = key or methods.get("__repr__")
    if key is None:
        raise CompileError(f"{which}() of a {ty} object is CPython's default '<__main__.{ty} object at 0x...>', "
                           f"whose address ssc cannot reproduce: define __repr__ in class {ty}", span)
    instance = n.FormatArgument(span, 0)
    ck.types[instance] = ty
    joined = n.JoinedStr(span, (n.FormattedValue(span, n.Call(span, n.Name(span, key), (instance,), ()), None,
                                                 None),))
    fstrings.joined_str(ck, joined)
    result = ck.functions[key].result
    if result != STR:
        raise CompileError(f"{key} returns {result}: it must return a str (CPython raises TypeError)", span)
    return joined
