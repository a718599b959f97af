"""Tests for ssc.runtime.wasm_file: the WebAssembly binary reader.

Modules are written in WAT and assembled with ``wasmtime.wat2wasm`` (the
``wat`` crate accepts every proposal the scan knows), except where a test
needs bytes no assembler would produce; those are built by hand with
``_module`` below.
"""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
import wasmtime

from ssc.runtime.wasm_file import (
    FEATURES,
    FuncType,
    WasmFormatError,
    read_wasm,
)


def wat(text: str) -> bytes:
    return wasmtime.wat2wasm(text)


# ---------------------------------------------------------------------------
# Hand-assembled modules (for encodings WAT cannot express)
# ---------------------------------------------------------------------------


def _uleb(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _section(section_id: int, payload: bytes) -> bytes:
    return bytes([section_id]) + _uleb(len(payload)) + payload


HEADER = b"\x00asm\x01\x00\x00\x00"


def _module(body: bytes, *, memory: bool = False, table: bool = False) -> bytes:
    """One function ``() -> ()`` with the given instruction bytes (its final
    ``end`` included), optionally with a memory and a funcref table."""
    out = HEADER
    out += _section(1, b"\x01\x60\x00\x00")           # type 0: () -> ()
    out += _section(3, b"\x01\x00")                   # func 0: type 0
    if table:
        out += _section(4, b"\x01\x70\x00\x01")       # table funcref min 1
    if memory:
        out += _section(5, b"\x01\x00\x01")           # memory min 1
    func = b"\x00" + body                             # no locals
    out += _section(10, b"\x01" + _uleb(len(func)) + func)
    return out


def _body_offset(module: bytes, body: bytes) -> int:
    """File offset of the first instruction byte of ``_module(body)``."""
    return len(module) - len(body)


# ---------------------------------------------------------------------------
# MVP modules report no features
# ---------------------------------------------------------------------------

MVP_MODULE = r"""
(module
  (type $binop (func (param i32 i32) (result i32)))
  (import "env" "copy_records" (func $copy (param i32 i32)))
  (memory (export "memory") 2 10)
  (table 2 funcref)
  (elem (i32.const 0) $add $sub)
  (global $sp (mut i32) (i32.const 1024))
  (global $k i64 (i64.const -5))
  (data (i32.const 16) "hello")
  (func $add (type $binop) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $binop) (i32.sub (local.get 0) (local.get 1)))
  (func (export "alloc") (param $n i32) (result i32)
    (local $p i32) (local f64) (local f32) (local i64)
    global.get $sp
    local.set $p
    (global.set $sp (i32.add (global.get $sp) (local.get $n)))
    (if (i32.gt_u (global.get $sp) (i32.mul (memory.size) (i32.const 65536)))
      (then (drop (memory.grow (i32.const 1)))))
    local.get $p)
  (func (export "dealloc") (param i32 i32))
  (func (export "filter") (param $ptr i32) (param $len i32) (result i32)
    (local $i i32)
    (block $out
      (loop $top
        (br_if $out (i32.ge_u (local.get $i) (local.get $len)))
        (i32.store8 offset=3 (local.get $ptr) (i32.load8_u (local.get $i)))
        (i64.store (i32.const 64) (i64.extend_i32_s (local.get $i)))
        (f64.store (i32.const 72) (f64.const 1.5))
        (f32.store (i32.const 80) (f32.const -2.25))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_table $top $out (local.get $i))))
    (call $copy (i32.const 16) (i32.const 5))
    (call_indirect (type $binop) (i32.const 2) (i32.const 3) (i32.const 0))
    (select (i32.const 1) (i32.const 2) (local.get $len))
    i32.add
    (i32.trunc_f64_s (f64.const 3.0))
    i32.add
    (i32.wrap_i64 (i64.load (i32.const 64)))
    i32.add
    return)
  (export "k" (global $k))
)
"""


def test_mvp_module_reports_no_features() -> None:
    module = read_wasm(wat(MVP_MODULE))
    assert module.features == frozenset()
    assert module.feature_uses == {}


def test_empty_module() -> None:
    module = read_wasm(HEADER)
    assert module.version == 1
    assert module.features == frozenset()
    assert module.exports == () and module.imports == () and module.sections == ()


# ---------------------------------------------------------------------------
# The feature scan: each snippet uses exactly the features listed
# ---------------------------------------------------------------------------

FEATURE_CASES: list[tuple[str, str, set[str]]] = [
    ("sign-ext i32.extend8_s",
     "(func (param i32) (result i32) local.get 0 i32.extend8_s)",
     {"sign-ext"}),
    ("sign-ext i64.extend32_s",
     "(func (param i64) (result i64) local.get 0 i64.extend32_s)",
     {"sign-ext"}),
    ("nontrapping-fptoint",
     "(func (param f32) (result i32) local.get 0 i32.trunc_sat_f32_s)",
     {"nontrapping-fptoint"}),
    ("nontrapping-fptoint i64",
     "(func (param f64) (result i64) local.get 0 i64.trunc_sat_f64_u)",
     {"nontrapping-fptoint"}),
    ("bulk-memory memory.copy",
     "(memory 1) (func (memory.copy (i32.const 0) (i32.const 8) (i32.const 4)))",
     {"bulk-memory"}),
    ("bulk-memory memory.fill",
     "(memory 1) (func (memory.fill (i32.const 0) (i32.const 0) (i32.const 4)))",
     {"bulk-memory"}),
    ("bulk-memory memory.init, data.drop, data count",
     '(memory 1) (data $d "x")'
     " (func (memory.init $d (i32.const 0) (i32.const 0) (i32.const 1)) (data.drop $d))",
     {"bulk-memory"}),
    ("bulk-memory passive data segment",
     '(memory 1) (data "abc")',
     {"bulk-memory"}),
    ("reference-types externref param",
     "(func (param externref))",
     {"reference-types"}),
    ("reference-types funcref result",
     "(func (result funcref) ref.null func)",
     {"reference-types"}),
    ("reference-types ref.is_null",
     "(func (param externref) (result i32) local.get 0 ref.is_null)",
     {"reference-types"}),
    ("reference-types ref.func + declarative segment",
     "(func $f) (elem declare func $f) (func (result i32) ref.func $f ref.is_null)",
     {"reference-types"}),
    ("reference-types table.get",
     "(table 1 funcref) (func (result funcref) (table.get 0 (i32.const 0)))",
     {"reference-types"}),
    ("reference-types table.size",
     "(table 1 funcref) (func (result i32) table.size 0)",
     {"reference-types"}),
    ("reference-types two tables",
     "(table 1 funcref) (table 1 funcref)",
     {"reference-types"}),
    ("reference-types call_indirect on table 1",
     "(type $t (func)) (table 1 funcref) (table $u 1 funcref)"
     " (func (call_indirect $u (type $t) (i32.const 0)))",
     {"reference-types"}),
    ("reference-types typed select",
     "(func (result i32) (select (result i32) (i32.const 1) (i32.const 2) (i32.const 0)))",
     {"reference-types"}),
    ("reference-types externref table",
     "(table 1 externref)",
     {"reference-types"}),
    ("multi-value two results",
     "(func (result i32 i32) i32.const 1 i32.const 2)",
     {"multi-value"}),
    ("multi-value block type index",
     "(func (param i32) (result i32) local.get 0 (block (param i32) (result i32)))",
     {"multi-value"}),
    ("mutable-globals import",
     '(import "env" "g" (global (mut i32)))',
     {"mutable-globals"}),
    ("mutable-globals export",
     '(global (export "g") (mut i32) (i32.const 0))',
     {"mutable-globals"}),
    ("simd128 ops",
     "(func (result v128) (i32x4.add (v128.const i32x4 1 2 3 4) (v128.const i32x4 0 0 0 0)))",
     {"simd128"}),
    ("simd128 shuffle, lanes, lane loads",
     "(memory 1) (func (param v128) (result i32)"
     " (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 (local.get 0) (local.get 0))"
     " (v128.load8_lane 3 (i32.const 0))"
     " i32x4.extract_lane 1)",
     {"simd128"}),
    ("simd128 local",
     "(func (local v128))",
     {"simd128"}),
    ("threads atomics",
     "(memory 1 1 shared) (func (param i32) (result i32) (i32.atomic.rmw.add (local.get 0) (i32.const 1)))",
     {"threads"}),
    ("threads fence",
     "(func atomic.fence)",
     {"threads"}),
    ("threads shared memory",
     "(memory 1 2 shared)",
     {"threads"}),
    ("tail-call return_call",
     "(func $f (result i32) (return_call $f))",
     {"tail-call"}),
    ("tail-call return_call_indirect",
     "(type $t (func)) (table 1 funcref) (func (return_call_indirect (type $t) (i32.const 0)))",
     {"tail-call"}),
    ("exception-handling throw",
     "(tag $e (param i32)) (func (throw $e (i32.const 1)))",
     {"exception-handling"}),
    ("exception-handling try_table",
     "(tag $e) (func (block $h (try_table (catch $e $h) (throw $e))))",
     {"exception-handling"}),
    ("exception-handling legacy try/catch",
     "(tag $e) (func try nop catch $e end)",
     {"exception-handling"}),
    ("multi-memory",
     "(memory 1) (memory $b 1) (func (result i32) (i32.load $b (i32.const 0)))",
     {"multi-memory"}),
    ("memory64",
     "(memory i64 1) (func (result i32) (i32.load (i64.const 0)))",
     {"memory64"}),
    ("relaxed-simd",
     "(func (param v128 v128) (result v128) (i8x16.relaxed_swizzle (local.get 0) (local.get 1)))",
     {"simd128", "relaxed-simd"}),
    ("extended-const",
     "(global i32 (i32.add (i32.const 1) (i32.const 2)))",
     {"extended-const"}),
    ("function-references call_ref",
     "(type $t (func)) (func (param (ref $t)) (call_ref $t (local.get 0)))",
     {"function-references"}),
    ("gc struct",
     "(type $s (struct (field i32))) (func (result (ref $s)) (struct.new $s (i32.const 1)))",
     {"gc", "function-references"}),
]


@pytest.mark.parametrize(
    "snippet, expected",
    [pytest.param(snippet, expected, id=name) for name, snippet, expected in FEATURE_CASES],
)
def test_feature_scan_finds_exactly_the_features_used(snippet: str, expected: set[str]) -> None:
    module = read_wasm(wat(f"(module {snippet})"))
    assert module.features == expected
    for use in module.feature_uses.values():
        assert use.feature in FEATURES
        assert 8 <= use.offset < len(wat(f"(module {snippet})"))


def test_feature_use_points_at_the_instruction() -> None:
    data = wat("(module (func (param i32) (result i32) local.get 0 i32.extend8_s))")
    use = read_wasm(data).feature_uses["sign-ext"]
    assert data[use.offset] == 0xC0
    assert use.reason == "i32.extend8_s"
    assert str(use) == f"sign-ext: i32.extend8_s at offset {use.offset:#x}"


def test_several_features_in_one_module() -> None:
    module = read_wasm(wat("""
        (module
          (memory 1)
          (func (param i32 f32) (result i32 i64)
            (memory.fill (i32.const 0) (i32.const 0) (i32.const 1))
            (i32.extend16_s (local.get 0))
            (i64.trunc_sat_f32_s (local.get 1))))
    """))
    assert module.features == {"bulk-memory", "sign-ext", "nontrapping-fptoint", "multi-value"}


def test_call_indirect_with_padded_table_index_is_reference_types() -> None:
    # LLVM with reference-types (its "call-indirect-overlong") writes the
    # table index as a 5-byte LEB; the MVP demands the single byte 0x00.
    padded = _module(b"\x41\x00\x11\x00\x80\x80\x80\x80\x00\x0b", table=True)
    assert read_wasm(padded).features == {"reference-types"}
    plain = _module(b"\x41\x00\x11\x00\x00\x0b", table=True)
    assert read_wasm(plain).features == frozenset()


def test_memory_size_with_padded_index_is_multi_memory() -> None:
    padded = _module(b"\x3f\x80\x00\x1a\x0b", memory=True)
    assert read_wasm(padded).features == {"multi-memory"}
    plain = _module(b"\x3f\x00\x1a\x0b", memory=True)
    assert read_wasm(plain).features == frozenset()


# ---------------------------------------------------------------------------
# Interface: types, imports, exports, memories, globals, custom sections
# ---------------------------------------------------------------------------

SMARTSTREAM_SHAPE = r"""
(module
  (import "env" "copy_records" (func (param i32 i32)))
  (import "env" "limit" (global i64))
  (memory (export "memory") 17 100)
  (global $heap (mut i32) (i32.const 2048))
  (global (export "__data_end") i32 (i32.const 1024))
  (data (i32.const 8) "ssc!")
  (func (export "alloc") (param i32) (result i32) global.get $heap)
  (func (export "dealloc") (param i32 i32))
  (func (export "filter") (param i32 i32) (result i32) (call 0 (i32.const 0) (i32.const 0)) i32.const 0)
  (@custom "ssc.version" "0.1.0")
  (@custom "producers" (before type) "\01\02\03")
)
"""


def test_imports_exports_and_signatures_read_back() -> None:
    module = read_wasm(wat(SMARTSTREAM_SHAPE))

    copy, limit = module.imports
    assert (copy.module, copy.name, copy.kind) == ("env", "copy_records", "func")
    assert copy.signature == FuncType(("i32", "i32"), ())
    assert str(copy.signature) == "(i32, i32) -> ()"
    assert (limit.kind, limit.type.valtype, limit.type.mutable) == ("global", "i64", False)
    assert limit.signature is None

    exports = {e.name: e for e in module.exports}
    assert list(exports) == ["memory", "__data_end", "alloc", "dealloc", "filter"]
    assert exports["memory"].kind == "memory" and exports["memory"].signature is None
    assert exports["alloc"].signature == FuncType(("i32",), ("i32",))
    assert exports["dealloc"].signature == FuncType(("i32", "i32"), ())
    assert exports["filter"].signature == FuncType(("i32", "i32"), ("i32",))
    assert exports["filter"].index == 3                       # imports come first
    assert module.export("filter") is exports["filter"]
    assert module.export("map") is None
    assert module.function_type(0) == copy.signature
    assert module.function_type(3) == exports["filter"].signature
    assert module.function_type(4) is None
    assert exports["__data_end"].kind == "global"
    assert exports["__data_end"].type.mutable is False

    assert module.features == frozenset()


def test_memories_and_globals() -> None:
    module = read_wasm(wat(SMARTSTREAM_SHAPE))
    (memory,) = module.memories
    assert (memory.min_pages, memory.max_pages, memory.shared, memory.is64) == (17, 100, False, False)
    assert [(g.type.valtype, g.type.mutable) for g in module.globals] == [("i32", True), ("i32", False)]

    unbounded = read_wasm(wat('(module (import "env" "mem" (memory 3)))'))
    assert unbounded.memories == ()
    (imported,) = unbounded.all_memories
    assert (imported.min_pages, imported.max_pages) == (3, None)


def test_custom_sections_read_back() -> None:
    module = read_wasm(wat(SMARTSTREAM_SHAPE))
    assert module.custom_sections["ssc.version"] == b"0.1.0"
    assert module.custom_sections["producers"] == b"\x01\x02\x03"
    assert module.sections[0].is_custom and module.sections[0].custom_name == "producers"


def test_section_layout_and_sizes() -> None:
    data = wat(SMARTSTREAM_SHAPE)
    module = read_wasm(data)
    names = [s.custom_name or s.name for s in module.sections]
    assert names == ["producers", "type", "import", "function", "memory", "global",
                     "export", "code", "data", "ssc.version", "name"]
    # The sections tile the file after the header.
    for section in module.sections:
        assert 8 < section.offset and section.offset + section.size <= len(data)
    assert module.sections[-1].offset + module.sections[-1].size == len(data)
    assert module.code_size == module.section_size("code") > 0
    assert module.data_size == module.section_size("data") > 0
    assert module.section_size("start") == 0

    (segment,) = module.data
    assert (segment.mode, segment.memory, segment.size) == ("active", 0, 4)
    assert data[segment.data_offset : segment.data_offset + segment.size] == b"ssc!"
    alloc = module.functions[0]
    assert alloc.index == 1 and alloc.signature == FuncType(("i32",), ("i32",))
    assert sum(f.body_size for f in module.functions) < module.code_size


def test_element_and_data_segment_modes() -> None:
    module = read_wasm(wat("""
        (module (memory 1) (table 2 funcref) (func $f)
          (elem (i32.const 1) $f) (elem declare func $f)
          (data (i32.const 0) "a") (data "bc"))
    """))
    assert [(e.mode, e.table, e.count) for e in module.elements] == [
        ("active", 0, 1), ("declarative", None, 1)]
    assert [(d.mode, d.memory, d.size) for d in module.data] == [("active", 0, 1), ("passive", None, 2)]


# ---------------------------------------------------------------------------
# Malformed input
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, message, offset",
    [
        (b"", "bad magic", 0),
        (b"\x00as", "bad magic", 0),
        (b"\x7fELF\x02\x01\x01\x00", "bad magic", 0),
        (b"\x00asm\x01\x00", "missing version", 6),
        (b"\x00asm\x02\x00\x00\x00", "unsupported binary version 2", 4),
        (HEADER + b"\x0e\x00", "unknown section id 14", 8),
        (HEADER + b"\x01\x05\x01\x60", "overruns", 10),
        (HEADER + b"\x01\x80\x80\x80\x80\x10", "too large", 9),
        (HEADER + b"\x01\x80\x80\x80\x80\x80\x01", "too long", 9),
        (HEADER + b"\x01\x04\x01\x60\x00\x00" + b"\x01\x01\x00", "out of order or repeated", 14),
        (HEADER + b"\x03\x02\x01\x00", "not a function type", 11),
    ],
)
def test_malformed_headers_and_sections(data: bytes, message: str, offset: int) -> None:
    with pytest.raises(WasmFormatError, match=message) as info:
        read_wasm(data)
    assert info.value.offset == offset
    assert isinstance(info.value, ValueError)
    assert f"at offset {offset:#x}" in str(info.value)


