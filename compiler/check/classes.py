"""Class definitions at module level: exception classes and record classes.

An exception class, ``class BadRecord(ValueError): pass``, is numbered after
the module's other exception classes (``typed.exceptions``, with its base), so
``except`` matches it and its base classes, and a record's error hint names
it as CPython's ``type(e).__name__`` does. Its body is a docstring, ``pass``
or ``...``, and at most an ``__init__`` that passes a message up::

    def __init__(self, field):
        super().__init__(f"missing field: {field}")
        self.field = field

Such an ``__init__`` is a message template: at each ``raise BadRecord(x)`` the
arguments are stored, in order, into hidden locals named for the parameters,
and the message is a copy of ``super().__init__``'s argument reading them
(``typed.Construction``). Its attribute stores (``self.field = field``, a
parameter or a constant) have no effect that can be seen, since ssc does not
let a program read an exception's attributes.

A record class is a ``@dataclass`` (``frozen=``, ``order=``) or a
``typing.NamedTuple``: annotated fields, with constant defaults, and methods
taking ``self``. Its instances are values of a ``types.ClassType``, laid out
as the tuple of their fields (``lower/reprs.py``), so that equality, order
and hashing are the runtime's for tuples, which is what CPython's generated
``__eq__``, ``__lt__`` and ``__hash__`` compute. No field is assigned once an
instance is made (a frozen class's and a named tuple's cannot be; a plain
dataclass's assignment is refused), so copying an instance as a value cannot
be told from CPython's sharing of one object. A method is a function of the
program named ``Class.method`` whose first parameter is the instance. An
instance's repr (and str, and an f-string field) is the f-string
``Click(user={x.user!r}, ms={x.ms!r})`` the checker makes of its fields.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import builtins
from typing import TYPE_CHECKING

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError, Span
from ..typed import Construction, ExceptionClass, FunctionInfo, PatternStore
from ..types import CLASS, EXCEPTION, ClassType, DictType, EnumType, ListType, SetType, Type
from . import annotate, assigns, enums, objects, scopes

if TYPE_CHECKING:
    from .checker import Checker


def check_class(ck: Checker, stmt: n.ClassDef) -> None:
    """A class at module level: an exception class (a builtin or program exception base)."""
    if stmt.name in ck.functions or stmt.name in ck.constants or is_exception_class(ck, stmt.name) \
            or stmt.name in ck.record_classes or stmt.name in ck.enum_classes:
        raise CompileError(f"'{stmt.name}' is already defined", stmt.span)
    if stmt.keywords:
        raise CompileError("class keywords (metaclass=...) are not supported", stmt.keywords[0].span)
    if stmt.decorators:
        check_record_class(ck, stmt, dataclass_options(ck, stmt))
        return
    match stmt.bases:
        case (n.Name(id=base),) if ck.imported.get(base) in enums.BASES:
            enums.check_enum_class(ck, stmt, str(ck.imported.get(base)))
            return
        case (n.Name(id=base),) if ck.imported.get(base) == "NamedTuple":
            check_record_class(ck, stmt, {"kind": "namedtuple", "frozen": True, "order": True})
            return
        case (n.Name(id=base),) if is_exception_class(ck, base):
            check_exception_class(ck, stmt, base)
            return
        case (n.Name(id="BaseException"),):
            raise CompileError("an exception class derives from Exception (or one of its subclasses), not "
                               "BaseException", stmt.bases[0].span)
    if objects.is_plain_class(stmt):
        objects.check_object_class(ck, stmt)
        return
    raise CompileError("a class derives from an exception class, NamedTuple, Enum or IntEnum, or from no "
                       "class: inheritance between the program's classes is not supported",
                       stmt.bases[0].span if stmt.bases else stmt.span)


def is_exception_class(ck: Checker, name: str) -> bool:
    """Whether ``name`` (not a local) names an exception class: a builtin one or the program's."""
    return name in sem.EXCEPTION_NAMES or name in ck.exception_classes


