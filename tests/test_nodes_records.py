"""nodes.node: the fast stand-in for ``dataclass(frozen=True, slots=True, eq=False)``
behaves as the dataclass would, for what the compiler uses of it."""

from __future__ import annotations

import dataclasses

import pytest

from ssc.compiler import nodes as n
from ssc.compiler.errors import Span


def _pair() -> tuple[type, type]:
    class Sample:
        """A node with a default."""

        span: Span
        name: str
        items: tuple[int, ...]
        star: str = ""

    fast = n.node(Sample)
    real = dataclasses.dataclass(frozen=True, slots=True, eq=False)(
        type("Sample", (), {"__annotations__": dict(Sample.__annotations__), "star": "",
                            "__module__": Sample.__module__, "__qualname__": Sample.__qualname__}))
    return fast, real


def test_a_node_is_the_dataclass_it_was_declared_as() -> None:
    fast, real = _pair()
    span = Span(1, 2, 1, 5)
    a, b = fast(span, "x", (1, 2)), real(span, "x", (1, 2))
    assert repr(a) == repr(b)
    assert [(f.name, f.type, f.default) for f in dataclasses.fields(a)] == \
        [(f.name, f.type, f.default) for f in dataclasses.fields(b)]
    assert dataclasses.is_dataclass(a) and fast.__slots__ == real.__slots__
    assert fast.__match_args__ == real.__match_args__
    assert repr(dataclasses.replace(a, star="*")) == repr(dataclasses.replace(b, star="*"))
    assert fast(span, name="y", items=(), star="*").star == real(span, name="y", items=(), star="*").star
    # compared and hashed by identity (the checker keys its tables by node)
    assert a != fast(span, "x", (1, 2)) and hash(a) == object.__hash__(a)
    for obj in (a, b):
        with pytest.raises(dataclasses.FrozenInstanceError):
            obj.name = "z"
        with pytest.raises(dataclasses.FrozenInstanceError):
            del obj.name
        with pytest.raises(TypeError):
            type(obj)(span)          # missing arguments, as the dataclass's __init__ says
        assert not hasattr(obj, "__dict__")


def test_every_node_class_keeps_its_fields() -> None:
    classes = [cls for cls in vars(n).values() if isinstance(cls, type) and "__dataclass_fields__" in vars(cls)]
    assert len(classes) > 60
    for cls in classes:
        assert tuple(f.name for f in dataclasses.fields(cls)) == tuple(cls.__annotations__) == cls.__match_args__
