"""The typed AST of SmartStream Python.

One frozen, slotted dataclass per construct, in a flat hierarchy; every
node carries the `Span` of the source it came from. Nodes compare and hash
by identity (``eq=False``), so the checker can key its tables by node.

Produced by ``parse.parse``; read by ``check.check``. A construct the
grammar accepts but the language refuses (``with``, ``lambda``, ...)
becomes an ``Unsupported`` node, so the checker can name it with its line.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Union

from .errors import Span
from .records import record


#: Each node class: what ``dataclass(frozen=True, slots=True, eq=False)`` makes, made faster
#: (``records``: importing this module took 50-80 ms of every ssc process with dataclass).
node = record(eq=False)


# ---- expressions --------------------------------------------------------


@node
class Name:
    """A variable reference: ``record``."""

    span: Span
    id: str


@node
class Constant:
    """A literal: ``1``, ``"a"``, ``b"x"``, ``True``, ``None``, ``1.5``, ``...``."""

    span: Span
    value: object


@node
class BinOp:
    """``left op right`` for an arithmetic or bitwise ``op`` such as ``"+"``."""

    span: Span
    op: str
    left: Expr
    right: Expr


@node
class UnaryOp:
    """``op operand`` for ``-``, ``+``, ``~`` and ``not``."""

    span: Span
    op: str
    operand: Expr


@node
class BoolOp:
    """``a and b and c`` / ``a or b``: one operator, two or more values."""

    span: Span
    op: str
    values: tuple[Expr, ...]


@node
class Compare:
    """A comparison chain ``a < b <= c``: ``ops[i]`` sits between operands i, i+1.

    ``ops`` uses Python's spelling: ``"<"``, ``"in"``, ``"not in"``, ``"is not"``.
    """

    span: Span
    left: Expr
    ops: tuple[str, ...]
    comparators: tuple[Expr, ...]


@node
class IfExp:
    """``body if test else orelse``."""

    span: Span
    test: Expr
    body: Expr
    orelse: Expr


@node
class Keyword:
    """A keyword argument ``name=value`` in a call."""

    span: Span
    name: str
    value: Expr


@node
class Call:
    """``func(args..., keywords...)``."""

    span: Span
    func: Expr
    args: tuple[Expr, ...]
    keywords: tuple[Keyword, ...]


@node
class Attribute:
    """``value.attr``."""

    span: Span
    value: Expr
    attr: str


@node
class Slice:
    """``lower:upper:step`` inside a subscript; absent parts are None."""

    span: Span
    lower: Expr | None
    upper: Expr | None
    step: Expr | None


@node
class Subscript:
    """``value[index]``; a multi-part index is a ``Tuple``."""

    span: Span
    value: Expr
    index: Expr


@node
class Starred:
    """``*value`` in a display, call or target."""

    span: Span
    value: Expr


@node
class Tuple:
    """``(a, b)`` or a bare ``a, b``."""

    span: Span
    elts: tuple[Expr, ...]


@node
class List:
    """``[a, b]``."""

    span: Span
    elts: tuple[Expr, ...]


@node
class Set:
    """``{a, b}``."""

    span: Span
    elts: tuple[Expr, ...]


@node
class Dict:
    """``{k: v, ...}``; a ``**mapping`` entry has key None."""

    span: Span
    keys: tuple[Expr | None, ...]
    values: tuple[Expr, ...]


@node
class Comprehension:
    """One ``for target in iter if cond...`` clause of a comprehension."""

    span: Span
    target: Expr
    iter: Expr
    ifs: tuple[Expr, ...]


@node
class ListComp:
    """``[elt for ...]``."""

    span: Span
    elt: Expr
    generators: tuple[Comprehension, ...]


@node
class SetComp:
    """``{elt for ...}``."""

    span: Span
    elt: Expr
    generators: tuple[Comprehension, ...]


@node
class DictComp:
    """``{key: value for ...}``."""

    span: Span
    key: Expr
    value: Expr
    generators: tuple[Comprehension, ...]


@node
class GeneratorExp:
    """``(elt for ...)``."""

    span: Span
    elt: Expr
    generators: tuple[Comprehension, ...]


@node
class Lambda:
    """``lambda params: body``: a function value, applied where it is written (a ``key=``
    function, ``map``, ``filter``); its parameters are targets of the body's scope."""

    span: Span
    params: tuple[Name, ...]
    body: Expr


