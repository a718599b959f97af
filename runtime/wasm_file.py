"""Read a WebAssembly binary: its interface, its layout and the features it uses.

``read_wasm(data) -> WasmFile`` decodes a module in the binary format of the
WebAssembly core specification, chapter 5 ("Binary Format"; section numbers
below are those of the 2.0 spec, with the later proposals that extend each
section). It reads:

- the function types (§5.5.4), imports (§5.5.5), exports (§5.5.10) with the
  signature of every imported or exported function, tables, memories
  (min/max pages), globals (type, mutability), tags, element and data
  segments, the start function and every custom section (§5.5.3);
- the position and size of every section, so a caller can see how big the
  code and data are;
- a **feature scan**: every function body and constant expression is decoded
  instruction by instruction, immediates included (§5.4), and every use of a
  post-MVP feature is recorded with the byte offset of its first use.

It is pure Python (stdlib only) and does not validate types: a module that
decodes here may still fail validation in an engine. Anything that does not
decode - bad magic, a truncated section, an overlong LEB128, an unknown
opcode - raises ``WasmFormatError`` (a ``ValueError``) that names the byte
offset. No other exception escapes ``read_wasm`` for any input.

Example (a module exporting ``f(x) = i32.extend8_s(x)``)::

    >>> m = read_wasm(bytes.fromhex(
    ...     "0061736d01000000"            # magic, version
    ...     "01060160017f017f"            # type 0: (i32) -> (i32)
    ...     "0302010007050101660000"      # func 0: type 0; export "f"
    ...     "0a070105002000c00b"))        # code: local.get 0, i32.extend8_s
    >>> print(m.export("f").signature)
    (i32) -> (i32)
    >>> sorted(m.features)
    ['sign-ext']
    >>> print(m.feature_uses["sign-ext"])
    sign-ext: i32.extend8_s at offset 0x22
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Union

__all__ = [
    "FEATURES",
    "SECTION_ORDER",
    "SectionId",
    "CustomSection",
    "DataSegment",
    "ElementSegment",
    "Export",
    "FeatureUse",
    "FuncType",
    "Function",
    "GcType",
    "Global",
    "GlobalType",
    "Import",
    "Limits",
    "MemoryType",
    "SectionInfo",
    "TableType",
    "TagType",
    "WasmFile",
    "WasmFormatError",
    "read_wasm",
]


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


class WasmFormatError(ValueError):
    """The bytes are not a well-formed WebAssembly binary.

    ``offset`` is the byte offset (from the start of the file) where decoding
    failed; the message ends with it in hex, e.g.
    ``"unknown opcode 0xff at offset 0x2a"``.
    """

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(f"{message} at offset {offset:#x}")
        self.message = message
        self.offset = offset


# ---------------------------------------------------------------------------
# Format constants
# ---------------------------------------------------------------------------

#: §5.5.16 "Modules": every binary starts with ``\0asm`` ...
MAGIC = b"\x00asm"
#: ... followed by the format version, a little-endian u32 (§5.5.16).
VERSION = 1


class SectionId(enum.IntEnum):
    """Section ids (§5.5.2 "Sections"; tag = exception-handling proposal)."""

    CUSTOM = 0      # §5.5.3
    TYPE = 1        # §5.5.4
    IMPORT = 2      # §5.5.5
    FUNCTION = 3    # §5.5.6
    TABLE = 4       # §5.5.7
    MEMORY = 5      # §5.5.8
    GLOBAL = 6      # §5.5.9
    EXPORT = 7      # §5.5.10
    START = 8       # §5.5.11
    ELEMENT = 9     # §5.5.12
    CODE = 10       # §5.5.13
    DATA = 11       # §5.5.14
    DATA_COUNT = 12  # §5.5.15 (bulk-memory proposal)
    TAG = 13        # exception-handling proposal, "Tag section"


#: §5.5.16: non-custom sections appear at most once, in this order. The tag
#: section sits between memory and global (exception-handling proposal) and
#: the data count section between element and code (§5.5.15).
SECTION_ORDER: tuple[SectionId, ...] = (
    SectionId.TYPE,
    SectionId.IMPORT,
    SectionId.FUNCTION,
    SectionId.TABLE,
    SectionId.MEMORY,
    SectionId.TAG,
    SectionId.GLOBAL,
    SectionId.EXPORT,
    SectionId.START,
    SectionId.ELEMENT,
    SectionId.DATA_COUNT,
    SectionId.CODE,
    SectionId.DATA,
)

#: §5.5.5 / §5.5.10: import and export descriptor kinds (0x04 = tag, EH).
EXTERN_KINDS: dict[int, str] = {
    0x00: "func",
    0x01: "table",
    0x02: "memory",
    0x03: "global",
    0x04: "tag",
}

#: §5.3.1 number types, §5.3.2 vector type, §5.3.3 reference types (with the
#: abbreviations of the GC and exception-handling proposals).
VALTYPE_NAMES: dict[int, str] = {
    0x7F: "i32",
    0x7E: "i64",
    0x7D: "f32",
    0x7C: "f64",
    0x7B: "v128",
    0x70: "funcref",
    0x6F: "externref",
    0x6E: "anyref",
    0x6D: "eqref",
    0x6C: "i31ref",
    0x6B: "structref",
    0x6A: "arrayref",
    0x69: "exnref",
    0x71: "nullref",
    0x72: "nullexternref",
    0x73: "nullfuncref",
    0x74: "nullexnref",
}

#: GC proposal §5.3.3: ``(ref null ht)`` and ``(ref ht)`` prefixes.
REF_NULL = 0x63
REF = 0x64

#: Abstract heap types (§5.3.3 "Heap Types"), encoded as negative s33.
HEAP_TYPE_NAMES: dict[int, str] = {
    0x70: "func",
    0x6F: "extern",
    0x6E: "any",
    0x6D: "eq",
    0x6C: "i31",
    0x6B: "struct",
    0x6A: "array",
    0x69: "exn",
    0x71: "none",
    0x72: "noextern",
    0x73: "nofunc",
    0x74: "noexn",
}

#: §5.4.1 block types: 0x40 = the empty block type.
EMPTY_BLOCK_TYPE = 0x40

#: §5.3.6 function type; GC proposal composite/sub/rec type prefixes.
FUNC_TYPE = 0x60
STRUCT_TYPE = 0x5F
ARRAY_TYPE = 0x5E
SUB_TYPE = 0x50
SUB_FINAL_TYPE = 0x4F
REC_TYPE = 0x4E
#: GC proposal packed storage types.
PACKED_TYPE_NAMES: dict[int, str] = {0x78: "i8", 0x77: "i16"}

#: §5.3.7 limits flags: bit 0 = has max; threads: bit 1 = shared;
#: memory64: bit 2 = 64-bit index; custom-page-sizes: bit 3 = page size given.
LIMITS_HAS_MAX = 0x01
LIMITS_SHARED = 0x02
LIMITS_64 = 0x04
LIMITS_PAGE_SIZE = 0x08

#: §5.4.6 memarg: bit 6 of the alignment field says a memory index follows
#: (multi-memory proposal).
MEMARG_HAS_MEMORY = 0x40

#: The post-MVP features the scan can report, in a fixed order. The first
#: twelve are the proposals an ssc module must avoid for old Fluvio hosts;
#: the rest exist so that a module using them is reported, not rejected.
FEATURES: tuple[str, ...] = (
    "sign-ext",
    "nontrapping-fptoint",
    "bulk-memory",
    "reference-types",
    "multi-value",
    "mutable-globals",
    "simd128",
    "threads",
    "tail-call",
    "exception-handling",
    "multi-memory",
    "memory64",
    "relaxed-simd",
    "extended-const",
    "function-references",
    "gc",
    "custom-page-sizes",
    "wide-arithmetic",
)


# ---------------------------------------------------------------------------
# Decoded structures
# ---------------------------------------------------------------------------

#: A value type is written with its text-format name: "i32", "v128",
#: "funcref", "(ref null 3)", "(ref func)", ...
ValType = str


@dataclass(frozen=True, slots=True)
class FuncType:
    """A function type (§5.3.6): ``FuncType(("i32", "i32"), ("i32",))``.

    ``str()`` gives ``"(i32, i32) -> (i32)"``.
    """

    params: tuple[ValType, ...]
    results: tuple[ValType, ...]

    def __str__(self) -> str:
        return f"({', '.join(self.params)}) -> ({', '.join(self.results)})"


@dataclass(frozen=True, slots=True)
class GcType:
    """A GC-proposal composite type that is not a function: ``"struct"`` or
    ``"array"``, with its field types (storage type, mutable)."""

    kind: str
    fields: tuple[tuple[str, bool], ...]


@dataclass(frozen=True, slots=True)
class Limits:
    """§5.3.7 limits: ``minimum`` and optional ``maximum`` (in pages for a
    memory, elements for a table), plus the post-MVP flag bits."""

    minimum: int
    maximum: int | None = None
    shared: bool = False
    is64: bool = False
    page_size_log2: int | None = None


@dataclass(frozen=True, slots=True)
class MemoryType:
    """§5.3.8 memory type. Pages are 64 KiB unless ``limits.page_size_log2``
    says otherwise (custom-page-sizes proposal)."""

    limits: Limits

    @property
    def min_pages(self) -> int:
        return self.limits.minimum

    @property
    def max_pages(self) -> int | None:
        return self.limits.maximum

    @property
    def shared(self) -> bool:
        return self.limits.shared

    @property
    def is64(self) -> bool:
        return self.limits.is64


@dataclass(frozen=True, slots=True)
class TableType:
    """§5.3.9 table type: element reference type and limits."""

    element: ValType
    limits: Limits


@dataclass(frozen=True, slots=True)
class GlobalType:
    """§5.3.10 global type: value type and mutability."""

    valtype: ValType
    mutable: bool


@dataclass(frozen=True, slots=True)
class TagType:
    """Exception-handling proposal tag type: the type index of its
    parameters and that function type (results are always empty)."""

    type_index: int
    signature: FuncType | None


ExternType = Union[FuncType, TableType, MemoryType, GlobalType, TagType]


@dataclass(frozen=True, slots=True)
class Import:
    """§5.5.5: ``module.name``, its kind ("func", "table", "memory",
    "global" or "tag") and its type. For a function, ``type_index`` is its
    type section index and ``type`` is its ``FuncType``."""

    module: str
    name: str
    kind: str
    type: ExternType | None
    type_index: int | None = None

    @property
    def signature(self) -> FuncType | None:
        """The function type of an imported function, else None."""
        return self.type if isinstance(self.type, FuncType) else None


@dataclass(frozen=True, slots=True)
class Export:
    """§5.5.10: an export's name, kind, index in that kind's index space,
    and the type of the thing exported (``FuncType`` for a function)."""

    name: str
    kind: str
    index: int
    type: ExternType | None

    @property
    def signature(self) -> FuncType | None:
        """The function type of an exported function, else None."""
        return self.type if isinstance(self.type, FuncType) else None


@dataclass(frozen=True, slots=True)
class Function:
    """A function defined in the module (§5.5.6 + §5.5.13).

    ``index`` is its function index (imports come first). ``locals`` holds
    the declared ``(count, valtype)`` runs; ``body_offset``/``body_size``
    locate the body (locals + code) in the file.
    """

    index: int
    type_index: int
    signature: FuncType | None
    locals: tuple[tuple[int, ValType], ...]
    body_offset: int
    body_size: int


@dataclass(frozen=True, slots=True)
class Global:
    """A global defined by the module (§5.5.9); ``init_offset`` is where its
    constant initializer expression starts."""

    type: GlobalType
    init_offset: int


@dataclass(frozen=True, slots=True)
class ElementSegment:
    """§5.5.12 element segment: mode ("active", "passive", "declarative"),
    table index (active only), element type and number of elements."""

    mode: str
    table: int | None
    element_type: ValType
    count: int


@dataclass(frozen=True, slots=True)
class DataSegment:
    """§5.5.14 data segment: mode ("active" or "passive"), memory index
    (active only), and where its bytes are in the file."""

    mode: str
    memory: int | None
    data_offset: int
    size: int


@dataclass(frozen=True, slots=True)
class CustomSection:
    """§5.5.3 custom section: its name and payload (after the name)."""

    name: str
    data: bytes
    offset: int


@dataclass(frozen=True, slots=True)
class SectionInfo:
    """Where one section lies: ``offset`` and ``size`` of its payload (the
    bytes after the id and the size field, §5.5.2). ``name`` is the section
    kind ("type", "code", "datacount", ..., or "custom"); a custom section
    also has its own ``custom_name``."""

    id: int
    name: str
    offset: int
    size: int
    custom_name: str | None = None

    @property
    def is_custom(self) -> bool:
        return self.id == SectionId.CUSTOM


@dataclass(frozen=True, slots=True)
class FeatureUse:
    """The first place a post-MVP feature is used: ``feature`` (one of
    ``FEATURES``), the byte ``offset`` and a short ``reason``, e.g.
    ``FeatureUse("sign-ext", 0x2f, "i32.extend8_s")``."""

    feature: str
    offset: int
    reason: str

    def __str__(self) -> str:
        return f"{self.feature}: {self.reason} at offset {self.offset:#x}"


@dataclass(frozen=True)
class WasmFile:
    """A decoded module. Index spaces put imports first (§2.5.1), so
    ``function_type(i)`` covers imported and defined functions alike."""

    version: int
    types: tuple[FuncType | GcType, ...]
    imports: tuple[Import, ...]
    functions: tuple[Function, ...]
    tables: tuple[TableType, ...]
    memories: tuple[MemoryType, ...]
    tags: tuple[TagType, ...]
    globals: tuple[Global, ...]
    exports: tuple[Export, ...]
    start: int | None
    elements: tuple[ElementSegment, ...]
    data_count: int | None
    data: tuple[DataSegment, ...]
    customs: tuple[CustomSection, ...]
    sections: tuple[SectionInfo, ...]
    feature_uses: dict[str, FeatureUse] = field(default_factory=dict)

    # -- features -----------------------------------------------------------

    @property
    def features(self) -> frozenset[str]:
        """The post-MVP features the module uses; empty for an MVP module."""
        return frozenset(self.feature_uses)

    # -- interface ----------------------------------------------------------

    @property
    def imported_functions(self) -> tuple[Import, ...]:
        return tuple(i for i in self.imports if i.kind == "func")

    def function_type(self, index: int) -> FuncType | None:
        """The signature of function ``index`` (imports first), or None if
        there is no such function."""
        imported = self.imported_functions
        if 0 <= index < len(imported):
            return imported[index].signature
        local = index - len(imported)
        if 0 <= local < len(self.functions):
            return self.functions[local].signature
        return None

    def export(self, name: str) -> Export | None:
        """The export called ``name``, or None."""
        for item in self.exports:
            if item.name == name:
                return item
        return None

    @property
    def all_memories(self) -> tuple[MemoryType, ...]:
        """The memory index space: imported memories, then defined ones."""
        imported = tuple(
            i.type for i in self.imports if isinstance(i.type, MemoryType)
        )
        return imported + self.memories

    @property
    def custom_sections(self) -> dict[str, bytes]:
        """Custom section name -> payload. If a name occurs twice, the first
        section wins; ``customs`` keeps them all."""
        result: dict[str, bytes] = {}
        for custom in self.customs:
            result.setdefault(custom.name, custom.data)
        return result

    # -- layout -------------------------------------------------------------

    def section_size(self, name: str) -> int:
        """Payload size of the section kind ``name`` ("type", "code",
        "data", ...; "custom" sums all custom sections); 0 if absent."""
        return sum(s.size for s in self.sections if s.name == name)

    @property
    def code_size(self) -> int:
        """Payload size of the code section (§5.5.13)."""
        return self.section_size("code")

    @property
    def data_size(self) -> int:
        """Payload size of the data section (§5.5.14)."""
        return self.section_size("data")


# ---------------------------------------------------------------------------
# Byte reader
# ---------------------------------------------------------------------------


class _Reader:
    """A cursor over ``data[pos:end]``; every read checks the bound and
    reports failures with an absolute file offset."""

    __slots__ = ("data", "pos", "end", "what")

    def __init__(self, data: bytes, pos: int, end: int, what: str) -> None:
        self.data = data
        self.pos = pos
        self.end = end
        self.what = what

    def error(self, message: str, offset: int | None = None) -> WasmFormatError:
        return WasmFormatError(message, self.pos if offset is None else offset)

    def at_end(self) -> bool:
        return self.pos >= self.end

    def sub(self, size: int, what: str) -> _Reader:
        """A reader over the next ``size`` bytes; this reader skips them."""
        if size > self.end - self.pos:
            raise self.error(
                f"{what} of {size} bytes overruns the {self.what} "
                f"({self.end - self.pos} bytes left)"
            )
        child = _Reader(self.data, self.pos, self.pos + size, what)
        self.pos += size
        return child

    def expect_end(self) -> None:
        if self.pos != self.end:
            raise self.error(
                f"{self.end - self.pos} unexpected bytes at the end of the {self.what}"
            )

    def byte(self) -> int:
        if self.pos >= self.end:
            raise self.error(f"unexpected end of {self.what}")
        value = self.data[self.pos]
        self.pos += 1
        return value

    def peek(self) -> int:
        if self.pos >= self.end:
            raise self.error(f"unexpected end of {self.what}")
        return self.data[self.pos]

    def bytes(self, count: int) -> bytes:
        if count > self.end - self.pos:
            raise self.error(f"unexpected end of {self.what}")
        value = self.data[self.pos : self.pos + count]
        self.pos += count
        return value

    def uleb(self, bits: int) -> int:
        """§5.2.2 unsigned LEB128 with at most ceil(bits/7) bytes."""
        start = self.pos
        result = 0
        shift = 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
            if shift >= bits:
                raise self.error(f"integer representation too long (u{bits})", start)
        if result >> bits:
            raise self.error(f"integer too large (u{bits})", start)
        return result

    def sleb(self, bits: int) -> int:
        """§5.2.2 signed LEB128 with at most ceil(bits/7) bytes."""
        start = self.pos
        result = 0
        shift = 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
            if shift >= bits:
                raise self.error(f"integer representation too long (s{bits})", start)
        if b & 0x40:
            result -= 1 << shift
        if not -(1 << (bits - 1)) <= result < (1 << (bits - 1)):
            raise self.error(f"integer too large (s{bits})", start)
        return result

    def u32(self) -> int:
        return self.uleb(32)

    def u64(self) -> int:
        return self.uleb(64)

    def count(self, what: str) -> int:
        """A vector length (§5.1.3). Each element takes at least one byte, so
        a count larger than the bytes left is malformed."""
        start = self.pos
        n = self.u32()
        if n > self.end - self.pos:
            raise self.error(f"{what} count {n} exceeds the remaining bytes", start)
        return n

    def name(self) -> str:
        """§5.2.4 name: a byte vector holding UTF-8."""
        start = self.pos
        size = self.u32()
        raw = self.bytes(size)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise self.error("name is not valid UTF-8", start) from None


# ---------------------------------------------------------------------------
# Feature recording
# ---------------------------------------------------------------------------


class _Features:
    """Records the first use of each feature."""

    def __init__(self) -> None:
        self.uses: dict[str, FeatureUse] = {}

    def note(self, feature: str, offset: int, reason: str) -> None:
        assert feature in FEATURES, feature
        if feature not in self.uses:
            self.uses[feature] = FeatureUse(feature, offset, reason)


def _valtype_features(ty: ValType) -> tuple[str, ...]:
    """The proposals that introduced value type ``ty``."""
    if ty in ("i32", "i64", "f32", "f64"):
        return ()
    if ty == "v128":
        return ("simd128",)
    if ty in ("funcref", "externref"):
        return ("reference-types",)
    if ty in ("exnref", "nullexnref"):
        return ("exception-handling",)
    if ty.startswith("(ref"):
        heap = ty.rstrip(")").split()[-1]
        if heap in ("func", "extern") or heap.isdigit():
            return ("function-references",)
        if heap in ("exn", "noexn"):
            return ("function-references", "exception-handling")
        return ("function-references", "gc")
    return ("gc",)


# ---------------------------------------------------------------------------
# Types (§5.3)
# ---------------------------------------------------------------------------


def _read_heap_type(r: _Reader) -> str:
    """§5.3.3 heap type: an abstract type byte or an s33 type index."""
    start = r.pos
    value = r.sleb(33)
    if value >= 0:
        return str(value)
    code = value & 0x7F
    if value < -64 or code not in HEAP_TYPE_NAMES:
        raise r.error(f"unknown heap type 0x{code:02x}", start)
    return HEAP_TYPE_NAMES[code]


def _read_valtype(r: _Reader, features: _Features, context: str) -> ValType:
    """§5.3.4 value type, noting the proposal it comes from."""
    start = r.pos
    code = r.byte()
    if code in VALTYPE_NAMES:
        ty = VALTYPE_NAMES[code]
    elif code in (REF, REF_NULL):
        heap = _read_heap_type(r)
        ty = f"(ref null {heap})" if code == REF_NULL else f"(ref {heap})"
    else:
        raise r.error(f"unknown value type 0x{code:02x}", start)
    for feature in _valtype_features(ty):
        features.note(feature, start, f"{ty} in {context}")
    return ty


def _read_reftype(r: _Reader, features: _Features, context: str) -> ValType:
    start = r.pos
    ty = _read_valtype(r, features, context)
    if ty in ("i32", "i64", "f32", "f64", "v128"):
        raise r.error(f"expected a reference type, found {ty}", start)
    return ty


def _read_limits(r: _Reader, features: _Features, context: str) -> Limits:
    """§5.3.7 limits, with the threads/memory64/custom-page-sizes flags."""
    start = r.pos
    flags = r.byte()
    if flags & ~(LIMITS_HAS_MAX | LIMITS_SHARED | LIMITS_64 | LIMITS_PAGE_SIZE):
        raise r.error(f"invalid limits flags 0x{flags:02x}", start)
    is64 = bool(flags & LIMITS_64)
    read = r.u64 if is64 else r.u32
    minimum = read()
    maximum = read() if flags & LIMITS_HAS_MAX else None
    page_size_log2 = r.u32() if flags & LIMITS_PAGE_SIZE else None
    if flags & LIMITS_SHARED:
        features.note("threads", start, f"shared {context}")
    if is64:
        features.note("memory64", start, f"64-bit {context}")
    if page_size_log2 is not None:
        features.note("custom-page-sizes", start, f"custom page size on {context}")
    return Limits(minimum, maximum, bool(flags & LIMITS_SHARED), is64, page_size_log2)


def _read_element_type(r: _Reader, features: _Features, context: str) -> ValType:
    """The reftype of a table or element segment. funcref (0x70) is the MVP
    element type there, so unlike in a signature it implies no feature."""
    if r.peek() == 0x70:
        r.byte()
        return "funcref"
    return _read_reftype(r, features, context)


def _read_table_type(r: _Reader, features: _Features) -> TableType:
    """§5.3.9 table type: reftype limits."""
    start = r.pos
    element = _read_element_type(r, features, "a table type")
    if element != "funcref":
        features.note("reference-types", start, f"table of {element}")
    return TableType(element, _read_limits(r, features, "table"))


def _read_global_type(r: _Reader, features: _Features) -> GlobalType:
    """§5.3.10 global type: valtype mut (0x00 const, 0x01 var)."""
    valtype = _read_valtype(r, features, "a global type")
    start = r.pos
    mut = r.byte()
    if mut not in (0, 1):
        raise r.error(f"invalid mutability 0x{mut:02x}", start)
    return GlobalType(valtype, bool(mut))


def _read_func_type_body(r: _Reader, features: _Features, start: int) -> FuncType:
    """§5.3.6 function type after its 0x60 byte: vec(valtype) vec(valtype)."""
    params = tuple(
        _read_valtype(r, features, "a function type")
        for _ in range(r.count("parameter"))
    )
    results = tuple(
        _read_valtype(r, features, "a function type")
        for _ in range(r.count("result"))
    )
    if len(results) > 1:
        features.note("multi-value", start, f"function type with {len(results)} results")
    return FuncType(params, results)


def _read_storage_type(r: _Reader, features: _Features) -> str:
    code = r.peek()
    if code in PACKED_TYPE_NAMES:
        r.byte()
        return PACKED_TYPE_NAMES[code]
    return _read_valtype(r, features, "a field type")


def _read_field_type(r: _Reader, features: _Features) -> tuple[str, bool]:
    ty = _read_storage_type(r, features)
    start = r.pos
    mut = r.byte()
    if mut not in (0, 1):
        raise r.error(f"invalid mutability 0x{mut:02x}", start)
    return ty, bool(mut)


def _read_comp_type(r: _Reader, features: _Features) -> FuncType | GcType:
    """§5.3.6 function type, or a GC-proposal struct/array type."""
    start = r.pos
    form = r.byte()
    if form == FUNC_TYPE:
        return _read_func_type_body(r, features, start)
    if form == STRUCT_TYPE:
        features.note("gc", start, "struct type")
        fields = tuple(
            _read_field_type(r, features) for _ in range(r.count("field"))
        )
        return GcType("struct", fields)
    if form == ARRAY_TYPE:
        features.note("gc", start, "array type")
        return GcType("array", (_read_field_type(r, features),))
    raise r.error(f"unknown type form 0x{form:02x}", start)


def _read_sub_type(r: _Reader, features: _Features) -> FuncType | GcType:
    """GC proposal subtype: ``0x50/0x4F vec(typeidx) comptype`` or comptype."""
    start = r.pos
    if r.peek() in (SUB_TYPE, SUB_FINAL_TYPE):
        r.byte()
        features.note("gc", start, "subtype declaration")
        for _ in range(r.count("supertype")):
            r.u32()
    return _read_comp_type(r, features)


# ---------------------------------------------------------------------------
# Instructions (§5.4)
# ---------------------------------------------------------------------------


class _Imm(enum.Enum):
    """One immediate field of an instruction (§5.4)."""

    BLOCK_TYPE = enum.auto()    # §5.4.1 blocktype
    INDEX = enum.auto()         # any u32 index (func, local, label, type, ...)
    BR_TABLE = enum.auto()      # vec(labelidx) labelidx
    MEMARG = enum.auto()        # §5.4.6 memarg (align [memidx] offset)
    MEMORY = enum.auto()        # memory index; the MVP demands the byte 0x00
    TABLE = enum.auto()         # call_indirect table; the MVP demands 0x00
    I32 = enum.auto()           # s32
    I64 = enum.auto()           # s64
    F32 = enum.auto()           # 4 bytes
    F64 = enum.auto()           # 8 bytes
    V128 = enum.auto()          # 16 bytes (v128.const, i8x16.shuffle)
    LANE = enum.auto()          # one lane-index byte
    VALTYPES = enum.auto()      # vec(valtype) of typed select
    HEAP_TYPE = enum.auto()     # §5.3.3 heap type
    TRY_TABLE = enum.auto()     # vec(catch) of try_table
    ZERO = enum.auto()          # a reserved 0x00 byte (atomic.fence)
    CAST_FLAGS = enum.auto()    # u8 of br_on_cast


@dataclass(frozen=True, slots=True)
class _Op:
    """How to decode one opcode: its name (may be empty for plain numeric
    MVP ops), immediates, the features it implies, and its effect on block
    nesting (+1 opens a block, -1 closes one)."""

    name: str
    imms: tuple[_Imm, ...] = ()
    features: tuple[str, ...] = ()
    nesting: int = 0


def _op(name: str, *imms: _Imm, feature: str | tuple[str, ...] = (), nesting: int = 0) -> _Op:
    features = (feature,) if isinstance(feature, str) else feature
    return _Op(name, imms, features, nesting)


_I = _Imm

#: §5.4 single-byte opcodes. MVP entries carry no feature.
_OPCODES: dict[int, _Op] = {
    # §5.4.1 control instructions
    0x00: _op("unreachable"),
    0x01: _op("nop"),
    0x02: _op("block", _I.BLOCK_TYPE, nesting=+1),
    0x03: _op("loop", _I.BLOCK_TYPE, nesting=+1),
    0x04: _op("if", _I.BLOCK_TYPE, nesting=+1),
    0x05: _op("else"),
    0x0B: _op("end", nesting=-1),
    0x0C: _op("br", _I.INDEX),
    0x0D: _op("br_if", _I.INDEX),
    0x0E: _op("br_table", _I.BR_TABLE),
    0x0F: _op("return"),
    0x10: _op("call", _I.INDEX),
    0x11: _op("call_indirect", _I.INDEX, _I.TABLE),
    # tail-call proposal
    0x12: _op("return_call", _I.INDEX, feature="tail-call"),
    0x13: _op("return_call_indirect", _I.INDEX, _I.INDEX, feature="tail-call"),
    # function-references proposal
    0x14: _op("call_ref", _I.INDEX, feature="function-references"),
    0x15: _op("return_call_ref", _I.INDEX, feature=("function-references", "tail-call")),
    # exception-handling proposal (legacy try/catch/delegate and try_table)
    0x06: _op("try", _I.BLOCK_TYPE, feature="exception-handling", nesting=+1),
    0x07: _op("catch", _I.INDEX, feature="exception-handling"),
    0x08: _op("throw", _I.INDEX, feature="exception-handling"),
    0x09: _op("rethrow", _I.INDEX, feature="exception-handling"),
    0x0A: _op("throw_ref", feature="exception-handling"),
    0x18: _op("delegate", _I.INDEX, feature="exception-handling", nesting=-1),
    0x19: _op("catch_all", feature="exception-handling"),
    0x1F: _op("try_table", _I.BLOCK_TYPE, _I.TRY_TABLE,
              feature="exception-handling", nesting=+1),
    # §5.4.3 parametric instructions
    0x1A: _op("drop"),
    0x1B: _op("select"),
    0x1C: _op("select", _I.VALTYPES, feature="reference-types"),
    # §5.4.4 variable instructions
    0x20: _op("local.get", _I.INDEX),
    0x21: _op("local.set", _I.INDEX),
    0x22: _op("local.tee", _I.INDEX),
    0x23: _op("global.get", _I.INDEX),
    0x24: _op("global.set", _I.INDEX),
    # §5.4.5 table instructions
    0x25: _op("table.get", _I.INDEX, feature="reference-types"),
    0x26: _op("table.set", _I.INDEX, feature="reference-types"),
    # §5.4.6 memory instructions
    **{code: _op("", _I.MEMARG) for code in range(0x28, 0x3F)},
    0x3F: _op("memory.size", _I.MEMORY),
    0x40: _op("memory.grow", _I.MEMORY),
    # §5.4.7 numeric instructions
    0x41: _op("i32.const", _I.I32),
    0x42: _op("i64.const", _I.I64),
    0x43: _op("f32.const", _I.F32),
    0x44: _op("f64.const", _I.F64),
    **{code: _op("") for code in range(0x45, 0xC0)},
    # sign-extension-ops proposal
    0xC0: _op("i32.extend8_s", feature="sign-ext"),
    0xC1: _op("i32.extend16_s", feature="sign-ext"),
    0xC2: _op("i64.extend8_s", feature="sign-ext"),
    0xC3: _op("i64.extend16_s", feature="sign-ext"),
    0xC4: _op("i64.extend32_s", feature="sign-ext"),
    # §5.4.2 reference instructions (reference-types proposal) and the
    # function-references / GC additions
    0xD0: _op("ref.null", _I.HEAP_TYPE, feature="reference-types"),
    0xD1: _op("ref.is_null", feature="reference-types"),
    0xD2: _op("ref.func", _I.INDEX, feature="reference-types"),
    0xD3: _op("ref.eq", feature="gc"),
    0xD4: _op("ref.as_non_null", feature="function-references"),
    0xD5: _op("br_on_null", _I.INDEX, feature="function-references"),
    0xD6: _op("br_on_non_null", _I.INDEX, feature="function-references"),
}

_ATOMIC_NAMES_LOW = {
    0x00: "memory.atomic.notify",
    0x01: "memory.atomic.wait32",
    0x02: "memory.atomic.wait64",
}

#: Prefixed opcodes: prefix byte, then a u32 sub-opcode (§5.4).
_PREFIXED: dict[int, dict[int, _Op]] = {
    # 0xFC: §5.4.7 saturating truncation (nontrapping-fptoint),
    # §5.4.6 bulk memory, §5.4.5 table instructions, wide arithmetic.
    0xFC: {
        **{
            code: _op(name, feature="nontrapping-fptoint")
            for code, name in enumerate((
                "i32.trunc_sat_f32_s", "i32.trunc_sat_f32_u",
                "i32.trunc_sat_f64_s", "i32.trunc_sat_f64_u",
                "i64.trunc_sat_f32_s", "i64.trunc_sat_f32_u",
                "i64.trunc_sat_f64_s", "i64.trunc_sat_f64_u",
            ))
        },
        8: _op("memory.init", _I.INDEX, _I.MEMORY, feature="bulk-memory"),
        9: _op("data.drop", _I.INDEX, feature="bulk-memory"),
        10: _op("memory.copy", _I.MEMORY, _I.MEMORY, feature="bulk-memory"),
        11: _op("memory.fill", _I.MEMORY, feature="bulk-memory"),
        12: _op("table.init", _I.INDEX, _I.INDEX, feature="reference-types"),
        13: _op("elem.drop", _I.INDEX, feature="reference-types"),
        14: _op("table.copy", _I.INDEX, _I.INDEX, feature="reference-types"),
        15: _op("table.grow", _I.INDEX, feature="reference-types"),
        16: _op("table.size", _I.INDEX, feature="reference-types"),
        17: _op("table.fill", _I.INDEX, feature="reference-types"),
        # wide-arithmetic proposal: 128-bit add/sub and 64x64->128 multiply
        **{
            code: _op(name, feature="wide-arithmetic")
            for code, name in ((19, "i64.add128"), (20, "i64.sub128"),
                               (21, "i64.mul_wide_s"), (22, "i64.mul_wide_u"))
        },
    },
    # 0xFD: §5.4.8 vector instructions (simd128), 0x100-0x113 relaxed-simd.
    0xFD: {
        **{code: _op("v128.load/store", _I.MEMARG, feature="simd128") for code in range(0, 12)},
        12: _op("v128.const", _I.V128, feature="simd128"),
        13: _op("i8x16.shuffle", _I.V128, feature="simd128"),
        **{code: _op("", feature="simd128") for code in range(14, 21)},
        **{code: _op("extract/replace_lane", _I.LANE, feature="simd128") for code in range(21, 35)},
        **{code: _op("", feature="simd128") for code in range(35, 84)},
        **{
            code: _op("v128.load/store_lane", _I.MEMARG, _I.LANE, feature="simd128")
            for code in range(84, 92)
        },
        92: _op("v128.load32_zero", _I.MEMARG, feature="simd128"),
        93: _op("v128.load64_zero", _I.MEMARG, feature="simd128"),
        **{
            code: _op("", feature="simd128")
            for code in range(94, 256)
            # gaps in the §5.4.8 opcode table
            if code not in (154, 162, 165, 166, 175, 176, 178, 179, 180, 187,
                            194, 197, 198, 207, 208, 210, 211, 212, 226, 238)
        },
        **{code: _op("relaxed simd", feature="relaxed-simd") for code in range(0x100, 0x114)},
    },
    # 0xFE: threads proposal atomics.
    0xFE: {
        **{
            code: _op(name, _I.MEMARG, feature="threads")
            for code, name in _ATOMIC_NAMES_LOW.items()
        },
        0x03: _op("atomic.fence", _I.ZERO, feature="threads"),
        **{code: _op("atomic load/store/rmw", _I.MEMARG, feature="threads") for code in range(0x10, 0x4F)},
    },
    # 0xFB: GC proposal.
    0xFB: {
        0: _op("struct.new", _I.INDEX, feature="gc"),
        1: _op("struct.new_default", _I.INDEX, feature="gc"),
        2: _op("struct.get", _I.INDEX, _I.INDEX, feature="gc"),
        3: _op("struct.get_s", _I.INDEX, _I.INDEX, feature="gc"),
        4: _op("struct.get_u", _I.INDEX, _I.INDEX, feature="gc"),
        5: _op("struct.set", _I.INDEX, _I.INDEX, feature="gc"),
        6: _op("array.new", _I.INDEX, feature="gc"),
        7: _op("array.new_default", _I.INDEX, feature="gc"),
        8: _op("array.new_fixed", _I.INDEX, _I.INDEX, feature="gc"),
        9: _op("array.new_data", _I.INDEX, _I.INDEX, feature="gc"),
        10: _op("array.new_elem", _I.INDEX, _I.INDEX, feature="gc"),
        11: _op("array.get", _I.INDEX, feature="gc"),
        12: _op("array.get_s", _I.INDEX, feature="gc"),
        13: _op("array.get_u", _I.INDEX, feature="gc"),
        14: _op("array.set", _I.INDEX, feature="gc"),
        15: _op("array.len", feature="gc"),
        16: _op("array.fill", _I.INDEX, feature="gc"),
        17: _op("array.copy", _I.INDEX, _I.INDEX, feature="gc"),
        18: _op("array.init_data", _I.INDEX, _I.INDEX, feature="gc"),
        19: _op("array.init_elem", _I.INDEX, _I.INDEX, feature="gc"),
        20: _op("ref.test", _I.HEAP_TYPE, feature="gc"),
        21: _op("ref.test null", _I.HEAP_TYPE, feature="gc"),
        22: _op("ref.cast", _I.HEAP_TYPE, feature="gc"),
        23: _op("ref.cast null", _I.HEAP_TYPE, feature="gc"),
        24: _op("br_on_cast", _I.CAST_FLAGS, _I.INDEX, _I.HEAP_TYPE, _I.HEAP_TYPE, feature="gc"),
        25: _op("br_on_cast_fail", _I.CAST_FLAGS, _I.INDEX, _I.HEAP_TYPE, _I.HEAP_TYPE,
                feature="gc"),
        26: _op("any.convert_extern", feature="gc"),
        27: _op("extern.convert_any", feature="gc"),
        28: _op("ref.i31", feature="gc"),
        29: _op("i31.get_s", feature="gc"),
        30: _op("i31.get_u", feature="gc"),
    },
}

#: ``ref.null ht`` as the value type it produces (§5.3.3 abbreviations).
_NULLABLE_ABBREVIATIONS: dict[str, str] = {
    "func": "funcref",
    "extern": "externref",
    "any": "anyref",
    "eq": "eqref",
    "i31": "i31ref",
    "struct": "structref",
    "array": "arrayref",
    "exn": "exnref",
    "none": "nullref",
    "noextern": "nullexternref",
    "nofunc": "nullfuncref",
    "noexn": "nullexnref",
}

#: extended-const proposal: the arithmetic allowed in constant expressions.
_EXTENDED_CONST_OPS = frozenset({0x6A, 0x6B, 0x6C, 0x7C, 0x7D, 0x7E})


def _op_label(prefix: int | None, code: int, op: _Op) -> str:
    if op.name:
        return op.name
    if prefix is None:
        return f"opcode 0x{code:02x}"
    return f"opcode 0x{prefix:02x} {code}"


def _read_block_type(r: _Reader, features: _Features) -> None:
    """§5.4.1 block type: 0x40, a value type, or an s33 type index >= 0."""
    start = r.pos
    first = r.peek()
    if first == EMPTY_BLOCK_TYPE:
        r.byte()
        return
    if first in VALTYPE_NAMES or first in (REF, REF_NULL):
        _read_valtype(r, features, "a block type")
        return
    index = r.sleb(33)
    if index < 0:
        raise r.error(f"invalid block type 0x{first:02x}", start)
    features.note("multi-value", start, f"block type is type index {index}")


def _read_mvp_zero_index(r: _Reader) -> tuple[int, bool]:
    """An index the MVP encodes as the single byte 0x00 (§5.4.1
    call_indirect, §5.4.6 memory.size/grow). Returns (index, post_mvp):
    post_mvp is True unless it was exactly that byte."""
    start = r.pos
    index = r.u32()
    return index, not (index == 0 and r.pos - start == 1)


def _read_immediate(
    r: _Reader, imm: _Imm, features: _Features, op_start: int, label: str
) -> None:
    match imm:
        case _Imm.BLOCK_TYPE:
            _read_block_type(r, features)
        case _Imm.INDEX:
            r.u32()
        case _Imm.BR_TABLE:
            for _ in range(r.count("br_table label")):
                r.u32()
            r.u32()
        case _Imm.MEMARG:
            align = r.u32()
            if align & MEMARG_HAS_MEMORY:
                memory = r.u32()
                features.note("multi-memory", op_start, f"{label} on memory {memory}")
            offset = r.u64()
            if offset >> 32:
                features.note("memory64", op_start, f"{label} with a 64-bit offset")
        case _Imm.MEMORY:
            memory, post_mvp = _read_mvp_zero_index(r)
            if post_mvp:
                features.note("multi-memory", op_start, f"{label} on memory {memory}")
        case _Imm.TABLE:
            table, post_mvp = _read_mvp_zero_index(r)
            if post_mvp:
                features.note(
                    "reference-types", op_start,
                    f"{label} on table {table}" if table else f"{label} with an LEB table index",
                )
        case _Imm.I32:
            r.sleb(32)
        case _Imm.I64:
            r.sleb(64)
        case _Imm.F32:
            r.bytes(4)
        case _Imm.F64:
            r.bytes(8)
        case _Imm.V128:
            r.bytes(16)
        case _Imm.LANE | _Imm.CAST_FLAGS:
            r.byte()
        case _Imm.VALTYPES:
            for _ in range(r.count("select type")):
                _read_valtype(r, features, "a typed select")
        case _Imm.HEAP_TYPE:
            heap_start = r.pos
            heap = _read_heap_type(r)
            ty = _NULLABLE_ABBREVIATIONS.get(heap, f"(ref null {heap})")
            for feature in _valtype_features(ty):
                features.note(feature, heap_start, f"{ty} in {label}")
        case _Imm.TRY_TABLE:
            for _ in range(r.count("catch clause")):
                start = r.pos
                kind = r.byte()
                if kind in (0x00, 0x01):      # catch / catch_ref: tag, label
                    r.u32()
                    r.u32()
                elif kind in (0x02, 0x03):    # catch_all / catch_all_ref: label
                    r.u32()
                else:
                    raise r.error(f"unknown catch clause 0x{kind:02x}", start)
        case _Imm.ZERO:
            start = r.pos
            if r.byte() != 0:
                raise r.error("expected a zero byte", start)


def _scan_expr(r: _Reader, features: _Features, const: bool) -> None:
    """Decode one expression (§5.4.9: instructions up to the matching 0x0B
    ``end``), recording post-MVP features. ``r`` ends exactly where the
    expression must end for a function body; constant expressions stop at
    their final ``end`` and leave ``r`` after it."""
    depth = 0
    while True:
        if r.at_end():
            raise r.error(f"{r.what} ends inside an expression (missing 'end')")
        start = r.pos
        code = r.byte()
        prefix: int | None = None
        table = _PREFIXED.get(code)
        if table is not None:
            prefix = code
            code = r.u32()
            op = table.get(code)
        else:
            op = _OPCODES.get(code)
        if op is None:
            shown = f"0x{code:02x}" if prefix is None else f"0x{prefix:02x} {code}"
            raise r.error(f"unknown opcode {shown}", start)
        label = _op_label(prefix, code, op)
        for feature in op.features:
            features.note(feature, start, label)
        if const and prefix is None and code in _EXTENDED_CONST_OPS:
            features.note("extended-const", start, f"{label} in a constant expression")
        for imm in op.imms:
            _read_immediate(r, imm, features, start, label)
        depth += op.nesting
        if depth < 0:
            return


# ---------------------------------------------------------------------------
# Module (§5.5)
# ---------------------------------------------------------------------------


@dataclass
class _ModuleBuilder:
    """Mutable state while the sections are read; frozen into a WasmFile."""

    features: _Features = field(default_factory=_Features)
    types: list[FuncType | GcType] = field(default_factory=list)
    imports: list[Import] = field(default_factory=list)
    function_types: list[int] = field(default_factory=list)
    functions: list[Function] = field(default_factory=list)
    tables: list[TableType] = field(default_factory=list)
    memories: list[MemoryType] = field(default_factory=list)
    tags: list[TagType] = field(default_factory=list)
    globals: list[Global] = field(default_factory=list)
    exports: list[Export] = field(default_factory=list)
    start: int | None = None
    elements: list[ElementSegment] = field(default_factory=list)
    data_count: int | None = None
    data: list[DataSegment] = field(default_factory=list)
    customs: list[CustomSection] = field(default_factory=list)
    sections: list[SectionInfo] = field(default_factory=list)
    saw_code: bool = False

    # -- index spaces -------------------------------------------------------

    def imported(self, kind: str) -> list[Import]:
        return [i for i in self.imports if i.kind == kind]

    def signature(self, type_index: int) -> FuncType | None:
        if 0 <= type_index < len(self.types):
            ty = self.types[type_index]
            return ty if isinstance(ty, FuncType) else None
        return None

    def func_type_at(self, r: _Reader, type_index: int, start: int) -> FuncType:
        sig = self.signature(type_index)
        if sig is None:
            raise r.error(f"type index {type_index} is not a function type", start)
        return sig

    def global_types(self) -> list[GlobalType]:
        imported = [i.type for i in self.imports if isinstance(i.type, GlobalType)]
        return imported + [g.type for g in self.globals]

    def extern_type(self, r: _Reader, kind: str, index: int, start: int) -> ExternType | None:
        """The type of item ``index`` of ``kind`` (imports first)."""
        if kind == "func":
            imported = self.imported("func")
            if index < len(imported):
                return imported[index].type
            local = index - len(imported)
            if local < len(self.function_types):
                return self.signature(self.function_types[local])
            raise r.error(f"export of unknown function {index}", start)
        spaces: dict[str, list] = {
            "table": [i.type for i in self.imported("table")] + self.tables,
            "memory": [i.type for i in self.imported("memory")] + self.memories,
            "global": self.global_types(),
            "tag": [i.type for i in self.imported("tag")] + self.tags,
        }
        space = spaces[kind]
        if index >= len(space):
            raise r.error(f"export of unknown {kind} {index}", start)
        return space[index]

    def freeze(self) -> WasmFile:
        return WasmFile(
            version=VERSION,
            types=tuple(self.types),
            imports=tuple(self.imports),
            functions=tuple(self.functions),
            tables=tuple(self.tables),
            memories=tuple(self.memories),
            tags=tuple(self.tags),
            globals=tuple(self.globals),
            exports=tuple(self.exports),
            start=self.start,
            elements=tuple(self.elements),
            data_count=self.data_count,
            data=tuple(self.data),
            customs=tuple(self.customs),
            sections=tuple(self.sections),
            feature_uses={f: self.features.uses[f] for f in FEATURES if f in self.features.uses},
        )


def _read_type_section(r: _Reader, m: _ModuleBuilder) -> None:
    """§5.5.4: vec(functype), or with GC vec(rectype)."""
    for _ in range(r.count("type")):
        start = r.pos
        if r.peek() == REC_TYPE:
            r.byte()
            m.features.note("gc", start, "recursive type group")
            for _ in range(r.count("rec group member")):
                m.types.append(_read_sub_type(r, m.features))
        else:
            m.types.append(_read_sub_type(r, m.features))


def _read_tag_type(r: _Reader, m: _ModuleBuilder) -> TagType:
    """Exception-handling proposal: tag = 0x00 typeidx."""
    start = r.pos
    attribute = r.byte()
    if attribute != 0:
        raise r.error(f"invalid tag attribute 0x{attribute:02x}", start)
    index_start = r.pos
    type_index = r.u32()
    sig = m.func_type_at(r, type_index, index_start)
    m.features.note("exception-handling", start, "tag")
    return TagType(type_index, sig)


def _read_import_section(r: _Reader, m: _ModuleBuilder) -> None:
    """§5.5.5: vec(import), import = module:name name:name importdesc."""
    for _ in range(r.count("import")):
        module = r.name()
        name = r.name()
        start = r.pos
        kind_code = r.byte()
        kind = EXTERN_KINDS.get(kind_code)
        if kind is None:
            raise r.error(f"unknown import kind 0x{kind_code:02x}", start)
        type_index: int | None = None
        ty: ExternType
        match kind:
            case "func":
                index_start = r.pos
                type_index = r.u32()
                ty = m.func_type_at(r, type_index, index_start)
            case "table":
                ty = _read_table_type(r, m.features)
            case "memory":
                ty = MemoryType(_read_limits(r, m.features, "memory"))
            case "global":
                ty = _read_global_type(r, m.features)
                if ty.mutable:
                    m.features.note("mutable-globals", start, f"import of mutable global {module}.{name}")
            case _:
                ty = _read_tag_type(r, m)
                type_index = ty.type_index
        m.imports.append(Import(module, name, kind, ty, type_index))


def _read_function_section(r: _Reader, m: _ModuleBuilder) -> None:
    """§5.5.6: vec(typeidx), the types of the defined functions."""
    for _ in range(r.count("function")):
        start = r.pos
        type_index = r.u32()
        m.func_type_at(r, type_index, start)
        m.function_types.append(type_index)


def _read_table_section(r: _Reader, m: _ModuleBuilder) -> None:
    """§5.5.7: vec(table); function-references adds ``0x40 0x00 tt expr``."""
    imported = len(m.imported("table"))
    for _ in range(r.count("table")):
        start = r.pos
        if imported + len(m.tables) == 1:
            m.features.note("reference-types", start, "a second table")
        if r.peek() == 0x40:
            r.byte()
            if r.byte() != 0x00:
                raise r.error("invalid table initializer prefix", start)
            m.tables.append(_read_table_type(r, m.features))
            m.features.note("function-references", start, "table with an initializer")
            _scan_expr(r, m.features, const=True)
        else:
            m.tables.append(_read_table_type(r, m.features))


def _read_memory_section(r: _Reader, m: _ModuleBuilder) -> None:
    """§5.5.8: vec(memtype)."""
    imported = len(m.imported("memory"))
    for _ in range(r.count("memory")):
        if imported + len(m.memories) == 1:
            m.features.note("multi-memory", r.pos, "a second memory")
        m.memories.append(MemoryType(_read_limits(r, m.features, "memory")))


def _read_tag_section(r: _Reader, m: _ModuleBuilder) -> None:
    """Exception-handling proposal tag section: vec(tag)."""
    for _ in range(r.count("tag")):
        m.tags.append(_read_tag_type(r, m))


def _read_global_section(r: _Reader, m: _ModuleBuilder) -> None:
    """§5.5.9: vec(global), global = globaltype expr."""
    for _ in range(r.count("global")):
        ty = _read_global_type(r, m.features)
        init = r.pos
        _scan_expr(r, m.features, const=True)
        m.globals.append(Global(ty, init))


def _read_export_section(r: _Reader, m: _ModuleBuilder) -> None:
    """§5.5.10: vec(export), export = name exportdesc."""
    seen: set[str] = set()
    for _ in range(r.count("export")):
        name_start = r.pos
        name = r.name()
        if name in seen:
            raise r.error(f"duplicate export name {name!r}", name_start)
        seen.add(name)
        start = r.pos
        kind_code = r.byte()
        kind = EXTERN_KINDS.get(kind_code)
        if kind is None:
            raise r.error(f"unknown export kind 0x{kind_code:02x}", start)
        index = r.u32()
        ty = m.extern_type(r, kind, index, start)
        if isinstance(ty, GlobalType) and ty.mutable:
            m.features.note("mutable-globals", start, f"export of mutable global {name!r}")
        if kind == "tag":
            m.features.note("exception-handling", start, f"export of tag {name!r}")
        m.exports.append(Export(name, kind, index, ty))


def _read_start_section(r: _Reader, m: _ModuleBuilder) -> None:
    """§5.5.11: start = funcidx."""
    m.start = r.u32()


def _read_element_section(r: _Reader, m: _ModuleBuilder) -> None:
    """§5.5.12: vec(elem); the u32 flag selects one of eight encodings.

    Flag 0 is the MVP form. Passive segments (1, 5) and the explicit-table
    forms with table 0 (2, 6) and expression lists (4) need bulk-memory;
    declarative segments (3, 7), a table index other than 0 and element
    types other than funcref need reference-types.
    """
    for _ in range(r.count("element segment")):
        start = r.pos
        flags = r.u32()
        if flags > 7:
            raise r.error(f"invalid element segment flags {flags}", start)
        passive_or_declarative = bool(flags & 0x01)
        explicit_table = bool(flags & 0x02)
        uses_exprs = bool(flags & 0x04)
        table: int | None = None
        if not passive_or_declarative:
            table = r.u32() if explicit_table else 0
            _scan_expr(r, m.features, const=True)
            mode = "active"
        else:
            mode = "declarative" if explicit_table else "passive"
        element_type = "funcref"
        if flags & 0x03:
            # elemkind (0x00 = funcref) or reftype follows
            if uses_exprs:
                element_type = _read_element_type(r, m.features, "an element segment")
            else:
                kind_start = r.pos
                if r.byte() != 0x00:
                    raise r.error("unknown element kind", kind_start)
        count = r.count("element")
        for _ in range(count):
            if uses_exprs:
                _scan_expr(r, m.features, const=True)
            else:
                r.u32()
        if mode == "declarative":
            m.features.note("reference-types", start, "declarative element segment")
        elif table:
            m.features.note("reference-types", start, f"element segment for table {table}")
        elif element_type != "funcref":
            m.features.note("reference-types", start, f"element segment of {element_type}")
        elif flags != 0:
            m.features.note("bulk-memory", start, f"element segment encoding {flags}")
        m.elements.append(ElementSegment(mode, table, element_type, count))


def _read_data_count_section(r: _Reader, m: _ModuleBuilder) -> None:
    """§5.5.15: datacount = u32 (bulk-memory proposal)."""
    start = r.pos
    m.data_count = r.u32()
    m.features.note("bulk-memory", start, "data count section")


def _read_code_section(r: _Reader, m: _ModuleBuilder) -> None:
    """§5.5.13: vec(code), code = size:u32 func, func = vec(locals) expr."""
    m.saw_code = True
    count_start = r.pos
    count = r.count("function body")
    if count != len(m.function_types):
        raise r.error(
            f"code section has {count} bodies but the function section "
            f"declares {len(m.function_types)} functions",
            count_start,
        )
    first_index = len(m.imported("func"))
    for i in range(count):
        size = r.u32()
        body = r.sub(size, f"body of function {first_index + i}")
        locals_: list[tuple[int, ValType]] = []
        total = 0
        for _ in range(body.count("local declaration")):
            local_start = body.pos
            n = body.u32()
            total += n
            if total >= 1 << 32:
                raise body.error("too many locals", local_start)
            locals_.append((n, _read_valtype(body, m.features, "a local declaration")))
        _scan_expr(body, m.features, const=False)
        body.expect_end()
        type_index = m.function_types[i]
        m.functions.append(
            Function(first_index + i, type_index, m.signature(type_index),
                     tuple(locals_), body.pos - size, size)
        )


def _read_data_section(r: _Reader, m: _ModuleBuilder) -> None:
    """§5.5.14: vec(data); flag 0 active in memory 0, 1 passive, 2 active in
    an explicit memory."""
    count_start = r.pos
    count = r.count("data segment")
    if m.data_count is not None and m.data_count != count:
        raise r.error(
            f"data section has {count} segments but the data count section says {m.data_count}",
            count_start,
        )
    for _ in range(count):
        start = r.pos
        flags = r.u32()
        memory: int | None = None
        if flags == 0:
            memory = 0
        elif flags == 2:
            memory = r.u32()
        elif flags != 1:
            raise r.error(f"invalid data segment flags {flags}", start)
        if memory is not None:
            _scan_expr(r, m.features, const=True)
        size = r.u32()
        data_offset = r.pos
        r.bytes(size)
        if flags == 1:
            m.features.note("bulk-memory", start, "passive data segment")
        elif flags == 2 and memory:
            m.features.note("multi-memory", start, f"data segment for memory {memory}")
        elif flags == 2:
            m.features.note("bulk-memory", start, "data segment with an explicit memory index")
        m.data.append(
            DataSegment("passive" if memory is None else "active", memory, data_offset, size)
        )


def _read_custom_section(r: _Reader, m: _ModuleBuilder, offset: int) -> str:
    """§5.5.3: custom = name byte*."""
    name = r.name()
    m.customs.append(CustomSection(name, r.bytes(r.end - r.pos), offset))
    return name


_SECTION_READERS = {
    SectionId.TYPE: _read_type_section,
    SectionId.IMPORT: _read_import_section,
    SectionId.FUNCTION: _read_function_section,
    SectionId.TABLE: _read_table_section,
    SectionId.MEMORY: _read_memory_section,
    SectionId.TAG: _read_tag_section,
    SectionId.GLOBAL: _read_global_section,
    SectionId.EXPORT: _read_export_section,
    SectionId.START: _read_start_section,
    SectionId.ELEMENT: _read_element_section,
    SectionId.DATA_COUNT: _read_data_count_section,
    SectionId.CODE: _read_code_section,
    SectionId.DATA: _read_data_section,
}


def read_wasm(data: bytes) -> WasmFile:
    """Decode a WebAssembly binary module (§5.5.16) and scan it for
    post-MVP features.

    ``data`` is the whole ``.wasm`` file. Returns a ``WasmFile``; raises
    ``WasmFormatError`` (with ``.offset``) if the bytes are not a well-formed
    module.

    >>> read_wasm(b"\\0asm\\x01\\0\\0\\0").exports
    ()
    """
    data = bytes(data)
    r = _Reader(data, 0, len(data), "module")
    if r.end < 4 or data[:4] != MAGIC:
        raise WasmFormatError("not a WebAssembly module (bad magic number)", 0)
    r.pos = 4
    if r.end < 8:
        raise WasmFormatError("truncated header (missing version)", r.end)
    version = int.from_bytes(r.bytes(4), "little")
    if version != VERSION:
        raise WasmFormatError(f"unsupported binary version {version}", 4)

    m = _ModuleBuilder()
    last_rank = -1
    while not r.at_end():
        header = r.pos
        section_code = r.byte()
        try:
            section_id = SectionId(section_code)
        except ValueError:
            raise WasmFormatError(f"unknown section id {section_code}", header) from None
        size = r.u32()
        section = r.sub(size, f"{section_id.name.lower()} section")
        offset = section.pos
        custom_name: str | None = None
        if section_id == SectionId.CUSTOM:
            custom_name = _read_custom_section(section, m, offset)
        else:
            rank = SECTION_ORDER.index(section_id)
            if rank <= last_rank:
                raise WasmFormatError(
                    f"{section_id.name.lower()} section out of order or repeated", header
                )
            last_rank = rank
            _SECTION_READERS[section_id](section, m)
            section.expect_end()
        name = section_id.name.lower().replace("_", "")
        m.sections.append(SectionInfo(int(section_id), name, offset, size, custom_name))

    if m.function_types and not m.saw_code:
        raise WasmFormatError(
            f"function section declares {len(m.function_types)} functions "
            "but there is no code section",
            r.end,
        )
    if m.data_count and not any(s.id == SectionId.DATA for s in m.sections):
        raise WasmFormatError(
            f"data count section says {m.data_count} segments but there is no data section",
            r.end,
        )
    return m.freeze()
