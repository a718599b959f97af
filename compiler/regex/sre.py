"""CPython's own regular-expression parser and compiler, at compile time.

ssc does not parse patterns itself: ``re._parser`` (``sre_parse`` before
Python 3.11) parses a constant pattern, with CPython's ``re.error``
messages and positions, and ``re._compiler`` turns the parse tree into
sre's code, the program CPython's ``_sre`` engine runs. ssc runs the same
program (``guest/re.c`` interprets it, ``lower/regex.py`` compiles it to
LLVM IR), so the semantics are sre's by construction.

The code is CPython's list of 32-bit words, with its opcodes renumbered by
name into ssc's numbering (``OPCODES``, ``ATCODES``, ``CHCODES``: those of
CPython 3.11, which the guest's C code is generated from), so the program
does not depend on the numbering of the Python that compiles it.

    >>> from ssc.compiler.regex import sre
    >>> [sre.OPCODES[c] if i == 0 else c for i, c in enumerate(sre.program("a", 0)[1][5:7])]
    ['LITERAL', 97]
"""

from __future__ import annotations

import re
import sys
import warnings
from typing import Any

if sys.version_info >= (3, 11):
    from re import _compiler, _constants, _parser  # type: ignore[attr-defined]
else:   # pragma: no cover - the 3.10 names of the same modules
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import sre_compile as _compiler  # type: ignore[no-redef]
        import sre_constants as _constants  # type: ignore[no-redef]
        import sre_parse as _parser  # type: ignore[no-redef]

#: sre's opcodes in ssc's numbering (CPython 3.11's): code words name them by index.
OPCODES = (
    "FAILURE", "SUCCESS", "ANY", "ANY_ALL", "ASSERT", "ASSERT_NOT", "AT", "BRANCH", "CATEGORY", "CHARSET",
    "BIGCHARSET", "GROUPREF", "GROUPREF_EXISTS", "IN", "INFO", "JUMP", "LITERAL", "MARK", "MAX_UNTIL",
    "MIN_UNTIL", "NOT_LITERAL", "NEGATE", "RANGE", "REPEAT", "REPEAT_ONE", "SUBPATTERN", "MIN_REPEAT_ONE",
    "ATOMIC_GROUP", "POSSESSIVE_REPEAT", "POSSESSIVE_REPEAT_ONE", "GROUPREF_IGNORE", "IN_IGNORE",
    "LITERAL_IGNORE", "NOT_LITERAL_IGNORE", "GROUPREF_LOC_IGNORE", "IN_LOC_IGNORE", "LITERAL_LOC_IGNORE",
    "NOT_LITERAL_LOC_IGNORE", "GROUPREF_UNI_IGNORE", "IN_UNI_IGNORE", "LITERAL_UNI_IGNORE",
    "NOT_LITERAL_UNI_IGNORE", "RANGE_UNI_IGNORE",
)
#: Positions (the argument of AT).
ATCODES = (
    "AT_BEGINNING", "AT_BEGINNING_LINE", "AT_BEGINNING_STRING", "AT_BOUNDARY", "AT_NON_BOUNDARY", "AT_END",
    "AT_END_LINE", "AT_END_STRING", "AT_LOC_BOUNDARY", "AT_LOC_NON_BOUNDARY", "AT_UNI_BOUNDARY",
    "AT_UNI_NON_BOUNDARY",
)
#: Character categories (the argument of CATEGORY).
CHCODES = (
    "CATEGORY_DIGIT", "CATEGORY_NOT_DIGIT", "CATEGORY_SPACE", "CATEGORY_NOT_SPACE", "CATEGORY_WORD",
    "CATEGORY_NOT_WORD", "CATEGORY_LINEBREAK", "CATEGORY_NOT_LINEBREAK", "CATEGORY_LOC_WORD",
    "CATEGORY_LOC_NOT_WORD", "CATEGORY_UNI_DIGIT", "CATEGORY_UNI_NOT_DIGIT", "CATEGORY_UNI_SPACE",
    "CATEGORY_UNI_NOT_SPACE", "CATEGORY_UNI_WORD", "CATEGORY_UNI_NOT_WORD", "CATEGORY_UNI_LINEBREAK",
    "CATEGORY_UNI_NOT_LINEBREAK",
)
OP = {name: code for code, name in enumerate(OPCODES)}
AT = {name: code for code, name in enumerate(ATCODES)}
CH = {name: code for code, name in enumerate(CHCODES)}

