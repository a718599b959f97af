"""Frozen, slotted record classes, made as ``dataclass(frozen=True, slots=True)`` would make
them, in a fraction of the time.

ssc's start-up (issue 18 item 6, CLI latency) spent 80-120 ms building the
dataclasses of ``nodes.py``, ``types.py`` and ``typed.py``: dataclass runs
several ``exec`` calls per class and, for slots, builds each class twice.
:func:`record` runs one ``exec`` per class (``__init__``, and with ``eq``,
``__eq__`` and ``__hash__`` over the fields, as dataclass writes them) and
shares ``__repr__``, the immutability methods and ``__getstate__``/``__setstate__``
(copy and pickle). ``__dataclass_fields__``
holds real ``dataclasses.Field`` objects, so ``dataclasses.fields``,
``is_dataclass`` and ``replace`` treat a record as the dataclass it was
declared as (tests/test_records.py compares the two). Methods the class
defines itself (``__str__``, or ``__repr__``) are kept.

Only what these modules use is supported: fields with plain defaults, no
``field(...)``, no inheritance between records, no ``__post_init__``.
"""

from __future__ import annotations

import dataclasses
from typing import Callable, TypeVar

_C = TypeVar("_C", bound=type)


def record(*, eq: bool = True) -> Callable[[_C], _C]:
    """The decorator: ``@record()`` for value records (compared and hashed by their fields),
    ``@record(eq=False)`` for identity records (nodes: compared and hashed by identity)."""
    return lambda cls: _make(cls, eq)


def _make(cls: _C, eq: bool) -> _C:
    names = tuple(cls.__dict__.get("__annotations__", {}))
    own = cls.__dict__
    assert "__post_init__" not in own and all(not isinstance(own.get(name), dataclasses.Field) for name in names)
    defaults = {name: own[name] for name in names if name in own}
    params = ", ".join(f"{name}=_d_{name}" if name in defaults else name for name in names)
    lines = [f"def __init__(self, {params}):", *(f"    _set(self, {name!r}, {name})" for name in names)]
    if not names:
        lines.append("    pass")
    if eq:
        mine = "(" + "".join(f"self.{name}, " for name in names) + ")"
        theirs = "(" + "".join(f"other.{name}, " for name in names) + ")"
        lines += ["def __eq__(self, other):", "    if other.__class__ is self.__class__:",
                  f"        return {mine} == {theirs}", "    return NotImplemented",
                  "def __hash__(self):", f"    return hash({mine})"]
    scope: dict[str, object] = {"_set": object.__setattr__, **{f"_d_{n}": v for n, v in defaults.items()}}
    exec("\n".join(lines) + "\n", scope)
    namespace = {key: value for key, value in own.items() if key not in names and key not in ("__dict__", "__weakref__")}
    generated = {"__init__": scope["__init__"], "__repr__": _repr, "__setattr__": _frozen_set,
                 "__delattr__": _frozen_delete, "__getstate__": _getstate, "__setstate__": _setstate}
    if eq:
        generated.update(__eq__=scope["__eq__"], __hash__=scope["__hash__"])
    for key, value in generated.items():
        namespace.setdefault(key, value)
    namespace.update(__slots__=names, __match_args__=names, __qualname__=cls.__qualname__,
                     __dataclass_fields__=_fields(cls, names, defaults))
    made = type(cls)(cls.__name__, cls.__bases__, namespace)
    for key in ("__init__", "__eq__", "__hash__"):
        function = made.__dict__.get(key)
        if function is not None and function is scope.get(key):
            function.__qualname__ = f"{made.__qualname__}.{key}"
    return made  # type: ignore[return-value]


def _fields(cls: type, names: tuple[str, ...], defaults: dict[str, object]) -> dict[str, dataclasses.Field]:
    fields = {}
    for name in names:
        f: dataclasses.Field = dataclasses.field(default=defaults.get(name, dataclasses.MISSING))
        f.name, f.type = name, cls.__annotations__[name]
        f._field_type = dataclasses._FIELD  # type: ignore[attr-defined]   # as dataclass itself sets it
        fields[name] = f
    return fields


def _repr(self: object) -> str:
    fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in type(self).__match_args__)  # type: ignore[attr-defined]
    return f"{type(self).__qualname__}({fields})"


def _getstate(self: object) -> list[object]:
    """For copy and pickle: the fields' values, as dataclass's slotted classes give them."""
    return [getattr(self, name) for name in type(self).__match_args__]  # type: ignore[attr-defined]


def _setstate(self: object, state: list[object]) -> None:
    for name, value in zip(type(self).__match_args__, state):  # type: ignore[attr-defined]
        object.__setattr__(self, name, value)


def _frozen_set(self: object, name: str, value: object) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delete(self: object, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