def check_exception_class(ck: Checker, stmt: n.ClassDef, base: str) -> None:
    parent = ck.exceptions[ck.exception_code(base)]
    init = None
    for item in scopes.without_docstring(stmt.body):
        match item:
            case n.Pass() | n.ExprStmt(value=n.Constant(value=builtins.Ellipsis)):
                pass
            case n.FunctionDef(name="__init__") if init is None:
                init = item
            case _:
                raise CompileError("an exception class holds a docstring, 'pass' and at most an __init__ that "
                                   "calls super().__init__(message); other methods and class attributes are "
                                   "not supported", getattr(item, "span", stmt.span))
    code = len(ck.exceptions)
    ck.exceptions.append(sem.ExceptionType(stmt.name, parent.name, code))
    params, message = exception_init(ck, init) if init is not None else (None, None)
    ck.exception_classes[stmt.name] = ExceptionClass(stmt.name, code, params, message)


def exception_init(ck: Checker, init: n.FunctionDef) -> tuple[tuple[n.Param, ...], n.Expr | None]:
    """``__init__``'s parameters after ``self``, and the message it passes to ``super().__init__``."""
    if init.decorators:
        raise CompileError("an exception's __init__ takes no decorator", init.decorators[0].span)
    if not init.params or init.params[0].annotation is not None or init.params[0].default is not None:
        raise CompileError("__init__'s first parameter is the exception itself: 'def __init__(self, ...)'",
                           init.span)
    this, params = init.params[0].name, init.params[1:]
    for param in params:
        if param.default is not None:
            raise CompileError("parameter defaults are not supported: pass every argument", param.default.span)
    names = {p.name for p in params}
    messages = []
    for item in scopes.without_docstring(init.body):
        match item:
            case n.ExprStmt(value=n.Call(func=n.Attribute(value=n.Call(func=n.Name(id="super"), args=(),
                                                                          keywords=()), attr="__init__"),
                                         args=args, keywords=())) if len(args) <= 1:
                messages.append(args[0] if args else None)
            case n.Assign(targets=(n.Attribute(value=n.Name(id=owner)),), value=value) if owner == this \
                    and (isinstance(value, n.Constant) or isinstance(value, n.Name) and value.id in names):
                pass
            case n.Pass():
                pass
            case _:
                raise CompileError("an exception's __init__ calls super().__init__(message) and may store its "
                                   "parameters as attributes (self.name = name); nothing else is supported",
                                   getattr(item, "span", init.span))
    if len(messages) != 1:
        raise CompileError("an exception's __init__ calls super().__init__(message) once: ssc takes the "
                           "exception's message from it", init.span)
    message = messages[0]
    if message is not None:
        for node, _ in n.walk_with_parents(message):
            if isinstance(node, n.Name) and node.id == this:
                raise CompileError(f"the message cannot read '{this}': pass the exception's message from the "
                                   f"parameters", node.span)
    return params, message


def construction(ck: Checker, expr: n.Expr, args: tuple[n.Expr, ...], keywords: tuple[n.Keyword, ...],
                 cls: ExceptionClass) -> None:
    """``raise Cls(args)`` (``expr``; or ``raise Cls``) of a program's class: its ``__init__``'s
    arguments into hidden locals named for the parameters, then the message, a copy of the
    template reading them; without an ``__init__``, the one argument as a builtin class takes it."""
    assert ck.function is not None
    if keywords:
        raise CompileError(f"{cls.name}() takes no keyword arguments", keywords[0].span)
    if cls.params is None:
        if len(args) > 1:
            raise CompileError(f"{cls.name}() with more than one argument is not supported: pass one message",
                               args[1].span)
        stores, message = (), args[0] if args else None
    else:
        if len(args) != len(cls.params):
            raise CompileError(arity_message(cls.name, cls.params, len(args)), expr.span)
        stores, message = template(ck, expr, args, cls)
    if message is not None and ck.exceptions[cls.code].name != "KeyError" and derives(ck, cls.code, "KeyError"):
        message = n.Call(message.span, n.Name(message.span, "repr"), (message,), ())   # KeyError's str()
        if ck.local_key("repr") is not None:
            raise CompileError("str() of a KeyError is its repr(), and 'repr' is a local here: rename the local",
                               expr.span)
    if message is not None:
        ck.expr(message)
    ck.constructions[expr] = Construction(stores, message)
    ck.types[expr] = EXCEPTION
    ck.ops[expr] = sem.EXCEPTION_NEW.with_constant(cls.code)


