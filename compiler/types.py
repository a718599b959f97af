"""The types of SmartStream Python.

Values are immutable type descriptors compared by value:

    >>> OptionalType(BYTES) == OptionalType(BYTES)
    True
    >>> str(TupleType((OptionalType(BYTES), STR)))
    'tuple[bytes | None, str]'
"""

from __future__ import annotations

from typing import Union

from .records import record


@record()
class PrimType:
    """``int``, ``float``, ``bool``, ``str``, ``bytes``, ``None`` and ``Record``.

    Also the placeholders ``T``, ``K`` and ``V`` that generic method
    signatures in ``semantics`` use for a container's element, key and
    value types (see ``substitute``).
    """

    name: str

    def __str__(self) -> str:
        return self.name


@record()
class OptionalType:
    """``T | None``."""

    inner: Type

    def __str__(self) -> str:
        return f"{self.inner} | None"


@record()
class TupleType:
    """``tuple[A, B, ...]`` of fixed length."""

    items: tuple[Type, ...]

    def __str__(self) -> str:
        return f"tuple[{', '.join(str(t) for t in self.items)}]"


@record()
class VarTupleType:
    """``tuple[T, ...]``: a tuple of any length whose items have one type (``*args: str``, a
    table of tuples of different lengths). Laid out as a list, which it never changes."""

    elem: Type

    def __str__(self) -> str:
        return f"tuple[{self.elem}, ...]"


@record()
class ListType:
    """``list[T]``; ``kind`` "deque": a ``collections.deque`` (check/stdlib_collections.py), laid
    out as a list, its ``maxlen`` an int known at compile time or None."""

    elem: Type
    kind: str = ""
    maxlen: int | None = None

    def __str__(self) -> str:
        return f"{self.kind or 'list'}[{self.elem}]"


@record()
class DictType:
    """``dict[K, V]``; keys are str, bytes or int (insertion-ordered). ``kind`` names a dict
    subclass of ``collections`` (check/collections.py), laid out as a dict: "defaultdict"
    (``factory``: its default factory's name, "int", "list", ..., or a lambda's body),
    "Counter" (V is int) or "OrderedDict"; "" for a plain dict."""

    key: Type
    value: Type
    kind: str = ""
    factory: object = None

    def __str__(self) -> str:
        if self.kind == "Counter":
            return f"Counter[{self.key}]"
        return f"{self.kind or 'dict'}[{self.key}, {self.value}]"

    @property
    def plain(self) -> DictType:
        """The plain dict of its keys and values (what its generic operations see)."""
        return DictType(self.key, self.value)


@record()
class SetType:
    """``set[T]``."""

    elem: Type

    def __str__(self) -> str:
        return f"set[{self.elem}]"


@record()
class PatternType:
    """``re.Pattern[str]`` (or ``[bytes]``): a compiled regular expression. ``regex`` is the
    pattern compiled at compile time (a ``compiler.regex.Regex``) when it is known there,
    which lets the checker type its matches' groups; None for one made at run time."""

    text: Type
    regex: object = None

    def __str__(self) -> str:
        return f"re.Pattern[{self.text}]"


@record()
class MatchType:
    """``re.Match[str]`` (or ``[bytes]``): a match of a pattern (``regex`` as PatternType's)."""

    text: Type
    regex: object = None

    def __str__(self) -> str:
        return f"re.Match[{self.text}]"


@record()
class ClassType:
    """An instance of a program's class: a record class, ``@dataclass`` or ``typing.NamedTuple``
    (check/classes.py), whose fields are laid out as a tuple's items; an instance is a value
    (no field is ever assigned after it is made), so it is copied as a tuple is. Or a plain
    class (check/objects.py, kind "object"): an instance is an object on the heap, its
    attributes (``fields``) assigned in place, shared by every name for it. ``kind`` is
    "dataclass", "namedtuple" or "object"; ``frozen`` and ``ordered`` as the class declares (a
    named tuple is both, a plain class neither)."""

    name: str
    fields: tuple[tuple[str, Type], ...]
    kind: str
    frozen: bool = True
    ordered: bool = True

    def __str__(self) -> str:
        return self.name

    @property
    def as_tuple(self) -> TupleType:
        """The tuple of its fields' types (its memory layout)."""
        return TupleType(tuple(ty for _, ty in self.fields))

    def field(self, name: str) -> int | None:
        """The index of field ``name``, or None."""
        return next((i for i, (field, _) in enumerate(self.fields) if field == name), None)


@record()
class EnumType:
    """A member of a program's ``enum.Enum`` (or ``IntEnum``) class: ``members`` are each
    member's name and value (a constant), in definition order. A member is an int at run
    time: its value for an IntEnum (which is an int), else its index (``key``)."""

    name: str
    members: tuple[tuple[str, object], ...]
    int_enum: bool = False

    def __str__(self) -> str:
        return self.name

    def key(self, index: int) -> int:
        """The run-time int of member ``index``."""
        return self.members[index][1] if self.int_enum else index  # type: ignore[return-value]


Type = Union[PrimType, OptionalType, TupleType, ListType, DictType, SetType, PatternType, MatchType, ClassType,
             EnumType, VarTupleType]

