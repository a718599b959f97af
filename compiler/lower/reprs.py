"""One representation object per SmartStream type: how its values live in LLVM.

``of(ty)`` gives the ``Repr`` of a type, which owns everything about the
type's values that the lowering needs, so that no other part of it asks
"which type is this?":

- ``llvm_type``: the value's LLVM type, which is also its memory layout
  (guest/ssc_rt.h, "Python values in memory");
- ``flatten``: the value as the parameters of a runtime function
  (ssc_rt.h's calling convention: an int is an int64_t, a str two
  parameters ``(ptr, len)``, an optional its presence and then its
  value's, a tuple a pointer to its layout);
- the type descriptor (``ssc_type``): a primitive's is a global of the
  runtime (``primitive``); a composite's is made by the module
  (``ModuleContext.descriptor``) from ``kind``, ``descriptor_items`` and
  ``descriptor_offsets``;
- ``box`` and ``unbox``: the value as an Any and back (types.is_boxable);
- ``truth``: ``bool(value)``.

    int -> i64     float -> double     bool, None -> i1
    str, bytes -> {ptr, i32}           T | None -> {i1 present, T}
    tuple[A, B] -> {A, B}              list, dict, set, Record -> ptr
    a record class's instance (a dataclass, a NamedTuple) -> {its fields}, as a tuple
    a plain class's object -> ptr (to {ptr forwarded, its attributes...})
    an enum member -> i64 (an IntEnum's value, an Enum's index), as an int
    Any -> ptr (to an ssc_any box)     a caught exception -> {i32 code, {ptr, i32} message}
    re.Pattern, re.Match -> ptr (to an ssc_re_pattern, an ssc_re_match: guest/re.c)
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from llvmlite import ir

from .. import guest_abi
from .. import semantics as sem
from ..types import (ANY, BOOL, BYTES, CLASS, ELEM, EXCEPTION, FLOAT, INT, KEY, NONE, RECORD, STR, VALUE, ClassType, DictType,
                     EnumType, ListType,
                     MatchType, OptionalType, PatternType, SetType, TupleType, Type, VarTupleType, family)
from .layout import ANY_PAYLOAD, ANY_RESERVED, ANY_SIZE, BYTES_T, EXCEPTION_T, F64, I1, I8, I32, I64, PTR, TARGET_DATA

if TYPE_CHECKING:
    from .function import FunctionLowering


class Repr:
    """The representation of one type; subclasses fill in what differs."""

    #: The runtime's global descriptor of a primitive type (containers.c), or None.
    primitive: str | None = None
    #: The C types of ``flatten``'s parameters, and of a result's out-pointer (ssc_rt.h's
    #: convention), from which guestlib writes the prototype of each runtime row.
    c_params: tuple[str, ...] = ("const void *",)
    c_out = "void *"

    def __init__(self, ty: Type) -> None:
        self.ty = ty
        self.llvm_type = self.lowered()

    def lowered(self) -> ir.Type:
        raise AssertionError(f"no LLVM type for {self.ty}")

    @property
    def kind(self) -> int:
        """The descriptor's kind (``SSC_T_*``)."""
        return guest_abi.KINDS[family(self.ty)]

    @property
    def size(self) -> int:
        """Bytes of a value's memory layout (``ssc_type.size``)."""
        return self.llvm_type.get_abi_size(TARGET_DATA)

    def descriptor_items(self) -> list[Type]:
        """The types a composite's descriptor points to (``ssc_type.items``)."""
        return []

    def descriptor_offsets(self) -> list[int]:
        """The offsets of an optional's value or a tuple's items (``ssc_type.offsets``)."""
        return []

    #: A guest function the descriptor points to in place of offsets (``ssc_type.move``), or None.
    mover: str | None = None
    #: A guest table of operations the descriptor points to in place of offsets
    #: (``ssc_type.vartuple_ops``), or None.
    operations: str | None = None

    def flatten(self, fl: FunctionLowering, value: ir.Value) -> list[ir.Value]:
        """The value as runtime-call parameters: by default, a pointer to a copy of it."""
        return [fl.spill(value)]

    def box(self, fl: FunctionLowering, value: ir.Value) -> ir.Value:
        """The value as an Any: ssc_any_box, driven by the descriptor (dynamic.c)."""
        out = fl.entry_slot(PTR)
        fl.check_status(fl.call_c("ssc_any_box", I32, [fl.context.descriptor(self.ty), fl.spill(value), out]))
        return fl.builder.load(out)

    def unbox(self, fl: FunctionLowering, value: ir.Value) -> ir.Value:
        """An Any as a value of this type (TypeError "expected int, got str" otherwise)."""
        out = fl.entry_slot(self.llvm_type)
        scalar = sem.ANY_UNBOX_SCALAR.get(self.ty)
        if scalar is not None:
            fl.check_status(fl.call_c(scalar, I32, [value, out]))
        else:
            fl.check_status(fl.call_c("ssc_any_unbox", I32, [value, fl.context.descriptor(self.ty), out]))
        return fl.builder.load(out)

    def truth(self, fl: FunctionLowering, value: ir.Value) -> ir.Value:
        return ir.Constant(I1, 1)   # a Record, a caught exception