def test_unknown_opcode_names_its_offset() -> None:
    body = b"\x01\xff\x0b"                         # nop, <0xff>, end
    data = _module(body)
    with pytest.raises(WasmFormatError, match="unknown opcode 0xff") as info:
        read_wasm(data)
    assert info.value.offset == _body_offset(data, body) + 1


@pytest.mark.parametrize(
    "body, shown",
    [
        (b"\xfc\x63\x0b", "0xfc 99"),              # no such misc op
        (b"\xfd\x9a\x01\x0b", "0xfd 154"),         # a gap in the SIMD table
        (b"\xfe\x04\x0b", "0xfe 4"),               # a gap in the atomics
        (b"\x27\x0b", "0x27"),                     # reserved MVP byte
    ],
)
def test_unknown_prefixed_opcodes(body: bytes, shown: str) -> None:
    data = _module(body, memory=True)
    with pytest.raises(WasmFormatError, match=f"unknown opcode {shown}") as info:
        read_wasm(data)
    assert info.value.offset == _body_offset(data, body)


def test_body_without_end_and_body_with_trailing_bytes() -> None:
    with pytest.raises(WasmFormatError, match="missing 'end'"):
        read_wasm(_module(b"\x01"))
    with pytest.raises(WasmFormatError, match="unexpected bytes"):
        read_wasm(_module(b"\x0b\x01"))


