"""``import re``: the module's functions and flags, and the patterns they take.

A pattern known at compile time (a str or bytes literal, a module constant
holding one, or a ``+`` of those; with flags made of ``re.IGNORECASE``-like
names, int literals and ``|``) is compiled here by CPython's own ``re``
(``compiler/regex``): a bad pattern is a compile error with CPython's
``re.error`` message, pointed at the pattern, and the groups of the
pattern are known, which types its matches (``regex_objects.py``).

``re.search(P, s)`` and the other functions of the module are recorded as
``RE_FUNCTION`` around the Pattern method they stand for, with the pattern
as the operation's constant: the lowering uses the module's pattern and
calls the method, as ``re.compile(P).search(s)`` would.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import nodes as n
from .. import semantics as sem
from ..errors import CompileError, Span
from ..pyversion import PythonVersion
from ..regex import Regex, RegexError, compile_regex, compile_template, sre
from ..regex.program import refused_by_310
from ..typed import Iteration
from ..types import BYTES, INT, STR, MatchType, PatternType, Type
from . import regex_objects, scopes

if TYPE_CHECKING:
    from .checker import Checker

#: Flags ssc refuses, and why.
REFUSED_FLAGS = {
    "LOCALE": "re.LOCALE matches by the C library's locale, which a SmartStream does not have: leave it out "
              "(bytes patterns match ASCII letters, digits and spaces without it)",
    "L": "re.L (LOCALE) matches by the C library's locale, which a SmartStream does not have: leave it out",
    "DEBUG": "re.DEBUG prints the compiled pattern, and a SmartStream has no output: leave it out",
    "TEMPLATE": "re.TEMPLATE is deprecated and does nothing useful: leave it out",
    "T": "re.T (TEMPLATE) is deprecated and does nothing useful: leave it out",
}
#: The module's functions: (the Pattern method each stands for, its parameters between the
#: pattern and flags, as CPython's re spells them).
FUNCTIONS = {
    "match": ("match", ("string",)),
    "fullmatch": ("fullmatch", ("string",)),
    "search": ("search", ("string",)),
    "findall": ("findall", ("string",)),
    "finditer": ("finditer", ("string",)),
    "sub": ("sub", ("repl", "string", "count")),
    "subn": ("subn", ("repl", "string", "count")),
    "split": ("split", ("string", "maxsplit")),
}


class PatternError(CompileError):
    """A pattern CPython's re refuses: CPython's message, with the caret at the offending
    character of the literal when the source shows where it is (a one-line literal whose
    text before the character has no escape sequence)."""

    def __init__(self, message: str, span: Span, pattern: str | bytes, pos: int | None) -> None:
        super().__init__(message, span)
        self.pattern = pattern
        self.pos = pos

    def render(self) -> str:
        span = self.span
        if self.source is not None and span is not None and self.pos is not None:
            column = literal_column(self.source, span, self.pattern, self.pos)
            if column is not None:
                self.span = Span(span.line, column, span.line, column + 1)
        try:
            return super().render()
        finally:
            self.span = span


def literal_column(source: str, span: Span, pattern: str | bytes, pos: int) -> int | None:
    """The column of character ``pos`` of ``pattern`` in the literal at ``span``, if the
    literal is one string on one line whose text up to that character is the pattern's."""
    lines = source.splitlines()
    if span.line != span.end_line or not 1 <= span.line <= len(lines):
        return None
    text = lines[span.line - 1].expandtabs(1)[span.col - 1:span.end_col - 1]
    prefix = len(text) - len(text.lstrip("rRbBuU"))
    quote = text[prefix:prefix + 3] if text[prefix:prefix + 3] in ('"""', "'''") else text[prefix:prefix + 1]
    body = text[prefix + len(quote):len(text) - len(quote)]
    shown = pattern.decode("latin-1") if isinstance(pattern, bytes) else pattern
    if not text.endswith(quote) or len(body) < pos or body[:pos + 1] != shown[:pos + 1]:
        return None
    return span.col + prefix + len(quote) + pos


# ---- constants: patterns and flags ------------------------------------------------------------