@node
class FormattedValue:
    """``{value!conversion:format_spec}`` inside an f-string; conversion is '', 's' or 'r'."""

    span: Span
    value: Expr
    conversion: str
    format_spec: Expr | None


@node
class JoinedStr:
    """An f-string: str constants and FormattedValue parts, in order."""

    span: Span
    values: tuple[Expr, ...]


@node
class FormatArgument:
    """A field's value in the f-string a ``str.format`` call with a constant template becomes
    (made by the checker, never by the parser): the call's ``index``-th argument, the
    positional ones first, then the keyword ones, evaluated once each, in order, before the
    fields are formatted (``"{0}-{0}".format(f())`` calls f once)."""

    span: Span
    index: int


@node
class NamedExpr:
    """An assignment expression ``(target := value)``: stores value into the name, and is it."""

    span: Span
    target: Name
    value: Expr


@node
class Unsupported:
    """A construct that parses but that SmartStream Python refuses.

    ``what`` names it for the error message, e.g. ``"lambda expressions"``.
    """

    span: Span
    what: str


Expr = Union[
    Name, Constant, BinOp, UnaryOp, BoolOp, Compare, IfExp, Call, Attribute,
    Subscript, Slice, Starred, Tuple, List, Set, Dict, ListComp, SetComp,
    DictComp, GeneratorExp, Lambda, NamedExpr, FormatArgument, Unsupported,
]


# ---- statements ---------------------------------------------------------


@node
class ExprStmt:
    """An expression evaluated for its effect (or a docstring)."""

    span: Span
    value: Expr


@node
class Assign:
    """``t1 = t2 = value``."""

    span: Span
    targets: tuple[Expr, ...]
    value: Expr


@node
class AnnAssign:
    """``target: annotation [= value]``."""

    span: Span
    target: Expr
    annotation: Expr
    value: Expr | None


@node
class AugAssign:
    """``target op= value``; ``op`` is the binary operator, e.g. ``"+"``."""

    span: Span
    target: Expr
    op: str
    value: Expr


@node
class Pass:
    span: Span


@node
class Break:
    span: Span


@node
class Continue:
    span: Span


@node
class Return:
    """``return [value]``."""

    span: Span
    value: Expr | None


@node
class Raise:
    """``raise [exc [from cause]]``."""

    span: Span
    exc: Expr | None
    cause: Expr | None


@node
class Global:
    """``global a, b``."""

    span: Span
    names: tuple[str, ...]


@node
class Assert:
    """``assert test[, msg]``."""

    span: Span
    test: Expr
    msg: Expr | None


@node
class Delete:
    """``del a, b[i]``."""

    span: Span
    targets: tuple[Expr, ...]


@node
class ImportAlias:
    """``name [as asname]`` in an import."""

    span: Span
    name: str
    asname: str | None


@node
class Import:
    """``import a.b [as c], ...``."""

    span: Span
    names: tuple[ImportAlias, ...]


@node
class ImportFrom:
    """``from module import names``; ``level`` counts leading dots."""

    span: Span
    module: str | None
    names: tuple[ImportAlias, ...]
    level: int


@node
class If:
    """``if test: body else: orelse``; ``elif`` nests an ``If`` in ``orelse``."""

    span: Span
    test: Expr
    body: tuple[Stmt, ...]
    orelse: tuple[Stmt, ...]


@node
class While:
    span: Span
    test: Expr
    body: tuple[Stmt, ...]
    orelse: tuple[Stmt, ...]


@node
class For:
    span: Span
    target: Expr
    iter: Expr
    body: tuple[Stmt, ...]
    orelse: tuple[Stmt, ...]


