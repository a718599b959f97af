"""Pattern and Match objects: their methods, attributes and items, typed by their pattern.

A Pattern or Match whose pattern the checker compiled (``PatternType.regex``)
has known groups: ``m.group(1)`` is a ``str`` when group 1 takes part in
every match of the pattern, else ``str | None``; ``p.findall(s)`` is a
``list[str]`` or a list of tuples by the number of groups; a group number or
name the pattern lacks is a compile error (CPython's ``IndexError: no such
group``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError
from ..regex import Regex
from ..types import ANY, BYTES, INT, STR, DictType, ListType, MatchType, PatternType, TupleType, Type, optional
from . import infer, regex, results

if TYPE_CHECKING:
    from .checker import Checker


def _regex(ty: PatternType | MatchType) -> Regex | None:
    return ty.regex if isinstance(ty.regex, Regex) else None


def bind(call: n.Call, what: str, names: tuple[str, ...], required: int) -> dict[str, n.Expr | None]:
    """A call's arguments by parameter name (all may be given by keyword, as CPython's)."""
    given: dict[str, n.Expr | None] = dict.fromkeys(names)
    if len(call.args) > len(names):
        raise CompileError(f"{what}() takes at most {len(names)} arguments ({len(call.args)} given)", call.span)
    for name, arg in zip(names, call.args):
        if isinstance(arg, n.Starred):
            raise CompileError("'*' argument unpacking is not supported", arg.span)
        given[name] = arg
    for kw in call.keywords:
        if kw.name not in names:
            raise CompileError(f"{what}() got an unexpected keyword argument '{kw.name}'", kw.span)
        if given[kw.name] is not None:
            raise CompileError(f"{what}() got multiple values for argument '{kw.name}'", kw.span)
        given[kw.name] = kw.value
    for name in names[:required]:
        if given[name] is None:
            raise CompileError(f"{what}() missing required argument: '{name}'", call.span)
    return given


# ---- Pattern ----------------------------------------------------------------------------------


def pattern_method(ck: Checker, call: n.Call, receiver: PatternType, attr: str) -> Type:
    """``p.search(s)`` and the other methods of a Pattern."""
    row = sem.RE_PATTERN_METHODS.get((receiver.text, attr))
    if row is None:
        raise CompileError(f"'re.Pattern' object has no method '{attr}' in ssc", call.func.span)
    names = tuple(p.name for p in row.params)
    required = sum(1 for p in row.params if p.default is sem.REQUIRED)
    op, result, arguments = pattern_call(ck, call, receiver, attr, bind(call, f"Pattern.{attr}", names, required))
    ck.ops[call] = op
    ck.arguments[call] = arguments
    return result


def pattern_call(ck: Checker, call: n.Call, receiver: PatternType, method: str,
                 given: dict[str, n.Expr | None]) -> tuple[sem.Op, Type, tuple[n.Expr | None, ...]]:
    """A Pattern method's operation, result type and arguments (in its row's order), for the
    method call or for the function of the module that stands for it."""
    t = receiver.text
    row = sem.RE_PATTERN_METHODS[(t, method)]
    for param in row.params:
        arg = given.get(param.name)
        if arg is None or param.name == "repl":
            continue
        if param.name == "string":
            _check_string(ck, arg, t)
        else:
            ck.coerce(arg, INT)
    found = _pattern_result(ck, call, receiver, method, row, given)
    return found[0], found[1], tuple(given.get(p.name) for p in row.params)


def _check_string(ck: Checker, arg: n.Expr, t: Type) -> None:
    ty = ck.expr(arg)
    if ty in (STR, BYTES) and ty != t:
        what = "cannot use a string pattern on a bytes-like object" if t == STR else \
            "cannot use a bytes pattern on a string-like object"
        raise CompileError(f"TypeError: {what}", arg.span)
    ck.coerce(arg, t, given=ty)


def _pattern_result(ck: Checker, call: n.Call, receiver: PatternType, method: str, row: sem.Op,
                    given: dict[str, n.Expr | None]) -> tuple[sem.Op, Type]:
    t, found = receiver.text, _regex(receiver)
    match method:
        case "match" | "fullmatch" | "search":
            result: Type = optional(MatchType(t, found))
        case "finditer":
            if ck.iterating is not call:
                raise CompileError("finditer() is supported as the iterable of a for loop or comprehension, or in "
                                   "list(...)", call.span)
            result = MatchType(t, found)
        case "findall":
            if found is None:
                raise CompileError("findall() needs a pattern known at compile time in ssc (its items depend on "
                                   "the groups)", call.span)
            result = ListType(t if found.groups <= 1 else TupleType((t,) * found.groups))
        case "split":
            always = found is not None and all(g in found.always for g in range(1, found.groups + 1))
            result = ListType(t if always else optional(t))
        case _:
            return _sub(ck, call, receiver, method, row, given)
    return row.at(result), result


def _sub(ck: Checker, call: n.Call, receiver: PatternType, method: str, row: sem.Op,
         given: dict[str, n.Expr | None]) -> tuple[sem.Op, Type]:
    """``p.sub(repl, s, count=0)``, ``p.subn(...)``: a template known at compile time, or a
    function of the program that takes the match."""
    t, found = receiver.text, _regex(receiver)
    result = row.result
    repl = given["repl"]
    assert repl is not None
    if regex.constant_text(ck, repl) is not None:
        if found is None:
            raise CompileError(f"{method}() with a template needs a pattern known at compile time in ssc",
                               call.span)
        _check_string(ck, repl, t)
        return row.with_constant(regex.template_of(ck, found, repl)).at(result), result
    if isinstance(repl, n.Name) and repl.id in ck.functions and ck.local_key(repl.id) is None:
        info = ck.functions[repl.id]
        results.infer_result(ck, info)
        match = MatchType(t, found)
        if len(info.params) != 1 or not infer.assignable(match, info.params[0][1]):
            raise CompileError(f"the function '{repl.id}' given to {method}() must take one argument, the match "
                               f"({match})", repl.span)
        if info.result is None or not infer.assignable(info.result, t):
            raise CompileError(f"the function '{repl.id}' given to {method}() must return {t}, not {info.result}",
                               repl.span)
        return sem.RE_SUB_FUNCTION.at(result).with_constant(repl.id), result
    ty = ck.expr(repl)
    raise CompileError(f"{method}() takes a template (a str or bytes literal) or a function of the match, not "
                       f"{ty}: templates made at run time are not supported yet", repl.span)


def pattern_attribute(ck: Checker, expr: n.Attribute, ty: PatternType) -> Type:
    """``p.pattern``, ``p.flags``, ``p.groups``: constants of a pattern known at compile time,
    read from the pattern of one made at run time."""
    found = _regex(ty)
    values = {"pattern": (ty.text, found.pattern if found else None), "flags": (INT, found.flags if found else None),
              "groups": (INT, found.groups if found else None)}
    if expr.attr not in values:
        raise CompileError(f"'re.Pattern' object has no attribute '{expr.attr}' in ssc (it has pattern, flags and "
                           f"groups)", expr.span)
    result, value = values[expr.attr]
    if value is None:
        ck.ops[expr] = sem.RE_PATTERN_ATTRIBUTES[(ty.text, expr.attr)]
        return result
    ck.ops[expr] = sem.RE_CONSTANT.at(result).with_constant(value)
    return result


# ---- Match ------------------------------------------------------------------------------------


def _group_number(ck: Checker, ty: MatchType, arg: n.Expr | None) -> tuple[int | None, Type]:
    """A group argument: its number when known at compile time (0 when absent), and its type
    (int, or str for a name)."""
    found = _regex(ty)
    if arg is None:
        return 0, INT
    value = arg.value if isinstance(arg, n.Constant) else infer.constant_int(arg)
    if isinstance(value, str):
        ck.expr(arg)
        if found is None:
            return None, STR
        number = found.group_number(value)
        if number is None:
            raise CompileError(f"IndexError: no such group: the pattern has no group named {value!r}", arg.span)
        return number, STR
    if isinstance(value, int) and not isinstance(value, bool):
        ck.coerce(arg, INT)
        if found is not None and not 0 <= value <= found.groups:
            raise CompileError(f"IndexError: no such group: the pattern has {found.groups} group(s)", arg.span)
        return value, INT
    given = ck.expr(arg)
    if given not in (INT, STR):
        raise CompileError(f"a group is an int or a str, not {given}", arg.span)
    return None, given


def _always(ty: MatchType, number: int | None) -> bool:
    found = _regex(ty)
    return number == 0 or (found is not None and number in found.always)


def group_op(ck: Checker, ty: MatchType, arg: n.Expr | None, method: str = "group") -> sem.Op:
    """The operation of ``m.group(g)`` (``m[g]``), ``m.start(g)``, ``m.end(g)``, ``m.span(g)``."""
    number, kind = _group_number(ck, ty, arg)
    if method == "group" and _always(ty, number):
        op = sem.RE_GROUP_TEXT[ty.text]
    else:
        op = sem.RE_MATCH_METHODS[(ty.text, method)]
    return sem.RE_BY_NAME.at(op.result).around(op) if kind == STR else op


def match_method(ck: Checker, call: n.Call, ty: MatchType, attr: str) -> Type:
    """``m.group(...)``, ``m.start(g)``, ``m.groups()``, ``m.groupdict()``, ``m.expand(t)``..."""
    if attr == "group" and len(call.args) > 1:
        return _group_tuple(ck, call, ty)
    if attr in ("group", "start", "end", "span"):
        given = bind(call, f"Match.{attr}", ("group",), 0)
        op = group_op(ck, ty, given["group"], attr)
        ck.ops[call] = op
        ck.arguments[call] = (given["group"],)
        return op.result
    if attr in ("groups", "groupdict"):
        return _groups(ck, call, ty, attr)
    if attr == "expand":
        given = bind(call, "Match.expand", ("template",), 1)
        template = given["template"]
        found = _regex(ty)
        if found is None or template is None or regex.constant_text(ck, template) is None:
            raise CompileError("expand() takes a template literal, of a pattern known at compile time in ssc",
                               call.span)
        _check_string(ck, template, ty.text)
        ck.ops[call] = sem.RE_MATCH_METHODS[(ty.text, "expand")].with_constant(regex.template_of(ck, found, template))
        ck.arguments[call] = (template,)
        return ty.text
    raise CompileError(f"'re.Match' object has no method '{attr}' in ssc", call.func.span)


def _group_tuple(ck: Checker, call: n.Call, ty: MatchType) -> Type:
    """``m.group(1, "name")``: a tuple of those groups, each known at compile time."""
    if call.keywords:
        raise CompileError("Match.group() takes no keyword arguments", call.keywords[0].span)
    items = []
    for arg in call.args:
        number, _ = _group_number(ck, ty, arg)
        if number is None or _regex(ty) is None:
            raise CompileError("m.group(a, b, ...) takes group numbers or names known at compile time, of a "
                               "pattern known at compile time: write m.group(a), m.group(b)", arg.span)
        items.append(number)
    result = TupleType(tuple(ty.text if _always(ty, g) else optional(ty.text) for g in items))
    ck.ops[call] = sem.RE_MATCH_METHODS[(ty.text, "groups")].at(result).with_constant(tuple(items))
    ck.arguments[call] = (None,)
    return result


def _groups(ck: Checker, call: n.Call, ty: MatchType, attr: str) -> Type:
    """``m.groups(default=None)``, ``m.groupdict(default=None)``."""
    given = bind(call, f"Match.{attr}", ("default",), 0)
    default = given["default"]
    has_default = default is not None and not (isinstance(default, n.Constant) and default.value is None)
    if has_default:
        assert default is not None
        ck.coerce(default, ty.text)
    elif default is not None:
        ck.expr(default)
    found = _regex(ty)
    row = sem.RE_MATCH_METHODS[(ty.text, attr)]
    if attr == "groupdict":   # of str: dict[str, Any], as typeshed has it (programs add ints, None...)
        if ty.text == STR:
            result: Type = DictType(STR, ANY)
        else:
            names = [number for _, number in found.names] if found is not None else None
            always = has_default or (names is not None and all(_always(ty, g) for g in names))
            result = DictType(STR, ty.text if always else optional(ty.text))
        ck.ops[call] = row.at(result)
    else:
        if found is None:
            raise CompileError("groups() needs a pattern known at compile time in ssc: use m.group(i)", call.span)
        numbers = tuple(range(1, found.groups + 1))
        result = TupleType(tuple(ty.text if has_default or _always(ty, g) else optional(ty.text) for g in numbers))
        ck.ops[call] = row.at(result).with_constant(numbers)
    ck.arguments[call] = (default if has_default else None,)
    return result


def match_attribute(ck: Checker, expr: n.Attribute, ty: MatchType) -> Type:
    """``m.lastindex``, ``m.lastgroup``, ``m.string``, ``m.pos``, ``m.endpos``, ``m.re``."""
    op = sem.RE_MATCH_ATTRIBUTES.get((ty.text, expr.attr))
    if op is None:
        raise CompileError(f"'re.Match' object has no attribute '{expr.attr}' in ssc", expr.span)
    if expr.attr == "re":
        op = op.at(PatternType(ty.text, ty.regex))
    ck.ops[expr] = op
    return op.result


def match_item(ck: Checker, expr: n.Subscript, ty: MatchType) -> sem.Op:
    """``m[g]``: ``m.group(g)``."""
    return group_op(ck, ty, expr.index)


def annotation(ck: Checker, expr: n.Expr) -> Type | None:
    """``re.Match``, ``re.Pattern`` (of str), ``re.Match[bytes]``..., or None for another annotation."""
    match expr:
        case n.Attribute(value=n.Name(id=module), attr="Match" | "Pattern" as name) if regex.is_re(ck, module):
            return MatchType(STR) if name == "Match" else PatternType(STR)
        case n.Subscript(value=n.Attribute(value=n.Name(id=module), attr="Match" | "Pattern" as name),
                         index=n.Name(id="str" | "bytes" as text)) if regex.is_re(ck, module):
            t = STR if text == "str" else BYTES
            return MatchType(t) if name == "Match" else PatternType(t)
    return None

