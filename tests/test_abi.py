"""The compiled modules against the legacy SmartStream ABI, byte by byte.

Spec: shared/reference/fluvio-abi.md §2. Checks the exports, the one
import, their signatures, the wasm feature set (MVP only, so 2021 hosts
load the modules), `alloc`, and memory that stays flat across batches.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
import wasmtime

from conftest import REPO, compiled
from ssc import abi
from ssc.runtime import load
from ssc.runtime.codec import WireRecord, decode_output, encode_input, encode_records, SmartStreamInput
from ssc.runtime.wasm_file import read_wasm

EXAMPLES = {"filter": abi.Kind.FILTER, "map_double": abi.Kind.MAP, "aggregate_concat": abi.Kind.AGGREGATE}
#: Post-MVP features a module may use and still load on the 2021 hosts (issue #2).
ALLOWED_FEATURES = {"mutable-globals", "sign-ext"}


def _wasm(name: str) -> bytes:
    return compiled(REPO / "examples" / f"{name}.py")


def _sig(functype: wasmtime.FuncType) -> abi.FuncSig:
    return abi.FuncSig(tuple(str(t) for t in functype.params), tuple(str(t) for t in functype.results))


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_exports_and_import(name: str) -> None:
    engine = wasmtime.Engine()
    module = wasmtime.Module(engine, _wasm(name))
    exports = {e.name: e.type for e in module.exports}
    entry = EXAMPLES[name].export
    assert set(exports) == {abi.MEMORY_EXPORT, abi.ALLOC_EXPORT, abi.DEALLOC_EXPORT, entry}
    assert isinstance(exports[abi.MEMORY_EXPORT], wasmtime.MemoryType)
    assert _sig(exports[abi.ALLOC_EXPORT]) == abi.ALLOC_SIG
    assert _sig(exports[abi.DEALLOC_EXPORT]) == abi.DEALLOC_SIG
    assert _sig(exports[entry]) == abi.ENTRY_SIG
    imports = list(module.imports)
    assert [(i.module, i.name) for i in imports] == [(abi.COPY_RECORDS_MODULE, abi.COPY_RECORDS_NAME)]
    assert _sig(imports[0].type) == abi.COPY_RECORDS_SIG


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_feature_set_is_mvp(name: str) -> None:
    info = read_wasm(_wasm(name))
    assert info.features <= ALLOWED_FEATURES


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_module_size(name: str) -> None:
    assert len(_wasm(name)) < 16 * 1024


def _batch(count: int) -> list[bytes]:
    return [f"value {i} with an a".encode() for i in range(count)]


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_memory_is_flat_across_batches(name: str) -> None:
    """1,000 batches of 1,000 records: memory after the last equals memory after the first."""
    module = load(_wasm(name))
    if name == "map_double":
        values = [str(i).encode() for i in range(1000)]
    elif name == "aggregate_concat":
        values = [b"a"] * 1000   # the output is quadratic in the batch: keep values short
    else:
        values = _batch(1000)
    module.process(values)
    after_first = module.memory_size
    for _ in range(999):
        module.process(values)
    assert module.memory_size == after_first


def test_alloc_returns_a_writable_region_and_grows_memory() -> None:
    engine = wasmtime.Engine()
    store = wasmtime.Store(engine)
    module = wasmtime.Module(engine, _wasm("filter"))
    noop = wasmtime.Func(store, wasmtime.FuncType([wasmtime.ValType.i32()] * 2, []), lambda p, n: None)
    exports = wasmtime.Instance(store, module, [noop]).exports(store)
    memory = exports["memory"]
    for size in (0, 1, 100, 70_000, 5 * 1024 * 1024):
        ptr = exports["alloc"](store, size)
        assert ptr > 0 and ptr % 8 == 0
        assert ptr + size <= memory.data_len(store)
        memory.write(store, b"\xab" * min(size, 16), ptr)
        if size:
            memory.write(store, b"\xcd", ptr + size - 1)


TEMPORARIES = """\
from smartstream import smartstream, Record

@smartstream.map
def map(record: Record) -> tuple[bytes | None, bytes]:
    fields = record.value.decode().split(",")          # a list and its strings, each record
    words = [f.upper() for f in fields] + [str(len(fields))]
    return record.key, (" ".join(words) * 3).encode()   # an output larger than the input
