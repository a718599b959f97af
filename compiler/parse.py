"""Stage 1: source text -> ``nodes.Module``.

``parse(source, filename)`` runs lark's LALR parser over the grammar in
``grammar/smartstream.lark`` (its tables ship with the package as JSON,
``ssc.grammar.tables``, so no parser is built or unpickled at start-up),
with an indenter that follows CPython's tokenizer, then turns the parse
tree into the typed AST with ``_ToAst``, keeping every position. Lark's
exceptions are converted here, at the boundary, into ``CompileError``
with a span, so no lark type escapes this module.

CPython's source rules hold as in CPython: a NUL character is refused,
tabs count to the next multiple of 8 and indentation whose meaning depends
on the tab size is CPython's ``TabError``, and identifiers are
NFKC-normalised (``ｘ`` and ``x`` are one name).

    >>> parse("x = 1\\n", "f.py").body[0]          # doctest: +ELLIPSIS
    Assign(span=Span(line=1, col=1, ...), targets=(Name(...),), value=Constant(...))
"""

from __future__ import annotations

import ast
import dataclasses
import re
import threading
import unicodedata
import warnings
from collections.abc import Iterator

from lark import Lark, Token, Tree, v_args
from lark.visitors import Transformer_NonRecursive
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError
from lark.indenter import PythonIndenter

from ..grammar.tables import load_parser
from . import limits
from . import nodes as n
from .errors import CompileError, Span
from .pyversion import PythonVersion


def parse(source: str, filename: str, python: PythonVersion | None = None) -> n.Module:
    """Parse one SmartStream source file into a ``nodes.Module``.

    Raises ``CompileError`` for a syntax error, pointing at the offending
    token, and for what CPython ``python`` (by default the running
    interpreter's version) refuses to compile: too deep a tree, too long an
    int literal.
    """
    target = PythonVersion.of(python)
    _check_no_nul(source)
    if not source.endswith("\n"):
        source += "\n"
    try:
        tree = _parse_tree(source)
        limits.check_tree_depth(tree, target)
        body = _ToAst(target).transform(tree)
    except VisitError as err:  # an error raised inside the transformer
        if isinstance(err.orig_exc, CompileError):
            raise err.orig_exc from None
        raise
    except UnexpectedInput as err:
        raise _syntax_error(err, source) from None
    end = source.count("\n") + 1
    module = n.Module(Span(1, 1, end, 1), filename, tuple(body))
    limits.check_ast_depth(module, target)
    return module


_idle_parsers: list[Lark] = []
_idle_lock = threading.Lock()

#: CPython's ast module keeps a recursion counter per interpreter, not per thread: two threads
#: in ast.parse at once can fail with "SystemError: AST constructor recursion depth mismatch"
#: (seen with 3.11.7 in tests/test_hardening_compile.py). Every ast.parse and ast.literal_eval
#: here holds this lock.
_ast_lock = threading.Lock()


def _parse_tree(source: str) -> Tree[Token]:
    """The parse tree of ``source``, by a parser that no other thread uses meanwhile: the
    indenter keeps its state (bracket and indentation levels, where the match statements
    are) on itself while it runs. Parsers are loaded once and reused."""
    with _idle_lock:
        parser = _idle_parsers.pop() if _idle_parsers else None
    if parser is None:
        parser = load_parser(_Indenter())
    try:
        parser.options.postlex.match_statements = _match_statements(source)  # type: ignore[union-attr]
        return parser.parse(source)
    finally:
        with _idle_lock:
            _idle_parsers.append(parser)


def _match_statements(source: str) -> frozenset[tuple[int, int]]:
    """Where CPython sees a ``match`` statement: (line, column from 1) of its keyword.

    ``match`` is a soft keyword: ``match(x)`` at the start of a line is a call,
    which LALR cannot tell from ``match (x):`` by the next token. CPython's own
    parser (when the file is Python) says which is which; the indenter makes
    every other ``match`` a name.
    """
    if "match" not in source:
        return frozenset()
    try:
        with _ast_lock:
            tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return frozenset()   # not Python: every `match` at a statement's start is the keyword
    return frozenset((node.lineno, node.col_offset + 1) for node in ast.walk(tree)
                     if isinstance(node, ast.Match))