#: The flags of re (their values are sre's, the same in every version).
FLAGS = {"TEMPLATE": 1, "IGNORECASE": 2, "LOCALE": 4, "MULTILINE": 8, "DOTALL": 16, "UNICODE": 32,
         "VERBOSE": 64, "DEBUG": 128, "ASCII": 256}
#: MAXREPEAT: an unbounded repeat's maximum, as sre's code holds it.
MAXREPEAT = _constants.MAXREPEAT
#: MAXGROUPS: the most groups a pattern may have.
MAXGROUPS = _constants.MAXGROUPS
#: The INFO block's flags.
INFO_PREFIX, INFO_LITERAL, INFO_CHARSET = 1, 2, 4

PatternError = re.error
#: A parse tree (``parse``), or a part of one.
SubPattern = _parser.SubPattern


def parse(pattern: str | bytes, flags: int) -> Any:
    """The parse tree (``_parser.SubPattern``) of ``pattern``; raises ``re.error`` or the
    ``ValueError`` of incompatible flags, as ``re.compile`` does. Warnings are CPython's
    to print at run time, not the compiler's."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _parser.parse(pattern, flags)


def program(pattern: str | bytes, flags: int) -> tuple[Any, tuple[int, ...]]:
    """The parse tree and sre's code of ``pattern`` (in ssc's numbering)."""
    tree = parse(pattern, flags)
    code = _compiler._code(tree, flags)
    return tree, tuple(_renumber(code))


def _renumber(code: list[int]) -> list[int]:
    """CPython's code with each opcode (and each AT and CATEGORY argument) renumbered by name.

    Only words at opcode positions are renumbered; the walk follows sre's
    layout (the same as ``_compiler.dis``): operands and bitmaps are kept."""
    out = [int(word) for word in code]
    _walk(code, 0, len(code), out)
    return out


def _name(table: Any, value: int) -> str:
    return str(table[value])


def _walk(code: list[int], start: int, end: int, out: list[int]) -> None:
    i = start
    while i < end:
        op = _name(_constants.OPCODES, code[i])
        out[i] = OP[op]
        i += 1
        if op in ("SUCCESS", "FAILURE", "ANY", "ANY_ALL", "MAX_UNTIL", "MIN_UNTIL", "NEGATE"):
            continue
        if op in ("LITERAL", "NOT_LITERAL", "LITERAL_IGNORE", "NOT_LITERAL_IGNORE", "LITERAL_UNI_IGNORE",
                  "NOT_LITERAL_UNI_IGNORE", "LITERAL_LOC_IGNORE", "NOT_LITERAL_LOC_IGNORE", "MARK", "GROUPREF",
                  "GROUPREF_IGNORE", "GROUPREF_UNI_IGNORE", "GROUPREF_LOC_IGNORE"):
            i += 1
        elif op == "AT":
            out[i] = AT[_name(_constants.ATCODES, code[i])]
            i += 1
        elif op == "CATEGORY":
            out[i] = CH[_name(_constants.CHCODES, code[i])]
            i += 1
        elif op in ("IN", "IN_IGNORE", "IN_UNI_IGNORE", "IN_LOC_IGNORE"):
            _walk(code, i + 1, i + code[i], out)
            i += code[i]
        elif op in ("RANGE", "RANGE_UNI_IGNORE"):
            i += 2
        elif op == "CHARSET":
            i += 8
        elif op == "BIGCHARSET":
            i += 1 + 64 + code[i] * 8
        elif op == "JUMP":
            i += 1
        elif op == "BRANCH":
            while code[i]:                 # <skip> alternative JUMP <to the end> ... 0
                _walk(code, i + 1, i + code[i], out)
                i += code[i]
            i += 1
        elif op in ("REPEAT", "REPEAT_ONE", "MIN_REPEAT_ONE", "POSSESSIVE_REPEAT", "POSSESSIVE_REPEAT_ONE"):
            _walk(code, i + 3, i + code[i], out)
            i += code[i]
        elif op == "GROUPREF_EXISTS":
            i += 2
        elif op in ("ASSERT", "ASSERT_NOT"):
            _walk(code, i + 2, i + code[i], out)
            i += code[i]
        elif op == "ATOMIC_GROUP":
            _walk(code, i + 1, i + code[i], out)
            i += code[i]
        elif op == "INFO":
            _walk_info(code, i, out)
            i += code[i]
        else:
            raise AssertionError(f"sre opcode {op} at {i - 1}")


def _walk_info(code: list[int], i: int, out: list[int]) -> None:
    """An INFO block: ``<skip> <flags> <min> <max>`` then a literal prefix or a charset."""
    flags = code[i + 1]
    if flags & INFO_CHARSET:
        _walk(code, i + 4, i + code[i], out)


def template(compiled: re.Pattern[Any], repl: str | bytes) -> tuple[str | bytes | int, ...]:
    """A replacement template (``sub``'s repl) as literal chunks and group numbers, by CPython's
    parser; raises ``re.error`` (or ``IndexError`` for an unknown group name) as ``sub`` would."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = _parser.parse_template(repl, compiled)
    if isinstance(parsed, tuple):    # 3.11: (groups: [(index, group)], literals with None at the groups)
        groups, literals = parsed
        parts: list[str | bytes | int] = list(literals)
        for index, group in groups:
            parts[index] = group
        return tuple(part for part in parts if part is not None and part != "" and part != b"")
    # 3.12 on: [literal, group, literal, group, ..., literal]
    return tuple(part for part in parsed if part is not None and part != "" and part != b"")


def case_fixes() -> list[tuple[int, int]]:
    """sre's extra case-insensitive equivalences (re/_casefix.py): (lowercase, another lowercase
    with the same uppercase) pairs, for the guest's compiler of patterns made at run time."""
    try:
        from re._casefix import _EXTRA_CASES as fixes  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - 3.10
        fixes = _compiler._ignorecase_fixes
    return [(lower, other) for lower, others in sorted(fixes.items()) for other in others]


def c_defines() -> list[str]:
    """The numbering of sre's code for the guest's C (ssc_gen.h): ``SSC_RE_OP_*``, the
    positions ``SSC_RE_AT_*``, the categories ``SSC_RE_CATEGORY_*`` and the INFO flags."""
    lines = ["/* sre's program (compiler/regex/sre.py): opcodes, positions, categories. */"]
    lines += [f"#define SSC_RE_OP_{name} {code}" for code, name in enumerate(OPCODES)]
    lines += [f"#define SSC_RE_{name} {code}" for code, name in enumerate(ATCODES)]
    lines += [f"#define SSC_RE_{name} {code}" for code, name in enumerate(CHCODES)]
    lines.append(f"#define SSC_RE_CASE_FIXES {{{', '.join(f'{{0x{a:x}, 0x{b:x}}}' for a, b in case_fixes())}}}")
    lines += [f"#define SSC_RE_INFO_PREFIX {INFO_PREFIX}", f"#define SSC_RE_INFO_LITERAL {INFO_LITERAL}",
              f"#define SSC_RE_INFO_CHARSET {INFO_CHARSET}"]
    return lines

#: The names of the flags in the re module (``re.I`` is ``re.IGNORECASE``); NOFLAG is 3.11's.
FLAG_NAMES = {"A": 256, "ASCII": 256, "I": 2, "IGNORECASE": 2, "L": 4, "LOCALE": 4, "M": 8, "MULTILINE": 8,
              "S": 16, "DOTALL": 16, "U": 32, "UNICODE": 32, "X": 64, "VERBOSE": 64, "NOFLAG": 0, "DEBUG": 128,
              "T": 1, "TEMPLATE": 1}