class _Scalar(Repr):
    """int and float: one machine value, passed as it is."""

    @property
    def c_params(self) -> tuple[str, ...]:  # type: ignore[override]
        return ("double",) if self.ty == FLOAT else ("int64_t",)

    @property
    def c_out(self) -> str:  # type: ignore[override]
        return f"{self.c_params[0]} *"

    def flatten(self, fl: FunctionLowering, value: ir.Value) -> list[ir.Value]:
        return [value]


class _Int(_Scalar):
    primitive = "ssc_type_int"

    def lowered(self) -> ir.Type:
        return I64

    def box(self, fl: FunctionLowering, value: ir.Value) -> ir.Value:
        return fl.call_c("ssc_any_from_int", PTR, [value])

    def truth(self, fl: FunctionLowering, value: ir.Value) -> ir.Value:
        return fl.builder.icmp_signed("!=", value, ir.Constant(I64, 0))


class _Float(_Scalar):
    primitive = "ssc_type_float"

    def lowered(self) -> ir.Type:
        return F64

    def box(self, fl: FunctionLowering, value: ir.Value) -> ir.Value:
        return fl.call_c("ssc_any_from_float", PTR, [value])

    def truth(self, fl: FunctionLowering, value: ir.Value) -> ir.Value:
        return fl.builder.fcmp_unordered("!=", value, ir.Constant(F64, 0.0))


class _Bool(Repr):
    primitive = "ssc_type_bool"
    c_params = ("int32_t",)
    c_out = "uint8_t *"

    def lowered(self) -> ir.Type:
        return I1

    def flatten(self, fl: FunctionLowering, value: ir.Value) -> list[ir.Value]:
        return [fl.builder.zext(value, I32)]

    def box(self, fl: FunctionLowering, value: ir.Value) -> ir.Value:
        return fl.builder.select(value, fl.context.any_constant(True), fl.context.any_constant(False))

    def truth(self, fl: FunctionLowering, value: ir.Value) -> ir.Value:
        return value


class _None(Repr):
    primitive = "ssc_type_none"
    c_params = ()

    def lowered(self) -> ir.Type:
        return I1

    def flatten(self, fl: FunctionLowering, value: ir.Value) -> list[ir.Value]:
        return []

    def box(self, fl: FunctionLowering, value: ir.Value) -> ir.Value:
        return fl.context.any_constant(None)

    def truth(self, fl: FunctionLowering, value: ir.Value) -> ir.Value:
        return ir.Constant(I1, 0)


class _Text(Repr):
    """str and bytes: ``{ptr, len}``."""

    c_params = ("const uint8_t *", "int32_t")
    c_out = "ssc_bytes *"

    def lowered(self) -> ir.Type:
        return BYTES_T

    @property
    def primitive(self) -> str:  # type: ignore[override]
        return "ssc_type_str" if self.ty == STR else "ssc_type_bytes"

    def flatten(self, fl: FunctionLowering, value: ir.Value) -> list[ir.Value]:
        return list(fl.parts(value))

    def box(self, fl: FunctionLowering, value: ir.Value) -> ir.Value:
        if self.ty != STR:
            return super().box(fl, value)
        return fl.call_c("ssc_any_from_str", PTR, list(fl.parts(value)))

    def truth(self, fl: FunctionLowering, value: ir.Value) -> ir.Value:
        return fl.builder.icmp_signed("!=", fl.builder.extract_value(value, 1), ir.Constant(I32, 0))


class _Pointer(Repr):
    """A Record, an Any, a list, dict or set: a pointer."""

    def lowered(self) -> ir.Type:
        return PTR

    def flatten(self, fl: FunctionLowering, value: ir.Value) -> list[ir.Value]:
        return [value]


class _Record(_Pointer):
    primitive = "ssc_type_record"
    c_params = ("const ssc_record *",)


class _Any(_Pointer):
    primitive = "ssc_type_any"
    c_params = ("const ssc_any *",)
    c_out = "ssc_any **"

    def truth(self, fl: FunctionLowering, value: ir.Value) -> ir.Value:
        return fl.builder.icmp_signed("!=", fl.call_c("ssc_any_truth", I32, [value]), ir.Constant(I32, 0))


