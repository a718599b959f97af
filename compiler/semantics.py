"""Operator and builtin semantics: the one table both checker and lowering read.

The checker looks an operation up by its operator (or builtin, method or
attribute name) and operand types; a miss is a type error, a hit gives the
result type and the name of the implementation (``impl``). The lowering
looks ``impl`` up in its own table of emitters (``lower.IMPLS``) and never
decides anything itself.

    >>> BINARY[("+", STR, STR)].impl
    'concat'
    >>> BINARY[("*", INT, INT)].result
    PrimType(name='int')

Each entry's behaviour is CPython's; ``raises`` says the operation can raise
a Python exception, so the lowering emits the check after it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .types import BOOL, BYTES, ELEM, FLOAT, INT, KEY, NONE, RECORD, STR, VALUE, DictType, ListType, SetType, TupleType, Type, optional  # noqa: F401


#: Marks a parameter without a default.
REQUIRED = object()


@dataclass(frozen=True, slots=True)
class Param:
    """One argument of a builtin function or method (after the receiver).

    ``default`` is the constant passed when the argument is omitted (None
    for an optional ``T | None`` argument); ``keyword`` says the argument
    may also be given by name, as in ``s.split(maxsplit=1)``.
    """

    name: str
    type: Type
    default: object = REQUIRED
    keyword: bool = False


@dataclass(frozen=True, slots=True)
class Op:
    """An operation resolved for concrete operand types.

    ``impl`` names the emitter in ``lower.IMPLS``, or, when it starts with
    ``ssc_``, a guest runtime function that the lowering calls by the
    convention in ``guest/ssc_rt.h`` (arguments flattened, result through a
    last out-pointer, status returned). ``params`` are a call's arguments
    after the receiver, with their defaults. ``negate`` inverts a bool
    result (``not in`` is ``in`` negated). Types may contain the
    placeholders ELEM, KEY and VALUE, which the checker substitutes.
    """

    impl: str
    result: Type
    params: tuple[Param, ...] = ()
    raises: bool = False
    negate: bool = False


# ---- binary operators: (op, left, right) -> Op ------------------------------
# int arithmetic is checked: a result outside int64 raises OverflowError.
BINARY: dict[tuple[str, Type, Type], Op] = {
    ("+", INT, INT): Op("int_add", INT, raises=True),
    ("-", INT, INT): Op("int_sub", INT, raises=True),
    ("*", INT, INT): Op("int_mul", INT, raises=True),
    ("+", STR, STR): Op("concat", STR),
    ("+", BYTES, BYTES): Op("concat", BYTES),
}

# ---- comparisons: (op, left, right) -> Op -----------------------------------
COMPARE: dict[tuple[str, Type, Type], Op] = {
    ("in", STR, STR): Op("contains", BOOL),
    ("not in", STR, STR): Op("contains", BOOL, negate=True),
    ("in", BYTES, BYTES): Op("contains", BOOL),
    ("not in", BYTES, BYTES): Op("contains", BOOL, negate=True),
    ("==", STR, STR): Op("equal", BOOL),
    ("!=", STR, STR): Op("equal", BOOL, negate=True),
    ("==", BYTES, BYTES): Op("equal", BOOL),
    ("!=", BYTES, BYTES): Op("equal", BOOL, negate=True),
    ("==", INT, INT): Op("int_eq", BOOL),
    ("!=", INT, INT): Op("int_ne", BOOL),
    ("<", INT, INT): Op("int_lt", BOOL),
    ("<=", INT, INT): Op("int_le", BOOL),
    (">", INT, INT): Op("int_gt", BOOL),
    (">=", INT, INT): Op("int_ge", BOOL),
    ("==", BOOL, BOOL): Op("bool_eq", BOOL),
    ("!=", BOOL, BOOL): Op("bool_ne", BOOL),
}

# ---- unary operators: (op, operand) -> Op -------------------------------------
UNARY: dict[tuple[str, Type], Op] = {
    ("-", INT): Op("int_neg", INT, raises=True),
    ("+", INT): Op("identity", INT),
    ("not", BOOL): Op("bool_not", BOOL),
}

# ---- builtin calls: (function, argument types) -> Op ------------------------
BUILTIN_CALLS: dict[tuple[str, tuple[Type, ...]], Op] = {
    ("int", (STR,)): Op("int_from_str", INT, raises=True),
    ("int", (BYTES,)): Op("int_from_bytes", INT, raises=True),
    ("int", (INT,)): Op("identity", INT),
    ("str", (STR,)): Op("identity", STR),
    ("str", (INT,)): Op("int_to_str", STR),
    ("len", (BYTES,)): Op("bytes_len", INT),
}
BUILTIN_FUNCTIONS = frozenset(name for name, _ in BUILTIN_CALLS)

# ---- methods: (receiver, name) -> Op; their arguments are checked by CODEC_METHODS
METHODS: dict[tuple[Type, str], Op] = {
    (BYTES, "decode"): Op("utf8_decode", STR, raises=True),
    (STR, "encode"): Op("utf8_encode", BYTES),
}
#: Methods whose arguments are (encoding, errors), as constants. ssc only
#: implements the UTF-8 codec with errors="strict".
CODEC_METHODS = frozenset({(BYTES, "decode"), (STR, "encode")})
CODEC_PARAMS = ("encoding", "errors")
SUPPORTED_ENCODING = "utf-8"
SUPPORTED_ERRORS = "strict"

# ---- attributes: (type, name) -> Op --------------------------------------------
ATTRIBUTES: dict[tuple[Type, str], Op] = {
    (RECORD, "key"): Op("record_key", optional(BYTES)),
    (RECORD, "value"): Op("record_value", BYTES),
    (RECORD, "offset"): Op("record_offset", INT),
    (RECORD, "timestamp"): Op("record_timestamp", INT),
}


# ---- exceptions ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExceptionType:
    """A builtin exception class; ``code`` is its number in the guest."""

    name: str
    parent: str | None
    code: int


def _exceptions(*pairs: tuple[str, str | None]) -> tuple[ExceptionType, ...]:
    return tuple(ExceptionType(name, parent, code) for code, (name, parent) in enumerate(pairs))


#: Python's builtin exceptions that ssc programs can raise, with their bases
#: (for ``except`` matching). Code 0 is never raised.
EXCEPTIONS: tuple[ExceptionType, ...] = _exceptions(
    ("Exception", None),
    ("ValueError", "Exception"),
    ("TypeError", "Exception"),
    ("KeyError", "LookupError"),
    ("IndexError", "LookupError"),
    ("LookupError", "Exception"),
    ("ArithmeticError", "Exception"),
    ("ZeroDivisionError", "ArithmeticError"),
    ("OverflowError", "ArithmeticError"),
    ("UnicodeError", "ValueError"),
    ("UnicodeDecodeError", "UnicodeError"),
    ("AssertionError", "Exception"),
    ("RuntimeError", "Exception"),
)
EXCEPTION_CODES = {exc.name: exc.code for exc in EXCEPTIONS}

#: str() of the OverflowError raised when an int leaves the int64 range:
#: ssc's one documented difference from CPython (docs/language.md).
INT_OVERFLOW_MESSAGE = "int result does not fit in 64 bits"
