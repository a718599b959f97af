"""The types of SmartStream Python.

Values are immutable type descriptors compared by value:

    >>> OptionalType(BYTES) == OptionalType(BYTES)
    True
    >>> str(TupleType((OptionalType(BYTES), STR)))
    'tuple[bytes | None, str]'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True, slots=True)
class PrimType:
    """``int``, ``bool``, ``str``, ``bytes``, ``None`` and ``Record``."""

    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class OptionalType:
    """``T | None``."""

    inner: Type

    def __str__(self) -> str:
        return f"{self.inner} | None"


@dataclass(frozen=True, slots=True)
class TupleType:
    """``tuple[A, B, ...]`` of fixed length."""

    items: tuple[Type, ...]

    def __str__(self) -> str:
        return f"tuple[{', '.join(str(t) for t in self.items)}]"


Type = Union[PrimType, OptionalType, TupleType]

INT = PrimType("int")
BOOL = PrimType("bool")
STR = PrimType("str")
BYTES = PrimType("bytes")
NONE = PrimType("None")
RECORD = PrimType("Record")

#: Names that denote a type in an annotation.
TYPE_NAMES: dict[str, Type] = {"int": INT, "bool": BOOL, "str": STR, "bytes": BYTES, "Record": RECORD}


def optional(ty: Type) -> Type:
    """``T | None``, flattening: optional(None) is None, optional(T | None) is T | None."""
    if ty == NONE or isinstance(ty, OptionalType):
        return ty
    return OptionalType(ty)