INT = PrimType("int")
FLOAT = PrimType("float")
BOOL = PrimType("bool")
STR = PrimType("str")
BYTES = PrimType("bytes")
NONE = PrimType("None")
RECORD = PrimType("Record")
#: A caught exception (``except ValueError as e``): its class and message.
EXCEPTION = PrimType("Exception")
#: A dynamically typed value, what ``json.loads`` returns: None, bool, int,
#: float, str, list or dict, decided at run time (``typing.Any``).
ANY = PrimType("Any")

#: A builtin class as a value (``SCHEMA = {"id": int}``, ``type(x)``): its isinstance mask at
#: run time (check/class_values.py).
CLASS = PrimType("type")

#: Placeholders in generic signatures: a container's element, key, value.
ELEM = PrimType("T")
KEY = PrimType("K")
VALUE = PrimType("V")
#: The result of an operation whose type the checker works out from its
#: operands (a tuple concatenation's, a called function's).
RESULT = PrimType("R")

#: Names that denote a type in an annotation.
TYPE_NAMES: dict[str, Type] = {"int": INT, "float": FLOAT, "bool": BOOL, "str": STR, "bytes": BYTES, "Record": RECORD}


def optional(ty: Type) -> Type:
    """``T | None``, flattening: optional(None) is None, optional(T | None) is T | None."""
    if ty == NONE or isinstance(ty, OptionalType):
        return ty
    return OptionalType(ty)


def substitute(ty: Type, mapping: dict[Type, Type]) -> Type:
    """Replace the placeholders in ``ty``: substitute(ListType(ELEM), {ELEM: STR}) is list[str]."""
    match ty:
        case PrimType():
            return mapping.get(ty, ty)
        case OptionalType(inner=inner):
            return optional(substitute(inner, mapping))
        case TupleType(items=items):
            return TupleType(tuple(substitute(t, mapping) for t in items))
        case ListType(elem=elem, kind=kind, maxlen=maxlen):
            return ListType(substitute(elem, mapping), kind, maxlen)
        case VarTupleType(elem=elem):
            return VarTupleType(substitute(elem, mapping))
        case SetType(elem=elem):
            return SetType(substitute(elem, mapping))
        case DictType(key=key, value=value, kind=kind, factory=factory):
            return DictType(substitute(key, mapping), substitute(value, mapping), kind, factory)
        case PatternType() | MatchType() | ClassType() | EnumType():
            return ty
    raise AssertionError(ty)


def family(ty: Type) -> str:
    """The constructor name of a type, which keys the generic tables: 'list', 'Optional', 'int'."""
    match ty:
        case PrimType(name=name):
            return name
        case OptionalType():
            return "Optional"
        case TupleType():
            return "tuple"
        case VarTupleType():
            return "vartuple"
        case ListType():
            return "list"
        case DictType():
            return "dict"
        case SetType():
            return "set"
        case PatternType():
            return "Pattern"
        case MatchType():
            return "Match"
        case ClassType(kind="object"):
            return "object"
        case ClassType():
            return "class"
        case EnumType():
            return "enum"
    raise AssertionError(ty)


def bindings(ty: Type) -> dict[Type, Type]:
    """The placeholder values of a container type: list[int] -> {T: int}."""
    match ty:
        case ListType(elem=elem) | SetType(elem=elem) | VarTupleType(elem=elem):
            return {ELEM: elem}
        case DictType(key=key, value=value):
            return {KEY: key, VALUE: value, ELEM: key}
        case PatternType(text=text) | MatchType(text=text):
            return {ELEM: text}
    return {}


def tuple_view(ty: Type) -> Type:
    """A named tuple's instance as the tuple it is (indexed, sliced, unpacked, iterated); any
    other type as it is. Both have one memory layout, so the value needs no conversion."""
    if isinstance(ty, ClassType) and ty.kind == "namedtuple":
        return ty.as_tuple
    return ty


def erased(ty: Type) -> Type:
    """A pattern or match type without its compile-time pattern (what values of any
    pattern share): ``re.Pattern[str]`` for every str pattern."""
    match ty:
        case PatternType(text=text):
            return PatternType(text)
        case MatchType(text=text):
            return MatchType(text)
        case OptionalType(inner=inner):
            return optional(erased(inner))
    return ty


def is_hashable(ty: Type) -> bool:
    """Whether values of ``ty`` can be dict keys or set elements (an Any is checked at run time)."""
    match ty:
        case PrimType(name=name):
            return name in ("int", "float", "bool", "str", "bytes", "None", "Any")
        case TupleType(items=items):
            return all(is_hashable(t) for t in items)
        case VarTupleType(elem=elem):
            return is_hashable(elem)
        case EnumType():
            return True
        case ClassType(frozen=frozen, fields=fields):   # a dataclass without frozen=True has no __hash__
            # (a plain object hashes by its address in CPython, which ssc's moving of state would change)
            return frozen and all(is_hashable(t) for _, t in fields)
        case OptionalType(inner=inner):
            return is_hashable(inner)
    return False


def is_boxable(ty: Type) -> bool:
    """Whether a value of ``ty`` converts to and from ``Any``: the JSON-shaped types.

    None, bool, int, float, str, Any, ``list[T]``, ``dict[K, V]`` with str,
    int or Any keys, and ``T | None``, for T and V themselves boxable.
    """
    match ty:
        case PrimType(name=name):
            return name in ("None", "bool", "int", "float", "str", "Any")
        case OptionalType(inner=inner):
            return is_boxable(inner)
        case ListType(elem=elem):
            return is_boxable(elem)
        case DictType(key=key, value=value):
            return key in (STR, INT, ANY) and is_boxable(value)
    return False