def test_every_truncation_fails_cleanly() -> None:
    data = wat(SMARTSTREAM_SHAPE)
    section_ends = {s.offset + s.size for s in read_wasm(data).sections} | {8}
    for cut in range(len(data)):
        if cut in section_ends:
            # A prefix of whole sections may be a module, or may lack the
            # code section its function section promises.
            try:
                read_wasm(data[:cut])
            except WasmFormatError as error:
                assert "no code section" in str(error)
            continue
        with pytest.raises(WasmFormatError):
            read_wasm(data[:cut])


def test_garbage_never_escapes_as_another_exception() -> None:
    rng = random.Random(20240501)
    samples = [wat(MVP_MODULE), wat(SMARTSTREAM_SHAPE)] + [
        wat(f"(module {snippet})") for _, snippet, _ in FEATURE_CASES
    ]
    for sample in samples:
        for _ in range(300):
            mutated = bytearray(sample)
            for _ in range(rng.randint(1, 4)):
                mutated[rng.randrange(8, len(mutated))] = rng.randrange(256)
            try:
                read_wasm(bytes(mutated))
            except WasmFormatError:
                pass
    for _ in range(300):
        noise = HEADER + bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        try:
            read_wasm(noise)
        except WasmFormatError:
            pass


# ---------------------------------------------------------------------------
# A module built by the real toolchain (zig cc = clang + wasm-ld)
# ---------------------------------------------------------------------------

