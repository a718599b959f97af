"""``collections``: ``defaultdict``, ``Counter`` and ``OrderedDict``, each a dict with a kind,
and ``deque``, a list with a kind.

A value of one is a ``types.DictType`` whose ``kind`` names the class (and, for a
defaultdict, whose ``factory`` names its default factory), laid out, hashed,
compared, iterated and moved across batches as the dict it is. What the class
changes is decided here:

- ``d[k]`` of a defaultdict inserts ``factory()`` when ``k`` is missing
  (``DEFAULTDICT_GET``: the factory's value made where it is needed);
- ``c[k]`` of a Counter is 0 when ``k`` is missing, and inserts nothing (``COUNTER_GET``);
- ``Counter(iterable)`` and ``c.update(iterable)`` count the items (``COUNTER_COUNT``);
- the methods the class adds and its repr are the expressions CPython's
  Lib/collections/__init__.py computes them by, made here and checked as any
  other (``typed.equivalents``): ``c.most_common(n)`` is
  ``sorted(c.items(), key=lambda kv: kv[1], reverse=True)[:n]``.

An OrderedDict's ``move_to_end`` and ``popitem(last=)`` are runtime rows
(``semantics.ODICT_METHODS``, guest/collections.c). A deque is a
``types.ListType`` of kind "deque" whose ``maxlen`` is a constant: its
methods are runtime rows (``semantics.DEQUE_METHODS``) given the maxlen as
an argument the checker adds, ``d[i]`` raises a deque's IndexError
(``DEQUE_GET``).

``namedtuple`` and ``ChainMap`` are refused, each with the nearest construct
ssc supports (``MISSING``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError
from ..pyversion import PythonVersion
from ..types import BOOL, BYTES, FLOAT, INT, NONE, STR, DictType, ListType, SetType, Type, bindings, substitute
from . import infer, partial

if TYPE_CHECKING:
    from ..errors import Span
    from .checker import Checker

#: The dict classes of ``collections`` ssc has.
CLASSES = frozenset({"defaultdict", "Counter", "OrderedDict", "deque"})
#: The names of ``collections`` ssc lacks, and what to write instead.
MISSING = {
    "namedtuple": "declare the fields with their types: 'class P(NamedTuple): a: int' (from typing import "
                  "NamedTuple)",
    "ChainMap": "look a key up in each dict in turn: first[k] if k in first else second[k]",
}
#: A defaultdict's factories: the value each makes (a container: an empty one of the values' type).
FACTORIES: dict[str, object] = {"int": 0, "float": 0.0, "str": "", "bool": False, "list": ListType,
                                "set": SetType, "dict": DictType}
_FACTORY_TYPES = {"int": INT, "float": FLOAT, "str": STR, "bool": BOOL}


def import_names(ck: Checker, stmt: n.ImportFrom) -> None:
    """``from collections import Counter, defaultdict``."""
    for alias in stmt.names:
        if alias.name not in CLASSES:
            raise missing(alias.name, alias.span)
        ck.imported[alias.asname or alias.name] = alias.name


def missing(name: str, span: Span) -> CompileError:
    instead = MISSING.get(name, f"ssc has {', '.join(sorted(CLASSES))} from it")
    return CompileError(f"module 'collections' has no '{name}' in ssc: {instead}", span)


def annotation(name: str, items: list[Type] | None, expr: n.Expr) -> Type:
    """``Counter[K]``, ``OrderedDict[K, V]`` (None: the bare name); a defaultdict's type comes from its
    factory and uses."""
    if name in ("defaultdict", "deque"):
        raise CompileError(f"a {name} is not annotated in ssc: its factory and its uses give its type "
                           "(d = defaultdict(list))", expr.span)
    wanted = 1 if name == "Counter" else 2
    if items is None:   # a bare 'Counter'
        example = "Counter[str]" if name == "Counter" else "OrderedDict[str, int]"
        raise CompileError(f"'{name}' needs its item types, e.g. '{example}' (or leave the annotation out: "
                           f"'x = {name}()' takes its type from its uses)", expr.span)
    if len(items) != wanted:
        raise CompileError(f"'{name}' takes {wanted} item type(s)", expr.span)
    if items[0] not in (STR, BYTES, INT):
        raise CompileError(f"{name} keys must be str, bytes or int in ssc, not {items[0]}", expr.span)
    return DictType(items[0], INT, "Counter") if name == "Counter" else DictType(items[0], items[1], name)


def functions() -> dict[str, object]:
    """``import collections``: ``collections.Counter(...)`` and the others, as calls."""
    return {name: (lambda ck, call, name=name: construct(ck, call, name)) for name in CLASSES}


def missing_call(call: n.Call, module: str, name: str) -> CompileError:
    return missing(name, call.func.span)


def state_names(body: tuple[n.Stmt, ...]) -> set[str]:
    """Module variables bound to one of the classes: state (``d[k]`` of a defaultdict changes it)."""
    found = set()
    for stmt in body:
        match stmt:
            case n.Assign(targets=(n.Name(id=name),), value=n.Call(func=n.Name(id=made))) | \
                    n.AnnAssign(target=n.Name(id=name), value=n.Call(func=n.Name(id=made))) if made in CLASSES:
                found.add(name)
            case n.Assign(targets=(n.Name(id=name),), value=n.Call(func=n.Attribute(attr=made))) | \
                    n.AnnAssign(target=n.Name(id=name), value=n.Call(func=n.Attribute(attr=made))) if made in CLASSES:
                found.add(name)
    return found


def is_constructor(ck: Checker, call: n.Expr) -> bool:
    """Whether ``call`` makes one of the classes (``Counter()``, ``collections.defaultdict(list)``)."""
    return isinstance(call, n.Call) and class_of(ck, call) is not None


def class_of(ck: Checker, call: n.Call) -> str | None:
    match call.func:
        case n.Name(id=name) if ck.local_key(name) is None and ck.imported.get(name) in CLASSES:
            return ck.imported[name]
        case n.Attribute(value=n.Name(id=module), attr=name) if ck.modules.get(module) == "collections" \
                and ck.local_key(module) is None and name in CLASSES:
            return name
    return None


def construct(ck: Checker, call: n.Call, name: str) -> Type:
    """``defaultdict(factory)``, ``Counter()``, ``Counter(iterable)``, ``OrderedDict()``."""
    if name == "deque":
        return deque(ck, call)
    for kw in call.keywords:
        raise CompileError(f"{name}(): keyword arguments are not supported in ssc", kw.span)
    if name == "defaultdict":
        if len(call.args) != 1:
            raise CompileError("defaultdict() takes its default factory (int, list, set, str, float, dict, "
                               "or a lambda without parameters) in ssc", call.span)
        ty = factory_type(ck, call.args[0])
    elif name == "Counter":
        if len(call.args) > 1:
            raise CompileError(f"expected at most 1 argument, got {len(call.args)}", call.span)
        if call.args:
            return count(ck, call, call.args[0], None)
        ty = DictType(infer.UNKNOWN, INT, "Counter")
    else:
        if call.args:
            raise CompileError("OrderedDict() is made empty in ssc: fill it with od[k] = v", call.args[0].span)
        ty = DictType(infer.UNKNOWN, infer.UNKNOWN, "OrderedDict")
    ck.ops[call] = sem.DICT_NEW.at(ty)
    return ty


def deque(ck: Checker, call: n.Call) -> Type:
    """``deque()``, ``deque(iterable)``, ``deque(maxlen=3)``, ``deque(iterable, 3)``: a list of kind
    "deque" whose maxlen is a constant (the last ``maxlen`` items of the iterable)."""
    given = _arguments(call, "deque", ("iterable", "maxlen"))
    source, bound = given
    maxlen = None
    if bound is not None and not (isinstance(bound, n.Constant) and bound.value is None):
        maxlen = infer.constant_int(bound)
        if maxlen is None:
            raise CompileError("a deque's maxlen is a constant int in ssc", bound.span)
        if maxlen < 0:
            raise CompileError("maxlen must be non-negative", bound.span)
    if source is None:
        ty = ListType(infer.UNKNOWN, "deque", maxlen)
        ck.ops[call] = sem.LIST_NEW.at(ty)
        return ty
    span = call.span
    made: n.Expr = n.Call(span, n.Name(span, "list"), (source,), ())
    if maxlen is not None:
        made = n.Subscript(span, made, n.Slice(span, n.Constant(span, -maxlen), None, None) if maxlen else
                           n.Slice(span, None, n.Constant(span, 0), None))
    items = ck.expr(made)
    assert isinstance(items, ListType)
    ty = ListType(items.elem, "deque", maxlen)
    ck.equivalents[call] = made
    ck.ops[call] = sem.EQUIVALENT.at(ty)
    return ty


def deque_method(ck: Checker, call: n.Call, receiver: n.Expr, ty: ListType, attr: str) -> Type | None:
    """A deque's own methods (None: a list's, checked as one); ``maxlen`` passed as a constant."""
    if attr == "copy" and not call.args and not call.keywords:
        ck.receivers[call] = receiver
        ck.ops[call] = sem.CONTAINER_METHODS[("list", "copy")].at(ty)  # type: ignore[union-attr]
        return ty
    if attr == "insert" and ty.maxlen is not None:
        raise CompileError("insert() into a deque with a maxlen is not supported in ssc (CPython raises "
                           "IndexError when it is full): use append or appendleft", call.func.span)
    if attr in ("sort",):
        raise CompileError(f"'deque' object has no attribute '{attr}'", call.func.span)
    op = sem.DEQUE_METHODS.get(attr)
    if op is None:
        return None
    from .calls import resolve_overload
    ck.receivers[call] = receiver
    mapping = bindings(ty)
    if op.params and op.params[-1].name == "maxlen":
        bound = n.Call(call.span, call.func, (*call.args, n.Constant(call.span, -1 if ty.maxlen is None
                                                                    else ty.maxlen)), call.keywords)
        op = resolve_overload(ck, bound, f"deque.{attr}", (op,), mapping)
        ck.arguments[call] = ck.arguments[bound]
    else:
        op = resolve_overload(ck, call, f"deque.{attr}", (op,), mapping)
    result = substitute(op.result, mapping)
    ck.ops[call] = op.at(result)
    return result


def against(ck: Checker, call: n.Call, expected: Type) -> Type | None:
    """An empty one where its complete type is known (module state typed from its uses)."""
    name = class_of(ck, call)
    if name == "deque" and isinstance(expected, ListType) and expected.kind == "deque":
        found = deque(ck, call)
        if not isinstance(found, ListType) or found.maxlen != expected.maxlen or call.args:
            return None
        ck.ops[call] = sem.LIST_NEW.at(expected)
        return expected
    if name is None or not isinstance(expected, DictType) or expected.kind != name:
        return None
    if name == "Counter" and call.args:
        return None
    found = construct(ck, call, name)
    if isinstance(found, DictType) and found.factory != expected.factory:
        return None
    ck.ops[call] = sem.DICT_NEW.at(expected)
    return expected


def factory_type(ck: Checker, factory: n.Expr) -> DictType:
    """The (partial) type of ``defaultdict(factory)``: its values the factory's results."""
    match factory:
        case n.Name(id=name) if name in FACTORIES and ck.local_key(name) is None and name not in ck.constants:
            made = FACTORIES[name]
            if isinstance(made, type):
                value: Type = made(infer.UNKNOWN, infer.UNKNOWN) if made is DictType else made(infer.UNKNOWN)
            else:
                value = _FACTORY_TYPES[name]
            return DictType(infer.UNKNOWN, value, "defaultdict", name)
        case n.Lambda(params=(), body=body):
            if not isinstance(body, n.Constant):
                raise CompileError("a defaultdict's lambda returns a constant in ssc (lambda: 0, lambda: 'n/a')",
                                   body.span)
            value = ck.expr(body)
            return DictType(infer.UNKNOWN, value, "defaultdict", body)
    raise CompileError("a defaultdict's default factory is int, list, set, str, float, dict, or a lambda "
                       "without parameters returning a constant, in ssc", factory.span)


