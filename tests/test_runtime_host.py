"""The host runtime against hand-written L0 modules (tests/wat/*.wat).

Each WAT file says what it does; ``static_output.wat`` is a template that
returns fixed output bytes, so a test can feed the host exactly the bytes
it wants to see decoded (hex copied from fluvio-abi.md §2 where it exists).
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import wasmtime

from ssc.abi import Kind, SmartStreamType
from ssc.runtime import (
    ModuleLoadError,
    Record,
    SmartStreamError,
    SmartStreamInternalError,
    SmartStreamProtocolError,
    SmartStreamRuntimeError,
    SmartStreamTrap,
    load,
)
from ssc.runtime.codec import SmartStreamOutput, WireRecord, WireRuntimeError, encode_output
from ssc.runtime.module import SmartStreamModule

WAT_DIR = Path(__file__).parent / "wat"

#: Every test runs with each batch codec: native (C) and pure Python (conftest.host_codec).
pytestmark = pytest.mark.usefixtures("host_codec")

#: §2 "Worked L0 buffers": no successes, error {hint "bad", offset 5, Filter,
#: key None, value "abc"}.
SPEC_ERROR_OUTPUT = (
    "00 00 00 00 | 01 | 00 03 62 61 64 | 00 00 00 00 00 00 00 05 | 00 | 00 | 06 61 62 63"
)
#: §2: the output passing the "abc" record, no error (15 bytes).
SPEC_ABC_OUTPUT = "00 00 00 01 12 00 00 00 00 06 61 62 63 00 | 00"


def h(text: str) -> bytes:
    return bytes.fromhex(text.replace("|", " "))


def wasm(name: str, **fill: str) -> bytes:
    """Assemble tests/wat/NAME.wat, replacing each ``__KEY__`` with ``fill[KEY]``."""
    text = (WAT_DIR / f"{name}.wat").read_text()
    for key, value in fill.items():
        text = text.replace(f"__{key}__", value)
    return bytes(wasmtime.wat2wasm(text))


def static_module(entry: str, output: bytes, status: int = 0) -> SmartStreamModule:
    """A module whose ``entry`` returns ``status`` after copy_records(output)."""
    data = '"' + "".join(f"\\{b:02x}" for b in output) + '"'
    return load(
        wasm("static_output", ENTRY=entry, DATA=data, LEN=str(len(output)), RET=str(status)),
        name=f"static_{entry}",
    )


def passthrough(entry: str = "filter") -> SmartStreamModule:
    """The pass-through module with its entry exported as ``entry``."""
    return load(
        wasmtime.wat2wasm(
            (WAT_DIR / "passthrough.wat").read_text().replace('(export "filter")', f'(export "{entry}")')
        ),
        name=f"passthrough_{entry}",
    )


# -- load() -----------------------------------------------------------------


def test_load_from_path(tmp_path: Path) -> None:
    path = tmp_path / "pass.wasm"
    path.write_bytes(wasm("passthrough"))
    for source in (path, str(path)):
        mod = load(source)
        assert mod.kind is Kind.FILTER
        assert mod.path == str(path)
        assert mod.name == "pass.wasm"
        assert mod.size == path.stat().st_size
        assert repr(mod) == (
            f"<SmartStreamModule filter, abi='smartstream (legacy)', "
            f"size={mod.size} bytes, path={str(path)!r}>"
        )


def test_load_from_bytes() -> None:
    data = wasm("passthrough")
    mod = load(data)
    assert (mod.kind, mod.path, mod.name, mod.size) == (Kind.FILTER, None, "<bytes>", len(data))
    assert "name='<bytes>'" in repr(mod)
    assert load(bytearray(data), name="mine").name == "mine"


@pytest.mark.parametrize("entry", ["filter", "map", "aggregate"])
def test_kind_from_exports(entry: str) -> None:
    assert passthrough(entry).kind is Kind(entry)


def test_probe_order_filter_first() -> None:
    """With several entries the first in ssc.abi.PROBE_ORDER wins."""
    text = (WAT_DIR / "passthrough.wat").read_text()
    text = text.replace('(export "filter")', '(export "aggregate") (export "map") (export "filter")')
    assert load(wasmtime.wat2wasm(text)).kind is Kind.FILTER
    text = text.replace('(export "filter")', "")
    assert load(wasmtime.wat2wasm(text)).kind is Kind.MAP


# -- running batches ----------------------------------------------------------


def test_passthrough_filter_records_and_offsets() -> None:
    mod = passthrough()
    out = mod.filter([b"a", "b", Record(b"k", b"c", timestamp=7)], base_offset=100)
    assert out == [
        Record(None, b"a", offset=100, timestamp=0),
        Record(None, b"b", offset=101, timestamp=0),
        Record(b"k", b"c", offset=102, timestamp=7),
    ]


def test_passthrough_exact_spec_output() -> None:
    """The "abc" batch comes back as the spec's 15-byte output, decoded."""
    mod = passthrough()
    assert mod.filter([b"abc"]) == [Record(None, b"abc")]
    assert static_module("filter", h(SPEC_ABC_OUTPUT), 1).filter([b"x"]) == [Record(None, b"abc")]


