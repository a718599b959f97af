"""A constant pattern compiled at compile time: ``Regex``, what the checker records of it.

``compile_regex(pattern, flags)`` runs CPython's parser and compiler
(``sre.program``) and keeps what the checker and the lowering need: sre's
code, the number of groups and their names, the flags (with the inline
ones, as ``Pattern.flags``), and which groups take part in every match
(``always``): ``m.group(1)`` of ``(\\d+)-(\\d+)`` is a ``str``, of
``(a)|(b)`` a ``str | None``.

    >>> r = compile_regex(r"(?P<year>\\d{4})-(\\d\\d)?", 0)
    >>> r.groups, r.names, sorted(r.always)
    (2, (('year', 1),), [1])
"""

from __future__ import annotations

import ast
import functools
import re
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Any

from . import sre
from .firstbytes import first_bytes, required_byte


class RegexError(Exception):
    """A pattern (or template, or flags) that CPython refuses: ``kind`` is the exception's
    class name as CPython raises it (``error``, ``ValueError``, ``IndexError``), ``message``
    its str(), ``pos`` the index in the pattern it points at, if any."""

    def __init__(self, kind: str, message: str, pos: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.pos = pos


@dataclass(frozen=True)
class Regex:
    """A compiled constant pattern.

    ``code`` is sre's program in ssc's numbering (``sre.OPCODES``); ``flags``
    are ``Pattern.flags`` (UNICODE added for a str pattern, inline flags
    included); ``names`` the named groups as (name, number) in number order;
    ``always`` the group numbers (from 1) set in every match; ``first``
    the bytes a match can start at (``firstbytes.py``), None for any;
    ``required`` a byte every match holds, or None.
    """

    pattern: str | bytes
    flags: int
    groups: int
    names: tuple[tuple[str, int], ...]
    code: tuple[int, ...] = field(repr=False)
    always: frozenset[int] = field(repr=False)
    first: frozenset[int] | None = field(default=None, repr=False)
    required: int | None = field(default=None, repr=False)

    @property
    def isbytes(self) -> bool:
        return isinstance(self.pattern, bytes)

    def group_number(self, name: str) -> int | None:
        return dict(self.names).get(name)

    def group_name(self, number: int) -> str | None:
        for name, index in self.names:
            if index == number:
                return name
        return None


@functools.lru_cache(maxsize=512)
def compile_regex(pattern: str | bytes, flags: int) -> Regex:
    """``re.compile(pattern, flags)`` at compile time; raises ``RegexError`` as CPython would."""
    try:
        compiled = _cpython_compile(pattern, flags)
        tree, code = sre.program(pattern, flags)
    except re.error as err:
        raise RegexError("error", str(err), err.pos) from None
    except (ValueError, OverflowError, RecursionError) as err:
        raise RegexError(type(err).__name__, str(err)) from None
    names = tuple(sorted(compiled.groupindex.items(), key=lambda item: item[1]))
    return Regex(pattern, compiled.flags, compiled.groups, names, code, frozenset(_always(tree.data)),
                 first_bytes(pattern, flags), required_byte(pattern, flags))


#: The parse tree's operations that Python 3.11 added: 3.10's parser refuses them.
NEW_IN_311 = ("ATOMIC_GROUP", "POSSESSIVE_REPEAT")

#: Run by an interpreter of the target version: the error its re parser gives, if any.
_PARSE_310 = """import ast, sys, warnings
warnings.simplefilter("ignore")
import sre_parse
pattern, flags = ast.literal_eval(sys.stdin.read())
try:
    sre_parse.parse(pattern, flags)
except Exception as err:
    print(repr((type(err).__name__, str(err), getattr(err, "pos", None))))
"""


@functools.lru_cache(maxsize=64)
def refused_by_310(pattern: str | bytes, flags: int) -> RegexError | None:
    """The error Python 3.10's re gives for a pattern this Python (3.11 or later) accepts:
    an atomic group or a possessive repeat, new in 3.11; None if there is none of them.

    The message is 3.10's own (``multiple repeat at position 2``) when an
    interpreter of 3.10 is found (``guestlib.target_interpreters``), else
    one that names the construct."""
    if sys.version_info < (3, 11) or not _uses(sre.parse(pattern, flags), NEW_IN_311):
        return None
    from ..guestlib import target_interpreters
    from ..pyversion import PythonVersion
    for interpreter in target_interpreters(PythonVersion(3, 10)):
        try:
            done = subprocess.run([interpreter, "-I", "-c", _PARSE_310], input=repr((pattern, flags)),
                                  capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0 and done.stdout.strip():
            kind, message, pos = ast.literal_eval(done.stdout.strip())
            return RegexError(kind, message, pos)
    return RegexError("error", "atomic groups (?>...) and possessive repeats (*+, ++, ?+, {m,n}+) are new in "
                               "Python 3.11: Python 3.10's re refuses them")


def _uses(tree: Any, ops: tuple[str, ...]) -> bool:
    """Whether the parse tree ``tree`` has one of the operations ``ops`` anywhere."""
    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, sre.SubPattern):
            for op, argument in item.data:
                if str(op) in ops:
                    return True
                stack.append(argument)
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return False


def _cpython_compile(pattern: str | bytes, flags: int) -> re.Pattern[Any]:
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return re.compile(pattern, flags)


@functools.lru_cache(maxsize=512)
def compile_template(regex: Regex, repl: str | bytes) -> tuple[str | bytes | int, ...]:
    """``repl`` of ``sub``/``subn``/``expand`` as literal chunks and group numbers; raises
    ``RegexError`` as CPython would when the call runs (``invalid group reference 3 at
    position 1``, ``unknown group name 'x'``)."""
    compiled = _cpython_compile(regex.pattern, regex.flags)
    try:
        return sre.template(compiled, repl)
    except re.error as err:
        raise RegexError("error", str(err), err.pos) from None
    except IndexError as err:
        raise RegexError("IndexError", str(err)) from None


def _always(items: Any) -> set[int]:
    """The groups set whenever the subpattern ``items`` (a parse tree's data) matches: those not
    inside an alternative, an optional repeat, a negative lookaround or a conditional."""
    found: set[int] = set()
    for op, av in items:
        name = str(op)
        if name == "SUBPATTERN":
            group, _, _, sub = av
            if group:
                found.add(group)
            found |= _always(sub.data)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            if av[0] >= 1:
                found |= _always(av[2].data)
        elif name == "ATOMIC_GROUP":
            found |= _always(av.data)
        elif name == "ASSERT":
            found |= _always(av[1].data)
    return found