def constant_text(ck: Checker, expr: n.Expr) -> str | bytes | None:
    """The value of a str or bytes expression known at compile time: a literal, a module
    constant holding one, or a ``+`` of those; else None."""
    match expr:
        case n.Constant(value=str() | bytes() as value):
            return value
        case n.Name(id=name) if _module_constant(ck, name):
            return constant_text(ck, ck.constants[name].value)
        case n.BinOp(op="+", left=left, right=right):
            lhs, rhs = constant_text(ck, left), constant_text(ck, right)
            if lhs is not None and rhs is not None and type(lhs) is type(rhs):
                return lhs + rhs  # type: ignore[operator]
    return None


def constant_flags(ck: Checker, expr: n.Expr | None) -> int | None:
    """The value of a flags argument known at compile time: ``re.I``, an int literal, a module
    constant, and ``|`` or ``+`` of those; 0 when absent; else None."""
    match expr:
        case None:
            return 0
        case n.Attribute(value=n.Name(id=module), attr=attr) if is_re(ck, module) and attr in sre.FLAG_NAMES:
            return sre.FLAG_NAMES[attr]
        case n.Constant(value=int() as value) if not isinstance(value, bool):
            return value
        case n.Name(id=name) if _module_constant(ck, name):
            return constant_flags(ck, ck.constants[name].value)
        case n.BinOp(op="|" | "+", left=left, right=right):
            lhs, rhs = constant_flags(ck, left), constant_flags(ck, right)
            if lhs is not None and rhs is not None:
                return lhs | rhs if expr.op == "|" else lhs + rhs
    return None


def _module_constant(ck: Checker, name: str) -> bool:
    info = ck.constants.get(name)
    return info is not None and not info.state and ck.local_key(name) is None


def is_re(ck: Checker, name: str) -> bool:
    """Whether ``name`` is the re module here (``import re``, ``import re as r``)."""
    return ck.modules.get(name) == "re" and ck.local_key(name) is None and name not in ck.constants


def compile_pattern(ck: Checker, pattern: n.Expr, flags: n.Expr | None) -> Regex:
    """The pattern ``pattern`` with ``flags``, compiled now; a compile error if CPython's re
    refuses it (at the pattern), or if it is not known at compile time."""
    text = constant_text(ck, pattern)
    value = constant_flags(ck, flags)
    if text is None:
        raise CompileError("a pattern given to a re function must be known at compile time in ssc (a str "
                           "or bytes literal, or a module constant holding one): compile a pattern made at run "
                           "time once with re.compile(pattern), in init, and call its methods", pattern.span)
    if value is None:
        assert flags is not None
        raise CompileError("the flags must be known at compile time in ssc: re.IGNORECASE and the other flags, "
                           "combined with |", flags.span)
    _refused_flags(ck, flags)
    try:
        return _target_regex(ck, text, value)
    except RegexError as err:
        where = pattern if err.kind == "error" or flags is None else flags
        name = "re.error" if err.kind == "error" else err.kind
        raise PatternError(f"{name}: {err.message}{_parsed_by_older(ck)}", where.span, text,
                           err.pos if where is pattern else None) from None


def _parsed_by_older(ck: Checker) -> str:
    """Patterns are parsed by the running Python's re: say so when the target is newer."""
    running = PythonVersion.running()
    if running >= ck.python:
        return ""
    return (f" (as the running Python {running}'s re parses it: run ssc with Python {ck.python} to compile "
            f"what {ck.python}'s re accepts)")


def _target_regex(ck: Checker, text: str | bytes, flags: int) -> Regex:
    """``compile_regex``, refusing as the target's re does what is newer than it."""
    regex = compile_regex(text, flags)
    if ck.python < PythonVersion(3, 11):
        refused = refused_by_310(text, flags)
        if refused is not None:
            raise RegexError(refused.kind, f"{refused.message} (in Python {ck.python}, the target version: "
                             "atomic groups and possessive repeats are new in 3.11)", refused.pos)
    return regex


