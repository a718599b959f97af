"""Operator and builtin semantics: the one table both checker and lowering read.

The checker looks an operation up by its operator (or builtin, method or
attribute name) and operand types; a miss is a type error, a hit gives the
result type and the name of the implementation (``impl``). Every operation
the checker records is defined here (it only instantiates them: ``Op.at``,
...). The lowering looks ``impl`` up in its registry of emitters
(``lower/registry.py``), or calls the guest function of that name (a
runtime row), and never decides anything itself; tests/test_registry.py
checks that each operation has exactly one emitter.

    >>> BINARY[("+", STR, STR)].impl
    'concat'
    >>> BINARY[("*", INT, INT)].result
    PrimType(name='int')

Each entry's behaviour is CPython's; ``raises`` says the operation can raise
a Python exception, so the lowering emits the check after it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, replace

from .pyversion import PythonVersion
from .types import (  # noqa: F401
    ANY,
    BOOL,
    BYTES,
    CLASS,
    ELEM,
    EXCEPTION,
    FLOAT,
    INT,
    KEY,
    NONE,
    RECORD,
    RESULT,
    STR,
    VALUE,
    ClassType,
    DictType,
    EnumType,
    ListType,
    MatchType,
    OptionalType,
    PatternType,
    SetType,
    TupleType,
    Type,
    VarTupleType,
    family,
    optional,
    substitute,
)

#: Marks a parameter without a default.
REQUIRED = object()
#: Marks an optional parameter that the callee sees as absent (a NULL
#: ``ssc_any *``), for the methods of Any whose behaviour depends on whether
#: an argument was given (``x.pop()`` against ``x.pop(k)``).
ABSENT = object()


@dataclass(frozen=True, slots=True)
class Param:
    """One argument of a builtin function or method (after the receiver).

    ``default`` is the constant passed when the argument is omitted (None
    for an optional ``T | None`` argument); ``keyword`` says the argument
    may also be given by name, as in ``s.split(maxsplit=1)``. ``typed``:
    only an argument of the type itself matches, not a JSON value (which
    may be null), so that ``s.split(d["sep"])`` takes the overload whose
    parameter is ``T | None``, as CPython splits on whitespace for null.
    """

    name: str
    type: Type
    default: object = REQUIRED
    keyword: bool = False
    typed: bool = False
    real: bool = False   # a float parameter that takes an int or bool too, converted (math.sqrt(2))


#: The prefix of an ``impl`` that names a guest runtime function called by
#: the convention of ``guest/ssc_rt.h`` (a "runtime row").
RUNTIME_PREFIX = "ssc_"


@dataclass(frozen=True, slots=True)
class Op:
    """An operation, as this module defines it, and as the checker resolves it for concrete types.

    ``impl`` names the emitter of the operation in the lowering's registry
    (``lower/registry.py``), or, when it starts with ``ssc_``, a guest
    runtime function that the lowering calls by the convention in
    ``guest/ssc_rt.h`` (arguments flattened, result through a last
    out-pointer, status returned). ``params`` are a call's arguments after
    the receiver, with their defaults. ``negate`` inverts a bool result
    (``not in`` is ``in`` negated). Types may contain the placeholders ELEM,
    KEY and VALUE, which the checker substitutes.

    The checker never makes an operation: it takes one defined here and
    instantiates it (``at``, ``bind``, ``negated``, ``comparing``,
    ``with_constant``, ``around``), which keeps ``impl``. What those set:
    ``operator``, the Python operator of an operation that serves several
    (a comparison's ``"<"``); ``constant``, an operand the checker fixed at
    compile time (an operator's code in the guest, a mask of classes, the
    number a comparison is against, a tuple index); ``inner``, the
    operation applied inside this one (the str method an Any's method call
    becomes, the item comparison of ``x in (a, b)``). ``function`` names the
    guest function of an emitter that serves a family of them (the
    formatters of f-string fields), which do not follow the convention.
    """

    impl: str
    result: Type
    params: tuple[Param, ...] = ()
    raises: bool = False
    negate: bool = False
    operator: str = ""
    constant: object = None
    inner: Op | None = None
    function: str = ""

    @property
    def runtime(self) -> bool:
        """Whether ``impl`` is a guest runtime function called by the convention (a runtime row)."""
        return self.impl.startswith(RUNTIME_PREFIX)

    def at(self, result: Type) -> Op:
        """This operation with its result type decided: ``LIST_NEW.at(list[int])``."""
        return replace(self, result=result)

    def bind(self, mapping: dict[Type, Type]) -> Op:
        """This operation with the placeholders of its result bound: ``LIST_GET.bind({ELEM: INT})``."""
        return replace(self, result=substitute(self.result, mapping))

    def negated(self, negate: bool = True) -> Op:
        return replace(self, negate=negate)

    def comparing(self, operator: str) -> Op:
        """The operation as the comparison ``operator``, unless it already is one (``a is b`` of
        enum members is their ``==``)."""
        return replace(self, operator=self.operator or operator)

    def with_constant(self, constant: object) -> Op:
        return replace(self, constant=constant)

    def around(self, inner: Op) -> Op:
        return replace(self, inner=inner)


# ---- binary operators: (op, left, right) -> Op ------------------------------
# The checker first applies the numeric promotions (bool -> int -> float).
# int arithmetic is checked: a result outside int64 raises OverflowError.
BINARY: dict[tuple[str, Type, Type], Op] = {
    ("+", INT, INT): Op("int_add", INT, raises=True),
    ("-", INT, INT): Op("int_sub", INT, raises=True),
    ("*", INT, INT): Op("int_mul", INT, raises=True),
    ("//", INT, INT): Op("ssc_int_floordiv", INT, raises=True),
    ("%", INT, INT): Op("ssc_int_mod", INT, raises=True),
    ("/", INT, INT): Op("ssc_int_truediv", FLOAT, raises=True),
    ("**", INT, INT): Op("ssc_int_pow", INT, raises=True),
    ("<<", INT, INT): Op("ssc_int_lshift", INT, raises=True),
    (">>", INT, INT): Op("ssc_int_rshift", INT, raises=True),
    ("&", INT, INT): Op("int_and", INT),
    ("|", INT, INT): Op("int_or", INT),
    ("^", INT, INT): Op("int_xor", INT),
    ("&", BOOL, BOOL): Op("int_and", BOOL),
    ("|", BOOL, BOOL): Op("int_or", BOOL),
    ("^", BOOL, BOOL): Op("int_xor", BOOL),
    ("+", FLOAT, FLOAT): Op("float_add", FLOAT),
    ("-", FLOAT, FLOAT): Op("float_sub", FLOAT),
    ("*", FLOAT, FLOAT): Op("float_mul", FLOAT),
    ("/", FLOAT, FLOAT): Op("ssc_float_div", FLOAT, raises=True),
    ("//", FLOAT, FLOAT): Op("ssc_float_floordiv", FLOAT, raises=True),
    ("%", FLOAT, FLOAT): Op("ssc_float_mod", FLOAT, raises=True),
    ("**", FLOAT, INT): Op("ssc_float_pow_int", FLOAT, raises=True),
    ("+", STR, STR): Op("concat", STR),
    ("+", BYTES, BYTES): Op("concat", BYTES),
}
#: ``int ** int`` with a negative constant exponent is a float, as in CPython.
INT_POW_NEGATIVE = Op("ssc_int_pow_float", FLOAT, raises=True)
#: Operators that promote bool and int operands (``True + 1``, ``1 + 0.5``).
ARITHMETIC = frozenset({"+", "-", "*", "/", "//", "%", "**"})
BITWISE = frozenset({"&", "|", "^", "<<", ">>"})
#: Sequence operators, typed by their operands: ``s * 3`` and ``3 * s`` for
#: str and bytes, ``xs * 3`` and ``xs + ys`` for lists, ``t1 + t2`` for
#: tuples (its result: the items of both).
SEQUENCE_REPEAT = Op("sequence_repeat", STR)
SEQUENCE_REPEAT_SWAPPED = Op("sequence_repeat_swapped", STR)
LIST_REPEAT = Op("list_repeat", ListType(ELEM))
LIST_CONCAT = Op("list_concat", ListType(ELEM))
TUPLE_CONCAT = Op("tuple_concat", RESULT)
#: Set operators on two sets of one type (a new set), and dict ``|`` (a new dict: the left
#: one's items updated by the right one's); their in-place forms (``s |= t``) change the
#: left operand itself, as CPython's do, so that its aliases see the change.
SET_OPERATORS: dict[str, Op] = {
    "|": Op("ssc_set_union", SetType(ELEM)),
    "&": Op("ssc_set_intersection", SetType(ELEM)),
    "-": Op("ssc_set_difference", SetType(ELEM)),
    "^": Op("ssc_set_symmetric_difference", SetType(ELEM)),
}
SET_INPLACE: dict[str, Op] = {
    "|": Op("ssc_set_ior", SetType(ELEM)),
    "&": Op("ssc_set_iand", SetType(ELEM)),
    "-": Op("ssc_set_isub", SetType(ELEM)),
    "^": Op("ssc_set_ixor", SetType(ELEM)),
}
#: ``xs += ys`` and ``xs *= n`` on a list change the list itself (extend, repeat in place),
#: as CPython's list does, so that its aliases see the change; ``xs + ys`` makes a new list.
LIST_INPLACE: dict[str, Op] = {
    "+": Op("ssc_list_iadd", ListType(ELEM)),
    "*": Op("ssc_list_imul", ListType(ELEM)),
}

#: ``d.keys() - other`` (``operator``: ``| & - ^``): both operands' items as sets, then the set
#: operator, as CPython's dict_keys takes any iterable on either side.
KEY_VIEW_OPERATOR = Op("key_view_operator", SetType(ELEM), raises=True)
DICT_OR = Op("ssc_dict_or", DictType(KEY, VALUE))
DICT_IOR = Op("ssc_dict_ior", DictType(KEY, VALUE))

# ---- comparisons: (op, left, right) -> Op -----------------------------------
#: Comparison operators and their code in the guest (ssc_rt.h).
COMPARE_CODES = {"==": 0, "!=": 1, "<": 2, "<=": 3, ">": 4, ">=": 5}
COMPARE: dict[tuple[str, Type, Type], Op] = {
    ("in", STR, STR): Op("contains", BOOL),
    ("not in", STR, STR): Op("contains", BOOL, negate=True),
    ("in", BYTES, BYTES): Op("contains", BOOL),
    ("not in", BYTES, BYTES): Op("contains", BOOL, negate=True),
    ("==", STR, STR): Op("equal", BOOL),
    ("!=", STR, STR): Op("equal", BOOL, negate=True),
    ("==", BYTES, BYTES): Op("equal", BOOL),
    ("!=", BYTES, BYTES): Op("equal", BOOL, negate=True),
    **{(op, ty, ty): Op("bytes_order", BOOL) for op in ("<", "<=", ">", ">=") for ty in (STR, BYTES)},
    **{(op, INT, INT): Op("int_compare", BOOL) for op in COMPARE_CODES},
    **{(op, BOOL, BOOL): Op("int_compare", BOOL) for op in COMPARE_CODES},
    **{(op, FLOAT, FLOAT): Op("float_compare", BOOL) for op in COMPARE_CODES},
    **{(op, INT, FLOAT): Op("int_float_compare", BOOL) for op in COMPARE_CODES},
    **{(op, FLOAT, INT): Op("float_int_compare", BOOL) for op in COMPARE_CODES},
    **{(op, CLASS, CLASS): Op("int_compare", BOOL) for op in ("==", "!=")},   # builtin classes as values
}
#: Comparisons of composite values (tuples, lists, dicts, sets, optionals of
#: the same type) go through the guest's generic, descriptor-driven code.
GENERIC_EQUALITY = Op("value_eq", BOOL)
GENERIC_ORDER = Op("value_order", BOOL, raises=True)
#: ``x is None`` and ``x == None`` (negated: ``is not``, ``!=``): whether an optional is absent.
IS_NONE = Op("is_none", BOOL)
#: ``n in b`` for an int n and bytes b (ValueError unless 0 <= n < 256).
BYTES_CONTAINS_INT = Op("bytes_contains_int", BOOL, raises=True)
#: ``x in container``: by the container's family.
CONTAINS: dict[str, Op] = {
    "list": Op("list_contains", BOOL),
    "vartuple": Op("list_contains", BOOL),   # tuple[T, ...]: laid out as a list
    "tuple": Op("tuple_contains", BOOL),
    "dict": Op("dict_contains", BOOL),
    "set": Op("dict_contains", BOOL),
}

# ---- unary operators: (op, operand) -> Op -------------------------------------
UNARY: dict[tuple[str, Type], Op] = {
    ("-", INT): Op("int_neg", INT, raises=True),
    ("+", INT): Op("identity", INT),
    ("~", INT): Op("int_invert", INT),
    ("-", FLOAT): Op("float_neg", FLOAT),
    ("+", FLOAT): Op("identity", FLOAT),
}
#: ``not x`` of a bool (the operand is converted by truthiness first).
BOOL_NOT = Op("bool_not", BOOL)
#: ``a and b``, ``a or b``: as a condition (``SHORT_CIRCUIT_TRUTH``: each
#: operand converted to bool), or as a value (``SHORT_CIRCUIT``: the
#: operand that decided, converted to the common type of all).
SHORT_CIRCUIT_TRUTH = Op("short_circuit_truth", BOOL)
SHORT_CIRCUIT = Op("short_circuit", RESULT)
#: ``not x``, ``if x:``: truthiness, as CPython's (a number is true when not
#: zero, a str, bytes or container when not empty, an optional when present
#: and true, an Any by its value at run time). The test itself belongs to
#: the value's representation (lower/reprs.py).
TRUTH = Op("truth", BOOL)
#: The families that have a truth value.
TRUTH_FAMILIES = frozenset({"bool", "int", "float", "str", "bytes", "None", "Record", "tuple", "list", "dict", "set",
                            "Optional", "Exception", "Any", "object", "vartuple"})

# ---- iteration: how a for loop or a comprehension walks its iterable ------------------
#: The kinds of ``typed.Iteration`` the checker decides (check/iterables.py);
#: the lowering has one object per kind (lower/iterate.py): a range, a list,
#: an Any (a snapshot of its keys, items or characters), a tuple of one item
#: type, a str (by code point), bytes (by byte, as ints), a dict's keys,
#: values or items, a set (sorted(s), list(s): never a for loop),
#: enumerate and zip of other iterations, the matches of ``p.finditer(s)``,
#: a generator expression (the loops of its clauses, each recorded as a
#: comprehension's are), and reversed() of a list, tuple or bytes (by
#: index), a str, a range.
ITERATION_KINDS = ("range", "list", "any", "tuple", "str", "bytes", "dict_keys", "dict_values", "dict_items", "set",
                   "enumerate", "zip", "re_finditer", "generator", "reversed_sequence", "reversed_str",
                   "reversed_range", "accumulate")
#: ``for k, v in d.items()``: the kind of iteration of each view method of a dict.
DICT_VIEWS = {"keys": "dict_keys", "values": "dict_values", "items": "dict_items"}


# ---- implicit conversions: (source, target) -> Op ------------------------------
# The checker allows a conversion (check/infer.py assignable) and records it
# with its operation; the lowering emits it, and converts with the same
# rules where a stored value's type differs from its place's (a tuple's
# items unpacked into optional locals). Each Op's result is the target.
CONVERSIONS: dict[str, Op] = {
    # no code: the same type; str as bytes (UTF-8 already); an empty display typed by its context
    "same": Op("identity", RESULT),
    "box": Op("box", ANY),                          # a JSON-shaped value as an Any
    "unbox": Op("unbox", RESULT, raises=True),      # an Any as a typed value, checked at run time
    "bool_to_int": Op("bool_to_int", INT),
    "bool_to_float": Op("bool_to_float", FLOAT),
    "int_to_float": Op("int_to_float", FLOAT),
    "unwrap": Op("unwrap_optional", RESULT),        # T | None -> T where the value is known present
    "wrap": Op("wrap_optional", RESULT),            # T, None or S | None -> T | None
    "tuple_to_list": Op("tuple_to_list", RESULT),   # s.startswith(("a", "b")): the runtime takes a list
    "tuple_items": Op("tuple_items", RESULT),       # a tuple item by item
}
#: A constant converted to Any: a box made at compile time (``constant``: the value).
BOX_CONSTANT = Op("box_constant", ANY)
_NUMERIC_CONVERSIONS = {(BOOL, INT): "bool_to_int", (BOOL, FLOAT): "bool_to_float", (INT, FLOAT): "int_to_float"}


def conversion(source: Type, target: Type) -> Op:
    """The operation converting a value of ``source`` to ``target`` (which the checker allowed)."""
    if source == target or (source in (STR, BYTES) and target in (STR, BYTES)):
        name = "same"
    elif target == ANY:
        name = "box"
    elif source == ANY and target == optional(BYTES):   # only an entry's result key (infer.assignable)
        return ANY_RECORD_KEY
    elif source == ANY:
        name = "unbox"
    elif family(source) == family(target) and family(source) in ("list", "dict", "set", "Pattern", "Match"):
        name = "same"
    elif isinstance(source, VarTupleType) and isinstance(target, ListType):
        name = "same"   # a tuple of any length read as the list it is laid out as (a builtin's argument)
    elif (source, target) in _NUMERIC_CONVERSIONS:
        name = _NUMERIC_CONVERSIONS[source, target]
    elif isinstance(source, OptionalType) and not isinstance(target, OptionalType):
        name = "unwrap"
    elif isinstance(target, OptionalType):
        name = "wrap"
    elif isinstance(source, EnumType) and target == INT:   # an enum member as its run-time int
        name = "same"
    elif isinstance(source, TupleType) and isinstance(target, (ListType, VarTupleType)):
        name = "tuple_to_list"   # also to a tuple of any length, laid out as a list
    elif isinstance(source, TupleType) and isinstance(target, TupleType):
        name = "tuple_items"
    else:
        raise AssertionError(f"no conversion from {source} to {target}")
    return CONVERSIONS[name].at(target)


# ---- builtin calls: (function, argument families) -> Op ----------------------
# A family is a type's constructor name: "int", "str", "list", "Optional"...
# Placeholders in an Op's types are bound from the first container argument.
BUILTIN_CALLS: dict[tuple[str, tuple[str, ...]], Op] = {
    ("int", ("str",)): Op("int_from_str", INT, raises=True),
    ("int", ("bytes",)): Op("int_from_bytes", INT, raises=True),
    ("int", ("str", "int")): Op("ssc_int_from_str_base", INT, raises=True),
    ("int", ("bytes", "int")): Op("ssc_int_from_bytes_base", INT, raises=True),
    ("int", ("int",)): Op("identity", INT),
    ("int", ("bool",)): Op("bool_to_int", INT),
    ("int", ("float",)): Op("ssc_int_from_float", INT, raises=True),
    ("float", ("float",)): Op("identity", FLOAT),
    ("float", ("int",)): Op("int_to_float", FLOAT),
    ("float", ("bool",)): Op("bool_to_float", FLOAT),
    ("float", ("str",)): Op("ssc_float_from_str", FLOAT, raises=True),
    ("float", ("bytes",)): Op("ssc_float_from_bytes", FLOAT, raises=True),
    ("str", ("str",)): Op("identity", STR),
    ("str", ("int",)): Op("int_to_str", STR),
    ("bool", ("bool",)): Op("identity", BOOL),
    ("len", ("str",)): Op("str_len", INT),
    ("len", ("bytes",)): Op("bytes_len", INT),
    ("len", ("list",)): Op("container_len", INT),
    ("len", ("vartuple",)): Op("container_len", INT),
    ("len", ("dict",)): Op("container_len", INT),
    ("len", ("set",)): Op("container_len", INT),
    ("len", ("tuple",)): Op("tuple_len", INT),
    ("abs", ("int",)): Op("ssc_int_abs", INT, raises=True),
    ("abs", ("float",)): Op("float_abs", FLOAT),
    ("round", ("float",)): Op("ssc_float_round", INT, raises=True),
    ("round", ("int",)): Op("identity", INT),
    ("round", ("float", "int")): Op("ssc_float_round_ndigits", FLOAT, raises=True),
    ("round", ("int", "int")): Op("ssc_int_round_ndigits", INT, raises=True),
    ("int", ("Any",)): Op("ssc_any_to_int", INT, raises=True),
    ("float", ("Any",)): Op("ssc_any_to_float", FLOAT, raises=True),
    ("len", ("Any",)): Op("ssc_any_len", INT, raises=True),
    ("abs", ("Any",)): Op("ssc_any_abs", ANY, raises=True),
    ("round", ("Any",)): Op("ssc_any_round", ANY, raises=True),
    ("round", ("Any", "int")): Op("ssc_any_round_ndigits", ANY, raises=True),
    ("hex", ("int",)): Op("ssc_int_hex", STR),
    ("oct", ("int",)): Op("ssc_int_oct", STR),
    ("bin", ("int",)): Op("ssc_int_bin", STR),
    ("divmod", ("int", "int")): Op("ssc_int_divmod", TupleType((INT, INT)), raises=True),
    ("divmod", ("float", "float")): Op("ssc_float_divmod", TupleType((FLOAT, FLOAT)), raises=True),
}
#: Builtins the checker types by their arguments (SPECIAL_BUILTINS): ``str()``
#: (no argument), ``str(x)``, ``repr(x)``, ``bool(x)`` (x converted by
#: truthiness), ``sorted``, ``min``/``max`` of arguments or of an iterable,
#: ``sum``, ``list(...)``, ``set(...)``, ``dict(d)``, and ``isinstance``
#: decided at compile time (true, false, or "the optional is present").
EMPTY_STR = Op("empty_str", STR)
VALUE_STR = Op("value_str", STR)
VALUE_REPR = Op("value_repr", STR)
BOOL_OF = Op("identity", BOOL)
SORTED = Op("sorted", ListType(ELEM), raises=True)
#: ``sorted(xs, key=f)``, ``xs.sort(key=f)``: the keys computed first, item by item, then the
#: items sorted stably by them (the keys alone compared, as CPython's sort does).
SORTED_BY_KEY = Op("sorted_by_key", ListType(ELEM), raises=True)
LIST_SORT_BY_KEY = Op("list_sort_by_key", NONE, raises=True)
LIST_SORT = Op("ssc_list_sort", NONE, (Param("reverse", BOOL, False, keyword=True),), raises=True)
MIN_ARGS = Op("min_args", RESULT, raises=True)
MAX_ARGS = Op("max_args", RESULT, raises=True)
MIN_ITER = Op("min_iter", ELEM, raises=True)
MAX_ITER = Op("max_iter", ELEM, raises=True)
SUM_ITER = Op("sum_iter", ELEM, raises=True)
#: sum() of floats from CPython 3.12 on: Neumaier's compensated summation (``sum_op``).
SUM_ITER_COMPENSATED = Op("sum_iter_compensated", ELEM, raises=True)


#: sum() of Any items (a JSON list): start (0) + each item by Any's +, in the guest; the constant
#: is 1 where floats are added with compensation (CPython 3.12+).
SUM_ANY = Op("sum_any", ANY, raises=True)


#: sum(floats) with no start: an int | float (Any), the int 0 for no items as in CPython, else
#: the float sum; the constant is 1 where floats are added with compensation (CPython 3.12+).
SUM_FLOATS_FROM_INT = Op("sum_floats_from_int", ANY, raises=True)


def sum_op(elem: Type, python: PythonVersion, from_int: bool = False) -> Op:
    """sum() of ``elem`` items as CPython ``python`` adds them: floats left to right up to 3.11,
    with Neumaier's compensation from 3.12 on (bltinmodule.c's builtin_sum_impl); ``from_int``:
    float items with no start given (an int | float)."""
    if from_int:
        return SUM_FLOATS_FROM_INT.with_constant(int(python >= PythonVersion(3, 12)))
    if elem == ANY:
        return SUM_ANY.with_constant(int(python >= PythonVersion(3, 12)))
    return SUM_ITER_COMPENSATED if elem == FLOAT and python >= PythonVersion(3, 12) else SUM_ITER
#: ``min(xs, default=d)``, ``max(x for x in ...)``: the items compared as they come (``inner``:
#: the item order, < for min, > for max), the first smallest (largest) kept; the default, or
#: ValueError (``empty_sequence``, the op's constant) when there is none.
MIN_STREAM = Op("min_stream", RESULT, raises=True)
MAX_STREAM = Op("max_stream", RESULT, raises=True)


def empty_sequence(name: str, python: PythonVersion) -> str:
    """The ValueError of ``min()``/``max()`` of no items as CPython ``python`` words it (3.12 changed it)."""
    if python >= PythonVersion(3, 12):
        return f"{name}() iterable argument is empty"
    return f"{name}() arg is an empty sequence"
LIST_FROM_ITER = Op("list_from_iter", ListType(ELEM), raises=True)
SET_FROM_ITER = Op("set_from_iter", SetType(ELEM))
DICT_COPY = Op("ssc_dict_copy", DictType(KEY, VALUE))
#: ``dict(x)`` of an Any: a copy of a JSON object, or a dict of an array's pairs (CPython's errors).
ANY_TO_DICT = Op("ssc_any_to_dict", ANY, raises=True)
#: ``dict(pairs)``: a dict from an iterable of pairs (tuples of two, or lists of two checked at
#: run time: ValueError "dictionary update sequence element #0 has length 3; 2 is required").
DICT_FROM_PAIRS = Op("dict_from_pairs", DictType(KEY, VALUE), raises=True)
#: ``any(xs)``, ``all(xs)``: the items' truth (``inner``: TRUTH, when they are not bools),
#: stopping at the first true (false) one, as CPython does.
ANY_OF = Op("any_of", BOOL, raises=True)
ALL_OF = Op("all_of", BOOL, raises=True)
#: ``next(g, default)`` of a generator expression: its first item, or the default.
NEXT_OF = Op("next_of", RESULT, raises=True)
#: ``functools.reduce(f, xs[, initial])``: the function value applied where it is written to the
#: accumulator and each item (TypeError "reduce() of empty iterable with no initial value").
REDUCE = Op("functools_reduce", RESULT, raises=True)
#: An iterator (a generator expression, ``reversed(x)``, ``zip(...)``...) where a list or a
#: set is wanted (``"".join(x for x in xs)``, ``s.update(...)``): its items made into one,
#: as CPython's join and update do with any iterable.
ITER_LIST = Op("iter_list", ListType(ELEM), raises=True)
ITER_SET = Op("iter_set", SetType(ELEM), raises=True)
ISINSTANCE_TRUE = Op("isinstance_true", BOOL)
ISINSTANCE_FALSE = Op("isinstance_false", BOOL)
ISINSTANCE_PRESENT = Op("isinstance_present", BOOL)
#: An empty container where its type is known from the context:
#: ``xs: list[int] = list()``, ``set()``.
LIST_NEW = Op("list_new", ListType(ELEM))
DICT_NEW = Op("dict_new", DictType(KEY, VALUE))
SET_NEW = Op("set_new", SetType(ELEM))
#: collections (check/stdlib_collections.py): ``c[k]`` of a Counter, 0 when missing (nothing inserted);
#: ``d[k]`` of a defaultdict, its factory's value (the type's ``factory``) inserted when missing; ``Counter(iterable)`` (``constant`` True: a new Counter) and ``c.update(iterable)``,
#: each item counted; an expression computed as the one the checker made of it (``typed.equivalents``).
COUNTER_GET = Op("counter_get", INT)
DEFAULTDICT_GET = Op("defaultdict_get", VALUE)
COUNTER_COUNT = Op("counter_count", RESULT, raises=True)
EQUIVALENT = Op("equivalent", RESULT, raises=True)
#: ``c == d`` of two Counters: each key's count equal, a missing count 0 (CPython 3.10+).
COUNTER_EQ = Op("ssc_counter_eq", BOOL)
#: A deque's methods (guest/collections.c): ``maxlen`` is the checker's constant (-1: none).
_MAXLEN = Param("maxlen", INT)
DEQUE_METHODS: dict[str, Op] = {
    "append": Op("ssc_deque_append", NONE, (Param("x", ELEM), _MAXLEN)),
    "appendleft": Op("ssc_deque_appendleft", NONE, (Param("x", ELEM), _MAXLEN)),
    "extend": Op("ssc_deque_extend", NONE, (Param("iterable", ListType(ELEM)), _MAXLEN)),
    "pop": Op("ssc_deque_pop", ELEM, raises=True),
    "popleft": Op("ssc_deque_popleft", ELEM, raises=True),
    "rotate": Op("ssc_deque_rotate", NONE, (Param("n", INT, 1),)),
}
#: ``d[i]`` of a deque (IndexError "deque index out of range").
DEQUE_GET = Op("ssc_deque_getitem", ELEM, (Param("index", INT),), raises=True)
#: What an OrderedDict adds to a dict's methods (guest/collections.c).
ODICT_METHODS: dict[str, Op] = {
    "move_to_end": Op("ssc_odict_move_to_end", NONE, (Param("key", KEY), Param("last", BOOL, True, keyword=True)), raises=True),
    "popitem": Op("ssc_odict_popitem", TupleType((KEY, VALUE)), (Param("last", BOOL, True, keyword=True),), raises=True),
}
#: A call of one of the program's functions (its result: the function's).
CALL_FUNCTION = Op("call_function", RESULT, raises=True)
#: Lists that only build a string (check/string_builders.py): the calls
#: ``parts.append(x)`` and ``SEP.join(parts)`` on such a list.
BUILDER_NEW = Op("builder_new", NONE)          # the assignment parts: list[str] = []
BUILDER_APPEND = Op("builder_append", NONE)
BUILDER_JOIN = Op("builder_join", STR)

#: ``print(a, b, sep=..., end=...)``: its text made as an f-string's (each argument's
#: str(), sep between them, end after them), then written to stdout through WASI's
#: fd_write (guest ssc_print; SmartModule ABI only).
PRINT = Op("print", NONE)

#: Builtins the checker resolves itself (their types depend on the arguments).
SPECIAL_BUILTINS = frozenset({"str", "repr", "bool", "len", "min", "max", "sum", "sorted", "list", "dict",
                              "set", "tuple", "isinstance", "range", "enumerate", "zip", "print", "any", "all",
                              "next", "reversed", "divmod", "map", "filter"})
BUILTIN_FUNCTIONS = frozenset(name for name, _ in BUILTIN_CALLS) | SPECIAL_BUILTINS

# ---- subscripts: x[i], x[a:b:c], x[i] = v, del x[i] -------------------------------
# A tuple's index is a constant (TUPLE_GET's ``constant``: the position,
# from 0), or, when its items have one type, any int (TUPLE_GET_DYNAMIC);
# a tuple's slice has constant bounds (TUPLE_SLICE's ``constant``: the
# positions it keeps).
SUBSCRIPTS: dict[str, Op] = {
    "list": Op("list_get", ELEM, raises=True),
    "vartuple": Op("vartuple_get", ELEM, raises=True),   # as a list's: IndexError "tuple index out of range"
    "dict": Op("dict_get", VALUE, raises=True),
    "str": Op("str_get", STR, raises=True),
    "bytes": Op("bytes_get", INT, raises=True),
}
TUPLE_GET = Op("tuple_get", RESULT)
TUPLE_GET_DYNAMIC = Op("tuple_get_dynamic", ELEM, raises=True)
_SLICE = (Param("start", optional(INT), None), Param("stop", optional(INT), None), Param("step", optional(INT), None))
SLICES: dict[str, Op] = {
    "str": Op("ssc_str_slice", STR, _SLICE, raises=True),
    "bytes": Op("ssc_bytes_slice", BYTES, _SLICE, raises=True),
    "list": Op("ssc_list_slice", ListType(ELEM), _SLICE, raises=True),
}
TUPLE_SLICE = Op("tuple_slice", RESULT)
#: ``x[i] = v`` (IndexError outside a list) and ``del x[i]``.
STORES: dict[str, Op] = {
    "list": Op("list_store", NONE, raises=True),
    "dict": Op("dict_store", NONE),
}
DELETES: dict[str, Op] = {
    "list": Op("list_delete", NONE, raises=True),
    "dict": Op("dict_delete", NONE, raises=True),
}


# ---- f-string fields: (type, spec) -> the guest function that formats ------------
# A field of a known type gets the formatter of that type alone, so that a
# program pulls in only the formatting code it uses (the float formatter is
# most of the guest's number code). A spec is constant, the checker has run
# CPython's format() on it and parses it (parse_format_spec), so the guest
# gets a ready ssc_fspec and carries no spec parser. The kinds: "none" (no
# spec, or an empty one: format(x, "") is str(x)), "int" (an integer
# presentation type, or none, for an int), "float" (a float presentation
# type: an int or bool is formatted as float(x), as CPython's
# int.__format__ does), "str". Op.params[0] holds the operand's type after
# conversion. Any other field (a conversion !r/!s, a spec that is not a
# constant, other types) goes through ssc_format_value, which parses the
# spec and dispatches on the type descriptor at run time.
# A typed field appends its value to the f-string's ssc_buf with the guest
# function ``function`` (``ssc_buf_i64(buf, v)``, ``ssc_format_int_spec(buf,
# v, &fspec)``); its ``constant`` is the parsed spec, for the formatters that
# take one (SPEC_DEFAULTS).


def _field(function: str, ty: Type, raises: bool = False) -> Op:
    return Op("format_field", STR, (Param("value", ty),), raises=raises, function=function)


FORMATTERS: dict[tuple[Type, str], Op] = {
    (INT, "none"): _field("ssc_buf_i64", INT),
    (FLOAT, "none"): _field("ssc_buf_float_repr", FLOAT),
    (STR, "none"): _field("ssc_buf_put", STR),
    (INT, "int"): _field("ssc_format_int_spec", INT, raises=True),
    (INT, "char"): _field("ssc_format_char_spec", INT, raises=True),
    (BOOL, "int"): _field("ssc_format_bool_spec", BOOL, raises=True),
    (BOOL, "char"): _field("ssc_format_bool_spec", BOOL, raises=True),
    (INT, "float"): _field("ssc_format_float_spec", FLOAT, raises=True),
    (BOOL, "float"): _field("ssc_format_float_spec", FLOAT, raises=True),
    (FLOAT, "float"): _field("ssc_format_float_spec", FLOAT, raises=True),
    (STR, "str"): _field("ssc_format_str_spec", STR, raises=True),
    # a conversion without a spec: f"{s!r}", f"{n!r}", f"{s!s}"
    (STR, "repr"): _field("ssc_buf_str_repr_all", STR),
    (INT, "repr"): _field("ssc_buf_i64", INT),
    (FLOAT, "repr"): _field("ssc_buf_float_repr", FLOAT),
}
#: Any other field: ssc_format_value, driven by the value's descriptor.
FORMAT_ANY = Op("format_value", STR, raises=True)
#: A field {x!a}: ascii(x), by its own guest function (ssc_format_ascii, ssc_any_format_ascii for
#: an Any), so that only a module with such a field links the escaping.
FORMAT_ASCII = Op("format_ascii", STR, raises=True)
#: A field {x} (or {x!r}, {x!s}) of a record class's instance: its repr, the f-string the
#: checker made of the class's fields (check/classes.py: ``Click(user='a', ms=0)``).
FORMAT_RECORD = Op("format_record", STR, raises=True)
#: ``"...".format(args)`` with a constant template: the f-string it is (check/formatting.py),
#: its fields reading the arguments, evaluated first.
#: A '%d' (o x X e f g ...) field of printf-style '%' whose value is an Any: the number CPython's
#: '%' takes of it (ssc_any_percent_number: int(x) for %d, a TypeError for a str...), then
#: formatted by the field's spec; the constant is the conversion's letter (its code point).
ANY_PERCENT_FORMAT = Op("any_percent_format", STR, raises=True)
STR_FORMAT = Op("str_format", STR, raises=True)
_FLOAT_PRESENTATIONS = frozenset("eEfFgG%")
_PRESENTATIONS = frozenset("bcdeEfFgGnosxX%")


@dataclass(frozen=True, slots=True)
class FormatSpec:
    """A format spec parsed at compile time, as ``parse_spec`` in guest/number.c
    (CPython's parse_internal_render_format_spec) parses it at run time: the
    fields of ``ssc_fspec`` (guest/ssc_rt.h), code points as ints, -1 for a
    width or precision not given."""

    fill: int
    align: int
    sign: int
    type: int
    no_neg_0: int
    alt: int
    width: int
    precision: int
    sep: int
    group: int


_ALIGNS = frozenset("<>=^")


def parse_format_spec(spec: str, default_type: str, default_align: str) -> FormatSpec:
    """``spec`` (which CPython's format() has accepted for the value's type) as a FormatSpec."""
    fill, align, pos = " ", default_align, 0
    fill_given = align_given = False
    if len(spec) >= 2 and spec[1] in _ALIGNS:
        fill, align, pos, fill_given, align_given = spec[0], spec[1], 2, True, True
    elif spec[:1] in _ALIGNS:
        align, pos, align_given = spec[0], 1, True
    sign = ""
    if spec[pos:pos + 1] in (" ", "+", "-") and pos < len(spec):
        sign, pos = spec[pos], pos + 1
    no_neg_0 = alt = 0
    if spec[pos:pos + 1] == "z":
        no_neg_0, pos = 1, pos + 1
    if spec[pos:pos + 1] == "#":
        alt, pos = 1, pos + 1
    if not fill_given and spec[pos:pos + 1] == "0":
        fill = "0"
        if not align_given and default_align == ">":
            align = "="
        pos += 1

    def integer() -> int:
        nonlocal pos
        start = pos
        while pos < len(spec) and spec[pos].isdecimal():
            pos += 1
        return int(spec[start:pos]) if pos > start else -1

    width = integer()
    sep = ""
    if spec[pos:pos + 1] in (",", "_") and pos < len(spec):
        sep, pos = spec[pos], pos + 1
    precision = -1
    if spec[pos:pos + 1] == ".":
        pos += 1
        precision = integer()
    kind = spec[pos:] or default_type
    group = 4 if sep == "_" and kind in ("b", "o", "x", "X") else 3
    return FormatSpec(ord(fill), ord(align), ord(sign) if sign else 0, ord(kind) if kind else 0, no_neg_0, alt,
                      width, precision, ord(sep) if sep else 0, group)


#: The formatters (guest functions) that take a parsed spec
#: (``ssc_format_int_spec(buf, v, &fspec)``...) and parse_spec's defaults for
#: each: the presentation type and the alignment.
SPEC_DEFAULTS = {"ssc_format_int_spec": ("d", ">"), "ssc_format_char_spec": ("d", ">"),
                 "ssc_format_bool_spec": ("d", ">"),
                 "ssc_format_float_spec": ("", ">"), "ssc_format_str_spec": ("s", "<")}


def field_formatter(ty: Type, spec: str | None, has_spec: bool, conversion: str) -> Op:
    """How an f-string field ``{value!conversion:spec}`` of type ``ty`` is formatted.

    ``spec`` is the constant spec text, None when the spec is not a constant
    (``has_spec`` says whether there is one at all).
    """
    if conversion == "a":
        return FORMAT_ASCII
    if conversion and not has_spec and conversion in "rs":
        kind = "repr" if conversion == "r" else "none"
        return FORMATTERS.get((ty, kind), FORMAT_ANY)
    if conversion or (has_spec and spec is None):
        return FORMAT_ANY
    if ty == EXCEPTION:   # {e}: its message, a str (the only form the checker allows)
        return FORMATTERS[STR, "none"]
    if not spec:
        kind = "none"
    elif ty == FLOAT:
        kind = "float"
    elif ty == STR:
        kind = "str"
    else:
        assert spec is not None
        rest = spec[2:] if spec[1:2] in ("<", ">", "=", "^") else spec[1:] if spec[:1] in ("<", ">", "=", "^") else spec
        presentation = rest[-1] if rest and rest[-1] in _PRESENTATIONS else ""
        kind = "float" if presentation in _FLOAT_PRESENTATIONS else "char" if presentation == "c" else "int"
    return FORMATTERS.get((ty, kind), FORMAT_ANY)


# ---- methods: (receiver family or type, name) -> Op ---------------------------
METHODS: dict[tuple[object, str], Op | tuple[Op, ...]] = {
    (STR, "encode"): Op("utf8_encode", BYTES),
    (INT, "bit_length"): Op("ssc_int_bit_length", INT),
    (INT, "bit_count"): Op("ssc_int_bit_count", INT),
}
#: Methods whose arguments are (encoding, errors), as constants. ssc only
#: implements the UTF-8 codec with errors="strict".
CODEC_METHODS = frozenset({(BYTES, "decode"), (STR, "encode")})
CODEC_PARAMS = ("encoding", "errors")
SUPPORTED_ENCODING = "utf-8"
SUPPORTED_ERRORS = "strict"
#: ``b.decode()`` and ``s.encode()`` with UTF-8 and errors "strict": no
#: conversion (str is UTF-8), a validity check when decoding, and a check
#: for lone surrogates when encoding in a program whose str may hold one
#: (it imports json). Other codecs: the ``bytes.decode`` row.
UTF8_DECODE = Op("utf8_decode", STR, raises=True)
UTF8_ENCODE = Op("utf8_encode", BYTES)
UTF8_ENCODE_CHECKED = Op("utf8_encode_checked", BYTES, raises=True)

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


#: Python's builtin exceptions that the guest runtime raises, with their bases
#: (for ``except`` matching), numbered as the runtime knows them (SSC_EXC_*).
#: Code 0 is never raised. A module's table of classes (``ssc_exception_names``
#: and ``ssc_exception_parents``, emitted by the lowering) starts with these,
#: then has the classes of LIBRARY_EXCEPTIONS the program uses, then its own.
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
    ("RecursionError", "RuntimeError"),
    ("AttributeError", "Exception"),
    ("JSONDecodeError", "ValueError"),
    ("UnicodeEncodeError", "UnicodeError"),
    ("error", "Exception"),          # re.error (3.13: re.PatternError), raised by re.compile at run time
)
EXCEPTION_CODES = {exc.name: exc.code for exc in EXCEPTIONS}


def exception_class_name(name: str, python: int) -> str:
    """``type(e).__name__`` of the exception ``name`` under CPython ``python`` (313 for 3.13):
    re.error is re.PatternError from 3.13 on."""
    if name == "error" and python >= 313:
        return "PatternError"
    return name.rpartition(".")[2]   # binascii.Error: "Error"


#: Builtin classes the runtime never raises: a program that raises, catches or
#: (for UnboundLocalError) may hit one numbers it after EXCEPTIONS, in its own
#: table, so that other modules carry no name of it. Each: its base.
LIBRARY_EXCEPTIONS: dict[str, str] = {
    "NameError": "Exception",
    "UnboundLocalError": "NameError",
    "NotImplementedError": "RuntimeError",
    "binascii.Error": "ValueError",   # raised by base64 and binascii (guest/codecs.c)
}
#: The exception classes a program names bare (``except ValueError``); re.error is ``re.error``.
EXCEPTION_NAMES = (frozenset(EXCEPTION_CODES) - {"error"}) | frozenset(n for n in LIBRARY_EXCEPTIONS if "." not in n)
#: ``return value`` from the transform entry of a program whose str may hold
#: a lone surrogate (it imports json): its driver encodes the result's str
#: values, so one is refused first, as CPython refuses it (UnicodeEncodeError).
CHECK_ENCODABLE = Op("check_encodable", NONE, raises=True)
#: ``Click(user, page)``: a new instance of a record class (a dataclass, a NamedTuple), its
#: fields the call's arguments (``typed.arguments``, in field order; defaults filled in).
RECORD_NEW = Op("record_new", RESULT)
#: ``p._replace(x=1)``, ``dataclasses.replace(p, x=1)``: a new instance (typed.Construction stores
#: p first; ``typed.arguments`` are its fields, the keywords' or p's).
RECORD_REPLACE = Op("record_replace", RESULT)
#: ``click.user``: a field of a record class's instance (``constant``: its index).
RECORD_FIELD = Op("record_field", RESULT)
#: ``Color.RED``: an enum member, its run-time int (``constant``).
ENUM_MEMBER = Op("enum_member", RESULT)
#: A constant chosen by an enum member (``constant``: (member's int, constant) pairs): its
#: ``.name``, ``.value``, str() and repr() text.
ENUM_SELECT = Op("enum_select", RESULT)
#: ``Color("red")``: the member of that value, or CPython's ValueError (typed.EnumLookup).
ENUM_LOOKUP = Op("enum_lookup", RESULT, raises=True)
#: ``Stats(name)``: a new object of a plain class (check/objects.py), its memory allocated and
#: stored into a hidden local (``typed.constructions``), then ``Stats.__init__`` called on it
#: (``typed.arguments``: that call).
OBJECT_NEW = Op("object_new", RESULT, raises=True)
#: ``stats.count``: an attribute of an object (``constant``: its index).
OBJECT_FIELD = Op("object_field", RESULT)
#: ``stats.count = v`` (a store, ``typed.stores``): the attribute's new value.
OBJECT_SETFIELD = Op("object_setfield", NONE)
#: ``a is b`` of two objects (negated: ``is not``), and their ``==``, which is identity
#: unless a class defines ``__eq__`` (ssc refuses that).
OBJECT_IS = Op("object_is", BOOL)
#: ``raise ValueError("msg")`` / ``raise ValueError``: a new exception of a builtin class.
EXCEPTION_NEW = Op("exception_new", EXCEPTION)

#: str() of the OverflowError raised when an int leaves the int64 range:
#: ssc's one documented difference from CPython (docs/language.md).
INT_OVERFLOW_MESSAGE = "int result does not fit in 64 bits"


def unbound_message(name: str, python: PythonVersion) -> str:
    """str() of the UnboundLocalError CPython ``python`` raises for a read of local ``name``
    before any value was stored in it (a loop that did not run); 3.11 reworded 3.10's."""
    if python >= PythonVersion(3, 11):
        return f"cannot access local variable '{name}' where it is not associated with a value"
    return f"local variable '{name}' referenced before assignment"


#: CPython's default recursion limit, and the RecursionError it raises: a
#: call that would nest deeper than this many SmartStream calls raises it.
RECURSION_LIMIT = 1000
RECURSION_MESSAGE = "maximum recursion depth exceeded"


# ---- str and bytes methods (strings.c) ---------------------------------------------
# Rows for the str and bytes methods and builtins implemented in
# guest/strings.c, by the calling convention of guest/ssc_rt.h. An entry may
# be a tuple of overloads, tried in order. The tuple forms of startswith and
# endswith take the tuple of prefixes as a list[str] (list[bytes]): the
# lowering passes a list built from the tuple. Case mappings are exact for
# ASCII and Latin-1 and leave other characters unchanged (docs/language.md).


def _text_methods() -> dict[tuple[Type, str], Op | tuple[Op, ...]]:
    rows: dict[tuple[Type, str], Op | tuple[Op, ...]] = {}
    for t in (STR, BYTES):
        p = "ssc_str_" if t == STR else "ssc_bytes_"
        span = (Param("start", optional(INT), None), Param("end", optional(INT), None))
        for name in ("lower", "upper", "swapcase", "capitalize", "title"):
            rows[(t, name)] = Op(p + name, t)
        for name in ("isspace", "isalpha", "isalnum", "isdigit", "isupper", "islower", "istitle", "isascii"):
            rows[(t, name)] = Op(p + name, BOOL)
        for name in ("strip", "lstrip", "rstrip"):
            rows[(t, name)] = Op(p + name, t, (Param("chars", optional(t), None),))
        for name in ("split", "rsplit"):   # a separator that is surely a str/bytes: no whitespace splitter
            rows[(t, name)] = (Op(p + name + "_sep", ListType(t), (Param("sep", t, keyword=True, typed=True),
                                                                   Param("maxsplit", INT, -1, keyword=True)),
                                  raises=True),
                               Op(p + name, ListType(t), (Param("sep", optional(t), None, keyword=True),
                                                          Param("maxsplit", INT, -1, keyword=True)),
                                  raises=True))
        rows[(t, "splitlines")] = Op(p + "splitlines", ListType(t), (Param("keepends", BOOL, False, keyword=True),))
        rows[(t, "join")] = Op(p + "join", t, (Param("iterable", ListType(t)),), raises=True)
        if t == STR:   # JSON values (a list[Any]), each checked to be a str as CPython does
            rows[(t, "join")] = (rows[(t, "join")], Op("ssc_str_join_any", t, (Param("iterable", ListType(ANY)),),
                                                         raises=True))
        for name in ("startswith", "endswith"):
            rows[(t, name)] = (Op(p + name, BOOL, (Param("prefix", t), *span)),
                               Op(p + name + "_any", BOOL, (Param("prefix", ListType(t)), *span)))
        for name in ("find", "rfind", "index", "rindex", "count"):
            raises = name in ("index", "rindex")
            op = Op(p + name, INT, (Param("sub", t), *span), raises=raises)
            if t == BYTES:  # b.find(int): ValueError unless 0 <= int < 256
                op = (op, Op(p + name + "_int", INT, (Param("sub", INT), *span), raises=True))
            rows[(t, name)] = op
        rows[(t, "replace")] = Op(p + "replace", t, (Param("old", t), Param("new", t), Param("count", INT, -1)),
                                  raises=True)
        rows[(t, "zfill")] = Op(p + "zfill", t, (Param("width", INT),), raises=True)
        for name in ("center", "ljust", "rjust"):
            rows[(t, name)] = Op(p + name, t, (Param("width", INT), Param("fillchar", t, " " if t == STR else b" ")),
                                 raises=True)
        rows[(t, "expandtabs")] = Op(p + "expandtabs", t, (Param("tabsize", INT, 8, keyword=True),), raises=True)
        for name in ("partition", "rpartition"):
            rows[(t, name)] = Op(p + name, TupleType((t, t, t)), (Param("sep", t),), raises=True)
        for name in ("removeprefix", "removesuffix"):
            rows[(t, name)] = Op(p + name, t, (Param(name[6:], t),))
    for name in ("isdecimal", "isnumeric", "isprintable"):
        rows[(STR, name)] = Op("ssc_str_" + name, BOOL)
    rows[(STR, "casefold")] = Op("ssc_str_casefold", STR)
    rows[(BYTES, "hex")] = Op("ssc_bytes_hex", STR, (Param("sep", optional(STR), None, keyword=True),
                                                     Param("bytes_per_sep", INT, 1, keyword=True)), raises=True)
    # Any encoding name of CPython's UTF-8, ASCII and Latin-1 codecs; errors
    # strict, ignore, replace or backslashreplace (LookupError otherwise).
    rows[(BYTES, "decode")] = Op("ssc_bytes_decode", STR, (Param("encoding", STR, "utf-8", keyword=True),
                                                           Param("errors", STR, "strict", keyword=True)), raises=True)
    return rows


TEXT_METHODS: dict[tuple[Type, str], Op | tuple[Op, ...]] = _text_methods()

TEXT_BUILTINS: dict[tuple[str, tuple[Type, ...]], Op] = {
    ("ord", (STR,)): Op("ssc_str_ord", INT, raises=True),
    ("ord", (BYTES,)): Op("ssc_bytes_ord", INT, raises=True),
    ("chr", (INT,)): Op("ssc_str_chr", STR, raises=True),
    ("bytes", (INT,)): Op("ssc_bytes_zeros", BYTES, raises=True),
    ("bytes", (ListType(INT),)): Op("ssc_bytes_from_list", BYTES, raises=True),
    # the static method bytes.fromhex(s)
    ("bytes.fromhex", (STR,)): Op("ssc_bytes_fromhex", BYTES, raises=True),
}
# ---- end of str and bytes methods (strings.c) ----------------------------------------
# ---- list, dict and set methods (containers.c) -----------------------------------------
# Rows for the methods of list[T], dict[K, V] and set[T] implemented in
# guest/containers.c, keyed by (container family, method name), by the
# calling convention of guest/ssc_rt.h: the receiver (ssc_list *, ssc_dict *,
# ssc_set *) first; a T, K or V argument as `const void *` to its memory
# layout; a T, K or V result through `void *out`. An entry may be a tuple of
# overloads, tried in order (by argument count). d.get(k) returns V | None:
# when V is itself optional that is V's own layout (optional() flattens).
# keys(), values() and items() return list snapshots (no live views).
# set.pop() takes the first element in ssc's order (insertion order).
_LIST_T = ListType(ELEM)
_SET_T = SetType(ELEM)
_DICT_KV = DictType(KEY, VALUE)
CONTAINER_METHODS: dict[tuple[str, str], Op | tuple[Op, ...]] = {
    ("list", "append"): Op("list_append", NONE, (Param("object", ELEM),)),
    ("list", "extend"): Op("ssc_list_extend", NONE, (Param("iterable", _LIST_T),)),
    ("list", "insert"): Op("ssc_list_insert", NONE, (Param("index", INT), Param("object", ELEM))),
    ("list", "pop"): Op("ssc_list_pop", ELEM, (Param("index", INT, -1),), raises=True),
    ("list", "remove"): Op("ssc_list_remove", NONE, (Param("value", ELEM),), raises=True),
    ("list", "index"): Op("ssc_list_index", INT, (Param("value", ELEM), Param("start", INT, 0),
                                                  Param("stop", INT, 2**63 - 1)), raises=True),
    ("list", "count"): Op("ssc_list_count", INT, (Param("value", ELEM),)),
    ("list", "reverse"): Op("ssc_list_reverse", NONE),
    ("list", "clear"): Op("ssc_list_clear", NONE),
    ("list", "copy"): Op("ssc_list_copy", _LIST_T),
    # TypeError when items do not order (None in a list[int | None], dicts...)
    ("list", "sort"): LIST_SORT,
    ("dict", "get"): (Op("ssc_dict_get", optional(VALUE), (Param("key", KEY),)),
                      Op("ssc_dict_get_default", VALUE, (Param("key", KEY), Param("default", VALUE)))),
    ("dict", "pop"): (Op("ssc_dict_pop", VALUE, (Param("key", KEY),), raises=True),
                      Op("ssc_dict_pop_default", VALUE, (Param("key", KEY), Param("default", VALUE)))),
    ("dict", "popitem"): Op("ssc_dict_popitem", TupleType((KEY, VALUE)), raises=True),
    ("dict", "setdefault"): Op("ssc_dict_setdefault", VALUE, (Param("key", KEY), Param("default", VALUE))),
    ("dict", "update"): Op("ssc_dict_update", NONE, (Param("other", _DICT_KV),)),
    ("dict", "clear"): Op("ssc_dict_clear", NONE),
    ("dict", "copy"): Op("ssc_dict_copy", _DICT_KV),
    ("dict", "keys"): Op("ssc_dict_keys", ListType(KEY)),
    ("dict", "values"): Op("ssc_dict_values", ListType(VALUE)),
    ("dict", "items"): Op("ssc_dict_items", ListType(TupleType((KEY, VALUE)))),
    ("set", "add"): Op("ssc_set_add", NONE, (Param("elem", ELEM),)),
    ("set", "discard"): Op("ssc_set_discard", NONE, (Param("elem", ELEM),)),
    ("set", "remove"): Op("ssc_set_remove", NONE, (Param("elem", ELEM),), raises=True),
    ("set", "pop"): Op("ssc_set_pop", ELEM, raises=True),
    ("set", "clear"): Op("ssc_set_clear", NONE),
    ("set", "copy"): Op("ssc_set_copy", _SET_T),
    ("set", "update"): Op("ssc_set_update", NONE, (Param("other", _SET_T),)),
    ("set", "union"): Op("ssc_set_union", _SET_T, (Param("other", _SET_T),)),
    ("set", "intersection"): Op("ssc_set_intersection", _SET_T, (Param("other", _SET_T),)),
    ("set", "difference"): Op("ssc_set_difference", _SET_T, (Param("other", _SET_T),)),
    ("set", "symmetric_difference"): Op("ssc_set_symmetric_difference", _SET_T, (Param("other", _SET_T),)),
    ("set", "issubset"): Op("ssc_set_issubset", BOOL, (Param("other", _SET_T),)),
    ("set", "issuperset"): Op("ssc_set_issuperset", BOOL, (Param("other", _SET_T),)),
    ("set", "isdisjoint"): Op("ssc_set_isdisjoint", BOOL, (Param("other", _SET_T),)),
    ("set", "intersection_update"): Op("ssc_set_intersection_update", NONE, (Param("other", _SET_T),)),
    ("set", "difference_update"): Op("ssc_set_difference_update", NONE, (Param("other", _SET_T),)),
    ("set", "symmetric_difference_update"): Op("ssc_set_symmetric_difference_update", NONE,
                                               (Param("other", _SET_T),)),
}
# ---- end of list, dict and set methods (containers.c) ----------------------------------

#: The method tables, in the order the checker looks a method up in them, by
#: (receiver type, name) and then (receiver family, name).
METHOD_TABLES: tuple[dict, ...] = (METHODS, TEXT_METHODS, CONTAINER_METHODS)
#: The builtins keyed by (name, argument types), besides BUILTIN_CALLS's (by families).
BUILTIN_TABLES: tuple[dict, ...] = (TEXT_BUILTINS,)


# ---- dynamic values: Any (dynamic.c) and the json module (json.c) -----------------------
# An operation with an Any operand is decided at run time by the guest, as
# CPython decides it; the checker converts the other operand to Any (boxing
# it) and picks one of these. A typed value converts to Any when it is
# JSON-shaped (types.is_boxable), and an Any converts back to such a type with
# a run-time check (ssc_any_unbox: TypeError "expected int, got str").
#: Operator codes of ssc_any_binary and ssc_any_unary (ssc_rt.h).
ANY_BINARY_CODES = {"+": 0, "-": 1, "*": 2, "/": 3, "//": 4, "%": 5, "**": 6, "<<": 7, ">>": 8, "&": 9, "|": 10,
                    "^": 11}
ANY_UNARY_CODES = {"-": 0, "+": 1, "~": 2}
#: An operator with an Any operand (the other converted to Any): its code in ``constant``.
ANY_BINARY: dict[str, Op] = {op: Op("any_binary", ANY, raises=True, operator=op, constant=code)
                             for op, code in ANY_BINARY_CODES.items()}
ANY_UNARY: dict[str, Op] = {op: Op("any_unary", ANY, raises=True, operator=op, constant=code)
                            for op, code in ANY_UNARY_CODES.items()}
#: ``x += y`` with an Any x: ssc_any_inplace (list += extends the list itself).
ANY_INPLACE: dict[str, Op] = {op: Op("any_inplace", ANY, raises=True, operator=op, constant=code)
                              for op, code in ANY_BINARY_CODES.items()}
#: ``a == b``, ``a < b``... with an Any side: ssc_any_compare.
ANY_COMPARE = Op("any_compare", BOOL, raises=True)
#: ``x == "k"`` (or ``!=``) with an Any side and a str constant: equal only to
#: a str of the same text (ssc_any_eq_str; ``constant``: the constant's side,
#: 0 left, 1 right).
ANY_EQ_STR = Op("any_eq_str", BOOL)
#: ``x < 100`` with an Any x and an int or float constant on the right
#: (``constant``: the number): no boxing, no code for other operand types (on
#: the left, a TypeError's message would name the operands the other way round).
ANY_COMPARE_INT = Op("any_compare_int", BOOL, raises=True)
ANY_COMPARE_FLOAT = Op("any_compare_float", BOOL, raises=True)
#: ``x is None`` for an Any.
ANY_IS_NONE = Op("any_is_none", BOOL)
#: ``item in x`` for an Any x; ``x in (a, b)`` for an Any x and a tuple (each
#: item compared with ==; ``constant``: for each item, (True, value) when it
#: is a constant compared as it is, else (False, None)).
ANY_CONTAINS = Op("any_contains", BOOL, raises=True)
ANY_IN_ITEMS = Op("any_in_items", BOOL, raises=True)
#: ``x in s`` / ``x in d`` of an Any x and a set or dict keyed by Any: TypeError "unhashable type:
#: 'list'" for a list or dict x, as CPython hashes it first; else a look-up.
ANY_IN_HASHED = Op("any_in_hashed", BOOL, raises=True)
#: ``x in s`` / ``x in d`` of an Any x and a set[str] or a dict keyed by str: TypeError
#: "unhashable type: 'list'" for a list or dict x; a str x looked up; any other x is no str, so
#: it equals no key (False), as in CPython.
ANY_IN_TEXT_KEYS = Op("any_in_text_keys", BOOL, raises=True)
#: ``s.add(x)`` of a set[Any]: x hashed (checked) first.
SET_ADD_ANY = Op("ssc_set_add_any", NONE, (Param("elem", ANY),), raises=True)
ANY_GETITEM = Op("ssc_any_getitem", ANY, raises=True)
#: x["key"] and del x["key"] with a str constant: no code for other key types (ssc_any_getitem_str).
ANY_GETITEM_STR = Op("ssc_any_getitem_str", ANY, raises=True)
ANY_DELITEM_STR = Op("ssc_any_delitem_str", NONE, raises=True)
#: ``d.get(k, default)`` whose default is of a type the values are not (``params.get("n", 10)`` on a
#: dict[str, str]): an Any holding the value found or the default, as CPython's result is either.
DICT_GET_ANY = Op("dict_get_any", ANY, (Param("key", KEY), Param("default", ANY)))
#: x.get("key"[, default]) with a str constant key.
ANY_GET_STR = Op("ssc_any_m_get_str", ANY, (Param("key", ANY), Param("default", ANY, ABSENT)), raises=True)
#: An Any converted to a scalar type (the rest: ssc_any_unbox with the type's descriptor).
ANY_UNBOX_SCALAR = {INT: "ssc_any_as_int", FLOAT: "ssc_any_as_float", BOOL: "ssc_any_as_bool", STR: "ssc_any_as_str"}
ANY_GETSLICE = Op("ssc_any_getslice", ANY, _SLICE, raises=True)
ANY_SETITEM = Op("any_setitem", NONE, raises=True)
ANY_DELITEM = Op("ssc_any_delitem", NONE, raises=True)
#: str(x), repr(x) and an f-string field of an Any.
ANY_STR = Op("ssc_any_to_str", STR, raises=True)
ANY_REPR = Op("ssc_any_repr", STR, raises=True)
ANY_FORMAT = Op("any_format", STR, raises=True)
#: isinstance(x, classes) for an Any x: ssc_any_isinstance with the mask of
#: the classes' SSC_ANY_* tags (``constant``; bool is also an int).
ANY_ISINSTANCE_TAGS = {"None": 0, "bool": 1, "int": 2, "float": 3, "str": 4, "list": 5, "dict": 6}
ANY_ISINSTANCE = Op("any_isinstance", BOOL)
#: x.m(...) for a str method m: ssc_any_expect_str, then the str method (``inner``).
ANY_STR_METHOD = Op("any_str_method", RESULT, raises=True)

_ANY_KEY = Param("key", ANY)
_ANY_ITEM = Param("item", ANY)
#: Methods of dict and list on an Any receiver (dynamic.c ssc_any_m_*): each
#: checks the receiver's type at run time (AttributeError otherwise).
ANY_METHODS: dict[str, Op] = {
    "get": Op("ssc_any_m_get", ANY, (_ANY_KEY, Param("default", ANY, ABSENT)), raises=True),
    "setdefault": Op("ssc_any_m_setdefault", ANY, (_ANY_KEY, Param("default", ANY, ABSENT)), raises=True),
    "pop": Op("ssc_any_m_pop", ANY, (Param("index_or_key", ANY, ABSENT), Param("default", ANY, ABSENT)),
              raises=True),
    "popitem": Op("ssc_any_m_popitem", TupleType((ANY, ANY)), raises=True),
    "keys": Op("ssc_any_m_keys", ListType(ANY), raises=True),
    "values": Op("ssc_any_m_values", ListType(ANY), raises=True),
    "items": Op("ssc_any_m_items", ListType(TupleType((ANY, ANY))), raises=True),
    "update": Op("ssc_any_m_update", NONE, (Param("other", ANY),), raises=True),
    "append": Op("ssc_any_m_append", NONE, (_ANY_ITEM,), raises=True),
    "extend": Op("ssc_any_m_extend", NONE, (Param("iterable", ANY),), raises=True),
    "insert": Op("ssc_any_m_insert", NONE, (Param("index", INT), _ANY_ITEM), raises=True),
    "remove": Op("ssc_any_m_remove", NONE, (_ANY_ITEM,), raises=True),
    "reverse": Op("ssc_any_m_reverse", NONE, raises=True),
    "sort": Op("ssc_any_m_sort", NONE, (Param("reverse", BOOL, False, keyword=True),), raises=True),
    "copy": Op("ssc_any_m_copy", ANY, raises=True),
    "clear": Op("ssc_any_m_clear", NONE, raises=True),
    "index": Op("ssc_any_m_index", INT, (_ANY_ITEM,), raises=True),
    "count": Op("ssc_any_m_count", INT, (_ANY_ITEM,), raises=True),
}

#: The json module: json.loads by its argument's type, and json.dumps (its
#: keyword arguments: JSON_DUMPS_OPTIONS, in the order of ssc_json_opts).
JSON_LOADS = {STR: Op("ssc_json_loads_str", ANY, (Param("s", STR),), raises=True),
              BYTES: Op("ssc_json_loads_bytes", ANY, (Param("s", BYTES),), raises=True)}
JSON_DUMPS = Op("json_dumps", STR, raises=True)
JSON_DUMPS_OPTIONS = ("indent", "separators", "sort_keys", "ensure_ascii", "allow_nan")
#: json.dumps / json.loads arguments that ssc refuses, and why (docs/language.md).
JSON_REFUSED = {
    "cls": "custom encoder and decoder classes run arbitrary Python code",
    "default": "a default= function runs arbitrary Python code for values JSON cannot hold",
    "object_hook": "hooks run arbitrary Python code on each object",
    "object_pairs_hook": "hooks run arbitrary Python code on each object",
    "parse_float": "parse_* hooks run arbitrary Python code on each number",
    "parse_int": "parse_* hooks run arbitrary Python code on each number",
    "parse_constant": "parse_* hooks run arbitrary Python code on each number",
    "skipkeys": "skipkeys=True is not implemented",
    "check_circular": "circular references are always checked",
    "strict": "control characters in strings are always refused (strict=True)",
}
JSON_FUNCTIONS = ("loads", "dumps")
#: A JSON value returned as a record's key, as the host takes it (smartstream._as_key): None,
#: a str encoded as UTF-8, else "TypeError: a record key must be bytes or str, not int".
ANY_RECORD_KEY = Op("ssc_any_record_key", optional(BYTES), raises=True)
#: The attributes of a json.JSONDecodeError (``except json.JSONDecodeError as e: e.pos``),
#: read back from its message "msg: line L column C (char P)" (json.c).
JSON_ERROR_ATTRIBUTES = {"msg": Op("ssc_json_error_msg", STR),
                         **{name: Op(f"ssc_json_error_{name}", INT) for name in ("pos", "lineno", "colno")}}

#: Functions of importable modules that are plain rows: (module, name) -> an
#: Op (or a tuple of overloads) whose params the call's arguments match, as
#: a method's do, and whose impl is the runtime function (check/stdlib.py:
#: json.loads and json.dumps have checkers of their own). Adding a function
#: of a module is a row here, its C function, and a test case.
MODULE_FUNCTIONS: dict[tuple[str, str], Op | tuple[Op, ...]] = {}


# ---- math (guest/mathfn.c): CPython's mathmodule.c, its results and messages ------------------
def _math_rows() -> dict[tuple[str, str], Op | tuple[Op, ...]]:
    x, y, n, k = Param("x", FLOAT, real=True), Param("y", FLOAT, real=True), Param("n", INT), Param("k", INT)
    integral = {name: (Op("ssc_math_int_identity", INT, (Param("x", INT),)), Op(f"ssc_math_{name}", INT, (x,), raises=True))
                for name in ("floor", "ceil", "trunc")}
    rows: dict[str, Op | tuple[Op, ...]] = {
        **integral,
        "sqrt": Op("ssc_math_sqrt", FLOAT, (x,), raises=True),
        "log": (Op("ssc_math_log", FLOAT, (x,), raises=True), Op("ssc_math_log_base", FLOAT, (x, Param("base", FLOAT, real=True)),
                                                                 raises=True)),
        "log2": Op("ssc_math_log2", FLOAT, (x,), raises=True),
        "log10": Op("ssc_math_log10", FLOAT, (x,), raises=True),
        "exp": Op("ssc_math_exp", FLOAT, (x,), raises=True),
        "fabs": Op("ssc_math_fabs", FLOAT, (x,)),
        "copysign": Op("ssc_math_copysign", FLOAT, (x, y)),
        "isnan": Op("ssc_math_isnan", BOOL, (x,)),
        "isinf": Op("ssc_math_isinf", BOOL, (x,)),
        "isfinite": Op("ssc_math_isfinite", BOOL, (x,)),
        "isclose": Op("ssc_math_isclose", BOOL, (Param("a", FLOAT, real=True), Param("b", FLOAT, real=True),
                                                  Param("rel_tol", FLOAT, 1e-09, True, real=True),
                                                  Param("abs_tol", FLOAT, 0.0, True, real=True)), raises=True),
        "radians": Op("ssc_math_radians", FLOAT, (x,)),
        "degrees": Op("ssc_math_degrees", FLOAT, (x,)),
        "gcd": Op("ssc_math_gcd", INT, (Param("a", INT), Param("b", INT)), raises=True),
        "lcm": Op("ssc_math_lcm", INT, (Param("a", INT), Param("b", INT)), raises=True),
        "isqrt": Op("ssc_math_isqrt", INT, (n,), raises=True),
        "factorial": Op("ssc_math_factorial", INT, (n,), raises=True),
        "comb": Op("ssc_math_comb", INT, (n, k), raises=True),
        "perm": Op("ssc_math_perm", INT, (n, k), raises=True),
        "fsum": (Op("ssc_math_fsum_int", FLOAT, (Param("seq", ListType(INT)),), raises=True),
                 Op("ssc_math_fsum", FLOAT, (Param("seq", ListType(FLOAT)),), raises=True)),
    }
    return {("math", name): row for name, row in rows.items()}


MODULE_FUNCTIONS.update(_math_rows())
# ---- string (guest/stringmod.c): its constants, and capwords ----------------------------------
MODULE_FUNCTIONS[("string", "capwords")] = Op("ssc_string_capwords", STR, (Param("s", STR), Param("sep", optional(STR), None)),
                                              raises=True)
#: A module's constants (``math.pi``, ``string.digits``): (module, name) -> the operation that is its value.
MODULE_CONSTANTS: dict[tuple[str, str], Op] = {
    **{("math", name): Op("module_constant", FLOAT, constant=value)
       for name, value in (("pi", math.pi), ("e", math.e), ("tau", math.tau), ("inf", math.inf), ("nan", math.nan))},
    **{("string", name): Op("module_constant", STR, constant=value) for name, value in (
        ("ascii_letters", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        ("ascii_lowercase", "abcdefghijklmnopqrstuvwxyz"), ("ascii_uppercase", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        ("digits", "0123456789"), ("hexdigits", "0123456789abcdefABCDEF"), ("octdigits", "01234567"),
        ("punctuation", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
        ("printable", "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r\x0b\x0c"),
        ("whitespace", " \t\n\r\x0b\x0c"))},
}
# ---- base64, binascii, zlib.crc32 (guest/codecs.c) ----------------------------------------
# Each decoder takes bytes, or a str of ASCII characters (ValueError otherwise, as
# CPython's _bytes_from_decode_data): an overload of its own. Their errors are
# binascii.Error (CODEC_ERROR), a ValueError numbered per program.
#: binascii.Error, by its name in the program's exception table (LIBRARY_EXCEPTIONS).
CODEC_ERROR = "binascii.Error"


def _codec_rows() -> dict[tuple[str, str], Op | tuple[Op, ...]]:
    data = Param("s", BYTES)

    def decoder(impl: str, *params: Param) -> tuple[Op, ...]:
        return tuple(Op(impl + suffix, BYTES, (Param("s", t), *params), raises=True)
                     for t, suffix in ((BYTES, ""), (STR, "_str")))
    casefold = Param("casefold", BOOL, False, keyword=True)
    altchars = Param("altchars", optional(BYTES), None, keyword=True)
    hex_sep = (Param("bytes_per_sep", INT, 1, keyword=True),)
    hexlify = (Op("ssc_binascii_hexlify", BYTES, (Param("data", BYTES), Param("sep", optional(STR), None, keyword=True),
                                                  *hex_sep), raises=True),
               Op("ssc_binascii_hexlify_bytes_sep", BYTES, (Param("data", BYTES), Param("sep", BYTES, keyword=True),
                                                            *hex_sep), raises=True))
    unhexlify = decoder("ssc_binascii_unhexlify")
    crc32 = Op("ssc_crc32", INT, (Param("data", BYTES), Param("value", INT, 0)))
    return {
        ("base64", "b64encode"): Op("ssc_b64encode", BYTES, (data, altchars), raises=True),
        ("base64", "b64decode"): decoder("ssc_b64decode", altchars, Param("validate", BOOL, False, keyword=True)),
        ("base64", "standard_b64encode"): Op("ssc_b64encode_standard", BYTES, (data,), raises=True),
        ("base64", "standard_b64decode"): decoder("ssc_b64decode_standard"),
        ("base64", "urlsafe_b64encode"): Op("ssc_b64encode_urlsafe", BYTES, (data,), raises=True),
        ("base64", "urlsafe_b64decode"): decoder("ssc_b64decode_urlsafe"),
        ("base64", "b32encode"): Op("ssc_b32encode", BYTES, (data,), raises=True),
        ("base64", "b32decode"): decoder("ssc_b32decode", casefold, Param("map01", optional(BYTES), None,
                                                                           keyword=True)),
        ("base64", "b32hexencode"): Op("ssc_b32hexencode", BYTES, (data,), raises=True),
        ("base64", "b32hexdecode"): decoder("ssc_b32hexdecode", casefold),
        ("base64", "b16encode"): Op("ssc_b16encode", BYTES, (data,), raises=True),
        ("base64", "b16decode"): decoder("ssc_b16decode", casefold),
        ("binascii", "hexlify"): hexlify,
        ("binascii", "b2a_hex"): hexlify,
        ("binascii", "unhexlify"): unhexlify,
        ("binascii", "a2b_hex"): unhexlify,
        ("binascii", "crc32"): crc32,
        ("zlib", "crc32"): crc32,
    }


MODULE_FUNCTIONS.update(_codec_rows())


# ---- hashlib (check/hashes.py, guest/hashes.c) -----------------------------------------------
# A hash object is used where it is made: hashlib.sha256(data).hexdigest() (or .digest(),
# hashlib.new("sha256", data)) is one call of the algorithm's function.
#: The digest of each algorithm by (name, method): method "digest" gives bytes, "hexdigest" a str.
def _hash_rows() -> dict[tuple[str, str], Op]:
    rows: dict[tuple[str, str], Op] = {}
    data = Param("data", BYTES, b"")
    for name in ("md5", "sha1", "sha224", "sha256", "sha384", "sha512", "blake2b", "blake2s"):
        params: tuple[Param, ...] = (data,)
        if name.startswith("blake2"):
            params += (Param("digest_size", INT, 64 if name == "blake2b" else 32, keyword=True),
                       Param("key", BYTES, b"", keyword=True))
        for method, result in (("digest", BYTES), ("hexdigest", STR)):
            rows[(name, method)] = Op(f"ssc_{name}_{method}", result, params, raises=name.startswith("blake2"))
    return rows


HASH_DIGESTS = _hash_rows()


# ---- urllib.parse (guest/urls.c) -------------------------------------------------------------
#: urlsplit's and urlparse's results: named tuples of str, with properties of their netloc
#: (URL_PROPERTIES: ``url.hostname``, ``url.port``, ...).
URL_SPLIT_RESULT = ClassType("SplitResult", tuple((name, STR) for name in ("scheme", "netloc", "path", "query",
                                                                          "fragment")), "namedtuple")
URL_PARSE_RESULT = ClassType("ParseResult", tuple((name, STR) for name in ("scheme", "netloc", "path", "params",
                                                                          "query", "fragment")), "namedtuple")
URL_PROPERTIES = {(result.name, name): Op(f"ssc_url_{name}", optional(INT if name == "port" else STR),
                                          raises=name == "port")
                  for result in (URL_SPLIT_RESULT, URL_PARSE_RESULT)
                  for name in ("hostname", "port", "username", "password")}


def _url_rows() -> dict[tuple[str, str], Op | tuple[Op, ...]]:
    url_params = (Param("url", STR), Param("scheme", STR, "", keyword=True),
                  Param("allow_fragments", BOOL, True, keyword=True))
    qs_params = (Param("qs", STR), Param("keep_blank_values", BOOL, False, keyword=True),
                 Param("strict_parsing", BOOL, False, keyword=True), Param("separator", STR, "&", keyword=True))
    def quoting(impl: str, safe: str) -> tuple[Op, ...]:
        return tuple(Op(impl, STR, (Param("string", t), Param("safe", STR, safe, keyword=True)))
                     for t in (STR, BYTES))
    return {
        ("urllib.parse", "quote"): quoting("ssc_url_quote", "/"),
        ("urllib.parse", "quote_plus"): quoting("ssc_url_quote_plus", ""),
        ("urllib.parse", "unquote"): Op("ssc_url_unquote", STR, (Param("string", STR),), raises=True),
        ("urllib.parse", "unquote_plus"): Op("ssc_url_unquote_plus", STR, (Param("string", STR),), raises=True),
        ("urllib.parse", "urlsplit"): Op("ssc_urlsplit", URL_SPLIT_RESULT, url_params, raises=True),
        ("urllib.parse", "urlparse"): Op("ssc_urlparse", URL_PARSE_RESULT, url_params, raises=True),
        ("urllib.parse", "parse_qsl"): Op("ssc_parse_qsl", ListType(TupleType((STR, STR))), qs_params, raises=True),
        ("urllib.parse", "parse_qs"): Op("ssc_parse_qs", DictType(STR, ListType(STR)), qs_params, raises=True),
        ("urllib.parse", "urlencode"): Op("ssc_urlencode", STR, (Param("query", DictType(STR, STR)),
                                                                 Param("doseq", BOOL, False, keyword=True),
                                                                 Param("safe", STR, "", keyword=True))),
    }


MODULE_FUNCTIONS.update(_url_rows())
# ---- unicodedata (guest/unicodedata.c): the target's Unicode database --------------------
def _unicodedata_rows() -> dict[tuple[str, str], Op | tuple[Op, ...]]:
    ch = Param("chr", STR)
    rows: dict[str, Op | tuple[Op, ...]] = {
        "category": Op("ssc_ud_category", STR, (ch,), raises=True),
        "combining": Op("ssc_ud_combining", INT, (ch,), raises=True),
        "name": (Op("ssc_ud_name", STR, (ch,), raises=True),
                 Op("ssc_ud_name_default", STR, (ch, Param("default", STR)), raises=True)),
        "normalize": Op("ssc_ud_normalize", STR, (Param("form", STR), Param("unistr", STR)), raises=True),
        "is_normalized": Op("ssc_ud_is_normalized", BOOL, (Param("form", STR), Param("unistr", STR)), raises=True),
        "numeric": (Op("ssc_ud_numeric", FLOAT, (ch,), raises=True),
                    Op("ssc_ud_numeric_default", FLOAT, (ch, Param("default", FLOAT)), raises=True)),
        "digit": (Op("ssc_ud_digit", INT, (ch,), raises=True),
                  Op("ssc_ud_digit_default", INT, (ch, Param("default", INT)), raises=True)),
        "decimal": (Op("ssc_ud_decimal", INT, (ch,), raises=True),
                    Op("ssc_ud_decimal_default", INT, (ch, Param("default", INT)), raises=True)),
    }
    return {("unicodedata", name): row for name, row in rows.items()}


MODULE_FUNCTIONS.update(_unicodedata_rows())


# ---- re: regular expressions (compiler/regex, check/regex.py, guest/re.c) -----------------
# A pattern known at compile time is compiled by CPython's re there (a bad
# one is a compile error), and the module holds its program; the checker
# records it as the ``constant`` of RE_COMPILE and of RE_FUNCTION (a call of
# re.search(P, s) and the other functions of the module: the pattern, then
# the Pattern method ``inner`` with the other arguments). Pattern and Match
# methods are rows by (str or bytes, name); their results depend on the
# pattern (a group that takes part in every match is a str, else str | None),
# which the checker decides from the pattern when it knows it.
#: sys.maxsize: the default endpos.
RE_MAXSIZE = 2**63 - 1
RE_COMPILE = Op("re_compile", RESULT)
#: re.compile(p, flags) of a str (bytes) known only at run time: guest/re_compile.c parses and
#: compiles it, raising re.error with CPython's message; linked only by programs that use it.
RE_COMPILE_RUNTIME = {t: Op(f"ssc_re_compile_{t}", PatternType(t), (Param("pattern", t), Param("flags", INT, 0)),
                            raises=True) for t in (STR, BYTES)}
RE_FUNCTION = Op("re_function", RESULT, raises=True)
#: re.IGNORECASE and the other flags (``constant``: the flag's value).
RE_FLAG = Op("re_flag", INT)
#: An attribute of a pattern known at compile time (``constant``: its value): p.pattern, p.flags, p.groups.
RE_CONSTANT = Op("re_constant", RESULT)
#: m.group("name"), m.start("name"), ...: the group's number (ssc_re_m_index), then ``inner``.
RE_BY_NAME = Op("re_by_name", RESULT, (Param("group", STR),), raises=True)
RE_GROUP_INDEX = Op("ssc_re_m_index", INT, (Param("name", STR),), raises=True)
#: p.sub(repl, s) and p.subn(repl, s) with a function of the match as repl (``constant``:
#: the function's name), whose calls the lowering makes in a loop over the matches. (With a
#: template, known at compile time: the "re_sub" row, ``constant`` its pieces.)
RE_SUB_FUNCTION = Op("re_sub_function", RESULT, raises=True)
RE_ESCAPE = {STR: Op("ssc_re_escape_str", STR, (Param("pattern", STR),)),
             BYTES: Op("ssc_re_escape_bytes", BYTES, (Param("pattern", BYTES),))}


def _re_rows() -> tuple[dict[tuple[Type, str], Op], dict[tuple[Type, str], Op], dict[tuple[Type, str], Op]]:
    """The rows of Pattern methods, Match methods and Match attributes, by (text type, name)."""
    pattern_rows: dict[tuple[Type, str], Op] = {}
    match_rows: dict[tuple[Type, str], Op] = {}
    attributes: dict[tuple[Type, str], Op] = {}
    for t in (STR, BYTES):
        string = Param("string", t, keyword=True)
        span = (Param("pos", INT, 0, keyword=True), Param("endpos", INT, RE_MAXSIZE, keyword=True))
        for name in ("match", "fullmatch", "search"):
            pattern_rows[(t, name)] = Op(f"ssc_re_p_{name}", optional(MatchType(t)), (string, *span), raises=True)
        pattern_rows[(t, "findall")] = Op("re_findall", ListType(t), (string, *span), raises=True)
        pattern_rows[(t, "finditer")] = Op("re_finditer", MatchType(t), (string, *span), raises=True)
        pattern_rows[(t, "split")] = Op("re_split", ListType(t), (string, Param("maxsplit", INT, 0, keyword=True)),
                                        raises=True)
        for name in ("sub", "subn"):
            result = t if name == "sub" else TupleType((t, INT))
            pattern_rows[(t, name)] = Op("re_sub", result, (Param("repl", t, keyword=True), string,
                                                            Param("count", INT, 0, keyword=True)), raises=True)
        group = Param("group", INT, 0)
        match_rows[(t, "group")] = Op("ssc_re_m_group", optional(t), (group,), raises=True)
        match_rows[(t, "start")] = Op("ssc_re_m_start", INT, (group,), raises=True)
        match_rows[(t, "end")] = Op("ssc_re_m_end", INT, (group,), raises=True)
        match_rows[(t, "span")] = Op("ssc_re_m_span", TupleType((INT, INT)), (group,), raises=True)
        match_rows[(t, "groups")] = Op("re_groups", RESULT, (Param("default", optional(t), None, keyword=True),),
                                       raises=True)
        match_rows[(t, "groupdict")] = Op("re_groupdict", RESULT, (Param("default", optional(t), None,
                                                                         keyword=True),), raises=True)
        match_rows[(t, "expand")] = Op("re_expand", t, (Param("template", t),))
        attributes[(t, "lastindex")] = Op("ssc_re_m_lastindex", optional(INT))
        attributes[(t, "lastgroup")] = Op("ssc_re_m_lastgroup", optional(STR))
        attributes[(t, "string")] = Op("ssc_re_m_string", t)
        attributes[(t, "pos")] = Op("ssc_re_m_pos", INT)
        attributes[(t, "endpos")] = Op("ssc_re_m_endpos", INT)
        attributes[(t, "re")] = Op("ssc_re_m_re", PatternType(t))
    return pattern_rows, match_rows, attributes


RE_PATTERN_METHODS, RE_MATCH_METHODS, RE_MATCH_ATTRIBUTES = _re_rows()
#: p.pattern, p.flags and p.groups of a pattern made at run time (else constants: RE_CONSTANT).
RE_PATTERN_ATTRIBUTES = {**{(t, "pattern"): Op("ssc_re_p_pattern", t) for t in (STR, BYTES)},
                         **{(t, "flags"): Op("ssc_re_p_flags", INT) for t in (STR, BYTES)},
                         **{(t, "groups"): Op("ssc_re_p_groups", INT) for t in (STR, BYTES)}}
#: m.group(g) of a group that takes part in every match: its text (never None).
RE_GROUP_TEXT = {t: Op("ssc_re_m_group_text", t, (Param("group", INT, 0),), raises=True) for t in (STR, BYTES)}


# ---- datetime and time (check/stdlib_datetime.py, guest/datetime.c) ------------------------
# The datetime module's values are records of ints (ClassTypes of kind "datetime", laid out
# as tuples), so that equality, hashing and state moving are the runtime's generic ones; what
# needs the calendar is a runtime row. A timezone is its UTC offset in microseconds (no
# names: ssc has no local time zone and no tz database).
from .types import ClassType as _ClassType, OptionalType as _OptionalType, TupleType as _TupleType  # noqa: E402

TIMEDELTA = _ClassType("datetime.timedelta", (("days", INT), ("seconds", INT), ("microseconds", INT)), "datetime")
TIMEZONE = _ClassType("datetime.timezone", (("_offset", INT),), "datetime")
DATE = _ClassType("datetime.date", (("year", INT), ("month", INT), ("day", INT)), "datetime")
TIME = _ClassType("datetime.time", (("hour", INT), ("minute", INT), ("second", INT), ("microsecond", INT),
                                    ("tzinfo", _OptionalType(TIMEZONE))), "datetime")
DATETIME = _ClassType("datetime.datetime", (("year", INT), ("month", INT), ("day", INT), ("hour", INT), ("minute", INT),
                                            ("second", INT), ("microsecond", INT), ("tzinfo", _OptionalType(TIMEZONE))),
                      "datetime")
STRUCT_TIME = _ClassType("time.struct_time", tuple((name, INT) for name in (
    "tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst")), "datetime")
#: The classes of the datetime module by name (each has a truth value: a timedelta is false when
#: zero, the others are always true, as in CPython since 3.5).
DATETIME_CLASSES = {"timedelta": TIMEDELTA, "timezone": TIMEZONE, "date": DATE, "time": TIME, "datetime": DATETIME}
_TZ = _OptionalType(TIMEZONE)
#: The constructor of each class, and its class methods: (class, name) -> Op.
DATETIME_CALLS: dict[tuple[str, str], Op | tuple[Op, ...]] = {
    ("timedelta", "__new__"): Op("ssc_timedelta_new", TIMEDELTA, tuple(
        Param(name, INT, 0, keyword=True) for name in ("days", "seconds", "microseconds", "milliseconds", "minutes",
                                                        "hours", "weeks")), raises=True),
    ("timezone", "__new__"): Op("ssc_timezone_new", TIMEZONE, (Param("offset", TIMEDELTA, keyword=True),), raises=True),
    ("date", "__new__"): Op("ssc_date_new", DATE, tuple(Param(name, INT, keyword=True) for name in ("year", "month", "day")),
                            raises=True),
    ("time", "__new__"): Op("ssc_time_new", TIME, (*(Param(name, INT, 0, keyword=True) for name in
                                                     ("hour", "minute", "second", "microsecond")),
                                                   Param("tzinfo", _TZ, None, keyword=True)), raises=True),
    ("datetime", "__new__"): Op("ssc_datetime_new", DATETIME, (
        *(Param(name, INT, keyword=True) for name in ("year", "month", "day")),
        *(Param(name, INT, 0, keyword=True) for name in ("hour", "minute", "second", "microsecond")),
        Param("tzinfo", _TZ, None, keyword=True)), raises=True),
    ("datetime", "fromtimestamp"): (
        Op("ssc_datetime_fromtimestamp_int", DATETIME, (Param("timestamp", INT), Param("tz", TIMEZONE, keyword=True)),
           raises=True),
        Op("ssc_datetime_fromtimestamp", DATETIME, (Param("timestamp", FLOAT), Param("tz", TIMEZONE, keyword=True)),
           raises=True)),
    ("datetime", "utcfromtimestamp"): (
        Op("ssc_datetime_utcfromtimestamp_int", DATETIME, (Param("timestamp", INT),), raises=True),
        Op("ssc_datetime_utcfromtimestamp", DATETIME, (Param("timestamp", FLOAT),), raises=True)),
    ("datetime", "fromisoformat"): Op("ssc_datetime_fromisoformat", DATETIME, (Param("date_string", STR),), raises=True),
    ("date", "fromisoformat"): Op("ssc_date_fromisoformat", DATE, (Param("date_string", STR),), raises=True),
    ("datetime", "strptime"): Op("ssc_datetime_strptime", DATETIME, (Param("date_string", STR), Param("format", STR)),
                                 raises=True),
    ("datetime", "combine"): Op("ssc_datetime_combine", DATETIME, (Param("date", DATE), Param("time", TIME)),
                                raises=True),
}
_DATE_METHODS = {
    "weekday": Op("ssc_date_weekday", INT), "isoweekday": Op("ssc_date_isoweekday", INT),
    "toordinal": Op("ssc_date_toordinal", INT), "isocalendar": Op("ssc_date_isocalendar", _TupleType((INT, INT, INT))),
}
#: The methods of each class's instances: (class, name) -> Op; ``__str__`` and ``__repr__``
#: are their text (the checker makes str(x) and f"{x}" calls of them).
DATETIME_METHODS: dict[tuple[str, str], Op] = {
    ("timedelta", "total_seconds"): Op("ssc_timedelta_total_seconds", FLOAT),
    ("timedelta", "__str__"): Op("ssc_timedelta_str", STR),
    ("timedelta", "__repr__"): Op("ssc_timedelta_repr", STR),
    ("timezone", "__str__"): Op("ssc_timezone_str", STR),
    ("timezone", "__repr__"): Op("ssc_timezone_repr", STR),
    ("timezone", "tzname"): Op("ssc_timezone_str", STR, (Param("dt", NONE),)),
    ("timezone", "utcoffset"): Op("ssc_timezone_utcoffset", TIMEDELTA, (Param("dt", NONE),)),
    **{("date", name): op for name, op in _DATE_METHODS.items()},
    ("date", "isoformat"): Op("ssc_date_isoformat", STR),
    ("date", "__str__"): Op("ssc_date_isoformat", STR),
    ("date", "__repr__"): Op("ssc_date_repr", STR),
    ("date", "strftime"): Op("ssc_date_strftime", STR, (Param("format", STR),)),
    ("time", "isoformat"): Op("ssc_time_isoformat", STR, (Param("timespec", STR, "auto", keyword=True),), raises=True),
    ("time", "__str__"): Op("ssc_time_str", STR),
    ("time", "__repr__"): Op("ssc_time_repr", STR),
    ("time", "strftime"): Op("ssc_time_strftime", STR, (Param("format", STR),)),
    **{("datetime", name): op for name, op in _DATE_METHODS.items()},
    ("datetime", "isoformat"): Op("ssc_datetime_isoformat", STR, (Param("sep", STR, "T", keyword=True),
                                                                  Param("timespec", STR, "auto", keyword=True)),
                                  raises=True),
    ("datetime", "__str__"): Op("ssc_datetime_str", STR),
    ("datetime", "__repr__"): Op("ssc_datetime_repr", STR),
    ("datetime", "strftime"): Op("ssc_datetime_strftime", STR, (Param("format", STR),)),
    ("datetime", "date"): Op("ssc_datetime_date", DATE),
    ("datetime", "time"): Op("ssc_datetime_time", TIME),
    ("datetime", "timestamp"): Op("ssc_datetime_timestamp", FLOAT, raises=True),
    ("datetime", "utcoffset"): Op("ssc_datetime_utcoffset", _OptionalType(TIMEDELTA), raises=True),
    ("datetime", "astimezone"): Op("ssc_datetime_astimezone", DATETIME, (Param("tz", TIMEZONE),), raises=True),
    ("datetime", "replace"): Op("ssc_datetime_replace", DATETIME, (
        *(Param(name, INT, keyword=True) for name in ("year", "month", "day", "hour", "minute", "second",
                                                      "microsecond")),
        Param("tzinfo", _TZ, None, keyword=True), Param("keep_tzinfo", BOOL)), raises=True),
    ("struct_time", "__repr__"): Op("ssc_struct_time_repr", STR),
    ("struct_time", "__str__"): Op("ssc_struct_time_repr", STR),
}
#: datetime.replace()'s value for a field not given (the receiver's is kept).
DATETIME_KEEP = -(2**62)
#: timezone.utc
TIMEZONE_UTC = Op("ssc_timezone_utc", TIMEZONE)
BINARY.update({
    ("-", DATETIME, DATETIME): Op("ssc_datetime_sub", TIMEDELTA, raises=True),
    ("+", DATETIME, TIMEDELTA): Op("ssc_datetime_add", DATETIME, raises=True),
    ("+", TIMEDELTA, DATETIME): Op("ssc_datetime_radd", DATETIME, raises=True),
    ("-", DATETIME, TIMEDELTA): Op("ssc_datetime_sub_delta", DATETIME, raises=True),
    ("-", DATE, DATE): Op("ssc_date_sub", TIMEDELTA, raises=True),
    ("+", DATE, TIMEDELTA): Op("ssc_date_add", DATE, raises=True),
    ("-", DATE, TIMEDELTA): Op("ssc_date_sub_delta", DATE, raises=True),
    ("+", TIMEDELTA, TIMEDELTA): Op("ssc_timedelta_add", TIMEDELTA, raises=True),
    ("-", TIMEDELTA, TIMEDELTA): Op("ssc_timedelta_sub", TIMEDELTA, raises=True),
    ("*", TIMEDELTA, INT): Op("ssc_timedelta_mul", TIMEDELTA, raises=True),
    ("*", INT, TIMEDELTA): Op("ssc_timedelta_rmul", TIMEDELTA, raises=True),
    ("//", TIMEDELTA, INT): Op("ssc_timedelta_floordiv_int", TIMEDELTA, raises=True),
    ("//", TIMEDELTA, TIMEDELTA): Op("ssc_timedelta_floordiv", INT, raises=True),
    ("/", TIMEDELTA, TIMEDELTA): Op("ssc_timedelta_truediv", FLOAT, raises=True),
})
COMPARE.update({(op, DATETIME, DATETIME): Op(f"ssc_datetime_{name}", BOOL, raises=True) for op, name in (
    ("==", "eq"), ("!=", "ne"), ("<", "lt"), ("<=", "le"), (">", "gt"), (">=", "ge"))})
UNARY.update({("-", TIMEDELTA): Op("ssc_timedelta_neg", TIMEDELTA, raises=True),
              ("+", TIMEDELTA): Op("identity", TIMEDELTA)})
#: Builtins of the datetime values: abs(delta).
DATETIME_BUILTINS: dict[tuple[str, tuple[Type, ...]], Op] = {("abs", (TIMEDELTA,)): Op("ssc_timedelta_abs", TIMEDELTA,
                                                                                       raises=True)}
BUILTIN_TABLES = (*BUILTIN_TABLES, DATETIME_BUILTINS)
MODULE_FUNCTIONS[("time", "gmtime")] = (Op("ssc_time_gmtime", STRUCT_TIME, (Param("seconds", INT),), raises=True),
                                        Op("ssc_time_gmtime_float", STRUCT_TIME, (Param("seconds", FLOAT),), raises=True))
MODULE_FUNCTIONS[("time", "strftime")] = Op("ssc_time_strftime_struct", STR, (Param("format", STR),
                                                                              Param("t", STRUCT_TIME)), raises=True)

# ---- the registry's view ----------------------------------------------------------


def operations() -> Iterator[Op]:
    """Every operation this module defines, in its tables and constants (a test checks that
    the lowering has exactly one emitter for each: lower/registry.py)."""
    def walk(value: object) -> Iterator[Op]:
        if isinstance(value, Op):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, tuple):
            for item in value:
                yield from walk(item)
    for name, value in list(globals().items()):
        if name.isupper():
            yield from walk(value)


#: The type a table keys a runtime row's receiver (or argument) by, from its family name.
_FAMILY_TYPES: dict[str, Type] = {"int": INT, "float": FLOAT, "bool": BOOL, "str": STR, "bytes": BYTES, "Any": ANY,
                                  "list": ListType(ELEM), "dict": DictType(KEY, VALUE), "set": SetType(ELEM),
                                  "vartuple": VarTupleType(ELEM)}


def _rows(ops: Op | tuple[Op, ...], operands: tuple[Type, ...]) -> Iterator[tuple[Op, tuple[Type, ...]]]:
    for op in ops if isinstance(ops, tuple) else (ops,):
        if op.runtime:
            yield op, operands


def runtime_rows() -> Iterator[tuple[Op, tuple[Type, ...]]]:
    """Every runtime row (an Op whose impl is a guest function), with the types of what the
    lowering passes before its params: an operator's operands, a builtin's arguments, a
    method's receiver. With the params and the result they make the guest function's C
    prototype (guestlib, by lower/reprs.py's flattening), which the C compiler holds the
    function's definition to."""
    for (_, left, right), op in BINARY.items():
        yield from _rows(op, (left, right))
    for op in (*SET_OPERATORS.values(), *SET_INPLACE.values()):
        yield from _rows(op, (SetType(ELEM), SetType(ELEM)))
    yield from _rows(LIST_INPLACE["+"], (ListType(ELEM), ListType(ELEM)))
    yield from _rows(LIST_INPLACE["*"], (ListType(ELEM), INT))
    for op in (DICT_OR, DICT_IOR):
        yield from _rows(op, (DictType(KEY, VALUE), DictType(KEY, VALUE)))
    yield from _rows(INT_POW_NEGATIVE, (INT, INT))
    for (_, families), op in BUILTIN_CALLS.items():
        if op.runtime:
            yield op, tuple(_FAMILY_TYPES[f] for f in families)
    for (_, types), op in TEXT_BUILTINS.items():
        yield from _rows(op, types)
    for (receiver, _), ops in (*TEXT_METHODS.items(), *METHODS.items()):
        yield from _rows(ops, (receiver,))  # type: ignore[arg-type]
    for (family_name, _), ops in CONTAINER_METHODS.items():
        yield from _rows(ops, (_FAMILY_TYPES[family_name],))
    for family_name, op in SLICES.items():
        yield from _rows(op, (_FAMILY_TYPES[family_name],))
    yield from _rows(DICT_COPY, (DictType(KEY, VALUE),))
    for op in ODICT_METHODS.values():
        yield from _rows(op, (DictType(KEY, VALUE),))
    yield from _rows(COUNTER_EQ, (DictType(KEY, VALUE), DictType(KEY, VALUE)))
    for op in (*DEQUE_METHODS.values(), DEQUE_GET):
        yield from _rows(op, (ListType(ELEM),))
    yield from _rows(SET_ADD_ANY, (SetType(ANY),))
    for op in (ANY_GETITEM, ANY_GETITEM_STR, ANY_DELITEM, ANY_DELITEM_STR):
        yield from _rows(op, (ANY, ANY))
    for op in (ANY_GETSLICE, ANY_GET_STR, ANY_STR, ANY_REPR, ANY_TO_DICT, *ANY_METHODS.values(), ANY_CLASS):
        yield from _rows(op, (ANY,))
    yield from _library_rows()


def _library_rows() -> Iterator[tuple[Op, tuple[Type, ...]]]:
    """runtime_rows's rows of the library modules: re's objects, urllib.parse's results,
    datetime's and time's, the modules' functions."""
    for (text, _), op in (*RE_PATTERN_METHODS.items(), *RE_PATTERN_ATTRIBUTES.items()):
        yield from _rows(op, (PatternType(text),))
    for (text, _), op in (*RE_MATCH_METHODS.items(), *RE_MATCH_ATTRIBUTES.items()):
        yield from _rows(op, (MatchType(text),))
    for (name, _), op in URL_PROPERTIES.items():
        yield from _rows(op, (URL_SPLIT_RESULT if name == URL_SPLIT_RESULT.name else URL_PARSE_RESULT,))
    for text, op in RE_GROUP_TEXT.items():
        yield from _rows(op, (MatchType(text),))
    yield from _rows(RE_GROUP_INDEX, (MatchType(STR),))
    for op in JSON_ERROR_ATTRIBUTES.values():
        yield from _rows(op, (EXCEPTION,))
    yield from _rows(ANY_RECORD_KEY, (ANY,))
    for (_, types), op in DATETIME_BUILTINS.items():
        yield from _rows(op, types)
    for ops in (*DATETIME_CALLS.values(), TIMEZONE_UTC):
        yield from _rows(ops, ())
    for (_, left, right), op in COMPARE.items():
        yield from _rows(op, (left, right))
    for (_, operand), op in UNARY.items():
        yield from _rows(op, (operand,))
    for (owner, _), op in DATETIME_METHODS.items():
        yield from _rows(op, (STRUCT_TIME if owner == "struct_time" else DATETIME_CLASSES[owner],))
    for op in (*JSON_LOADS.values(), *RE_ESCAPE.values(), *HASH_DIGESTS.values(), *RE_COMPILE_RUNTIME.values(),
               *(row for ops in MODULE_FUNCTIONS.values()
                                       for row in (ops if isinstance(ops, tuple) else (ops,)))):
        yield from _rows(op, ())


def runtime_functions() -> frozenset[str]:
    """The guest functions of the runtime rows."""
    return frozenset(op.impl for op, _ in runtime_rows())


# ---- builtin classes as values (check/class_values.py) ----------------------------------------
#: A builtin class as a value is an int at run time: the mask of Any tags (ANY_ISINSTANCE_TAGS)
#: that isinstance accepts for it (int's holds bool's, as bool is an int), with a bit of its own
#: for the classes no JSON value has. ``type(x)`` of a value is the mask of its own class.
CLASS_MASKS = {"bool": 1 << 1, "int": 1 << 2 | 1 << 1, "float": 1 << 3, "str": 1 << 4, "list": 1 << 5,
               "dict": 1 << 6, "bytes": 1 << 7, "set": 1 << 8, "tuple": 1 << 9}
#: Each class's ``__name__`` by its mask (``type(None)`` is the None tag's bit).
CLASS_NAMES = tuple((mask, name) for name, mask in CLASS_MASKS.items()) + ((1 << 0, "NoneType"),)
#: ``int`` as a value (``constant``: its mask).
CLASS_VALUE = Op("class_value", CLASS)
#: ``isinstance(x, t)`` of a class value t: of an Any, its tag's bit in t's mask.
ANY_ISINSTANCE_CLASS = Op("any_isinstance_class", BOOL)
#: ``isinstance(x, t)`` of a value of a known class (``constant``: the mask of its class's bit).
ISINSTANCE_CLASS = Op("isinstance_class", BOOL)
#: ``type(x)`` of an Any: the mask of its class (dynamic.c).
ANY_CLASS = Op("ssc_any_class", CLASS)