def test_passthrough_varied_records() -> None:
    records = [
        Record(None, b""),
        Record(b"", b"v" * 70),
        Record(b"key" * 30, bytes(range(256)) * 40, timestamp=123456),
        "unicode: é✓",
    ]
    out = passthrough().filter(records, base_offset=2**40)
    assert [(r.key, r.value, r.offset, r.timestamp) for r in out] == [
        (None, b"", 2**40, 0),
        (b"", b"v" * 70, 2**40 + 1, 0),
        (b"key" * 30, bytes(range(256)) * 40, 2**40 + 2, 123456),
        (None, "unicode: é✓".encode(), 2**40 + 3, 0),
    ]


def test_empty_batch() -> None:
    assert passthrough().filter([]) == []


def test_map_and_process() -> None:
    mod = passthrough("map")
    assert mod.map([b"x"], base_offset=3) == [Record(None, b"x", offset=3)]
    assert mod.process((v for v in [b"y"])) == [Record(None, b"y")]


def test_wrong_method_for_kind() -> None:
    with pytest.raises(TypeError, match=r"this module is a map SmartStream; call \.map\(\)"):
        passthrough("map").filter([b"x"])
    with pytest.raises(TypeError, match=r"this module is a filter SmartStream; call \.filter\(\)"):
        passthrough("filter").aggregate([b"x"], b"acc")
    with pytest.raises(TypeError, match="only aggregate SmartStreams take an accumulator"):
        passthrough("filter").process([b"x"], accumulator=b"acc")


def test_bad_record_arguments() -> None:
    mod = passthrough()
    with pytest.raises(TypeError, match="a list of records, not a single record"):
        mod.filter(b"abc")
    with pytest.raises(TypeError, match="record 1 is a int"):
        mod.filter([b"a", 5])


def test_aggregate_gets_the_accumulator() -> None:
    mod = load(wasm("accumulator_echo"))
    assert mod.kind is Kind.AGGREGATE
    assert mod.aggregate([b"x", b"y"], b"A") == [Record(None, b"A")]
    assert mod.aggregate([b"x"], "héllo", base_offset=9) == [Record(None, "héllo".encode(), 9)]
    assert mod.aggregate([]) == [Record(None, b"")]
    assert mod.process([b"x"], accumulator=b"acc") == [Record(None, b"acc")]


def test_passthrough_aggregate_ignores_accumulator_bytes() -> None:
    assert passthrough("aggregate").aggregate([b"1", b"2"], b"0") == [
        Record(None, b"1", 0),
        Record(None, b"2", 1),
    ]


def test_instance_is_reused_across_batches() -> None:
    """counter.wat bumps a global per call (and names its import host.output)."""
    mod = load(wasm("counter"))
    assert mod.kind is Kind.MAP
    assert [mod.map([b"x"])[0].value for _ in range(3)] == [b"1", b"2", b"3"]


def test_memory_size_stays_flat_across_batches() -> None:
    mod = passthrough()
    batch = [f"record {i}" for i in range(200)]
    mod.filter(batch)
    size = mod.memory_size
    assert size % 65536 == 0 and size >= 2 * 65536
    for _ in range(20):
        assert len(mod.filter(batch)) == 200
    assert mod.memory_size == size
    # a bigger batch makes the guest grow its memory, which memory_size shows
    mod.filter([b"z" * 300_000])
    assert mod.memory_size > size


# -- errors while running -----------------------------------------------------


def test_inband_error_from_the_spec() -> None:
    mod = static_module("filter", h(SPEC_ERROR_OUTPUT))
    with pytest.raises(SmartStreamRuntimeError) as info:
        mod.filter([b"abc"])
    e = info.value
    assert e.as_dict() == {
        "offset": 5,
        "kind": Kind.FILTER,
        "key": None,
        "value": b"abc",
        "hint": "bad",
        "successes": [],
    }
    assert str(e) == "record at offset 5: bad"
    assert isinstance(e, SmartStreamError)


