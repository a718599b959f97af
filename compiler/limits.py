"""How big and how deep a source may be: CPython's own limits, and room for ssc's stages to recurse.

Each stage of ssc walks the tree recursively, so a deep tree (an ``elif``
chain of 400 branches, a ``+`` chain of 500 terms, ``- - - x`` a thousand
times) needs a deep Python stack. ``run_deep`` runs a compile on a thread
with a large native stack and a recursion limit that fits ``MAX_DEPTH``
levels, and the parser refuses, with a ``CompileError`` at the offending
text, what CPython refuses too:

- ``MAX_INDENT`` levels of indentation (CPython's tokenizer, MAXINDENT:
  "too many levels of indentation");
- ``MAX_PARENS`` nested brackets (MAXLEVEL: "too many nested parentheses");
- a tree more than ``max_depth(target)`` nodes deep: CPython 3.10-3.12
  stop at about 3,000 with "RecursionError: maximum recursion depth
  exceeded during compilation", 3.13 at about 6,000 (its parser's stack,
  "MemoryError: Parser stack overflowed", for nested unary operators and
  ``elif`` chains; its compiler takes a ``+`` chain to 9,996, which ssc
  refuses from 5,951: a documented difference);
- an int literal of more than ``INT_MAX_STR_DIGITS`` decimal digits
  (``sys.get_int_max_str_digits()``'s default, a SyntaxError in CPython).

The depth is measured without recursion (``check_tree_depth``,
``check_ast_depth``), so a tree too deep for a recursive walk is refused
before anything walks it; the parse tree becomes the AST without recursion
(CPython 3.12 limits C-level recursion, lark's recursive transformer's
included, to far fewer levels than the Python recursion limit).
"""

from __future__ import annotations

import sys
import threading
from typing import Callable, TypeVar

from lark import Tree

from . import nodes as n
from .errors import CompileError, Span
from .pyversion import PythonVersion

#: CPython's tokenizer limits (Parser/tokenizer.h: MAXINDENT, MAXLEVEL).
MAX_INDENT = 100
MAX_PARENS = 200
#: The deepest tree ssc compiles for each target: CPython 3.10-3.12 compile a
#: ``+`` chain, an ``elif`` chain or nested unary operators up to 2,987-2,994
#: deep (a few less when compile() is called deeper in the stack) and refuse
#: deeper ones; 3.13's parser stops nested unary operators and ``elif`` chains
#: at 5,956-5,961 (Parser/parser.c MAXSTACK, 6000).
DEPTH_LIMITS = {(3, 10): 2989, (3, 11): 2989, (3, 12): 2989, (3, 13): 5950}
#: The deepest of them: the recursion room ``run_deep`` makes.
MAX_DEPTH = max(DEPTH_LIMITS.values())
#: The longest decimal int literal (``sys.int_info.default_max_str_digits``).
INT_MAX_STR_DIGITS = 4300

#: Python frames the deepest stage takes per tree level, with room to spare.
_FRAMES_PER_LEVEL = 12
#: The compile thread's native stack: frames of C code that calls back into
#: Python (lark's transformer, llvmlite) take native stack at every level.
_STACK_BYTES = 512 * 1024 * 1024

_T = TypeVar("_T")
_limit_lock = threading.Lock()
_deep_runs = 0
_saved_limit = 0


def max_depth(target: PythonVersion) -> int:
    """The deepest tree ssc compiles for ``target`` (``DEPTH_LIMITS``)."""
    return DEPTH_LIMITS[(target.major, target.minor)]


def too_deep(span: Span, target: PythonVersion) -> CompileError:
    how = ("'Parser stack overflowed' or 'maximum recursion depth exceeded during compilation'"
           if target >= PythonVersion(3, 13) else "'maximum recursion depth exceeded during compilation'")
    return CompileError(f"code nested too deeply: more than {max_depth(target):,} levels of expressions and "
                        f"blocks (CPython {target} refuses it too, with {how}); "
                        "split it into several statements, with intermediate variables or helper functions",
                        span)


def check_tree_depth(tree: Tree, target: PythonVersion) -> None:
    """Refuse a parse tree deeper than ``max_depth(target)`` (before anything walks it)."""
    limit = max_depth(target)
    stack: list[tuple[Tree, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            meta = node.meta
            line, col = getattr(meta, "line", 1), getattr(meta, "column", 1)
            raise too_deep(Span(line, col, getattr(meta, "end_line", line), getattr(meta, "end_column", col + 1)),
                           target)
        stack.extend((child, depth + 1) for child in node.children if isinstance(child, Tree))


def check_ast_depth(module: n.Module, target: PythonVersion) -> None:
    """Refuse an AST deeper than ``max_depth(target)`` (a long ``elif`` or ``+`` chain nests as deep as it is long)."""
    limit = max_depth(target)
    stack: list[tuple[object, int]] = [(module, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            raise too_deep(node.span, target)  # type: ignore[attr-defined]
        for child in n.children(node):
            stack.append((child, depth + 1))


def too_many_digits(digits: int, target: PythonVersion) -> str:
    """CPython's int_max_str_digits message (3.10 names no unit), for an int literal of ``digits`` digits."""
    unit = " digits" if target >= PythonVersion(3, 11) else ""
    return (f"Exceeds the limit ({INT_MAX_STR_DIGITS}{unit}) for integer string conversion: value has "
            f"{digits} digits")


def run_deep(step: Callable[..., _T], *args: object, **kwargs: object) -> _T:
    """``step(*args, **kwargs)`` on a thread whose stack holds a ``MAX_DEPTH``-deep tree's recursion.

    Its result or exception is the caller's, as if it ran here.
    """
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["result"] = step(*args, **kwargs)
        except BaseException as err:  # handed to the caller's thread
            outcome["error"] = err

    with _recursion_room():
        with _limit_lock:   # threading.stack_size is process-wide: set it only to start this thread
            previous = threading.stack_size(_STACK_BYTES)
            try:
                worker = threading.Thread(target=run, name="ssc-compile", daemon=True)
                worker.start()
            finally:
                threading.stack_size(previous)
        worker.join()
    if "error" in outcome:
        error = outcome["error"]
        assert isinstance(error, BaseException)
        raise error.with_traceback(error.__traceback__)
    return outcome["result"]  # type: ignore[return-value]


class _recursion_room:
    """Raise the (process-wide) recursion limit while any deep run is under way, then restore it."""

    def __enter__(self) -> None:
        global _deep_runs, _saved_limit
        with _limit_lock:
            if _deep_runs == 0:
                _saved_limit = sys.getrecursionlimit()
                sys.setrecursionlimit(max(_saved_limit, MAX_DEPTH * _FRAMES_PER_LEVEL + 1000))
            _deep_runs += 1

    def __exit__(self, *exc: object) -> None:
        global _deep_runs
        with _limit_lock:
            _deep_runs -= 1
            if _deep_runs == 0:
                sys.setrecursionlimit(_saved_limit)