@node
class ExceptHandler:
    """``except [type [as name]]: body``."""

    span: Span
    type: Expr | None
    name: str | None
    body: tuple[Stmt, ...]


@node
class Try:
    span: Span
    body: tuple[Stmt, ...]
    handlers: tuple[ExceptHandler, ...]
    orelse: tuple[Stmt, ...]
    finalbody: tuple[Stmt, ...]


@node
class Param:
    """A parameter ``name[: annotation][= default]``; ``star`` is ``*`` for ``*args`` and ``**``
    for ``**kwargs`` (refused by the checker, so that ``ssc check`` reports every error)."""

    span: Span
    name: str
    annotation: Expr | None
    default: Expr | None
    star: str = ""


@node
class MatchValue:
    """A pattern compared with ``==``: a literal (``"a"``, ``-1``) or a dotted name (``Color.RED``)."""

    span: Span
    value: Expr


@node
class MatchSingleton:
    """``None``, ``True`` or ``False`` as a pattern (compared with ``is``)."""

    span: Span
    value: object


@node
class MatchCapture:
    """A name as a pattern: matches anything and binds it; ``name`` None is the wildcard ``_``."""

    span: Span
    name: str | None


@node
class MatchStar:
    """``*rest`` in a sequence pattern (``name`` None for ``*_``)."""

    span: Span
    name: str | None


@node
class MatchAs:
    """``pattern as name``."""

    span: Span
    pattern: Pattern
    name: str


@node
class MatchOr:
    """``p | q | ...``."""

    span: Span
    patterns: tuple[Pattern, ...]


@node
class MatchSequence:
    """``[a, b, *rest]`` or ``(a, b)`` or an open ``a, b``."""

    span: Span
    patterns: tuple[Pattern, ...]


@node
class MatchMapping:
    """``{"k": p, ..., **rest}``."""

    span: Span
    keys: tuple[Expr, ...]
    patterns: tuple[Pattern, ...]
    rest: str | None


@node
class MatchClass:
    """``Cls(p, q, name=r)``."""

    span: Span
    cls: Expr
    patterns: tuple[Pattern, ...]
    kwd_names: tuple[str, ...]
    kwd_patterns: tuple[Pattern, ...]


Pattern = Union[MatchValue, MatchSingleton, MatchCapture, MatchStar, MatchAs, MatchOr, MatchSequence, MatchMapping,
                MatchClass]


@node
class MatchCase:
    """``case pattern [if guard]: body``."""

    span: Span
    pattern: Pattern
    guard: Expr | None
    body: tuple[Stmt, ...]


@node
class Match:
    """``match subject:`` and its cases, tried in order."""

    span: Span
    subject: Expr
    cases: tuple[MatchCase, ...]


@node
class FunctionDef:
    """``@decorators def name(params) -> returns: body``."""

    span: Span
    name: str
    params: tuple[Param, ...]
    returns: Expr | None
    body: tuple[Stmt, ...]
    decorators: tuple[Expr, ...]


@node
class ClassDef:
    """``@decorators class name(bases, keywords): body``."""

    span: Span
    name: str
    bases: tuple[Expr, ...]
    keywords: tuple[Keyword, ...]
    body: tuple[Stmt, ...]
    decorators: tuple[Expr, ...]


@node
class UnsupportedStmt:
    """A statement that parses but is refused; ``what`` names it."""

    span: Span
    what: str


Stmt = Union[
    ExprStmt, Assign, AnnAssign, AugAssign, Pass, Break, Continue, Return,
    Raise, Global, Assert, Delete, Import, ImportFrom, If, While, For, Try,
    Match, FunctionDef, ClassDef, UnsupportedStmt,
]


@node
class Module:
    """A whole source file."""

    span: Span
    filename: str
    body: tuple[Stmt, ...]


# ---- walking ------------------------------------------------------------