def template(ck: Checker, expr: n.Expr, args: tuple[n.Expr, ...],
             cls: ExceptionClass) -> tuple[tuple[PatternStore, ...], n.Expr | None]:
    """The stores of ``__init__``'s arguments into hidden locals, and its message reading them."""
    assert cls.params is not None
    stores = []
    renamed: dict[str, str] = {}
    for param, arg in zip(cls.params, args):
        ty = annotate.annotation(ck, param.annotation) if param.annotation is not None else ck.expr(arg)
        hidden = assigns.hidden_local(ck, "init", arg.span, ty, arg, f".{param.name}")
        stores.append(PatternStore(hidden, arg))
        renamed[param.name] = hidden.id
    if cls.message is None:
        return tuple(stores), None
    message = n.copy_tree(cls.message, renamed)
    for node, _ in n.walk_with_parents(message):
        if isinstance(node, n.Name) and node.id not in renamed.values() and ck.local_key(node.id) is not None \
                and not comprehension_bound(message, node.id):
            raise CompileError(f"the message of {cls.name} reads '{node.id}', which is a local variable here: "
                               f"rename the local", expr.span)
    return tuple(stores), message  # type: ignore[return-value]


def derives(ck: Checker, code: int, name: str) -> bool:
    """Whether exception class ``code`` is ``name`` or one of its subclasses."""
    by_name = {exc.name: exc for exc in ck.exceptions}
    exc: sem.ExceptionType | None = ck.exceptions[code]
    while exc is not None:
        if exc.name == name:
            return True
        exc = by_name[exc.parent] if exc.parent else None
    return False


def arity_message(name: str, params: tuple[n.Param, ...], given: int) -> str:
    """CPython's TypeError for a call of ``name.__init__`` with ``given`` positional arguments."""
    if given > len(params):
        return (f"{name}.__init__() takes {len(params) + 1} positional argument{'s' if params else ''} but "
                f"{given + 1} were given")
    missing = [f"'{p.name}'" for p in params[given:]]
    listed = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
    return (f"{name}.__init__() missing {len(missing)} required positional argument{'s' if len(missing) > 1 else ''}"
            f": {listed}")


def comprehension_bound(expr: object, name: str) -> bool:
    """Whether a comprehension inside ``expr`` binds ``name``."""
    return any(isinstance(node, n.Comprehension) and name in scopes.target_names(node.target)
               for node, _ in n.walk_with_parents(expr))


# ---- record classes: @dataclass, typing.NamedTuple ----------------------------------


@dataclass
class RecordClass:
    """A record class (or a plain class: check/objects.py) as the checker knows it: its type,
    each field's default (a constant, or None: required), its methods (name -> the key of its
    function) and which of them are properties."""

    type: ClassType
    defaults: tuple[n.Expr | None, ...]
    methods: dict[str, str]
    properties: set[str] = dataclasses.field(default_factory=set)


#: The options of @dataclass(...) ssc takes, and their defaults.
DATACLASS_OPTIONS = {"frozen": False, "order": False, "eq": True}


def dataclass_options(ck: Checker, stmt: n.ClassDef) -> dict[str, object]:
    """``@dataclass`` or ``@dataclass(frozen=True, order=True)``: its options."""
    if len(stmt.decorators) > 1:
        raise CompileError("a class takes one decorator, @dataclass", stmt.decorators[1].span)
    deco = stmt.decorators[0]
    options: dict[str, object] = {"kind": "dataclass", **DATACLASS_OPTIONS}
    match deco:
        case n.Name(id=name) if ck.imported.get(name) == "dataclass":
            return options
        case n.Call(func=n.Name(id=name), args=(), keywords=keywords) if ck.imported.get(name) == "dataclass":
            for kw in keywords:
                if kw.name not in DATACLASS_OPTIONS or not isinstance(kw.value, n.Constant) \
                        or not isinstance(kw.value.value, bool):
                    raise CompileError(f"ssc supports the @dataclass options {', '.join(DATACLASS_OPTIONS)} "
                                       f"(True or False), not {kw.name}=", kw.span)
                options[kw.name] = kw.value.value
            if not options["eq"]:
                raise CompileError("@dataclass(eq=False) is not supported: its instances compare by identity",
                                   deco.span)
            if options["order"] and not options["eq"]:
                raise CompileError("eq must be true if order is true", deco.span)
            return options
    raise CompileError("class decorators other than @dataclass (from dataclasses import dataclass) are not "
                       "supported", deco.span)