def _check_no_nul(source: str) -> None:
    """CPython refuses a source with a NUL character anywhere (a SyntaxError since 3.11.4)."""
    at = source.find("\0")
    if at < 0:
        return
    line = source.count("\n", 0, at) + 1
    col = at - (source.rfind("\n", 0, at) + 1) + 1
    raise CompileError("source code cannot contain null bytes: remove the NUL character (\\x00) here",
                       Span(line, col, line, col + 1))


# ---- indentation -----------------------------------------------------------

#: CPython's tab size, and the one it compares with to find a TabError (Parser/tokenizer.c).
TAB_SIZE = 8
ALT_TAB_SIZE = 1


class _Indenter(PythonIndenter):
    """lark's PythonIndenter with CPython's rules (Parser/tokenizer.c, the start of a line).

    The width of an indentation is counted twice, with tabs to the next
    multiple of 8 (``TAB_SIZE``, what the block structure uses) and of 1.
    If the two counts do not order the lines the same way, the meaning
    depends on the tab size, which CPython refuses as ``TabError``:

        if x:
                y = 1      # 8 spaces: width 8 (alt 8)
        \tz = 2          # a tab:    width 8 (alt 1) -> TabError
    """

    #: Where the source has match statements (parse() sets it: ``_match_statements``).
    match_statements: frozenset[tuple[int, int]] | None = None

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        self.alt_level = [0]
        return super().process(_bracket_limited(self._soft_keywords(stream), self.OPEN_PAREN_types,
                                                self.CLOSE_PAREN_types))

    def _soft_keywords(self, stream: Iterator[Token]) -> Iterator[Token]:
        """A ``match`` keyword token that does not start a match statement becomes a name."""
        for token in stream:
            if token.type == "MATCH" and self.match_statements is not None and \
                    (token.line, token.column) not in self.match_statements:
                token = Token.new_borrow_pos("NAME", str(token), token)
            yield token

    def handle_NL(self, token: Token) -> Iterator[Token]:
        if self.paren_level > 0:
            return
        yield token
        indent = token.rsplit("\n", 1)[1]
        width, alt = _widths(indent)
        line = token.end_line or token.line
        span = Span(line, 1, line, len(indent) + 1)
        if width > self.indent_level[-1]:
            if alt <= self.alt_level[-1]:
                raise _tab_error(span)
            if len(self.indent_level) >= limits.MAX_INDENT:
                raise CompileError(f"too many levels of indentation (CPython's limit is {limits.MAX_INDENT}): "
                                   "move the inner blocks into a helper function", span)
            self.indent_level.append(width)
            self.alt_level.append(alt)
            yield Token.new_borrow_pos(self.INDENT_type, indent, token)
            return
        while width < self.indent_level[-1]:
            self.indent_level.pop()
            self.alt_level.pop()
            yield Token.new_borrow_pos(self.DEDENT_type, indent, token)
        if width != self.indent_level[-1]:
            raise CompileError("unindent does not match any outer indentation level", span)
        if alt != self.alt_level[-1]:
            raise _tab_error(span)


def _bracket_limited(stream: Iterator[Token], opening, closing) -> Iterator[Token]:
    """The tokens of ``stream``; a CompileError at a bracket nested deeper than CPython's limit."""
    level = 0
    for token in stream:
        if token.type in opening:
            level += 1
            if level > limits.MAX_PARENS:
                raise CompileError(f"too many nested parentheses (CPython's limit is {limits.MAX_PARENS}): "
                                   "build the value in several steps", _token_span(token))
        elif token.type in closing:
            level -= 1
        yield token