def deque_index(ck: Checker, expr: n.Subscript, container: ListType, index: Type) -> sem.Op:
    """``d[i]`` of a deque (a slice is CPython's TypeError)."""
    if isinstance(expr.index, n.Slice):
        raise CompileError("sequence index must be integer, not 'slice' (a deque cannot be sliced: "
                           "list(d)[a:b])", expr.span)
    ck.coerce(expr.index, INT, given=index)
    return sem.DEQUE_GET.at(container.elem)


def subscript_op(ck: Checker, expr: n.Subscript, container: DictType, index: Type) -> sem.Op:
    """``d[k]`` of a defaultdict (missing: inserted) or a Counter (missing: 0); while the
    keys' type is still unknown (``counts = Counter()``), ``k`` tells it."""
    if container.key == infer.UNKNOWN and ck.refinements is not None:
        container = DictType(index, container.value, container.kind, container.factory)
        partial.refine(ck, expr.value, container)
    else:
        ck.coerce(expr.index, container.key, given=index)
    if container.kind == "Counter":
        return sem.COUNTER_GET.at(INT)
    return sem.DEFAULTDICT_GET.at(container.value)


def count(ck: Checker, call: n.Call, source: n.Expr, counter: DictType | None) -> Type:
    """``Counter(iterable)`` (``counter`` None) or ``counter.update(iterable)``: each item counted."""
    if isinstance(source, n.Dict) or isinstance(ck_type(ck, source), DictType):
        raise CompileError("counting from a mapping is not supported in ssc: pass the items to count "
                           "(Counter(iterable))", source.span)
    iteration = ck.iteration(source)
    ck.iterations[source] = iteration
    key = iteration.item
    if key not in (STR, BYTES, INT):
        raise CompileError(f"Counter keys must be str, bytes or int in ssc, not {key}", source.span)
    ty = DictType(key, INT, "Counter") if counter is None or counter.key == infer.UNKNOWN else counter
    if counter is not None and counter.key not in (key, infer.UNKNOWN):
        raise CompileError(f"{counter}.update() counts {counter.key} items, not {key}", source.span)
    if counter is not None and counter.key == infer.UNKNOWN:   # counts.update(words) tells counts' keys
        partial.refine(ck, ck.receivers[call], ty)
    ck.ops[call] = sem.COUNTER_COUNT.at(ty if counter is None else NONE).with_constant(counter is None)
    return ck.ops[call].result


