"""Class definitions at module level.

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
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError
from ..typed import Construction, ExceptionClass, PatternStore
from ..types import EXCEPTION
from . import annotate, assigns, scopes

if TYPE_CHECKING:
    from .checker import Checker


def check_class(ck: Checker, stmt: n.ClassDef) -> None:
    """A class at module level: an exception class (a builtin or program exception base)."""
    if stmt.name in ck.functions or stmt.name in ck.constants or is_exception_class(ck, stmt.name):
        raise CompileError(f"'{stmt.name}' is already defined", stmt.span)
    if stmt.decorators:
        raise CompileError("class decorators are not supported", stmt.decorators[0].span)
    if stmt.keywords:
        raise CompileError("class keywords (metaclass=...) are not supported", stmt.keywords[0].span)
    match stmt.bases:
        case (n.Name(id=base),) if is_exception_class(ck, base):
            check_exception_class(ck, stmt, base)
            return
        case (n.Name(id="BaseException"),):
            raise CompileError("an exception class derives from Exception (or one of its subclasses), not "
                               "BaseException", stmt.bases[0].span)
    raise CompileError("classes other than exception classes are not supported: derive the class from "
                       "Exception or a builtin exception such as ValueError", stmt.span)


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
        ck.counter += 1
        hidden = n.Name(arg.span, f"$init{ck.counter}.{param.name}")
        ck.local_names.add(hidden.id)
        assigns.assign(ck, hidden, ty, arg)
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
