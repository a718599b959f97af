"""The bytes a match of a pattern can start with, found at compile time (``first_bytes``).

A search tries the pattern at every position of the subject. When every
match must consume a character first (the pattern cannot match empty), the
match can only start at a byte that begins one of the characters the
pattern can consume first: in UTF-8 that is the character itself when it is
ASCII, else its lead byte. ``first_bytes`` gives that set, over-approximated
where exactness would cost (case-insensitive matching, classes with
non-ASCII members or categories: every non-ASCII lead byte is in), and the
guest's search skips the positions whose byte is not in it before running
sre's program there (CPython only skips by a literal prefix or a leading
charset, which the INFO block holds; this also covers alternations and
leading assertions such as ``\\b(?:ERROR|FATAL)``).

It works on CPython's parse tree of the pattern (``sre.parse``), never on
the pattern's text: zero-width items (anchors, lookarounds) let the next
item be the first one; a repeat that may run zero times, an alternative or
a group reference that may be empty make the set nullable. A nullable
pattern, or one that may start with any byte, has no set (None).

    >>> sorted(chr(b) for b in first_bytes(r"\\b(?:ERROR|FATAL)\\b|latency=\\d", 0))
    ['E', 'F', 'l']
    >>> first_bytes(r"a*", 0) is None
    True
"""

from __future__ import annotations

from typing import Any

from . import sre

ASCII = frozenset(range(0x80))
#: The bytes that start a non-ASCII character in UTF-8.
NON_ASCII_LEADS = frozenset(range(0xC2, 0xF5))
ANY_BYTE = frozenset(range(0x100))
ASCII_SPACE = frozenset(b" \t\n\r\f\v")


class _Walk:
    """The walk over one pattern's parse tree: a str pattern (UTF-8 leads) or a bytes pattern."""

    def __init__(self, isbytes: bool) -> None:
        self.isbytes = isbytes
        self.every = ANY_BYTE if isbytes else ASCII | NON_ASCII_LEADS

    def sequence(self, items: Any, flags: int) -> tuple[frozenset[int], bool]:
        """The first bytes of the items in turn, and whether they may all match empty."""
        found: set[int] = set()
        for op, av in items:
            first, nullable = self.item(str(op), av, flags)
            found |= first
            if not nullable:
                return frozenset(found), False
        return frozenset(found), True

    def item(self, op: str, av: Any, flags: int) -> tuple[frozenset[int], bool]:
        if op == "LITERAL":
            return self.literal(av, flags), False
        if op == "IN":
            return self.charset(av, flags), False
        if op in ("NOT_LITERAL", "ANY"):
            return self.every, False
        if op in ("AT", "ASSERT", "ASSERT_NOT"):
            return frozenset(), True
        if op == "BRANCH":
            results = [self.sequence(alternative.data, flags) for alternative in av[1]]
            return frozenset().union(*(r[0] for r in results)), any(r[1] for r in results)
        if op == "SUBPATTERN":
            _, add, remove, sub = av
            return self.sequence(sub.data, (flags | add) & ~remove)
        if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = av
            if high == 0:
                return frozenset(), True
            first, nullable = self.sequence(sub.data, flags)
            return first, nullable or low == 0
        if op == "ATOMIC_GROUP":
            return self.sequence(av.data, flags)
        if op == "GROUPREF_EXISTS":
            _, yes, no = av
            first, nullable = self.sequence(yes.data, flags)
            if no is None:
                return first, True
            other, other_nullable = self.sequence(no.data, flags)
            return first | other, nullable or other_nullable
        return self.every, True                       # GROUPREF, and anything else: no knowledge

    def literal(self, c: int, flags: int) -> frozenset[int]:
        ignore = bool(flags & sre.FLAGS["IGNORECASE"])
        if c < 0x80:
            found = {c, ord(chr(c).swapcase())} if ignore and chr(c).isalpha() else {c}
            if ignore and not self.isbytes and chr(c).isalpha():
                found |= NON_ASCII_LEADS              # K matches the Kelvin sign, s the long s, ...
            return frozenset(found)
        if self.isbytes:
            return frozenset({c})
        if ignore:
            return frozenset(c for c in range(0x80) if chr(c).isalpha()) | NON_ASCII_LEADS
        return frozenset({chr(c).encode("utf-8")[0]})

    def charset(self, items: Any, flags: int) -> frozenset[int]:
        """A class ``[...]``: its ASCII members exactly (its bytes, for a bytes pattern), the lead
        bytes of its non-ASCII literals and ranges, and every non-ASCII lead byte when it is
        negated or holds a category that has non-ASCII members."""
        ignore = bool(flags & sre.FLAGS["IGNORECASE"])
        unicode = not self.isbytes and not flags & sre.FLAGS["ASCII"]
        ops = [(str(op), av) for op, av in items]
        negated = bool(ops) and ops[0][0] == "NEGATE"
        wide = negated or any(op == "CATEGORY" and (unicode or "NOT_" in str(av)) for op, av in ops)
        beyond = any((op == "LITERAL" and av >= 0x80) or (op == "RANGE" and av[1] >= 0x80) for op, av in ops)
        if ignore and (wide or beyond) and not self.isbytes:
            return self.every
        limit = 0x100 if self.isbytes else 0x80
        members = {c for c in range(limit) if self._in(ops, c, unicode) or
                   (ignore and chr(c).isascii() and self._in(ops, ord(chr(c).swapcase()), unicode))}
        if ignore and not self.isbytes and any(chr(c).isalpha() for c in members):
            members |= NON_ASCII_LEADS
        if wide and not self.isbytes:
            members |= NON_ASCII_LEADS
        if not self.isbytes:
            members |= {chr(av).encode("utf-8")[0] for op, av in ops if op == "LITERAL" and av >= 0x80}
            for op, av in ops:
                if op == "RANGE" and av[1] >= 0x80:
                    low = chr(max(av[0], 0x80)).encode("utf-8")[0]
                    members |= set(range(low, chr(av[1]).encode("utf-8")[0] + 1))
        return frozenset(members)

    @staticmethod
    def _in(ops: list[tuple[str, Any]], c: int, unicode: bool) -> bool:
        hit = any(_member(op, av, c, unicode) for op, av in ops)
        return not hit if ops and ops[0][0] == "NEGATE" else hit