def _no_noflag(ck: Checker, attr: str, span: Span) -> None:
    """``re.NOFLAG`` is new in 3.11: 3.10's AttributeError, at compile time."""
    if attr == "NOFLAG" and ck.python < PythonVersion(3, 11):
        raise CompileError(f"module 're' has no attribute 'NOFLAG' (AttributeError in Python {ck.python}, the "
                           "target version: re.NOFLAG is new in 3.11): write 0", span)


def _refused_flags(ck: Checker, flags: n.Expr | None) -> None:
    match flags:
        case n.Attribute(value=n.Name(id=module), attr=attr) if is_re(ck, module) and attr in REFUSED_FLAGS:
            raise CompileError(REFUSED_FLAGS[attr], flags.span)
        case n.Attribute(value=n.Name(id=module), attr=attr) if is_re(ck, module):
            _no_noflag(ck, attr, flags.span)
        case n.BinOp(left=left, right=right):
            _refused_flags(ck, left)
            _refused_flags(ck, right)
        case n.Name(id=name) if _module_constant(ck, name):
            _refused_flags(ck, ck.constants[name].value)
    value = constant_flags(ck, flags)
    if value is not None and value & (sre.FLAGS["LOCALE"] | sre.FLAGS["DEBUG"] | sre.FLAGS["TEMPLATE"]):
        assert flags is not None
        raise CompileError("re.LOCALE, re.DEBUG and re.TEMPLATE are not supported: leave them out", flags.span)


# ---- the module: re.X, re.compile(...), re.search(...) ... --------------------------------------


def module_attribute(ck: Checker, expr: n.Attribute) -> Type:
    """``re.IGNORECASE`` and the other flags: ints (CPython's RegexFlag is an int)."""
    if expr.attr in REFUSED_FLAGS:
        raise CompileError(REFUSED_FLAGS[expr.attr], expr.span)
    _no_noflag(ck, expr.attr, expr.span)
    if expr.attr in sre.FLAG_NAMES:
        ck.ops[expr] = sem.RE_FLAG.with_constant(sre.FLAG_NAMES[expr.attr])
        return INT
    if expr.attr in FUNCTIONS or expr.attr in ("compile", "escape"):
        raise CompileError(f"'re.{expr.attr}' can only be called", expr.span)
    raise CompileError(f"module 're' has no attribute '{expr.attr}' in ssc (it has {', '.join(sorted(FUNCTIONS))}, "
                       f"compile, escape and the flags)", expr.span)


def re_compile(ck: Checker, call: n.Call) -> Type:
    """``re.compile(pattern, flags=0)``: the pattern, compiled at compile time, or at run time
    when it is a str (bytes) known only then."""
    pattern, flags = _pattern_arguments(ck, call, "compile", ())[:2]
    if constant_text(ck, pattern) is None:
        text = ck.expr(pattern)
        if text in (STR, BYTES):
            return _compile_at_run_time(ck, call, text, pattern, flags)
    regex = _regex_of(ck, call, pattern, flags)
    ty = PatternType(BYTES if regex.isbytes else STR, regex)
    ck.ops[call] = sem.RE_COMPILE.at(ty).with_constant(regex)
    ck.types[pattern] = ty.text
    return ty


def _compile_at_run_time(ck: Checker, call: n.Call, text: Type, pattern: n.Expr, flags: n.Expr | None) -> Type:
    """``re.compile(p, flags)`` of a str (bytes) made at run time (a param of init): the guest
    compiles it (guest/re_compile.c), raising re.error as CPython would. Its matches' groups
    are not known here: each is a ``str | None``."""
    if flags is not None:
        if constant_flags(ck, flags) is not None:
            _refused_flags(ck, flags)
        kind = ck.expr(flags)
        if kind != INT:
            raise CompileError(f"the flags of re.compile() must be an int (re.IGNORECASE | ...), not {kind}",
                               flags.span)
    ck.ops[call] = sem.RE_COMPILE_RUNTIME[text]
    ck.arguments[call] = (pattern, flags)
    return PatternType(text)