def children(node: object) -> list[object]:
    """The nodes directly below ``node``, in field order (a tuple field's nodes in turn)."""
    found: list[object] = []
    for name in _child_fields(type(node)):
        value = getattr(node, name)
        for child in value if isinstance(value, tuple) else (value,):
            if _is_node(child):
                found.append(child)
    return found


def walk_with_parents(root: object) -> Iterator[tuple[object, object]]:
    """Every node under ``root`` (itself included) with its parent (None for ``root``), in
    source order. Without recursion: a 3,000-deep ``elif`` chain costs what a long body does."""
    stack: list[tuple[object, object]] = [(root, None)]
    while stack:
        node, parent = stack.pop()
        yield node, parent
        stack.extend((child, node) for child in reversed(children(node)))


def copy_tree(node: object, renamed: dict[str, str]) -> object:
    """A fresh copy of ``node``'s tree (tables key nodes by identity, so a tree checked once per
    use is copied for each), each ``Name`` in ``renamed`` reading its new name instead."""
    if isinstance(node, Name):
        return Name(node.span, renamed.get(node.id, node.id))
    if isinstance(node, tuple):
        return tuple(copy_tree(item, renamed) for item in node)
    if not _is_node(node):
        return node
    return type(node)(*(copy_tree(getattr(node, f.name), renamed) for f in dataclasses.fields(node)))  # type: ignore


_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(cls: type) -> tuple[str, ...]:
    if cls not in _CHILD_FIELDS:
        _CHILD_FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.name != "span")
    return _CHILD_FIELDS[cls]


# ---- dump ---------------------------------------------------------------


def dump(node: object, *, ends: bool = False) -> str:
    """A readable, deterministic text of a tree (``ssc compile --emit ast``).

    One line per node, ``Type @line:col`` and its scalar fields; each child
    node on its own line below, indented two spaces and labelled with its
    field (``value:``, ``body[0]:``). A child that is None is shown inline
    (``returns=None``); an empty tuple of children is left out. ``ends``
    adds the end of every span (``@3:5-3:20``).

        >>> from ssc.compiler.parse import parse
        >>> print(dump(parse("x = 1\\n", "f.py")), end="")
        Module @1:1 filename='f.py'
          body[0]: Assign @1:1
            targets[0]: Name @1:1 id='x'
            value: Constant @1:5 value=1
    """
    lines: list[str] = []
    _dump(node, "", 0, lines, ends)
    return "\n".join(lines) + "\n"


def _dump(node: object, label: str, depth: int, lines: list[str], ends: bool) -> None:
    indent = "  " * depth
    if node is None or not dataclasses.is_dataclass(node):
        lines.append(f"{indent}{label}{node!r}")
        return
    span = node.span  # type: ignore[attr-defined]
    where = f"@{span.line}:{span.col}" + (f"-{span.end_line}:{span.end_col}" if ends else "")
    head = [f"{type(node).__name__} {where}"]
    children: list[tuple[str, object]] = []
    for f in dataclasses.fields(node):
        if f.name == "span":
            continue
        value = getattr(node, f.name)
        if _is_node(value):
            children.append((f"{f.name}: ", value))
        elif isinstance(value, tuple) and any(_is_node(item) for item in value):
            children.extend((f"{f.name}[{i}]: ", item) for i, item in enumerate(value))
        elif isinstance(value, tuple) and not value and f.type.startswith("tuple[") and _holds_nodes(f.type):
            continue
        else:
            head.append(f"{f.name}={value!r}")
    lines.append(f"{indent}{label}{' '.join(head)}")
    for child_label, child in children:
        _dump(child, child_label, depth + 1, lines, ends)


def _is_node(value: object) -> bool:
    return dataclasses.is_dataclass(value) and hasattr(value, "span") and not isinstance(value, Span)


def _holds_nodes(annotation: str) -> bool:
    """Whether a ``tuple[...]`` field annotation holds nodes (not strings)."""
    inner = annotation[len("tuple["):-1].split(",")[0].strip()
    return inner not in ("str", "int", "str | None")