def _widths(indent: str) -> tuple[int, int]:
    """The width of leading whitespace with tabs of ``TAB_SIZE`` and of ``ALT_TAB_SIZE`` columns."""
    width = alt = 0
    for char in indent:
        if char == "\t":
            width = (width // TAB_SIZE + 1) * TAB_SIZE
            alt = (alt // ALT_TAB_SIZE + 1) * ALT_TAB_SIZE
        else:
            width += 1
            alt += 1
    return width, alt


def _tab_error(span: Span) -> CompileError:
    return CompileError("inconsistent use of tabs and spaces in indentation (TabError): indent the lines "
                        "of a block alike, with spaces only", span)


# ---- syntax errors ------------------------------------------------------

_TOKEN_WORDS = {
    "_NEWLINE": "end of line", "_INDENT": "indent", "_DEDENT": "unindent", "$END": "end of file",
}


#: Python statements the grammar does not have, named when they cause a syntax error.
_UNSUPPORTED_KEYWORDS = {
    "async": "'async' functions and statements are not supported: a SmartStream runs synchronously",
}


def _syntax_error(err: UnexpectedInput, source: str) -> CompileError:
    """Convert a lark parse error into a CompileError at the offending text."""
    line = getattr(err, "line", None)
    if isinstance(line, int) and 0 < line <= len(source.splitlines()):
        text = source.splitlines()[line - 1]
        word = text.split()[0] if text.split() else ""
        if word in _UNSUPPORTED_KEYWORDS:
            col = len(text) - len(text.lstrip()) + 1
            return CompileError(_UNSUPPORTED_KEYWORDS[word], Span(line, col, line, col + len(word)))
    if isinstance(err, UnexpectedToken):
        tok = err.token
        if tok.type == "$END":
            return CompileError("unexpected end of file", _eof_span(source))
        if tok.type in ("_INDENT", "_DEDENT"):
            # the indenter makes these from the newline token: the line is the next one
            line = tok.end_line or tok.line or 1
            col = _indent_width(source, line) + 1
            message = "unexpected indent" if tok.type == "_INDENT" else "expected an indented block"
            return CompileError(message, Span(line, col, line, col + 1))
        if _follows_colon_line(source, tok):
            return CompileError("expected an indented block", _token_span(tok))
        if tok.type == "_NEWLINE":
            line, col = tok.line, tok.column
            if set(getattr(err, "accepts", None) or err.expected) == {"COLON"}:   # CPython's "expected ':'"
                return CompileError("expected ':': a line that opens a block (if, for, while, def, try, ...) "
                                    "ends with a colon", Span(line, col, line, col + 1))
            return CompileError("invalid syntax: the line ends too early", Span(line, col, line, col + 1))
        text = str(tok.value)
        span = Span(tok.line, tok.column, tok.end_line or tok.line, tok.end_column or tok.column + len(text))
        return CompileError(f"invalid syntax: unexpected {text!r}", span)
    if isinstance(err, UnexpectedCharacters):
        char = source[err.pos_in_stream] if err.pos_in_stream < len(source) else ""
        what = "unterminated string literal" if char in "'\"" else f"invalid character {char!r}"
        return CompileError(what, Span(err.line, err.column, err.line, err.column + 1))
    if isinstance(err, UnexpectedEOF):
        return CompileError("unexpected end of file", _eof_span(source))
    return CompileError("invalid syntax", Span(getattr(err, "line", 1), getattr(err, "column", 1), 1, 1))


def _follows_colon_line(source: str, tok: Token) -> bool:
    """True for the first token of a line after a line ending in ':' (a block opener)."""
    lines = source.splitlines()
    if tok.column != _indent_width(source, tok.line) + 1:
        return False
    previous = [text.split("#")[0].rstrip() for text in lines[: tok.line - 1] if text.strip()]
    return bool(previous) and previous[-1].endswith(":")


def _indent_width(source: str, line: int) -> int:
    lines = source.splitlines()
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return len(text) - len(text.lstrip(" \t"))


def _eof_span(source: str) -> Span:
    lines = source.rstrip("\n").splitlines() or [""]
    return Span(len(lines), len(lines[-1]) + 1, len(lines), len(lines[-1]) + 2)


# ---- parse tree -> AST --------------------------------------------------


def _span(meta) -> Span:
    return Span(meta.line, meta.column, meta.end_line, meta.end_column)


def _token_span(tok: Token) -> Span:
    return Span(tok.line, tok.column, tok.end_line, tok.end_column)


def _expr_span(first, last) -> Span:
    return Span(first.span.line, first.span.col, last.span.end_line, last.span.end_col)


_STRING_PREFIX = re.compile(r"[A-Za-z]*")


@v_args(meta=True)
class _PatternRules(Transformer_NonRecursive):
    """The rules of match statements (PEP 634) for ``_ToAst``: its patterns as ``nodes``.
    (``self.number`` and ``self.strings`` are ``_ToAst``'s literal rules.)"""

    def match_stmt(self, meta, items):
        subject, *cases = items
        return n.Match(_span(meta), subject, tuple(cases))

    def case_block(self, meta, items):
        pattern, guard, body = items
        return n.MatchCase(_span(meta), pattern, guard, body)

    def sequence_pattern(self, meta, items):
        return n.MatchSequence(_span(meta), tuple(i for i in items if i is not None))

    def star_pattern(self, meta, items):
        return n.MatchStar(_span(meta), None if items[0] == "_" else items[0])

    def as_pattern(self, meta, items):
        pattern, name = items
        if name == "_":
            raise CompileError("cannot use '_' as a target", _span(meta))
        return n.MatchAs(_span(meta), pattern, name)

    def or_pattern(self, meta, items):
        return n.MatchOr(_span(meta), tuple(items))

    def capture_pattern(self, meta, items):
        return n.MatchCapture(_span(meta), None if items[0] == "_" else items[0])

    def value_pattern(self, meta, items):
        return n.MatchValue(_span(meta), items[0])

    def dotted_value(self, meta, items):
        span = _span(meta)
        value: n.Expr = n.Name(span, items[0])
        for attr in items[1:]:
            value = n.Attribute(span, value, attr)
        return value

    def literal_pattern(self, meta, items):
        return n.MatchValue(_span(meta), self.number(meta, items))

    def negative_pattern(self, meta, items):
        number = self.number(meta, items)
        if not isinstance(number, n.Constant):
            return n.MatchValue(_span(meta), number)
        return n.MatchValue(_span(meta), n.Constant(_span(meta), -number.value))  # type: ignore[operator]

    def strings_pattern(self, meta, items):
        value = self.strings(meta, items)
        if not isinstance(value, n.Constant):
            raise CompileError("patterns may only match literals and attribute lookups (not f-strings)",
                               _span(meta))
        return n.MatchValue(_span(meta), value)

    def none_pattern(self, meta, items):
        return n.MatchSingleton(_span(meta), None)

    def true_pattern(self, meta, items):
        return n.MatchSingleton(_span(meta), True)

    def false_pattern(self, meta, items):
        return n.MatchSingleton(_span(meta), False)

    def mapping_pattern(self, meta, items):
        keys, patterns, rest = items[0] if items[0] is not None else ((), (), None)
        return n.MatchMapping(_span(meta), keys, patterns, rest)

    def mapping_items(self, meta, items):
        pairs = [i for i in items if i is not None]
        return tuple(k for k, _ in pairs), tuple(p for _, p in pairs), None

    def mapping_rest(self, meta, items):
        *pairs, rest = [i for i in items if i is not None]
        if rest == "_":
            raise CompileError("cannot use '_' as a target", _span(meta))
        return tuple(k for k, _ in pairs), tuple(p for _, p in pairs), rest

    def mapping_item(self, meta, items):
        key, pattern = items
        match key:
            case n.MatchValue(value=value):
                return value, pattern
            case n.MatchSingleton(span=span, value=value):
                return n.Constant(span, value), pattern
        return key, pattern

    def class_pattern(self, meta, items):
        cls, arguments = items
        if isinstance(cls, str):
            cls = n.Name(_span(meta), cls)
        positional, names, keyword = [], [], []
        for arg in arguments or ():
            if isinstance(arg, tuple):
                names.append(arg[0])
                keyword.append(arg[1])
            elif names:
                raise CompileError("positional patterns follow keyword patterns", arg.span)
            else:
                positional.append(arg)
        return n.MatchClass(_span(meta), cls, tuple(positional), tuple(names), tuple(keyword))

    def class_arguments(self, meta, items):
        return [i for i in items if i is not None]

    def keyword_pattern(self, meta, items):
        return (items[0], items[1])


@v_args(meta=True)
class _ToAst(_PatternRules):
    """Builds ``nodes`` from the parse tree; one method per named rule or alias.

    Non-recursive, so that a tree as deep as ``limits.max_depth`` allows
    needs no C stack (``lark.visitors.Transformer_NonRecursive``)."""

    def __init__(self, target: PythonVersion) -> None:
        super().__init__()
        self.target = target

    # -- module and blocks

    def start(self, meta, items):
        return list(items)

    def suite(self, meta, items):
        return tuple(items)

    # -- simple statements

    def expr_stmt(self, meta, items):
        return n.ExprStmt(_span(meta), items[0])

    def assign_stmt(self, meta, items):
        return n.Assign(_span(meta), tuple(items[:-1]), items[-1])

    def annassign_stmt(self, meta, items):
        target, annotation, value = items
        return n.AnnAssign(_span(meta), target, annotation, value)

    def augassign_stmt(self, meta, items):
        target, op, value = items
        return n.AugAssign(_span(meta), target, str(op)[:-1], value)

    def pass_stmt(self, meta, items):
        return n.Pass(_span(meta))

    def break_stmt(self, meta, items):
        return n.Break(_span(meta))

    def continue_stmt(self, meta, items):
        return n.Continue(_span(meta))

    def return_stmt(self, meta, items):
        return n.Return(_span(meta), items[0])

    def raise_stmt(self, meta, items):
        exc, cause = items
        return n.Raise(_span(meta), exc, cause)

    def global_stmt(self, meta, items):
        return n.Global(_span(meta), tuple(items))

    def nonlocal_stmt(self, meta, items):
        return n.UnsupportedStmt(_span(meta), "'nonlocal' statements")

    def del_stmt(self, meta, items):
        return n.Delete(_span(meta), items[0].elts if isinstance(items[0], n.Tuple) else (items[0],))

    def assert_stmt(self, meta, items):
        return n.Assert(_span(meta), items[0], items[1])

    def yield_stmt(self, meta, items):
        return n.UnsupportedStmt(_span(meta), "generators ('yield')")

    def yield_expr(self, meta, items):
        return n.Unsupported(_span(meta), "generators ('yield')")

    # -- imports

    def import_names(self, meta, items):
        return n.Import(_span(meta), tuple(items))

    def import_from(self, meta, items):
        (level, module), names = items
        if names == "*":
            return n.UnsupportedStmt(_span(meta), "'import *'")
        return n.ImportFrom(_span(meta), module, names, level)

    def relative_name(self, meta, items):
        level = 0
        module = None
        for item in items:
            if isinstance(item, Token) and item.type == "DOTS":
                level = len(item)
            elif item is not None:
                module = item
        return level, module

    def import_star(self, meta, items):
        return "*"

    def import_targets(self, meta, items):
        return tuple(item for item in items if item is not None)

    def import_as_name(self, meta, items):
        return n.ImportAlias(_span(meta), items[0], items[1])

    def dotted_as_name(self, meta, items):
        return n.ImportAlias(_span(meta), items[0], items[1])

    def dotted_name(self, meta, items):
        return ".".join(items)

    # -- compound statements

    def if_stmt(self, meta, items):
        test, body, *rest = items
        orelse = rest.pop() or ()
        for elif_span, elif_test, elif_body in reversed(rest):
            orelse = (n.If(elif_span, elif_test, elif_body, orelse),)
        return n.If(_span(meta), test, body, orelse)

    def elif_clause(self, meta, items):
        return (_span(meta), items[0], items[1])

    def while_stmt(self, meta, items):
        test, body, orelse = items
        return n.While(_span(meta), test, body, orelse or ())

    def for_stmt(self, meta, items):
        target, iterable, body, orelse = items
        return n.For(_span(meta), target, iterable, body, orelse or ())

    def try_stmt(self, meta, items):
        body = items[0]
        handlers = tuple(i for i in items[1:] if isinstance(i, n.ExceptHandler))
        rest = [i for i in items[1:] if not isinstance(i, n.ExceptHandler)]
        if handlers:
            orelse, final = rest
        else:
            orelse, final = None, rest[0]
        return n.Try(_span(meta), body, handlers, orelse or (), final or ())

    def except_clause(self, meta, items):
        exc_type, name, body = items
        return n.ExceptHandler(_span(meta), exc_type, name, body)

    def finally_clause(self, meta, items):
        return items[0]

    def with_stmt(self, meta, items):
        return n.UnsupportedStmt(_span(meta), "'with' statements")

    def with_item(self, meta, items):
        return None

    def classdef(self, meta, items):
        name, arguments, body = items
        bases = tuple(arg for arg in arguments or () if not isinstance(arg, n.Keyword))
        keywords = tuple(arg for arg in arguments or () if isinstance(arg, n.Keyword))
        return n.ClassDef(_span(meta), name, bases, keywords, body, ())

    def decorated(self, meta, items):
        *decorators, target = items
        if isinstance(target, n.FunctionDef):
            # the span stays the `def` line's: signature errors point there
            return n.FunctionDef(target.span, target.name, target.params, target.returns, target.body,
                                 tuple(decorators))
        if isinstance(target, n.ClassDef):
            return n.ClassDef(target.span, target.name, target.bases, target.keywords, target.body,
                              tuple(decorators))
        return target

    def decorator(self, meta, items):
        return items[0]

    def funcdef(self, meta, items):
        name, params, returns, body = items
        return n.FunctionDef(_span(meta), name, params or (), returns, body, ())

    def parameters(self, meta, items):
        return tuple(items)

    def param(self, meta, items):
        name, annotation, default = items
        return n.Param(_span(meta), name, annotation, default)

    def star_param(self, meta, items):
        name, annotation = items if len(items) == 2 else (None, None)
        return n.Param(_span(meta), name or "", annotation, None, "*")

    def double_star_param(self, meta, items):
        name, annotation = items
        return n.Param(_span(meta), name, annotation, None, "**")

    def positional_marker(self, meta, items):
        raise CompileError("positional-only parameter markers ('/') are not supported", _span(meta))

    # -- expressions

    def walrus(self, meta, items):
        name, value = items
        span = _span(meta)
        target = n.Name(Span(span.line, span.col, span.line, span.col + len(name)), name)
        return n.NamedExpr(span, target, value)

    def conditional(self, meta, items):
        body, test, orelse = items
        return n.IfExp(_span(meta), test, body, orelse)

    def lambda_expr(self, meta, items):
        params, body = items
        return n.Lambda(_span(meta), params or (), body)

    def lambda_params(self, meta, items):
        return tuple(n.Name(_span(meta), name) for name in items)

    def or_chain(self, meta, items):
        return n.BoolOp(_span(meta), "or", tuple(items))

    def and_chain(self, meta, items):
        return n.BoolOp(_span(meta), "and", tuple(items))

    def not_expr(self, meta, items):
        return n.UnaryOp(_span(meta), "not", items[0])

    def compare_chain(self, meta, items):
        return n.Compare(_span(meta), items[0], tuple(items[1::2]), tuple(items[2::2]))

    def comp_op(self, meta, items):
        return " ".join(str(tok) for tok in items)

    def _fold(self, op: str, items):
        result = items[0]
        for rhs in items[1:]:
            result = n.BinOp(_expr_span(result, rhs), op, result, rhs)
        return result

    def bitor_chain(self, meta, items):
        return self._fold("|", items)

    def bitxor_chain(self, meta, items):
        return self._fold("^", items)

    def bitand_chain(self, meta, items):
        return self._fold("&", items)

    def binop_chain(self, meta, items):
        result = items[0]
        for op, rhs in zip(items[1::2], items[2::2]):
            result = n.BinOp(_expr_span(result, rhs), str(op), result, rhs)
        return result

    def unary(self, meta, items):
        op, operand = items
        return n.UnaryOp(_span(meta), str(op), operand)

    def power(self, meta, items):
        return n.BinOp(_span(meta), "**", items[0], items[1])

    def await_expr(self, meta, items):
        return n.Unsupported(_span(meta), "'await'")

    def call(self, meta, items):
        func, arguments = items
        args: list = []
        keywords: list = []
        for arg in arguments or ():
            if isinstance(arg, n.Keyword):
                keywords.append(arg)
            elif keywords:
                raise CompileError("positional argument follows keyword argument", arg.span)
            else:
                args.append(arg)
        return n.Call(_span(meta), func, tuple(args), tuple(keywords))

    def arguments(self, meta, items):
        items = [item for item in items if item is not None]
        for item in items:
            if isinstance(item, _BareGenerator) and (len(items) > 1 or _trailing_comma(meta, [item.node])):
                # CPython's SyntaxError: f(x for x in xs, 1) is ambiguous
                raise CompileError("Generator expression must be parenthesized: write f((x for x in xs), ...)",
                                   item.node.span)
        return [item.node if isinstance(item, _BareGenerator) else item for item in items]

    def bare_generator(self, meta, items):
        return _BareGenerator(n.GeneratorExp(_span(meta), items[0], tuple(items[1])))

    def keyword_arg(self, meta, items):
        return n.Keyword(_span(meta), items[0], items[1])

    def double_starred(self, meta, items):
        return n.Unsupported(_span(meta), "'**' argument unpacking")

    def starred(self, meta, items):
        return n.Starred(_span(meta), items[0])

    def subscript(self, meta, items):
        value, index = items
        return n.Subscript(_span(meta), value, index)

    def subscripts(self, meta, items):
        items = [i for i in items if i is not None]
        if len(items) == 1 and not _trailing_comma(meta, items):
            return items[0]
        return n.Tuple(_span(meta), tuple(items))

    def slice(self, meta, items):
        lower, upper, step = (items + [None, None, None])[:3]
        return n.Slice(_span(meta), lower, upper, step)

    def attribute(self, meta, items):
        return n.Attribute(_span(meta), items[0], items[1])

    def tuple(self, meta, items):
        return n.Tuple(_span(meta), tuple(i for i in items if i is not None))

    def list(self, meta, items):
        return n.List(_span(meta), tuple(i for i in items if i is not None))

    def set(self, meta, items):
        return n.Set(_span(meta), tuple(i for i in items if i is not None))

    def dict(self, meta, items):
        pairs = [i for i in items if i is not None]
        return n.Dict(_span(meta), tuple(k for k, _ in pairs), tuple(v for _, v in pairs))

    def dict_item(self, meta, items):
        return (items[0], items[1])

    def dict_unpack(self, meta, items):
        return (None, items[0])

    def comp_for(self, meta, items):
        target, iterable, *rest = items
        ifs = tuple(i for i in rest if not isinstance(i, list))
        clause = n.Comprehension(_span(meta), target, iterable, ifs)
        nested = next((i for i in rest if isinstance(i, list)), [])
        return [clause, *nested]

    def comp_if(self, meta, items):
        return items[0]

    def list_comp(self, meta, items):
        return n.ListComp(_span(meta), items[0], tuple(items[1]))

    def set_comp(self, meta, items):
        return n.SetComp(_span(meta), items[0], tuple(items[1]))

    def dict_comp(self, meta, items):
        return n.DictComp(_span(meta), items[0], items[1], tuple(items[2]))

    def generator(self, meta, items):
        return n.GeneratorExp(_span(meta), items[0], tuple(items[1]))

    def exprlist(self, meta, items):
        items = [i for i in items if i is not None]
        if len(items) == 1 and not _trailing_comma(meta, items):
            return items[0]
        return n.Tuple(_span(meta), tuple(items))

    def var(self, meta, items):
        return n.Name(_span(meta), items[0])

    def name(self, meta, items):
        # CPython's identifiers are NFKC-normalised (PEP 3131): `ｘ` is `x`
        return unicodedata.normalize("NFKC", str(items[0]))

    def number(self, meta, items):
        text = str(items[0])
        if text[-1] in "jJ":
            return n.Unsupported(_span(meta), "complex numbers")
        digits = text.replace("_", "")
        if digits.isdigit() and len(digits) > limits.INT_MAX_STR_DIGITS:
            # CPython's message: its parser converts the literal with int(), under this limit
            raise CompileError(f"{limits.too_many_digits(len(digits), self.target)}; write a hexadecimal "
                               "literal (0x...) for a huge integer", _span(meta))
        with _ast_lock:
            value = ast.literal_eval(text)
        return n.Constant(_span(meta), value)

    def strings(self, meta, items):
        span = _span(meta)
        values = []
        if any("f" in _STRING_PREFIX.match(str(tok)).group().lower() for tok in items):
            return _fstring(span, items)
        for tok in items:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                try:
                    with _ast_lock:
                        values.append(ast.literal_eval(str(tok)))
                except (SyntaxError, ValueError, DeprecationWarning, SyntaxWarning) as err:
                    raise CompileError(f"invalid string literal: {err}", _token_span(tok)) from None
        kinds = {type(v) for v in values}
        if len(kinds) > 1:
            raise CompileError("cannot mix bytes and non-bytes literals", span)
        value = b"".join(values) if bytes in kinds else "".join(values)
        return n.Constant(span, value)

    def ellipsis(self, meta, items):
        return n.Constant(_span(meta), ...)

    def const_none(self, meta, items):
        return n.Constant(_span(meta), None)

    def const_true(self, meta, items):
        return n.Constant(_span(meta), True)

    def const_false(self, meta, items):
        return n.Constant(_span(meta), False)


@dataclasses.dataclass(frozen=True, slots=True)
class _BareGenerator:
    """A generator expression written as a call's argument without its own parentheses
    (``sum(x for x in xs)``): allowed only as the call's one argument."""

    node: n.GeneratorExp


def _trailing_comma(meta, items) -> bool:
    """True when a one-element list was written with a trailing comma (``x,``)."""
    last = items[-1]
    return (meta.end_line, meta.end_column) != (last.span.end_line, last.span.end_col)


# ---- f-strings -------------------------------------------------------------
# CPython's own parser splits an f-string into literal text and fields; each
# field's expression is then parsed with the SmartStream grammar, so it obeys
# the same rules as any other expression, and its spans are moved to where
# the field sits in the file.


def _fstring(span: Span, tokens) -> n.Expr:
    parts: list[n.Expr] = []
    for tok in tokens:
        text = str(tok)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                with _ast_lock:
                    tree = ast.parse(text, mode="eval").body
            except (SyntaxError, ValueError, DeprecationWarning, SyntaxWarning) as err:
                raise CompileError(f"invalid f-string: {getattr(err, 'msg', err)}", _token_span(tok)) from None
        if isinstance(tree, ast.Constant):
            if isinstance(tree.value, bytes):
                raise CompileError("cannot mix bytes and non-bytes literals", span)
            parts.append(n.Constant(_token_span(tok), tree.value))
            continue
        assert isinstance(tree, ast.JoinedStr)
        parts.extend(_fstring_parts(tree, _source_lines(text), tok))
    return n.JoinedStr(span, tuple(parts))


#: A line as CPython's parser splits them (ast._splitlines_no_ff): at \r\n, \r or \n only.
_SOURCE_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _source_lines(text: str) -> list[bytes]:
    """The lines of ``text`` in UTF-8, which the ast's column offsets count in."""
    return [line.encode() for line in _SOURCE_LINE.findall(text)]


def _segment(lines: list[bytes], node: ast.expr) -> str:
    """The text of ``node`` (``ast.get_source_segment``, which splits the whole text again at each
    call: quadratic in an f-string's fields)."""
    first, last = node.lineno - 1, (node.end_lineno or node.lineno) - 1
    end = node.end_col_offset
    if first == last:
        return lines[first][node.col_offset:end].decode()
    return b"".join([lines[first][node.col_offset:], *lines[first + 1:last], lines[last][:end]]).decode()


def _fstring_parts(tree: ast.JoinedStr, lines: list[bytes], tok: Token) -> list[n.Expr]:
    parts: list[n.Expr] = []
    for value in tree.values:
        if isinstance(value, ast.Constant):
            parts.append(n.Constant(_token_span(tok), value.value))
            continue
        assert isinstance(value, ast.FormattedValue)
        segment = _segment(lines, value.value)
        line = tok.line + value.value.lineno - 1
        col = (tok.column if value.value.lineno == 1 else 1) + value.value.col_offset
        expr = _field_expression(segment, line, col)
        spec = None
        if value.format_spec is not None:
            spec_parts = _fstring_parts(value.format_spec, lines, tok)
            spec = n.JoinedStr(expr.span, tuple(spec_parts))
        conversion = "" if value.conversion == -1 else chr(value.conversion)
        parts.append(n.FormattedValue(expr.span, expr, conversion, spec))
    return parts


def _field_expression(segment: str, line: int, col: int) -> n.Expr:
    """Parse one f-string field with the SmartStream grammar, placed at (line, col)."""
    try:
        module = parse(f"({segment})\n", "<f-string>")
    except CompileError as err:
        where = err.span
        shifted = _moved(where, line, col - 1) if where is not None else None
        raise CompileError(err.message, shifted) from None
    stmt = module.body[0]
    assert isinstance(stmt, n.ExprStmt)
    return _move_spans(stmt.value, line, col - 1)


def _moved(span: Span, line: int, col: int) -> Span:
    """``span`` of text parsed on its own, moved so that its (1, 2) lands on (line, col + 1)."""
    def shift(ln: int, cl: int) -> tuple[int, int]:
        return (line + ln - 1, cl + col - 1) if ln == 1 else (line + ln - 1, cl)
    start, end = shift(span.line, span.col), shift(span.end_line, span.end_col)
    return Span(start[0], start[1], end[0], end[1])


def _move_spans(node, line: int, col: int):
    if isinstance(node, tuple):
        return tuple(_move_spans(item, line, col) for item in node)
    if not dataclasses.is_dataclass(node) or isinstance(node, Span):
        return node
    changes = {}
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        changes[f.name] = _moved(value, line, col) if isinstance(value, Span) else _move_spans(value, line, col)
    return type(node)(**changes)