def _regex_of(ck: Checker, call: n.Call, pattern: n.Expr, flags: n.Expr | None) -> Regex:
    """The pattern of a call: compiled from a constant, or a Pattern known at compile time
    (whose flags cannot be changed)."""
    if constant_text(ck, pattern) is None:
        ty = ck.expr(pattern)
        if isinstance(ty, PatternType) and isinstance(ty.regex, Regex):
            if flags is not None and constant_flags(ck, flags) != 0:
                raise CompileError("ValueError: cannot process flags argument with a compiled pattern", flags.span)
            return ty.regex
        if ty not in (STR, BYTES) and not isinstance(ty, PatternType):
            raise CompileError(f"first argument must be string or compiled pattern, not {ty}", pattern.span)
    return compile_pattern(ck, pattern, flags)


def _pattern_arguments(ck: Checker, call: n.Call, name: str, names: tuple[str, ...]) -> list[n.Expr | None]:
    """The arguments of ``re.name(pattern, *names, flags=0)`` in that order (None: not given)."""
    order = ("pattern", *names, "flags") if name != "escape" else ("pattern",)
    required = {"compile": 1, "escape": 1}.get(name, 1 + len([p for p in names if p in ("string", "repl")]))
    bound = regex_objects.bind(call, f"re.{name}", order, required)
    given = [bound[param] for param in order]
    return [given[0], given[-1] if name != "escape" else None, *given[1:-1]]


def re_function(ck: Checker, call: n.Call, name: str) -> Type:
    """``re.search(pattern, string, flags=0)`` and the others: the Pattern method on the pattern."""
    method, names = FUNCTIONS[name]
    pattern, flags, *rest = _pattern_arguments(ck, call, name, names)
    assert pattern is not None
    regex = _regex_of(ck, call, pattern, flags)
    text = BYTES if regex.isbytes else STR
    receiver = PatternType(text, regex)
    given = dict(zip(names, rest))
    op, result, arguments = regex_objects.pattern_call(ck, call, receiver, method, given)
    ck.arguments[call] = (pattern, flags, *arguments)
    ck.ops[call] = sem.RE_FUNCTION.at(result).with_constant(regex).around(op)
    return result


def re_escape(ck: Checker, call: n.Call) -> Type:
    """``re.escape(pattern)`` of a str or bytes."""
    (pattern, _) = _pattern_arguments(ck, call, "escape", ())[:2]
    assert pattern is not None
    ty = ck.expr(pattern)
    if ty not in (STR, BYTES):
        raise CompileError(f"re.escape() takes a str or bytes, not {ty}", pattern.span)
    ck.ops[call] = sem.RE_ESCAPE[ty]
    ck.arguments[call] = (pattern,)
    return ty


def finditer_iteration(ck: Checker, call: n.Call) -> Iteration:
    """``for m in p.finditer(s)`` / ``re.finditer(P, s)``: an iteration of matches (the call
    is checked while ``ck.iterating`` is it, which finditer() requires)."""
    ty = ck.expr(call)
    if not isinstance(ty, MatchType):
        raise CompileError(f"'{ty}' object is not iterable", call.span)
    return Iteration("re_finditer", ty, (call,))


def functions() -> dict[str, object]:
    """The re module's table for check/stdlib.py's MODULES."""
    table: dict[str, object] = {name: (lambda ck, call, name=name: re_function(ck, call, name)) for name in FUNCTIONS}
    table["compile"] = re_compile
    table["escape"] = re_escape
    return table


def missing(call: n.Call, module: str, name: str) -> CompileError:
    if name == "purge":
        return CompileError("re.purge() clears CPython's cache of patterns, which ssc does not have: leave it out",
                            call.func.span)
    if name == "template":
        return CompileError("re.template() is deprecated: use re.compile()", call.func.span)
    return CompileError(f"module 're' has no function '{name}' in ssc (it has {', '.join(sorted(FUNCTIONS))}, "
                        f"compile and escape)", call.func.span)