def check_record_class(ck: Checker, stmt: n.ClassDef, options: dict[str, object]) -> None:
    if stmt.bases and options["kind"] == "dataclass":
        raise CompileError("a @dataclass derives from no class in ssc", stmt.bases[0].span)
    fields: list[tuple[str, Type]] = []
    defaults: list[n.Expr | None] = []
    methods: list[n.FunctionDef] = []
    for item in scopes.without_docstring(stmt.body):
        match item:
            case n.Pass() | n.ExprStmt(value=n.Constant(value=builtins.Ellipsis)):
                pass
            case n.AnnAssign(target=n.Name(id=name), annotation=annotation, value=value):
                ty = annotate.annotation(ck, annotation)
                fields.append((name, ty))
                defaults.append(check_default(ck, stmt, str(options["kind"]), name, ty, value, defaults))
            case n.FunctionDef():
                methods.append(item)
            case _:
                raise CompileError("a record class holds annotated fields (name: type, or name: type = constant) "
                                   "and methods", getattr(item, "span", stmt.span))
    ty = ClassType(stmt.name, tuple(fields), str(options["kind"]), bool(options["frozen"]), bool(options["order"]))
    record = RecordClass(ty, tuple(defaults), {}, {m.name for m in methods if objects.is_property(ck, m)})
    ck.record_classes[stmt.name] = record
    for method in methods:
        if method.name in record.properties:   # @property: read as an attribute, a call of its method
            if ty.field(method.name) is not None:
                raise CompileError(f"'{method.name}' is a field of {ty} and a @property: rename one", method.span)
            method = objects.property_method(method)
        record.methods[method.name] = check_method(ck, ty, method)


def check_default(ck: Checker, stmt: n.ClassDef, kind: str, name: str, ty: Type, value: n.Expr | None,
                  defaults: list[n.Expr | None]) -> n.Expr | None:
    """A field's default: a constant of its type, or ``field(default_factory=list)`` (its call,
    which each instance made without the field replaces by a new empty container); a field
    without one follows none with one."""
    match value:
        case n.Call(func=n.Name(id=factory), args=(), keywords=(n.Keyword(name="default"),)) \
                if ck.imported.get(factory) == "field" and kind == "dataclass":
            value = value.keywords[0].value
        case n.Call(func=n.Name(id=factory), args=(), keywords=(n.Keyword(name="default_factory",
                                                                             value=n.Name(id=made)),)) \
                if ck.imported.get(factory) == "field" and kind == "dataclass":
            if made not in FACTORIES or not isinstance(ty, FACTORIES[made]):
                raise CompileError(f"default_factory={made} for a field of type {ty} is not supported: ssc takes "
                                   f"default_factory=list for a list field, dict for a dict, set for a set",
                                   value.span)
            return value
        case n.Call(func=n.Name(id=factory)) if ck.imported.get(factory) == "field":
            raise CompileError("field() takes one option in ssc: default=constant or default_factory=list (dict, "
                               "set)", value.span)
    if value is None:
        previous = next((i for i, d in enumerate(defaults) if d is not None), None)
        if previous is not None:
            raise CompileError(f"non-default argument '{name}' follows default argument" if kind == "dataclass"
                               else f"Non-default namedtuple field {name} cannot follow default field",
                               stmt.span)
        return None
    if isinstance(value, (n.List, n.Dict, n.Set)) or isinstance(ty, (ListType, DictType, SetType)):
        raise CompileError(f"mutable default {type_name(value)} for field {name} is not allowed: use "
                           f"default_factory" if kind == "dataclass" else
                           f"a mutable default is shared by every instance of the named tuple: ssc does not "
                           f"support one", value.span)
    from .toplevel import is_literal
    if not is_literal(value):
        raise CompileError("a field's default is a literal (CPython evaluates it once, in the class body): "
                           "compute the value where you make the instance", value.span)
    ck.coerce(value, ty)
    return value