def ck_type(ck: Checker, expr: n.Expr) -> Type | None:
    from . import checker
    try:
        with checker.Suspended(ck):
            return ck.expr(expr)
    except CompileError:
        return None


def method(ck: Checker, call: n.Call, receiver: n.Expr, ty: Type, attr: str) -> Type | None:
    """A method the class adds (None: a dict's or a list's own, or not one of the classes)."""
    if isinstance(ty, ListType) and ty.kind:
        return deque_method(ck, call, receiver, ty, attr)
    if not isinstance(ty, DictType) or not ty.kind:
        return None
    if attr == "copy" and not call.args and not call.keywords:   # a copy of the same class
        ck.receivers[call] = receiver
        ck.ops[call] = sem.DICT_COPY.at(ty)
        return ty
    if ty.kind == "Counter":
        if attr == "update" and len(call.args) == 1 and not call.keywords:
            ck.receivers[call] = receiver
            return count(ck, call, call.args[0], ty)
        made = COUNTER_METHODS.get(attr)
    elif ty.kind == "OrderedDict" and attr in sem.ODICT_METHODS:
        from .calls import resolve_overload
        ck.receivers[call] = receiver
        mapping = bindings(ty)
        op = resolve_overload(ck, call, f"OrderedDict.{attr}", (sem.ODICT_METHODS[attr],), mapping)
        result = substitute(op.result, mapping)
        ck.ops[call] = op.at(result)
        return result
    else:
        return None
    if made is None:
        return None
    return equivalent(ck, call, made(ck, call, receiver, ty))