"""


@pytest.mark.parametrize("name", ["temporaries", "aggregate_concat"])
def test_a_batch_needs_its_input_and_its_output(name: str, tmp_path: Path) -> None:
    """Without module state the heap is rewound after each record and the output buffer grows
    in place (core.c record_mark/record_release), so what one batch adds to linear memory is
    its input and its output, within a few pages, however many temporaries each record made."""
    if name == "temporaries":
        source = tmp_path / "temporaries.py"
        source.write_text(TEMPORARIES)
        wasm, entry = compiled(source), "map"
        values = [f"a,b{i},c{i * 7},{'x' * (i % 90)}".encode() for i in range(20_000)]
        payload = encode_input(SmartStreamInput(0, encode_records([WireRecord(None, v, i)
                                                                   for i, v in enumerate(values)])))
    else:
        wasm, entry = _wasm(name), "aggregate"
        values = [b"word%d" % (i % 10) for i in range(2_000)]
        records = encode_records([WireRecord(None, v, i) for i, v in enumerate(values)])
        payload = struct.pack(">qI", 0, len(records)) + records + struct.pack(">I", 0)
    status, output, added = _raw_run(wasm, entry, payload)
    assert status == len(values) and output is not None
    assert len(output) > len(payload) if name == "temporaries" else len(output) > 100 * len(payload)
    assert added <= len(payload) + len(output) + 4 * 65536


def _raw_run(wasm: bytes, entry: str, payload: bytes) -> tuple[int, bytes | None, int]:
    """One batch through a fresh instance: the entry's status, the output it handed to
    copy_records (None if it did not), and the bytes of linear memory the batch added."""
    engine = wasmtime.Engine()
    store = wasmtime.Store(engine)
    slot: list[tuple[int, int]] = []
    copy = wasmtime.Func(store, wasmtime.FuncType([wasmtime.ValType.i32()] * 2, []),
                         lambda p, n: slot.append((p, n)))
    exports = wasmtime.Instance(store, wasmtime.Module(engine, wasm), [copy]).exports(store)
    initial = exports["memory"].data_len(store)
    ptr = exports["alloc"](store, len(payload))
    exports["memory"].write(store, payload, ptr)
    status = exports[entry](store, ptr, len(payload))
    added = exports["memory"].data_len(store) - initial
    if not slot:
        return status, None, added
    p, n = slot[-1]
    return status, bytes(exports["memory"].read(store, p, p + n)), added


def _raw_call(wasm: bytes, entry: str, payload: bytes) -> tuple[int, bytes | None]:
    return _raw_run(wasm, entry, payload)[:2]


def test_worked_l0_buffers() -> None:
    """§2 "Worked L0 buffers": the abc input through the filter gives the 15-byte output."""
    payload = bytes.fromhex("0000000000000000" "0000000e" "0000000112000000000661626300")
    status, output = _raw_call(_wasm("filter"), "filter", payload)
    assert status == 1
    assert output == bytes.fromhex("000000011200000000066162630000")


def test_undecodable_records_return_decoding_records() -> None:
    records = encode_records([WireRecord(None, b"abc")])
    broken = records[:-3]  # the value is cut short
    payload = struct.pack(">qI", 0, len(broken)) + broken
    status, output = _raw_call(_wasm("filter"), "filter", payload)
    assert status == abi.InternalError.DECODING_RECORDS
    assert output is None


@pytest.mark.parametrize("name, entry, values, status", [
    ("filter", "filter", [b"kiwi", b"banana", b"apple"], 2),   # two kept
    ("map_double", "map", [b"2", b"x", b"3"], 1),               # one success, then a ValueError
])
def test_a_bad_record_fails_the_batch_wherever_it_is(name: str, entry: str, values: list[bytes],
                                                      status: int) -> None:
    """As the Rust guests decode the whole batch first: a record that does not decode fails the
    batch with no output, even after records the transform kept, and even after one it raised on
    (stateless modules check as they go, see core.c records_valid)."""
    good = encode_records([WireRecord(None, value, i) for i, value in enumerate(values)])
    broken = good[:-3]   # the last value is cut short
    payload = struct.pack(">qI", 0, len(broken)) + broken
    assert _raw_call(_wasm(name), entry, payload) == (abi.InternalError.DECODING_RECORDS, None)
    whole = struct.pack(">qI", 0, len(good)) + good   # the same records, all there
    assert _raw_call(_wasm(name), entry, whole)[0] == status


def test_undecodable_base_input_returns_decoding_base_input() -> None:
    payload = struct.pack(">qI", 0, 1000) + b"short"
    status, _ = _raw_call(_wasm("filter"), "filter", payload)
    assert status == abi.InternalError.DECODING_BASE_INPUT


def test_error_output_matches_spec_layout() -> None:
    """A map error at offset 5 (base 4 + delta 1): successes, then Some(error) with kind Map."""
    records = encode_records([WireRecord(None, b"1"), WireRecord(b"k", b"x", offset_delta=1)])
    payload = encode_input(SmartStreamInput(4, records))
    status, output = _raw_call(_wasm("map_double"), "map", payload)
    assert status == 1
    decoded = decode_output(output)
    assert [r.value for r in decoded.successes] == [b"2"]
    error = decoded.error
    assert (error.offset, error.kind, error.record_key, error.record_value) == (5, abi.SmartStreamType.MAP, b"k", b"x")
    assert error.hint == "ValueError: invalid literal for int() with base 10: 'x'"


ALL_SOURCES = sorted([*(REPO / "examples").glob("*.py"), *(REPO / "tests" / "programs").glob("*.py")])


@pytest.mark.parametrize("path", ALL_SOURCES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_module_imports_only_copy_records(path) -> None:
    """The sandbox rule: a compiled module's one import is copy_records, for every example and both ABIs."""
    from test_golden import _batch

    golden = _batch(path) if path.with_suffix(".in.jsonl").exists() else None
    abis = ["smartmodule"] if golden is not None and golden.abi == "smartmodule" else ["smartstream", "smartmodule"]
    for target in abis:
        module = wasmtime.Module(wasmtime.Engine(), compiled(path, target))
        assert [(i.module, i.name) for i in module.imports] == [(abi.COPY_RECORDS_MODULE, abi.COPY_RECORDS_NAME)]
        assert _sig(module.imports[0].type) == abi.COPY_RECORDS_SIG