#: The default factories a field may name, by the type of field each makes.
FACTORIES: dict[str, type] = {"list": ListType, "dict": DictType, "set": SetType}


def default_value(ck: Checker, default: n.Expr, ty: Type, span: Span) -> n.Expr:
    """What a field missing from a call takes: its constant, or a new empty container (a fresh
    display, checked here, for ``field(default_factory=list)``)."""
    if not isinstance(default, n.Call):
        return default
    match ty:
        case ListType():
            made: n.Expr = n.List(span, ())
        case DictType():
            made = n.Dict(span, (), ())
        case _:
            made = n.Call(span, n.Name(span, "set"), (), ())
    ck.coerce(made, ty)
    return made


def type_name(value: n.Expr) -> str:
    return {n.List: "<class 'list'>", n.Dict: "<class 'dict'>", n.Set: "<class 'set'>"}.get(type(value),
                                                                                           "value")


def check_method(ck: Checker, ty: ClassType, method: n.FunctionDef, dunders: bool = False) -> str:
    """A method: the program's function ``Class.name``, its first parameter the instance (a
    plain class's dunder methods, ``dunders``, checked by check/objects.py)."""
    if method.decorators:
        raise CompileError("decorated methods other than @property (@classmethod, @staticmethod) are not supported: "
                           "write a method and call it", method.decorators[0].span)
    if method.name.startswith("__") and method.name.endswith("__") and not dunders:
        raise CompileError(f"defining {method.name} is not supported: ssc generates __init__, __repr__, __eq__ "
                           f"and __hash__ as @dataclass and NamedTuple do", method.span)
    if not method.params or method.params[0].default is not None:
        raise CompileError(f"a method's first parameter is the instance: 'def {method.name}(self, ...)'",
                           method.span)
    first = method.params[0]
    if first.annotation is not None and annotate.annotation(ck, first.annotation) != ty:
        raise CompileError(f"the first parameter of a method of {ty} is a {ty}", first.annotation.span)
    from .toplevel import check_param
    starred = next((p for p in method.params if p.star), None)
    if starred is not None:
        raise CompileError("a method takes no '*args' or '**kwargs' in ssc: take a list", starred.span)
    key = f"{ty.name}.{method.name}"
    params = ((first.name, ty), *(check_param(ck, p, None) for p in method.params[1:]))
    result = annotate.annotation(ck, method.returns) if method.returns is not None else None
    node = n.FunctionDef(method.span, key, method.params, method.returns, method.body, ())
    ck.functions[key] = FunctionInfo(node, params, result, defaults=tuple(p.default for p in method.params))
    return key


def record_annotation(ck: Checker, expr: n.Expr) -> Type | None:
    """The type of an annotation naming a record class (``Click``, or ``"Click"``), else None."""
    match expr:
        case n.Name(id=name) | n.Constant(value=str(name)) if name in ck.record_classes:
            return ck.record_classes[name].type
        case n.Name(id=name) | n.Constant(value=str(name)) if name in ck.enum_classes:
            return ck.enum_classes[name]
    return None