def _member(op: str, av: Any, c: int, unicode: bool) -> bool:
    """Whether the one-byte character ``c`` (ASCII, or a byte of a bytes pattern) is in a class item."""
    if op == "LITERAL":
        return av == c
    if op == "RANGE":
        return av[0] <= c <= av[1]
    if op == "CATEGORY":
        name = str(av).removeprefix("CATEGORY_")
        ch = chr(c)
        ascii_word = c < 0x80 and (ch.isalnum() or ch == "_")
        tests = {"DIGIT": 0x30 <= c <= 0x39, "WORD": ascii_word,
                 "SPACE": ch.isspace() if unicode else c in ASCII_SPACE,
                 "LINEBREAK": c == 0x0A if not unicode else ch in "\n\x0b\x0c\r\x1c\x1d\x1e"}
        negative = name.startswith("NOT_")
        return tests[name.removeprefix("NOT_")] != negative
    return False


def required_byte(pattern: str | bytes, flags: int) -> int | None:
    """A byte every match of ``pattern`` holds (a case-sensitive literal of the pattern's main
    sequence, outside alternatives, optional repeats and lookarounds), or None: a search on a
    subject without it ends at once (``@`` for an email address, ``-`` for an SSN).

        >>> chr(required_byte(r"\\b\\w+@(\\w+)\\.com", 0))
        '@'
    """
    tree = sre.parse(pattern, flags)
    found = _required(tree.data, tree.state.flags)
    if found is None:
        return None
    return found if isinstance(pattern, bytes) else chr(found).encode("utf-8")[0]


def _required(items: Any, flags: int) -> int | None:
    """The first case-sensitive literal every match of ``items`` consumes, or None."""
    for op, av in items:
        name = str(op)
        if name == "LITERAL" and not flags & sre.FLAGS["IGNORECASE"]:
            return int(av)
        found = None
        if name == "SUBPATTERN":
            found = _required(av[3].data, (flags | av[1]) & ~av[2])
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and av[0] >= 1:
            found = _required(av[2].data, flags)
        elif name == "ATOMIC_GROUP":
            found = _required(av.data, flags)
        if found is not None:
            return found
    return None


def first_bytes(pattern: str | bytes, flags: int) -> frozenset[int] | None:
    """The bytes a match of ``pattern`` can start at (a superset), or None when that is
    every byte or the pattern can match empty."""
    tree = sre.parse(pattern, flags)
    walk = _Walk(isinstance(pattern, bytes))
    first, nullable = walk.sequence(tree.data, tree.state.flags)
    if nullable or first >= walk.every:
        return None
    return first