def test_inband_error_keeps_the_successes() -> None:
    hint = "ValueError: invalid literal for int() with base 10: 'x'"
    output = encode_output(
        SmartStreamOutput(
            [WireRecord(b"k0", b"1", 0), WireRecord(None, b"2", 1, 40)],
            WireRuntimeError(hint, 102, SmartStreamType.MAP, b"k2", b"x"),
        )
    )
    mod = static_module("map", output)
    with pytest.raises(SmartStreamRuntimeError) as info:
        mod.map([b"1", b"2", b"x"], base_offset=100)
    e = info.value
    assert str(e) == "record at offset 102: ValueError: invalid literal for int() with base 10: 'x'"
    assert (e.offset, e.kind, e.key, e.value, e.hint) == (102, Kind.MAP, b"k2", b"x", hint)
    assert e.successes == [Record(b"k0", b"1", 100, 0), Record(None, b"2", 101, 40)]
    again = pickle.loads(pickle.dumps(e))
    assert type(again) is SmartStreamRuntimeError and again.as_dict() == e.as_dict()
    assert str(again) == str(e)


def test_inband_error_with_a_kind_tag_from_a_later_abi() -> None:
    """0.3.0 moved Aggregate to 3 (§2); an unknown tag is kept as an int."""
    output = encode_output(SmartStreamOutput([], WireRuntimeError("E", 0, 3, None, b"")))
    with pytest.raises(SmartStreamRuntimeError) as info:
        static_module("aggregate", output).aggregate([b"x"])
    assert info.value.kind == 3 and not isinstance(info.value.kind, Kind)


@pytest.mark.parametrize(
    ("status", "named"),
    [
        (-1, "UnknownError (-1)"),
        (-11, "DecodingBaseInput (-11)"),
        (-22, "DecodingRecords (-22)"),
        (-33, "EncodingOutput (-33)"),
        (-7, "UnknownError (-7)"),
    ],
)
def test_negative_return_is_an_internal_error(status: int, named: str) -> None:
    # the output is valid, but a negative return means it is ignored (§2 step 5)
    mod = static_module("filter", h(SPEC_ABC_OUTPUT), status)
    with pytest.raises(SmartStreamInternalError) as info:
        mod.filter([b"abc"])
    assert info.value.code == status
    assert str(info.value).startswith(f"module returned {named}: ")
    assert pickle.loads(pickle.dumps(info.value)).code == status


def test_trap_becomes_a_smartstream_trap() -> None:
    mod = load(wasm("trap"), name="trap.wasm")
    with pytest.raises(SmartStreamTrap) as info:
        mod.filter([b"x"])
    e = info.value
    assert str(e) == (
        "filter() trapped: wasm `unreachable` instruction executed "
        "(batch at offset 0, 1 record; wasm backtrace: filter)"
    )
    assert e.trap_code == "UNREACHABLE"
    assert "wasm backtrace" in e.detail
    assert not isinstance(e, wasmtime.Trap) and e.__cause__ is None
    # the instance survives a trap; the next batch runs (and traps) again
    with pytest.raises(SmartStreamTrap):
        mod.filter([b"y"])


def test_no_copy_records_call() -> None:
    with pytest.raises(SmartStreamProtocolError, match="returned 0 without calling copy_records"):
        load(wasm("no_output")).filter([b"x"])


def test_output_that_does_not_decode() -> None:
    mod = static_module("filter", h("00 00 00 01 12 00"))
    with pytest.raises(SmartStreamProtocolError, match="not a SmartStreamOutput: record 0 at byte 4"):
        mod.filter([b"x"])


def test_output_region_outside_memory() -> None:
    text = (WAT_DIR / "static_output.wat").read_text()
    text = text.replace("__ENTRY__", "filter").replace('__DATA__', '"\\00"')
    text = text.replace("__LEN__", "200000").replace("__RET__", "0")
    with pytest.raises(SmartStreamProtocolError, match=r"copy_records\(0x400, 200000\) names bytes outside"):
        load(wasmtime.wat2wasm(text)).filter([b"x"])


def test_alloc_outside_memory() -> None:
    with pytest.raises(SmartStreamProtocolError, match=r"alloc\(\d+\) returned 0x7fff0000"):
        load(wasm("alloc_out_of_bounds")).filter([b"x"])