# -- one Kind for both ABIs (issue 14) -------------------------------------------------


def test_kind_prints_its_name_and_is_one_type_for_both_abis() -> None:
    legacy = load(_wasm("map_double"))
    current = load(compiled(REPO / "examples" / "map_double.py", "smartmodule"))
    assert legacy.kind is current.kind is abi.Kind.MAP
    assert (str(legacy.kind), repr(current.kind), f"{current.kind}") == ("map", "<Kind.MAP: 'map'>", "map")
    assert abi.ModuleKind is abi.Kind


@pytest.mark.parametrize(("target", "table"), [(abi.Abi.SMARTSTREAM, abi.SmartStreamType),
                                               (abi.Abi.SMARTMODULE, abi.SmartModuleKind)])
def test_kind_tags_follow_each_abis_table(target: abi.Abi, table: type) -> None:
    for tag in table:
        kind = abi.Kind.from_tag(target, int(tag))
        assert kind.name == tag.name and kind.tag(target) == int(tag)
    assert abi.Kind.of(target) == tuple(abi.Kind[tag.name] for tag in table)
    with pytest.raises(ValueError):
        abi.Kind.from_tag(target, 99)


def test_legacy_abi_has_no_tag_for_the_new_kinds() -> None:
    assert abi.Kind.AGGREGATE.tag(abi.Abi.SMARTSTREAM) == 2 and abi.Kind.AGGREGATE.tag(abi.Abi.SMARTMODULE) == 3
    with pytest.raises(ValueError, match="the smartstream ABI has no filter_map kind"):
        abi.Kind.FILTER_MAP.tag(abi.Abi.SMARTSTREAM)


def test_generated_header_keeps_the_wire_tags() -> None:
    """The guest writes the tags of ssc_gen.h; they are the two ABIs' tables, unchanged."""
    from ssc.compiler.guestlib import render_gen_header

    header = render_gen_header()
    for line in ("#define SSC_KIND_FILTER 0", "#define SSC_KIND_MAP 1", "#define SSC_KIND_AGGREGATE 2",
                 "#define SSC_MODULE_KIND_ARRAY_MAP 2", "#define SSC_MODULE_KIND_AGGREGATE 3",
                 "#define SSC_MODULE_KIND_FILTER_MAP 4"):
        assert line in header.splitlines()
    assert "SSC_KIND_FILTER_MAP" not in header