class _Container(_Pointer):
    """list[T], dict[K, V], set[T]: a pointer to the container, whose first field is its length."""

    @property
    def c_params(self) -> tuple[str, ...]:  # type: ignore[override]
        return (f"ssc_{self.layout} *",)

    @property
    def c_out(self) -> str:  # type: ignore[override]
        return f"ssc_{self.layout} **"

    @property
    def kind(self) -> int:
        """A tuple of any length's is a list's (its ``operations`` tell it apart)."""
        return guest_abi.KINDS[self.layout]

    @property
    def operations(self) -> str | None:  # type: ignore[override]
        """A tuple of any length's hash and text (containers.c), linked only where one is used."""
        return "ssc_vartuple_ops" if isinstance(self.ty, VarTupleType) else None

    @property
    def layout(self) -> str:
        """The C struct of its memory: a tuple of any length is a list."""
        return "list" if isinstance(self.ty, VarTupleType) else family(self.ty)

    def descriptor_items(self) -> list[Type]:
        match self.ty:
            case ListType(elem=elem) | SetType(elem=elem) | VarTupleType(elem=elem):
                return [elem]
            case DictType(key=key, value=value):
                return [key, value]
        raise AssertionError(self.ty)

    def box(self, fl: FunctionLowering, value: ir.Value) -> ir.Value:
        if self.ty not in (ListType(ANY), DictType(ANY, ANY)):
            return super().box(fl, value)
        # already a dynamic list or dict: the box shares it, as Python shares objects
        b = fl.builder
        box = fl.call_c("ssc_alloc", PTR, [ir.Constant(I32, ANY_SIZE)])
        tag = sem.ANY_ISINSTANCE_TAGS[family(self.ty)]
        b.store(ir.Constant(I32, tag), box)
        b.store(ir.Constant(I32, 0), b.gep(box, [ir.Constant(I32, ANY_RESERVED)], source_etype=I8))
        b.store(value, b.gep(box, [ir.Constant(I32, ANY_PAYLOAD)], source_etype=I8))
        return box

    def truth(self, fl: FunctionLowering, value: ir.Value) -> ir.Value:
        return fl.builder.icmp_signed("!=", fl.list_len(value), ir.Constant(I32, 0))


class _Pattern(_Pointer):
    """re.Pattern: a pointer to an ssc_re_pattern (a constant global for a pattern compiled
    at compile time)."""

    primitive = "ssc_type_re_pattern"
    c_params = ("const ssc_re_pattern *",)
    c_out = "const ssc_re_pattern **"


class _Match(_Pointer):
    """re.Match: a pointer to an ssc_re_match (guest/re.c)."""

    primitive = "ssc_type_re_match"
    c_params = ("const ssc_re_match *",)
    c_out = "ssc_re_match **"


class _Exception(Repr):
    c_params = ("const ssc_exception *",)

    def lowered(self) -> ir.Type:
        return EXCEPTION_T


class _Optional(Repr):
    """``T | None``: ``{i1 present, T}``; absent, the value is zero."""

    def __init__(self, ty: OptionalType) -> None:
        self.inner = of(ty.inner)
        super().__init__(ty)

    def lowered(self) -> ir.Type:
        return ir.LiteralStructType([I1, self.inner.llvm_type])

    def descriptor_items(self) -> list[Type]:
        return [self.inner.ty]

    def descriptor_offsets(self) -> list[int]:
        return [self.llvm_type.get_element_offset(TARGET_DATA, 1)]

    def flatten(self, fl: FunctionLowering, value: ir.Value) -> list[ir.Value]:
        b = fl.builder
        return [b.zext(b.extract_value(value, 0), I32), *self.inner.flatten(fl, b.extract_value(value, 1))]

    @property
    def c_params(self) -> tuple[str, ...]:  # type: ignore[override]
        return ("int32_t", *self.inner.c_params)

    def truth(self, fl: FunctionLowering, value: ir.Value) -> ir.Value:
        """Present, and the value is true."""
        b = fl.builder
        present = b.extract_value(value, 0)
        with b.if_else(present) as (then, otherwise):
            with then:
                inner = self.inner.truth(fl, b.extract_value(value, 1))
                then_end = b.block
            with otherwise:
                else_block = b.block
        phi = b.phi(I1)
        phi.add_incoming(inner, then_end)
        phi.add_incoming(ir.Constant(I1, 0), else_block)
        return phi