def counters(lhs: Type, rhs: Type) -> bool:
    """Whether ``lhs == rhs`` compares two Counters (CPython 3.10+: a missing count equals 0)."""
    return all(isinstance(ty, DictType) and ty.kind == "Counter" for ty in (lhs, rhs)) and lhs == rhs


def refuse_operator(op: str, lhs: Type, rhs: Type, expr: n.Expr) -> None:
    """``c + d``, ``d | e``...: CPython's result is one of the classes (a Counter's arithmetic
    keeps the positive counts), which ssc's dict operators do not make."""
    for ty in (lhs, rhs):
        if has_kind(ty) and op in ("+", "-", "|", "&", "*"):
            raise CompileError(f"the operator '{op}' of a {ty} is not supported in ssc: update a copy "
                               f"(x = c.copy(); x.update(...)) or build the dict you want", expr.span)


def equivalent(ck: Checker, node: n.Expr, made: n.Expr) -> Type:
    """``node`` computed as ``made`` (an expression of ``node``'s parts, each evaluated once)."""
    result = ck.expr(made)
    ck.equivalents[node] = made
    ck.ops[node] = sem.EQUIVALENT.at(result)
    return result


def _arguments(call: n.Call, name: str, params: tuple[str, ...]) -> list[n.Expr | None]:
    """The arguments of ``call`` by parameter (None: not given)."""
    given: list[n.Expr | None] = list(call.args) + [None] * (len(params) - len(call.args))
    if len(call.args) > len(params):
        raise CompileError(f"{name}() takes at most {len(params)} arguments ({len(call.args)} given)", call.span)
    for kw in call.keywords:
        if kw.name not in params:
            raise CompileError(f"{name}() got an unexpected keyword argument '{kw.name}'", kw.span)
        given[params.index(kw.name)] = kw.value
    return given


