"""The datetime and time modules: their classes, constructors, class methods, instance methods
and text, by the rows of ``semantics.DATETIME_CALLS`` and ``DATETIME_METHODS``.

A program names a class as ``from datetime import datetime, timezone`` (``ck.imported[name]``
is ``"datetime.NAME"``) or as ``datetime.timedelta`` after ``import datetime``. Its values
are records of ints (``semantics.TIMEDELTA`` and the others, ClassTypes of kind "datetime"):
fields are read as a record's fields, operators are rows of ``semantics.BINARY``/``COMPARE``,
the rest are runtime rows of guest/datetime.c. There is no clock and no local time zone in a
SmartModule: what would read them is refused with what to write instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError
from ..types import ClassType, Type
from . import calls

if TYPE_CHECKING:
    from .checker import Checker

#: What ``from datetime import ...`` may name.
DATETIME_NAMES = frozenset(sem.DATETIME_CLASSES)
#: The prefix of ``ck.imported`` for a class imported from datetime.
IMPORTED = "datetime."
#: Names of the modules that exist only in part, and what each lacks in ssc, with what to write instead.
REFUSED = {
    ("datetime", "now"): "datetime.now() reads the clock, which a SmartModule has none of: use the record's "
                         "time, datetime.fromtimestamp(record.timestamp / 1000, tz=timezone.utc)",
    ("datetime", "utcnow"): "datetime.utcnow() reads the clock, which a SmartModule has none of: use the record's "
                            "time, datetime.fromtimestamp(record.timestamp / 1000, tz=timezone.utc)",
    ("datetime", "today"): "datetime.today() reads the clock, which a SmartModule has none of: use the record's "
                           "time, datetime.fromtimestamp(record.timestamp / 1000, tz=timezone.utc)",
    ("date", "today"): "date.today() reads the clock, which a SmartModule has none of: use the record's time, "
                       "datetime.fromtimestamp(record.timestamp / 1000, tz=timezone.utc).date()",
    ("date", "fromtimestamp"): "date.fromtimestamp() uses the local time zone, which a SmartModule has none of: "
                               "write datetime.fromtimestamp(ts, tz=timezone.utc).date()",
}
TIME_REFUSED = {
    "time": "time.time() reads the clock, which a SmartModule has none of: use the record's time, "
            "record.timestamp (milliseconds since the epoch)",
    "time_ns": "time.time_ns() reads the clock, which a SmartModule has none of: use the record's time, "
               "record.timestamp (milliseconds since the epoch)",
    "monotonic": "time.monotonic() reads the clock, which a SmartModule has none of: use the record's time, "
                 "record.timestamp (milliseconds since the epoch)",
    "perf_counter": "time.perf_counter() reads the clock, which a SmartModule has none of: use the record's "
                    "time, record.timestamp (milliseconds since the epoch)",
    "localtime": "time.localtime() uses the local time zone, which a SmartModule has none of: use "
                 "time.gmtime(seconds)",
    "mktime": "time.mktime() uses the local time zone, which a SmartModule has none of: use "
              "calendar-free arithmetic on the seconds, or datetime(..., tzinfo=timezone.utc).timestamp()",
    "sleep": "time.sleep() is not supported: a SmartModule transforms each record at once",
    "ctime": "time.ctime() uses the local time zone, which a SmartModule has none of: use "
             "time.strftime('%a %b %d %H:%M:%S %Y', time.gmtime(seconds))",
    "asctime": "time.asctime() is not supported: use time.strftime('%a %b %d %H:%M:%S %Y', t)",
}


def class_of(ck: Checker, expr: n.Expr) -> str | None:
    """The datetime class ``expr`` names (``timezone`` imported from datetime, or
    ``datetime.timezone`` of the module), else None."""
    match expr:
        case n.Name(id=name) if ck.local_key(name) is None and name not in ck.constants:
            imported = ck.imported.get(name, "")
            return imported[len(IMPORTED):] if imported.startswith(IMPORTED) else None
        case n.Attribute(value=n.Name(id=module), attr=attr) if ck.modules.get(module) == "datetime" \
                and ck.local_key(module) is None and attr in sem.DATETIME_CLASSES:
            return attr
    return None


def module_class(ck: Checker, call: n.Call, name: str) -> Type:
    """``datetime.timedelta(hours=1)`` after ``import datetime``: the constructor."""
    if name not in sem.DATETIME_CLASSES:
        raise CompileError(f"module 'datetime' has no attribute '{name}' in ssc (it has "
                           f"{', '.join(sem.DATETIME_CLASSES)})", call.func.span)
    return class_call(ck, call, name, "__new__")


def class_call(ck: Checker, call: n.Call, cls: str, name: str) -> Type:
    """``timedelta(...)``, ``datetime.fromisoformat(s)``: a constructor or class method."""
    refused = REFUSED.get((cls, name))
    if refused is not None:
        raise CompileError(refused, call.func.span)
    op = sem.DATETIME_CALLS.get((cls, name))
    what = f"{cls}.{name}" if name != "__new__" else cls
    if op is None:
        raise CompileError(f"type object 'datetime.{cls}' has no attribute '{name}' in ssc{_has(cls)}",
                           call.func.span)
    if name == "fromtimestamp" and len(call.args) < 2 and not any(kw.name == "tz" for kw in call.keywords):
        raise CompileError("datetime.fromtimestamp() without tz= uses the local time zone, which a SmartModule "
                           "has none of: write datetime.fromtimestamp(ts, tz=timezone.utc)", call.span)
    if name == "__new__" and cls == "timezone" and len(call.args) + len(call.keywords) > 1:
        raise CompileError("timezone() with a name is not supported: ssc's timezones are fixed offsets without "
                           "names (timezone(timedelta(hours=2)))", call.span)
    op = calls.resolve_overload(ck, call, what, op if isinstance(op, tuple) else (op,), {})
    ck.ops[call] = op
    return op.result


def annotation(ck: Checker, expr: n.Expr) -> Type | None:
    """The type an annotation names: ``datetime`` imported from datetime, ``datetime.timedelta``."""
    cls = class_of(ck, expr)
    return sem.DATETIME_CLASSES[cls] if cls is not None else None


def class_attribute(ck: Checker, expr: n.Attribute, cls: str) -> Type:
    """``timezone.utc``."""
    if (cls, expr.attr) != ("timezone", "utc"):
        if (cls, expr.attr) in sem.DATETIME_CALLS:
            raise CompileError(f"'{cls}.{expr.attr}' can only be called", expr.span)
        raise CompileError(f"type object 'datetime.{cls}' has no attribute '{expr.attr}' in ssc (it has "
                           f"timezone.utc)", expr.span)
    ck.ops[expr] = sem.TIMEZONE_UTC
    return sem.TIMEZONE


def _short(ty: ClassType) -> str:
    return ty.name.rsplit(".", 1)[1]


def _has(cls: str) -> str:
    names = sorted({name for owner, name in (*sem.DATETIME_CALLS, *sem.DATETIME_METHODS)
                    if owner == cls and not name.startswith("_")})
    return f" (it has {', '.join(names)})" if names else ""


def method_call(ck: Checker, call: n.Call, receiver: n.Expr, ty: ClassType, attr: str) -> Type:
    """``dt.isoformat()``, ``delta.total_seconds()``: a row of DATETIME_METHODS."""
    cls = _short(ty)
    if (cls, attr) in sem.DATETIME_CALLS:   # a class method called on an instance
        return class_call(ck, call, cls, attr)
    if (cls, attr) == ("datetime", "astimezone") and not call.args and not call.keywords:
        raise CompileError("astimezone() without a time zone converts to the local one, which a SmartModule "
                           "has none of: write dt.astimezone(timezone.utc)", call.span)
    op = sem.DATETIME_METHODS.get((cls, attr))
    if op is None:
        if ty.field(attr) is not None:
            raise CompileError(f"'{ty.fields[ty.field(attr)][1]}' object is not callable", call.func.span)
        raise CompileError(f"'{ty}' object has no attribute '{attr}' in ssc{_has(cls)}", call.func.span)
    ck.receivers[call] = receiver
    if attr == "replace":
        return _replace(ck, call, op)
    op = calls.resolve_overload(ck, call, f"{cls}.{attr}", (op,), {})
    ck.ops[call] = op
    return op.result


def _replace(ck: Checker, call: n.Call, op: sem.Op) -> Type:
    """``dt.replace(tzinfo=timezone.utc)``: the fields given, the others kept (DATETIME_KEEP)."""
    if call.args:
        raise CompileError("datetime.replace() takes the fields to change as keyword arguments", call.args[0].span)
    names = [p.name for p in op.params]
    given: dict[str, n.Expr] = {}
    for kw in call.keywords:
        if kw.name not in names[:-1]:
            raise CompileError(f"replace() got an unexpected keyword argument '{kw.name}'", kw.span)
        ck.coerce(kw.value, op.params[names.index(kw.name)].type)
        given[kw.name] = kw.value
    arguments: list[n.Expr | None] = []
    for param in op.params[:-2]:
        if param.name not in given:
            given[param.name] = n.Constant(call.span, sem.DATETIME_KEEP)
            ck.expr(given[param.name])
        arguments.append(given[param.name])
    arguments.append(given.get("tzinfo"))
    keep = n.Constant(call.span, "tzinfo" not in given)
    ck.expr(keep)
    arguments.append(keep)
    ck.arguments[call] = tuple(arguments)
    ck.ops[call] = op
    return op.result


def attribute(ck: Checker, expr: n.Attribute, ty: ClassType) -> Type | None:
    """A field of a value (None: read as a record's field), or CPython's AttributeError."""
    if ty.field(expr.attr) is not None and not expr.attr.startswith("_"):
        return None
    if (_short(ty), expr.attr) in sem.DATETIME_METHODS:
        raise CompileError(f"the method '{ty}.{expr.attr}' can only be called", expr.span)
    raise CompileError(f"'{ty}' object has no attribute '{expr.attr}'", expr.span)


def text_template(ck: Checker, ty: ClassType, span: n.Span, which: str, spec: str | None = None) -> n.JoinedStr:
    """str(x), repr(x) and f"{x}": the f-string of one call of its ``__str__`` or ``__repr__``
    row (FormatArgument 0, the value); f"{x:%Y}" is ``x.strftime("%Y")``, as CPython's
    ``__format__``."""
    from . import fstrings
    instance = n.FormatArgument(span, 0)
    ck.types[instance] = ty
    if spec:
        if (_short(ty), "strftime") not in sem.DATETIME_METHODS:
            raise CompileError(f"unsupported format string passed to {ty}.__format__", span)
        text: n.Expr = n.Call(span, n.Attribute(span, instance, "strftime"), (n.Constant(span, spec),), ())
    else:
        text = n.Call(span, n.Attribute(span, instance, f"__{which}__"), (), ())
    joined = n.JoinedStr(span, (n.FormattedValue(span, text, "", None),))
    fstrings.joined_str(ck, joined)
    return joined


def time_missing(call: n.Call, module: str, name: str) -> CompileError:
    why = TIME_REFUSED.get(name)
    if why is not None:
        return CompileError(why, call.func.span)
    return CompileError(f"module 'time' has no function '{name}' in ssc (it has gmtime and strftime)",
                        call.func.span)


def datetime_missing(call: n.Call, module: str, name: str) -> CompileError:
    return CompileError(f"module 'datetime' has no attribute '{name}' in ssc (it has "
                        f"{', '.join(sem.DATETIME_CLASSES)})", call.func.span)


def constant_value(ck: Checker, value: n.Expr) -> bool:
    """Whether a module constant's value is a display of literals and calls of datetime's
    constructors with literal arguments (``timedelta(hours=4)``): kept as written, each call made
    where the constant is used (its arguments are checked as CPython checks them, at run time)."""
    from .toplevel import is_literal
    match value:
        case n.Call(func=func, args=args, keywords=keywords) if class_of(ck, func) is not None or (
                isinstance(func, n.Attribute) and class_of(ck, func.value) is not None):
            return all(is_literal(a) or constant_value(ck, a) for a in (*args, *(k.value for k in keywords)))
        case n.Attribute(value=owner, attr="utc") if class_of(ck, owner) == "timezone":
            return True
        case n.Tuple(elts=items) | n.List(elts=items) | n.Set(elts=items):
            return all(is_literal(i) or constant_value(ck, i) for i in items)
        case n.Dict(keys=keys, values=values):
            return all(k is not None and is_literal(k) for k in keys) and \
                all(is_literal(v) or constant_value(ck, v) for v in values)
    return False


def constant_spec(spec: n.Expr) -> str:
    """The text of a format spec written out (f"{when:%H:%M}")."""
    if isinstance(spec, n.JoinedStr) and all(isinstance(v, n.Constant) and isinstance(v.value, str)
                                            for v in spec.values):
        return "".join(v.value for v in spec.values)  # type: ignore[union-attr]
    if isinstance(spec, n.Constant) and isinstance(spec.value, str):
        return spec.value
    raise CompileError("a datetime's format spec is written out in ssc (f\"{when:%Y-%m-%d}\"), not computed",
                       spec.span)