class _Tuple(Repr):
    """``tuple[A, B]``: the struct ``{A, B}``, passed by a pointer to it."""

    def __init__(self, ty: TupleType) -> None:
        self.items = [of(t) for t in ty.items]
        super().__init__(ty)

    def lowered(self) -> ir.Type:
        return ir.LiteralStructType([r.llvm_type for r in self.items])

    def descriptor_items(self) -> list[Type]:
        return [r.ty for r in self.items]

    def descriptor_offsets(self) -> list[int]:
        return [self.llvm_type.get_element_offset(TARGET_DATA, i) for i in range(len(self.items))]

    def truth(self, fl: FunctionLowering, value: ir.Value) -> ir.Value:
        return ir.Constant(I1, 1 if self.items else 0)


class _Instance(_Tuple):
    """An instance of a program's record class (``types.ClassType``): its fields as a tuple's
    items, and a tuple's descriptor, so the runtime compares, hashes and keeps it as the tuple
    of its fields (which is what CPython's generated ``__eq__`` and ``__hash__`` compare and
    hash). Its text never comes from the runtime: the checker makes it an f-string."""

    def __init__(self, ty: ClassType) -> None:
        self.items = [of(t) for t in ty.as_tuple.items]
        Repr.__init__(self, ty)

    @property
    def kind(self) -> int:
        return guest_abi.KINDS["tuple"]

    def truth(self, fl: FunctionLowering, value: ir.Value) -> ir.Value:
        if self.ty == sem.TIMEDELTA:   # false when zero; the datetime module's other values are true
            b = fl.builder
            fields = [b.extract_value(value, i) for i in range(3)]
            return b.icmp_signed("!=", b.or_(b.or_(fields[0], fields[1]), fields[2]), ir.Constant(I64, 0))
        return ir.Constant(I1, 1 if self.ty.kind in ("dataclass", "datetime") or self.items else 0)  # type: ignore[union-attr]


class _Object(_Pointer):
    """An object of a program's plain class (``ClassType`` of kind "object"): a pointer to
    its memory, ``{ptr forwarded, attribute...}`` (``heap``), shared by every name for it. The
    first word is null until ssc_state_evacuate moves the object, then its new address
    (guest/containers.c). Its descriptor's one item describes that memory as a tuple, and
    its ``move`` is ssc_object_move, so that only a program with objects links it."""

    def __init__(self, ty: ClassType) -> None:
        self.fields = [of(t) for _, t in ty.fields]
        super().__init__(ty)

    @property
    def heap(self) -> ir.LiteralStructType:
        return ir.LiteralStructType([PTR, *(r.llvm_type for r in self.fields)])

    @property
    def kind(self) -> int:
        return guest_abi.KINDS["object"]

    #: The guest function that moves an object out of batch memory (containers.c).
    mover = "ssc_object_move"

    def descriptor_items(self) -> list[Type]:
        """Its memory as a tuple, the forwarding word as a pointer-sized Record."""
        return [TupleType((RECORD, *(r.ty for r in self.fields)))]

    def attribute(self, fl: FunctionLowering, value: ir.Value, index: int) -> ir.Value:
        """A pointer to attribute ``index`` of the object ``value``."""
        return fl.builder.gep(value, [ir.Constant(I32, 0), ir.Constant(I32, index + 1)], source_etype=self.heap)


_PRIMITIVES: dict[Type, type[Repr]] = {INT: _Int, FLOAT: _Float, BOOL: _Bool, NONE: _None, STR: _Text, BYTES: _Text,
                                       RECORD: _Record, ANY: _Any, EXCEPTION: _Exception,
                                       CLASS: _Int}   # a builtin class as a value: its mask


class _Placeholder(Repr):
    """A container's element (key, value) in a generic row: passed by a pointer to its
    memory layout (the element's descriptor gives its size)."""

    def lowered(self) -> ir.Type:
        return PTR


@functools.lru_cache(maxsize=None)
def of(ty: Type) -> Repr:
    """The representation of ``ty``."""
    match ty:
        case OptionalType():
            return _Optional(ty)
        case TupleType():
            return _Tuple(ty)
        case ClassType(kind="object"):
            return _Object(ty)
        case ClassType():
            return _Instance(ty)
        case EnumType():
            return _Int(ty)   # an enum member: its value (IntEnum) or its index
        case ListType() | DictType() | SetType() | VarTupleType():
            return _Container(ty)
        case PatternType():
            return _Pattern(ty)
        case MatchType():
            return _Match(ty)
    found = _PRIMITIVES.get(ty)
    if found is None and ty in (ELEM, KEY, VALUE):
        return _Placeholder(ty)
    if found is None:
        raise AssertionError(f"no LLVM type for {ty}")
    return found(ty)


def llvm_type(ty: Type) -> ir.Type:
    """The LLVM type of values of ``ty`` (see the module docstring)."""
    return of(ty).llvm_type


def size_of(ty: Type) -> int:
    """Bytes of a value's memory layout (``ssc_type.size``)."""
    return of(ty).size