def _most_common(ck: Checker, call: n.Call, receiver: n.Expr, ty: DictType) -> n.Expr:
    """``sorted(c.items(), key=lambda kv: kv[1], reverse=True)[:n]`` (a stable sort: ties in insertion order)."""
    (limit,) = _arguments(call, "most_common", ("n",))
    span = call.span
    pair = n.Name(span, "_kv")
    items = n.Call(span, n.Attribute(span, receiver, "items"), (), ())
    key = n.Lambda(span, (pair,), n.Subscript(span, pair, n.Constant(span, 1)))
    ordered = n.Call(span, n.Name(span, "sorted"), (items,),
                     (n.Keyword(span, "key", key), n.Keyword(span, "reverse", n.Constant(span, True))))
    if limit is None or isinstance(limit, n.Constant) and limit.value is None:
        return ordered
    return n.Subscript(span, ordered, n.Slice(span, None, limit, None))


def _elements(ck: Checker, call: n.Call, receiver: n.Expr, ty: DictType) -> n.Expr:
    """``[k for k, v in c.items() for _ in range(v)]``: each key as many times as its count."""
    _arguments(call, "elements", ())
    span = call.span
    items = n.Call(span, n.Attribute(span, receiver, "items"), (), ())
    target = n.Tuple(span, (n.Name(span, "_k"), n.Name(span, "_v")))
    times = n.Call(span, n.Name(span, "range"), (n.Name(span, "_v"),), ())
    return n.ListComp(span, n.Name(span, "_k"), (n.Comprehension(span, target, items, ()),
                                                n.Comprehension(span, n.Name(span, "_"), times, ())))


def _total(ck: Checker, call: n.Call, receiver: n.Expr, ty: DictType) -> n.Expr:
    """``sum(c.values())`` (Python 3.10+)."""
    _arguments(call, "total", ())
    span = call.span
    return n.Call(span, n.Name(span, "sum"), (n.Call(span, n.Attribute(span, receiver, "values"), (), ()),), ())


COUNTER_METHODS = {"most_common": _most_common, "elements": _elements, "total": _total}


def repr_template(ck: Checker, ty: DictType | ListType, span: Span) -> n.JoinedStr:
    """The f-string of a value's repr (its only argument, ``FormatArgument`` 0, the value), as
    classes.repr_template makes a record's (a fresh one for each use)."""
    from . import fstrings
    value = n.FormatArgument(span, 0)
    ck.types[value] = ty
    joined = n.JoinedStr(span, (n.FormattedValue(span, text(ck, value, ty, span), "", None),))
    fstrings.joined_str(ck, joined)
    return joined