def record_new(ck: Checker, call: n.Call, record: RecordClass) -> Type:
    """``Click(user, page, ms=5)``: each argument converted to its field's type, checked in the
    order written; a missing one takes its default (CPython's TypeError when there is none)."""
    ty = record.type
    if ty.kind == "object":
        return objects.object_new(ck, call, record)
    what = f"{ty.name}.__init__()" if ty.kind == "dataclass" else f"{ty.name}.__new__()"
    given: list[n.Expr | None] = [None] * len(ty.fields)
    if len(call.args) > len(ty.fields):
        raise CompileError(f"{what} takes {len(ty.fields) + 1} positional arguments but {len(call.args) + 1} "
                           f"were given", call.span)
    for index, arg in enumerate(call.args):
        if isinstance(arg, n.Starred):
            raise CompileError("'*' argument unpacking is not supported", arg.span)
        given[index] = arg
    for kw in call.keywords:
        index = ty.field(kw.name)
        if index is None:
            raise CompileError(f"{what} got an unexpected keyword argument '{kw.name}'", kw.span)
        if given[index] is not None:
            raise CompileError(f"{what} got multiple values for argument '{kw.name}'", kw.span)
        given[index] = kw.value
    missing = [f"'{name}'" for (name, _), arg, default in zip(ty.fields, given, record.defaults)
               if arg is None and default is None]
    if missing:
        listed = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
        raise CompileError(f"{what} missing {len(missing)} required positional argument"
                           f"{'s' if len(missing) > 1 else ''}: {listed}", call.span)
    for arg in (*call.args, *(kw.value for kw in call.keywords)):
        index = given.index(arg)
        ck.coerce(arg, ty.fields[index][1])
    ck.arguments[call] = tuple(arg if arg is not None else default_value(ck, default, field_ty, call.span)  # type: ignore[arg-type]
                               for arg, default, (_, field_ty) in zip(given, record.defaults, ty.fields))
    ck.ops[call] = sem.RECORD_NEW.at(ty)
    return ty


def field_read(ck: Checker, expr: n.Attribute, ty: ClassType) -> Type:
    """``click.user``: a field of an instance (an object's attribute: check/objects.py)."""
    if ty.kind == "object":
        return objects.attribute(ck, expr, ty)
    record = ck.record_classes.get(ty.name)   # (none for a library's record class: datetime's)
    if record is not None and expr.attr in record.properties:
        return objects.property_read(ck, expr, record)
    index = ty.field(expr.attr)
    if index is None and (ty.name, expr.attr) in sem.URL_PROPERTIES and ty in (sem.URL_SPLIT_RESULT,
                                                                                sem.URL_PARSE_RESULT):
        ck.ops[expr] = sem.URL_PROPERTIES[(ty.name, expr.attr)]   # url.hostname, url.port, ...
        return ck.ops[expr].result
    if index is None:
        if record is not None and expr.attr in record.methods:
            raise CompileError(f"the method '{ty}.{expr.attr}' can only be called", expr.span)
        raise CompileError(f"'{ty}' object has no attribute '{expr.attr}'", expr.span)
    result = ty.fields[index][1]
    ck.ops[expr] = sem.RECORD_FIELD.with_constant(index).at(result)
    return result


def field_store(ty: ClassType, target: n.Attribute) -> CompileError:
    """The refusal of ``x.f = v`` on an instance."""
    x = target.value.id if isinstance(target.value, n.Name) else "x"
    if ty.kind == "namedtuple":
        return CompileError(f"can't set attribute: a named tuple's fields cannot be assigned; make a new one: "
                            f"{x} = {x}._replace({target.attr}=...)", target.span)
    if ty.frozen:
        return CompileError(f"cannot assign to field '{target.attr}': {ty} is frozen "
                            f"(dataclasses.FrozenInstanceError); make a new one: {x} = replace({x}, {target.attr}=...)",
                            target.span)
    return CompileError(f"assigning a field of a {ty} is not supported: ssc keeps dataclass instances as "
                        f"values, so make a new one: {x} = replace({x}, {target.attr}=...) (from dataclasses import "
                        f"replace)", target.span)