C_SOURCE = r"""
#define EXPORT __attribute__((visibility("default")))
static int table[16];
EXPORT int add(int a, int b) { return a + b; }
EXPORT int fill(int n) {
    int s = 0;
    for (int i = 0; i < n && i < 16; i++) { table[i] = (signed char)(i * 37); s += table[i]; }
    return s;
}
EXPORT long long to_int(double d) { return (long long)d; }
EXPORT void copy(char *d, const char *s, int n) { for (int i = 0; i < n; i++) d[i] = s[i]; }
"""


def test_zig_mvp_build_reports_no_features(tmp_path) -> None:
    pytest.importorskip("ziglang")
    source = tmp_path / "tiny.c"
    source.write_text(C_SOURCE)
    output = tmp_path / "tiny.wasm"
    subprocess.run(
        [sys.executable, "-m", "ziglang", "cc", "-target", "wasm32-freestanding",
         "-mcpu=mvp", "-O2", "-nostdlib", "-Wl,--no-entry", "-Wl,--export-dynamic",
         str(source), "-o", str(output)],
        check=True, capture_output=True,
    )
    module = read_wasm(output.read_bytes())
    assert module.features == frozenset(), [str(u) for u in module.feature_uses.values()]
    assert module.export("add").signature == FuncType(("i32", "i32"), ("i32",))
    assert module.export("to_int").signature == FuncType(("f64",), ("i64",))
    assert module.export("copy").signature == FuncType(("i32", "i32", "i32"), ())
    assert module.export("memory").kind == "memory"
    assert module.imports == ()