def template_of(ck: Checker, regex: Regex, repl: n.Expr) -> tuple[str | bytes | int, ...]:
    """A constant sub() template, parsed now (CPython raises its errors when sub runs)."""
    text = constant_text(ck, repl)
    assert text is not None
    try:
        return compile_template(regex, text)
    except RegexError as err:
        name = "re.error" if err.kind == "error" else err.kind
        raise PatternError(f"{name}: {err.message}", repl.span, text, err.pos) from None


# ---- functions given to sub(): their match has the pattern it comes from ---------------------


def replacement_matches(ck: Checker, names: set[str]) -> dict[str, MatchType]:
    """The functions (of ``names``, the program's) given to ``sub`` (``P.sub(mask, s)``,
    ``re.sub(P, mask, s)``) and used nowhere else, with the matches of the one pattern they
    take: their parameter, unannotated or annotated ``re.Match``, is typed as a match of
    that pattern, so that ``m.group(1)`` of a group that always takes part is a str in it,
    as it would be in the caller."""
    uses: dict[str, set[Regex | None]] = {}
    for node in scopes.walk(ck.module.body):
        if isinstance(node, n.Call):
            for name, found in _repl_uses(ck, node, names):
                uses.setdefault(name, set()).add(found)
    matches: dict[str, MatchType] = {}
    for name, patterns in uses.items():
        found = next(iter(patterns))
        if len(patterns) == 1 and found is not None and _only_given_to_sub(ck, name):
            matches[name] = MatchType(BYTES if found.isbytes else STR, found)
    return matches


def refine_replacements(ck: Checker, matches: dict[str, MatchType]) -> None:
    """Type the ``re.Match`` parameter of each function of ``matches`` as its pattern's matches."""
    for name, match in matches.items():
        info = ck.functions.get(name)
        if info is not None and len(info.params) == 1 and info.params[0][1] == MatchType(match.text):
            info.params = ((info.params[0][0], match),)


def _repl_uses(ck: Checker, call: n.Call, names: set[str]) -> list[tuple[str, Regex | None]]:
    """The functions ``call`` gives to sub/subn as repl, with the pattern (None: not known here)."""
    func = call.func
    if not isinstance(func, n.Attribute) or func.attr not in ("sub", "subn"):
        return []
    if isinstance(func.value, n.Name) and is_re(ck, func.value.id):
        pattern, flags, repl = _nth(call, 0, "pattern"), _nth(call, 4, "flags"), _nth(call, 1, "repl")
    else:
        pattern, flags, repl = _compiled_of(ck, func.value), None, _nth(call, 0, "repl")
    if not isinstance(repl, n.Name) or repl.id not in names:
        return []
    return [(repl.id, _quiet_regex(ck, pattern, flags))]


def _nth(call: n.Call, index: int, name: str) -> n.Expr | None:
    for kw in call.keywords:
        if kw.name == name:
            return kw.value
    return call.args[index] if index < len(call.args) else None


def _compiled_of(ck: Checker, receiver: n.Expr) -> n.Expr | None:
    """The pattern argument of the module constant ``receiver = re.compile(P, ...)``."""
    if isinstance(receiver, n.Name) and _module_constant(ck, receiver.id):
        value = ck.constants[receiver.id].value
        if isinstance(value, n.Call) and isinstance(value.func, n.Attribute) and value.func.attr == "compile":
            return value
    return None


def _quiet_regex(ck: Checker, pattern: n.Expr | None, flags: n.Expr | None) -> Regex | None:
    """The pattern compiled, or None (not known, or refused: the call's check reports it)."""
    if isinstance(pattern, n.Call):   # re.compile(P, flags)
        pattern, flags = _nth(pattern, 0, "pattern"), _nth(pattern, 1, "flags")
    if pattern is None:
        return None
    text, value = constant_text(ck, pattern), constant_flags(ck, flags)
    if text is None or value is None:
        return None
    try:
        return compile_regex(text, value)
    except RegexError:
        return None


def _only_given_to_sub(ck: Checker, name: str) -> bool:
    """Whether the function ``name`` is only ever the repl of a sub/subn (never called)."""
    for node in scopes.walk(ck.module.body):
        if isinstance(node, n.Call) and isinstance(node.func, n.Name) and node.func.id == name:
            return False
    return True