# -- modules that do not load -------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "bad_no_entry",
            "bad_no_entry.wasm: not a SmartStream: it exports none of filter, map, aggregate "
            "(an entry function (i32, i32) -> (i32)); it exports alloc, dealloc, memory "
            "(nor is it a SmartModule, which exports one of filter, map, filter_map, array_map, "
            "aggregate, a function (i32, i32, i32) -> (i32))",
        ),
        ("bad_no_memory", "bad_no_memory.wasm: missing export 'memory'"),
        ("bad_no_alloc", "bad_no_alloc.wasm: missing export 'alloc': the allocator (i32) -> (i32)"),
        (
            # a 3-argument entry is a current SmartModule (tests/test_smartmodule_host.py);
            # an entry of neither type is refused, naming both
            "bad_entry_sig",
            "bad_entry_sig.wasm: export 'filter' has type (i32, i32) -> (i64), but the entry "
            "function must be (i32, i32) -> (i32) (legacy SmartStream), or (i32, i32, i32) -> (i32) "
            "(SmartModule)",
        ),
        (
            "bad_alloc_sig",
            "bad_alloc_sig.wasm: export 'alloc' has type (i64) -> (i32), but the allocator must be "
            "(i32) -> (i32)",
        ),
        (
            "bad_two_imports",
            "bad_two_imports.wasm: a legacy SmartStream has exactly one import, a function "
            "(i32, i32) -> () (Rust: env.copy_records); this module has 2: env.copy_records "
            "(a function (i32, i32) -> ()), wasi_snapshot_preview1.fd_write (a function "
            "(i32, i32, i32, i32) -> (i32)) (WASI is not available to legacy SmartStreams)",
        ),
        ("bad_no_import", "bad_no_import.wasm: a legacy SmartStream has exactly one import"),
        (
            "bad_import_sig",
            "bad_import_sig.wasm: import env.copy_records is (i32) -> (i32); the one import of a "
            "legacy SmartStream must be a function (i32, i32) -> ()",
        ),
        ("bad_start_trap", "bad_start_trap.wasm: could not instantiate the module: "),
    ],
)
def test_bad_modules(tmp_path: Path, name: str, message: str) -> None:
    path = tmp_path / f"{name}.wasm"
    path.write_bytes(wasm(name))
    with pytest.raises(ModuleLoadError) as info:
        load(path)
    assert str(info.value).startswith(message), str(info.value)


def test_not_webassembly(tmp_path: Path) -> None:
    with pytest.raises(ModuleLoadError, match=r"x\.wasm: not a WebAssembly module: it starts with b'hell'"):
        load(b"hello world", name="x.wasm")
    with pytest.raises(ModuleLoadError, match="looks like WAT text"):
        load(b"(module)")
    with pytest.raises(ModuleLoadError, match="the file is empty"):
        load(b"")
    with pytest.raises(ModuleLoadError, match="not a valid WebAssembly module: .*end-of-file"):
        load(wasm("passthrough")[:40])
    with pytest.raises(ModuleLoadError, match=r"missing\.wasm: cannot read .*missing\.wasm: No such file"):
        load(tmp_path / "missing.wasm")
    with pytest.raises(TypeError, match="a path or the module's bytes"):
        load(42)  # type: ignore[arg-type]


def test_errors_are_one_family() -> None:
    for cls in (
        ModuleLoadError,
        SmartStreamInternalError,
        SmartStreamProtocolError,
        SmartStreamRuntimeError,
        SmartStreamTrap,
    ):
        assert issubclass(cls, SmartStreamError)


# -- staying light ------------------------------------------------------------


def test_runtime_imports_stay_light() -> None:
    """Record needs no wasmtime; load() needs no compiler, lark or llvmlite."""
    code = (
        "import sys\n"
        "from ssc.runtime.records import Record\n"
        "assert 'wasmtime' not in sys.modules, 'records imported wasmtime'\n"
        "import ssc.runtime\n"
        "assert 'wasmtime' not in sys.modules, 'ssc.runtime imported wasmtime'\n"
        "ssc.runtime.load\n"
        "heavy = [m for m in ('lark', 'llvmlite', 'ssc.compiler') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ)
    )
    assert result.returncode == 0, result.stderr


def test_dropped_modules_are_freed() -> None:
    """The copy_records callback must not keep its module (and store) alive."""
    import gc
    import weakref

    mod = passthrough()
    mod.filter([b"x"])
    ref = weakref.ref(mod)
    del mod
    gc.collect()
    assert ref() is None