def method_call(ck: Checker, call: n.Call, receiver: n.Expr, ty: ClassType, attr: str) -> Type:
    """``reading.out_of_range()``: the method's function, the receiver its first argument."""
    from .calls import call_function
    key = ck.record_classes[ty.name].methods.get(attr)
    if key is None and attr == "_replace" and ty.kind == "namedtuple":
        return replace(ck, call, receiver, ty, call.args, "_replace")
    if key is None:
        if ty.field(attr) is not None:
            raise CompileError(f"'{ty.fields[ty.field(attr)][1]}' object is not callable", call.func.span)
        raise CompileError(f"'{ty}' object has no attribute '{attr}'", call.func.span)
    bound = n.Call(call.span, n.Name(call.func.span, key), (receiver, *call.args), call.keywords)
    result = call_function(ck, bound, ck.functions[key])
    for table in (ck.ops, ck.bindings, ck.arguments):
        table[call] = table[bound]  # type: ignore[index]
    return result


def replace(ck: Checker, call: n.Call, receiver: n.Expr, ty: ClassType, positional: tuple[n.Expr, ...],
            what: str) -> Type:
    """``point._replace(x=1)``, ``dataclasses.replace(point, x=1)``: a new instance, the fields
    named by the keywords (evaluated in the order written) and the receiver's others. The
    receiver goes into a hidden local first, whose fields the other arguments read."""
    if positional:
        raise CompileError(f"{what}() takes the fields to change as keyword arguments", positional[0].span)
    given: dict[int, n.Expr] = {}
    for kw in call.keywords:
        index = ty.field(kw.name)
        if index is None:
            raise CompileError(f"Got unexpected field names: ['{kw.name}']" if what == "_replace" else
                               f"{ty.name}.__init__() got an unexpected keyword argument '{kw.name}'", kw.span)
        given[index] = kw.value
    hidden = assigns.hidden_local(ck, "replace", receiver.span, ty, receiver)
    for kw in call.keywords:
        ck.coerce(kw.value, ty.fields[ty.field(kw.name)][1])  # type: ignore[index]
    arguments = []
    for index, (name, _) in enumerate(ty.fields):
        if index not in given:
            given[index] = n.Attribute(call.span, n.Name(call.span, hidden.id), name)
            ck.expr(given[index])
        arguments.append(given[index])
    ck.arguments[call] = tuple(arguments)
    ck.constructions[call] = Construction((PatternStore(hidden, receiver),), None)
    ck.ops[call] = sem.RECORD_REPLACE.at(ty)
    return ty


def repr_template(ck: Checker, ty: ClassType, span: Span, which: str = "repr") -> n.JoinedStr:
    """The f-string of an instance's repr (its only argument, ``FormatArgument`` 0, the instance):
    ``Click(user={x.user!r}, ms={x.ms!r})``, checked here (a fresh one for each use); an
    object's repr or str (``which``) by its methods."""
    from . import fstrings, stdlib_datetime
    if ty.kind == "object":
        return objects.text_template(ck, ty, span, which)
    if ty.kind == "datetime":
        return stdlib_datetime.text_template(ck, ty, span, which)
    parts: list[n.Expr] = []
    for index, (name, _) in enumerate(ty.fields):
        parts.append(n.Constant(span, f"{ty.name}({name}=" if index == 0 else f", {name}="))
        instance = n.FormatArgument(span, 0)
        ck.types[instance] = ty
        parts.append(n.FormattedValue(span, n.Attribute(span, instance, name), "r", None))
    parts.append(n.Constant(span, ")" if ty.fields else f"{ty.name}()"))
    joined = n.JoinedStr(span, tuple(parts))
    fstrings.joined_str(ck, joined)
    return joined


def text_call(ck: Checker, call: n.Call, name: str, ty: ClassType) -> Type:
    """``repr(x)`` / ``str(x)`` of an instance: the f-string of its repr, x evaluated once."""
    ck.formats[call] = repr_template(ck, ty, call.span, name)
    ck.arguments[call] = (call.args[0],)
    ck.ops[call] = sem.STR_FORMAT
    return sem.STR_FORMAT.result


def holds_instance(ty: Type) -> bool:
    """Whether a value of ``ty`` holds an instance of a record class inside it (a list of them),
    or is or holds a builtin class as a value (check/class_values.py: its text is not made)."""
    from .infer import holds
    if ty == CLASS:
        return True
    return not isinstance(ty, (ClassType, EnumType)) and holds(ty, lambda t: isinstance(t, (ClassType, EnumType))
                                                              or t == CLASS)