def formatted(ck: Checker, value: n.FormattedValue, ty: DictType | ListType) -> None:
    """A field ``{c}`` (``{c!r}``, ``{c!s}``): its repr."""
    if value.format_spec is not None or value.conversion == "a":
        raise CompileError(f"a {ty} formats only as {{x}}, {{x!r}} or {{x!s}} (its repr) in ssc", value.span)
    ck.types[value] = ty
    ck.formats[value] = repr_template(ck, ty, value.span)
    ck.ops[value] = sem.FORMAT_RECORD


def text_call(ck: Checker, call: n.Call, ty: DictType | ListType) -> Type:
    """``repr(c)`` / ``str(c)``: the f-string of its repr, c evaluated once."""
    ck.expr(call.args[0])
    ck.formats[call] = repr_template(ck, ty, call.span)
    ck.arguments[call] = (call.args[0],)
    ck.ops[call] = sem.STR_FORMAT
    return sem.STR_FORMAT.result


def has_kind(ty: Type) -> bool:
    """Whether ``ty`` is one of the classes (a dict or a list with a kind)."""
    return isinstance(ty, (DictType, ListType)) and bool(ty.kind)


def holds_kind(ty: Type) -> bool:
    """Whether one of the classes is inside ``ty`` (a list of Counters), whose repr is not the dict's."""
    return not has_kind(ty) and infer.holds(ty, has_kind)


def text(ck: Checker, value: n.Expr, ty: DictType | ListType, span: Span) -> n.Expr:
    """The repr of a value of ``ty`` as an expression of ``value`` (a FormatArgument), as
    CPython's ``__repr__`` of the class builds it."""
    if isinstance(ty, ListType):   # deque([1, 2]), deque([1, 2], maxlen=3)
        items = n.Call(span, n.Name(span, "repr"), (n.Call(span, n.Name(span, "list"), (value,), ()),), ())
        return _concat(span, "deque(", items, ")" if ty.maxlen is None else f", maxlen={ty.maxlen})")
    if ty.kind == "Counter":   # Counter({'a': 2, 'b': 1}): by count, most common first
        items = n.Call(span, n.Name(span, "dict"), (_most_common(ck, _bare(span), value, ty),), ())
        full = _concat(span, "Counter(", n.Call(span, n.Name(span, "repr"), (items,), ()), ")")
        return n.IfExp(span, _length(span, value), full, n.Constant(span, "Counter()"))
    if ty.kind == "defaultdict":
        factory = ty.factory if isinstance(ty.factory, str) else None
        if factory is None:
            raise CompileError("the repr of a defaultdict with a lambda shows the lambda's address: format "
                               "dict(d) instead", span)
        plain = n.Call(span, n.Name(span, "repr"), (n.Call(span, n.Name(span, "dict"), (value,), ()),), ())
        return _concat(span, f"defaultdict(<class '{factory}'>, ", plain, ")")
    if ck.python >= PythonVersion(3, 12):   # OrderedDict({'a': 1}) from 3.12, OrderedDict([('a', 1)]) before
        plain = n.Call(span, n.Name(span, "repr"), (n.Call(span, n.Name(span, "dict"), (value,), ()),), ())
    else:
        plain = n.Call(span, n.Name(span, "repr"),
                       (n.Call(span, n.Attribute(span, value, "items"), (), ()),), ())
    return n.IfExp(span, _length(span, value), _concat(span, "OrderedDict(", plain, ")"),
                   n.Constant(span, "OrderedDict()"))


def _length(span: Span, value: n.Expr) -> n.Expr:
    """``len(value)``, the test of an empty one (the value's node itself is not converted to a bool:
    nodes equal by value share their conversions)."""
    return n.Call(span, n.Name(span, "len"), (value,), ())


def _bare(span: Span) -> n.Call:
    return n.Call(span, n.Name(span, "most_common"), (), ())


def _concat(span: Span, before: str, middle: n.Expr, after: str) -> n.Expr:
    return n.JoinedStr(span, (n.Constant(span, before), n.FormattedValue(span, middle, "", None),
                              n.Constant(span, after)))
