"""The host runtime against hand-written current-ABI SmartModules (tests/wat/sm_*.wat).

The modules show the host's bytes instead of interpreting them:
``sm_echo.wat`` outputs one record whose value is the exact input it
received and whose key is the version argument; ``sm_init.wat`` and
``sm_look_back.wat`` do the same for what init and look_back received;
``sm_static.wat`` returns fixed output bytes, so a test controls what the
host decodes. The expected bytes are the layouts of fluvio-abi.md §3,
written out here in hex.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import wasmtime

import ssc
from ssc.abi import SPU_VERSION, Abi, InitError, InternalError, Kind, LookbackError, SmartModuleKind
from ssc.runtime import (
    Chain,
    ModuleLoadError,
    Record,
    SmartModule,
    SmartModuleInitError,
    SmartModuleLookbackError,
    SmartStreamError,
    SmartStreamInternalError,
    SmartStreamModule,
    SmartStreamProtocolError,
    SmartStreamRuntimeError,
    SmartStreamTrap,
    chain,
    load,
)
from ssc.runtime.codec import (
    Lookback,
    SmartModuleAggregateOutput,
    SmartModuleInitOutput,
    SmartModuleLookbackOutput,
    SmartStreamOutput,
    WireRecord,
    WireRuntimeError,
    encode_init_output,
    encode_lookback_output,
    encode_output,
    encode_records,
    encode_smartmodule_aggregate_output,
)

WAT_DIR = Path(__file__).parent / "wat"

#: Every test runs with each batch codec: native (C) and pure Python (conftest.host_codec).
pytestmark = pytest.mark.usefixtures("host_codec")

#: §1: the "abc" record (key None, deltas 0) as a Vec<Record> (14 bytes).
ABC_RECORDS = "00 00 00 01 12 00 00 00 00 06 61 62 63 00"
#: §3 examples: base_offset 100, the "abc" Vec<Record> (its u32 byte length 14 first).
PREFIX_100 = f"00 00 00 00 00 00 00 64 | 00 00 00 0e | {ABC_RECORDS}"
#: base_timestamp 1700000000000 = 0x0000018bcfe56800.
TS = "00 00 01 8b cf e5 68 00"
TIMESTAMP = 1_700_000_000_000

#: §3 "Version argument and layouts", the "abc" batch at each version.
INPUT_BY_VERSION = {
    0: f"{PREFIX_100} | 00 00",                          # params map only (no lookback < 20)
    15: f"{PREFIX_100} | 00 00",
    16: f"{PREFIX_100} | 00 00 | 00 00 00 00",           # + join_record
    19: f"{PREFIX_100} | 00 00 | 00 00 00 00",
    20: f"{PREFIX_100} | 00 00 00 | 00 00 00 00",        # params: map + lookback None
    21: f"{PREFIX_100} | 00 00 00 | 00 00 00 00",
    22: f"{PREFIX_100} | 00 00 | 00 | 00 00 00 00 | {TS}",  # 41 bytes
    23: f"{PREFIX_100} | {TS}",                          # 34 bytes
    25: f"{PREFIX_100} | {TS}",
}

#: §3: init input at v >= 20 with params {key: "a"}.
INIT_INPUT_KEY_A = "00 01 00 03 6b 65 79 00 01 61 00"


def h(text: str) -> bytes:
    return bytes.fromhex(text.replace("|", " "))


def wat(name: str, **fill: str) -> bytes:
    """Assemble tests/wat/NAME.wat with sm_lib spliced in and ``__KEY__`` filled."""
    text = (WAT_DIR / f"{name}.wat").read_text()
    text = text.replace(";; @lib", (WAT_DIR / "sm_lib.watfrag").read_text())
    for key, value in fill.items():
        text = text.replace(f"__{key}__", value)
    return bytes(wasmtime.wat2wasm(text))


def wat_string(data: bytes) -> str:
    return '"' + "".join(f"\\{b:02x}" for b in data) + '"'


def echo(entry: str = "filter", **options: object) -> SmartModule:
    agg = "1" if entry == "aggregate" else "0"
    module = load(wat("sm_echo", ENTRY=entry, AGG=agg), name=f"echo_{entry}", **options)
    assert isinstance(module, SmartModule)
    return module


def static(entry: str, output: bytes, status: int = 0, **options: object) -> SmartModule:
    """A module whose transform ``entry`` returns ``status`` after copy_records(output)."""
    module = load(
        wat("sm_static", ENTRY=entry, DATA=wat_string(output), LEN=str(len(output)), RET=str(int(status))),
        name=f"static_{entry}", **options,
    )
    assert isinstance(module, SmartModule)
    return module


def passthrough(entry: str = "filter", **options: object) -> SmartModule:
    return load(wat("sm_passthrough", ENTRY=entry), name=f"pass_{entry}", **options)  # type: ignore[return-value]


def init_module(status: int = 0, output: bytes = b"", **options: object) -> SmartModule:
    return load(  # type: ignore[return-value]
        wat("sm_init", INIT_RET=str(int(status)), DATA=wat_string(output), LEN=str(len(output))),
        name="init.wasm", **options,
    )


def look_back_module(status: int = 0, output: bytes = b"", **options: object) -> SmartModule:
    return load(  # type: ignore[return-value]
        wat("sm_look_back", LB_RET=str(int(status)), DATA=wat_string(output), LEN=str(len(output))),
        name="look_back.wasm", **options,
    )


def shown(records: list[Record]) -> tuple[int, bytes]:
    """What an echoing module showed: (version argument, input bytes)."""
    assert len(records) == 1 and records[0].key is not None
    return int.from_bytes(records[0].key, "big"), records[0].value


# -- load(): ABI and kind ------------------------------------------------------


@pytest.mark.parametrize("entry", ["filter", "map", "filter_map", "array_map", "aggregate"])
def test_load_detects_smartmodule_and_kind(entry: str) -> None:
    module = echo(entry)
    assert isinstance(module, SmartModule) and not isinstance(module, SmartStreamModule)
    assert module.abi is Abi.SMARTMODULE
    assert module.kind is Kind(entry)
    assert module.version == SPU_VERSION == 25
    assert (module.has_init, module.has_look_back, module.wasi) == (False, False, False)
    assert repr(module) == (
        f"<SmartModule {entry}, abi='smartmodule', version=25, size={module.size} bytes, "
        f"name='echo_{entry}'>"
    )


def test_legacy_modules_still_load_as_legacy() -> None:
    module = load(wasmtime.wat2wasm((WAT_DIR / "passthrough.wat").read_text()))
    assert isinstance(module, SmartStreamModule)
    assert (module.abi, module.kind, module.version) == (Abi.SMARTSTREAM, Kind.FILTER, 0)


def test_load_from_path(tmp_path: Path) -> None:
    path = tmp_path / "echo.wasm"
    path.write_bytes(wat("sm_echo", ENTRY="map", AGG="0"))
    module = load(path, version=22)
    assert (module.path, module.name, module.version) == (str(path), "echo.wasm", 22)
    assert repr(module).endswith(f"path={str(path)!r}>")


@pytest.mark.parametrize(
    ("exports", "kind"),
    [
        (["aggregate", "array_map", "filter_map", "map", "filter"], Kind.FILTER),
        (["aggregate", "array_map", "filter_map", "map"], Kind.MAP),
        (["aggregate", "array_map", "filter_map"], Kind.FILTER_MAP),
        (["aggregate", "array_map"], Kind.ARRAY_MAP),
    ],
)
def test_probe_order(exports: list[str], kind: Kind) -> None:
    """Fluvio probes filter, map, filter_map, array_map, aggregate; the first present wins."""
    text = (WAT_DIR / "sm_passthrough.wat").read_text()
    text = text.replace('(export "__ENTRY__")', " ".join(f'(export "{e}")' for e in exports))
    text = text.replace(";; @lib", (WAT_DIR / "sm_lib.watfrag").read_text())
    assert load(wasmtime.wat2wasm(text)).kind is kind


def test_a_3_argument_entry_is_a_smartmodule() -> None:
    """bad_entry_3arg.wat, refused by the legacy-only host, now loads as a SmartModule."""
    module = load(wasmtime.wat2wasm((WAT_DIR / "bad_entry_3arg.wat").read_text()), name="three")
    assert isinstance(module, SmartModule) and module.kind is Kind.FILTER
    # its filter returns 0 without calling copy_records
    with pytest.raises(SmartStreamProtocolError, match=r"three: filter\(\) returned 0 without calling copy_records"):
        module.filter([b"x"])


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "sm_bad_no_copy_records",
            "sm_bad_no_copy_records.wasm: a SmartModule imports a function named copy_records "
            "(i32, i32) -> () (Rust: env.copy_records); this module does not "
            '(Fluvio: "At least one import is required")',
        ),
        (
            "sm_bad_other_import",
            "sm_bad_other_import.wasm: import env.log (a function (i32, i32) -> ()) cannot be "
            "linked: a SmartModule may import only copy_records and WASI preview1 "
            "(wasi_snapshot_preview1) functions",
        ),
        (
            "sm_bad_init_sig",
            "sm_bad_init_sig.wasm: export 'init' has type (i32, i32) -> (i32), but the init "
            "function must be (i32, i32, i32) -> (i32)",
        ),
        (
            "sm_bad_probe_type",
            "sm_bad_probe_type.wasm: export 'filter' has type (i32) -> (i32), but the transform "
            "function must be (i32, i32, i32) -> (i32)",
        ),
        (
            "bad_entry_sig",
            "bad_entry_sig.wasm: export 'filter' has type (i32, i32) -> (i64), but the entry "
            "function must be (i32, i32) -> (i32) (legacy SmartStream), or (i32, i32, i32) -> "
            "(i32) (SmartModule)",
        ),
    ],
)
def test_bad_smartmodules(tmp_path: Path, name: str, message: str) -> None:
    path = tmp_path / f"{name}.wasm"
    path.write_bytes(wat(name))
    with pytest.raises(ModuleLoadError) as info:
        load(path)
    assert str(info.value) == message


def test_bad_shapes_found_by_editing_a_good_module() -> None:
    text = (WAT_DIR / "sm_static.wat").read_text()
    text = text.replace("__DATA__", '""').replace("__LEN__", "0").replace("__RET__", "0")

    def build(t: str) -> bytes:
        return bytes(wasmtime.wat2wasm(t))

    with pytest.raises(ModuleLoadError, match="export 'filter_map' has type \\(i32\\) -> \\(i32\\)"):
        load(build(text.replace('(export "__ENTRY__") (param $ptr i32) (param $len i32) (param $version i32)',
                                '(export "filter_map") (param $ptr i32)')
                   .replace("(call $copy_records (i32.const 1024) (i32.const 0))", "")))
    good = text.replace("__ENTRY__", "map")
    with pytest.raises(ModuleLoadError, match="missing export 'memory'"):
        load(build(good.replace('(memory (export "memory") 2)', "(memory 2)")), name="m")
    with pytest.raises(ModuleLoadError, match="missing export 'alloc'"):
        load(build(good.replace('(func (export "alloc")', "(func")))
    with pytest.raises(ModuleLoadError, match="copy_records must be a function \\(i32, i32\\) -> \\(\\)"):
        load(build(good.replace("(func $copy_records (param i32 i32))",
                                "(func $copy_records (param i32 i32) (result i32))")
                   .replace("(call $copy_records (i32.const 1024) (i32.const 0))",
                            "(drop (call $copy_records (i32.const 1024) (i32.const 0)))")))


def test_smartmodule_options_are_refused_for_legacy_modules() -> None:
    legacy = wasmtime.wat2wasm((WAT_DIR / "passthrough.wat").read_text())
    with pytest.raises(ModuleLoadError, match="x: params is for SmartModules"):
        load(legacy, name="x", params={"a": "1"})
    with pytest.raises(ModuleLoadError, match="version, accumulator are for SmartModules"):
        load(legacy, version=22, accumulator=b"")


@pytest.mark.parametrize("version", [-1, 32768, True, "25", 2.0])
def test_bad_version(version: object) -> None:
    with pytest.raises(ValueError, match="version must be an int from 0 to 32767"):
        echo(version=version)


def test_params_must_be_strings() -> None:
    with pytest.raises(TypeError, match="params are str -> str"):
        init_module(params={"n": 1})


# -- the input, byte for byte, at each version ---------------------------------------


@pytest.mark.parametrize("version", sorted(INPUT_BY_VERSION))
def test_input_layout_by_version(version: int) -> None:
    module = echo(version=version)
    out = module.filter([b"abc"], base_offset=100, base_timestamp=TIMESTAMP)
    assert shown(out) == (version, h(INPUT_BY_VERSION[version]))


def test_input_sizes_from_the_spec() -> None:
    assert len(h(INPUT_BY_VERSION[22])) == 41
    assert len(h(INPUT_BY_VERSION[25])) == 34


@pytest.mark.parametrize("entry", ["map", "filter_map", "array_map"])
def test_every_transform_gets_the_same_input(entry: str) -> None:
    module = echo(entry, version=22)
    out = module.process([b"abc"], base_offset=100, base_timestamp=TIMESTAMP)
    assert shown(out) == (22, h(INPUT_BY_VERSION[22]))


@pytest.mark.parametrize("version", [15, 19, 22, 25])
def test_aggregate_input_ends_with_the_accumulator(version: int) -> None:
    module = echo("aggregate", version=version)
    out = module.aggregate([b"abc"], b"A", base_offset=100, base_timestamp=TIMESTAMP)
    assert shown(out) == (version, h(INPUT_BY_VERSION[version] + " | 00 00 00 01 41"))


def test_record_timestamps_are_deltas_from_the_base_timestamp() -> None:
    module = echo()
    records = [b"a", Record(b"k", b"b", offset=99, timestamp=TIMESTAMP + 300), "c"]
    _, sent = shown(module.filter(records, base_offset=7, base_timestamp=TIMESTAMP))
    wire = [
        WireRecord(None, b"a", 0, 0),
        WireRecord(b"k", b"b", 1, 300),      # offset_delta = index; the Record's offset is unused
        WireRecord(None, b"c", 2, 0),
    ]
    raw = encode_records(wire)
    expected = (7).to_bytes(8, "big") + len(raw).to_bytes(4, "big") + raw + TIMESTAMP.to_bytes(8, "big")
    assert sent == expected
    # the echoed record itself comes back at base_offset / base_timestamp (deltas 0)
    assert module.filter([], base_offset=7, base_timestamp=TIMESTAMP)[0].offset == 7
    assert module.filter([], base_offset=7, base_timestamp=TIMESTAMP)[0].timestamp == TIMESTAMP


# -- outputs: offsets, timestamps, kinds ---------------------------------------------


def test_passthrough_keeps_deltas() -> None:
    module = passthrough("filter_map")
    out = module.filter_map([b"a", Record(b"k", b"b", timestamp=TIMESTAMP + 5)],
                            base_offset=1000, base_timestamp=TIMESTAMP)
    assert out == [Record(None, b"a", 1000, TIMESTAMP), Record(b"k", b"b", 1001, TIMESTAMP + 5)]
    assert module.process([b"x"]) == [Record(None, b"x", 0, 0)]


def test_filter_map_output_offsets() -> None:
    output = encode_output(SmartStreamOutput([WireRecord(b"k", b"1", 0, 3), WireRecord(None, b"2", 2, 4)]))
    out = static("filter_map", output, 2).filter_map([b"a", b"b", b"c"], base_offset=10, base_timestamp=100)
    assert out == [Record(b"k", b"1", 10, 103), Record(None, b"2", 12, 104)]


def test_array_map_outputs_new_records_at_the_batch_base() -> None:
    """array_map's records have deltas 0 (§3), so the SPU shows them all at the base offset."""
    output = encode_output(SmartStreamOutput([WireRecord(None, b"x"), WireRecord(b"i", b"y"),
                                              WireRecord(None, b"z")]))
    out = static("array_map", output, 3).array_map([b"[x,y,z]"], base_offset=40, base_timestamp=TIMESTAMP)
    assert out == [Record(None, b"x", 40, TIMESTAMP), Record(b"i", b"y", 40, TIMESTAMP),
                   Record(None, b"z", 40, TIMESTAMP)]


def test_kind_methods_check_the_kind() -> None:
    module = passthrough("map")
    assert module.map([b"q"]) == [Record(None, b"q")]
    for method in ("filter", "filter_map", "array_map", "aggregate"):
        with pytest.raises(TypeError, match=r"this module is a map SmartModule; call \.map\(\)"):
            getattr(module, method)([b"x"])
    with pytest.raises(TypeError, match="only aggregate SmartModules take an accumulator"):
        module.process([b"x"], accumulator=b"a")
    with pytest.raises(ModuleLoadError, match="only aggregate SmartModules take an accumulator"):
        passthrough("map", accumulator=b"a")
    with pytest.raises(TypeError, match="a list of records, not a single record"):
        module.map(b"abc")


def test_runtime_error_with_a_smartmodule_kind() -> None:
    output = encode_output(SmartStreamOutput(
        [WireRecord(None, b"ok", 0, 2)],
        WireRuntimeError("ParseIntError", 11, SmartModuleKind.FILTER_MAP, b"k", b"x"),
    ))
    with pytest.raises(SmartStreamRuntimeError) as info:
        static("filter_map", output).filter_map([b"1", b"x"], base_offset=10, base_timestamp=50)
    e = info.value
    assert e.as_dict() == {"offset": 11, "kind": Kind.FILTER_MAP, "key": b"k", "value": b"x",
                           "hint": "ParseIntError", "successes": [Record(None, b"ok", 10, 52)]}
    assert isinstance(e.kind, Kind) and (e.stage, e.module) == (None, None)
    assert str(e) == "record at offset 11: ParseIntError"
    # an unknown tag is kept as an int
    output = encode_output(SmartStreamOutput([], WireRuntimeError("E", 0, 9, None, b"")))
    with pytest.raises(SmartStreamRuntimeError) as info:
        static("map", output).map([b"x"])
    assert info.value.kind == 9 and not isinstance(info.value.kind, Kind)


@pytest.mark.parametrize(
    ("status", "named"),
    [(-1, "UnknownError (-1)"), (-11, "DecodingBaseInput (-11)"), (-22, "DecodingRecords (-22)"),
     (-33, "EncodingOutput (-33)"), (-44, "ParsingExtraParams (-44)"),
     (-55, "UndefinedRightRecord (-55)"), (-3, "UnknownError (-3)")],
)
def test_negative_transform_return(status: int, named: str) -> None:
    module = static("array_map", encode_output(SmartStreamOutput()), status)
    with pytest.raises(SmartStreamInternalError) as info:
        module.array_map([b"x"])
    e = info.value
    assert (e.code, e.function) == (status, "array_map")
    assert str(e).startswith(f"array_map() returned {named}: ")
    assert e.error is (InternalError(status) if status != -3 else InternalError.UNKNOWN_ERROR)
    again = pickle.loads(pickle.dumps(e))
    assert (again.code, again.function, str(again)) == (e.code, e.function, str(e))


def test_output_that_does_not_decode() -> None:
    with pytest.raises(SmartStreamProtocolError, match=r"static_map: map\(\) wrote output that is not a "
                                                        r"SmartModuleOutput \(version 25\): record 0 at byte 4"):
        static("map", h("00 00 00 01 12 00")).map([b"x"])


def test_trap_in_a_transform() -> None:
    text = (WAT_DIR / "sm_static.wat").read_text().replace("__ENTRY__", "filter")
    text = text.replace("(call $copy_records (i32.const 1024) (i32.const __LEN__))", "(unreachable)")
    text = text.replace("__DATA__", '""').replace("__RET__", "0")
    module = load(wasmtime.wat2wasm(text))
    with pytest.raises(SmartStreamTrap, match=r"filter\(\) trapped: wasm `unreachable`"):
        module.filter([b"x"])


# -- aggregate: the accumulator ------------------------------------------------------


def test_aggregate_output_with_accumulator() -> None:
    """SmartModuleAggregateOutput: the "abc" output, then accumulator "abc" (v >= 16)."""
    wire = h(f"{ABC_RECORDS} | 00 | 00 00 00 03 61 62 63")
    module = static("aggregate", wire, 1)
    assert module.aggregate([b"x"], base_offset=3) == [Record(None, b"abc", 3)]
    assert module.accumulator == b"abc"


def test_accumulator_is_kept_between_batches() -> None:
    module = load(wat("sm_aggregate"))
    assert module.accumulator == b""
    assert module.aggregate([b"x", b"y"])[0].value == b"2"
    assert module.accumulator == b"2"
    assert module.aggregate([b"z"])[0].value == b"21"
    assert module.process([]) [0].value == b"210"
    # an explicit accumulator overrides the kept one, and the result is kept
    assert module.aggregate([b"a"], "Q")[0].value == b"Q1"
    assert module.aggregate([b"b"])[0].value == b"Q11"
    assert module.accumulator == b"Q11"


def test_initial_accumulator_from_load_and_versions() -> None:
    assert load(wat("sm_aggregate"), accumulator="start:").aggregate([b"x"])[0].value == b"start:1"
    for version in (16, 19, 21, 22):
        module = load(wat("sm_aggregate"), version=version, accumulator=b"A")
        assert module.aggregate([b"x"])[0].key == version.to_bytes(4, "big")
        assert module.aggregate([b"x", b"y"])[0].value == b"A12"


def test_below_version_16_there_is_no_accumulator_to_keep() -> None:
    """The output has no accumulator before v16; it decodes as empty, as in Fluvio's engine."""
    module = load(wat("sm_aggregate"), version=15, accumulator=b"A")
    assert module.aggregate([b"x"])[0].value == b"A1"
    assert module.accumulator == b""
    assert module.aggregate([b"x"])[0].value == b"1"


def test_accumulator_is_kept_even_with_a_runtime_error() -> None:
    output = encode_smartmodule_aggregate_output(SmartModuleAggregateOutput(
        SmartStreamOutput([WireRecord(None, b"Z")], WireRuntimeError("bad", 1, SmartModuleKind.AGGREGATE, None, b"y")),
        b"Z"), 25)
    module = static("aggregate", output)
    with pytest.raises(SmartStreamRuntimeError) as info:
        module.aggregate([b"x", b"y"])
    assert info.value.kind is Kind.AGGREGATE
    assert module.accumulator == b"Z"


# -- init ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "params", "expected"),
    [
        (25, {"key": "a"}, INIT_INPUT_KEY_A),
        (22, {"key": "a"}, INIT_INPUT_KEY_A),
        (21, {"key": "a"}, INIT_INPUT_KEY_A),
        (20, {"key": "a"}, INIT_INPUT_KEY_A),
        (19, {"key": "a"}, "00 01 00 03 6b 65 79 00 01 61"),   # no lookback field below v20
        (25, None, "00 00 00"),
        (25, {"b": "2", "a": "1"}, "00 02 | 00 01 61 00 01 31 | 00 01 62 00 01 32 | 00"),  # sorted
    ],
)
def test_init_gets_the_params(version: int, params: dict[str, str] | None, expected: str) -> None:
    module = init_module(version=version, params=params)
    assert module.has_init and "init" in repr(module)
    assert module.params == (params or {})
    assert shown(module.filter([])) == (version, h(expected))


@pytest.mark.parametrize(
    ("version", "lookback", "expected"),
    [
        # the map {key: a}, then Some(Lookback { last: 3 }) and, from v21, its age None
        (25, 3, "00 01 00 03 6b 65 79 00 01 61 | 01 00 00 00 00 00 00 00 03 | 00"),
        (20, 3, "00 01 00 03 6b 65 79 00 01 61 | 01 00 00 00 00 00 00 00 03"),
        (19, 3, "00 01 00 03 6b 65 79 00 01 61"),               # no lookback field below v20
        (25, Lookback(2, (3600, 5)),
         "00 01 00 03 6b 65 79 00 01 61 | 01 00 00 00 00 00 00 00 02 | 01 00 00 00 00 00 00 0e 10 00 00 00 05"),
    ],
)
def test_init_gets_the_lookback_inside_its_params_as_from_an_spu(version: int, lookback: object,
                                                                  expected: str) -> None:
    module = init_module(version=version, params={"key": "a"}, lookback=lookback)
    assert module.lookback == (Lookback(3) if lookback == 3 else lookback)
    assert shown(module.filter([])) == (version, h(expected))


def test_lookback_is_a_count_or_a_lookback() -> None:
    with pytest.raises(TypeError, match="lookback is a number of records"):
        init_module(lookback=-1)
    with pytest.raises(ModuleLoadError, match="lookback is for SmartModules"):
        load(wasmtime.wat2wasm((WAT_DIR / "passthrough.wat").read_text()), lookback=1)


def test_init_runs_once_at_load() -> None:
    module = init_module(params={"key": "a"})
    first = module.filter([b"x"])
    assert module.filter([b"y"]) == first


def test_init_error_carries_the_hint() -> None:
    output = encode_init_output(SmartModuleInitOutput("Missing param key"))
    assert output == h("00 11") + b"Missing param key"
    with pytest.raises(SmartModuleInitError) as info:
        init_module(InitError.INIT_ERROR, output)
    e = info.value
    assert (e.hint, str(e)) == ("Missing param key", "init failed: Missing param key")
    assert isinstance(e, SmartStreamError)
    again = pickle.loads(pickle.dumps(e))
    assert type(again) is SmartModuleInitError and again.hint == e.hint


@pytest.mark.parametrize(
    ("status", "named"),
    [(-1, "UnknownError (-1)"), (-10, "DecodingInput (-10)"), (-11, "EncodingOutput (-11)"),
     (-5, "UnknownError (-5)")],
)
def test_init_internal_errors(status: int, named: str) -> None:
    with pytest.raises(SmartStreamInternalError) as info:
        init_module(status)
    e = info.value
    assert (e.code, e.function) == (status, "init")
    assert str(e).startswith(f"init() returned {named}: ")
    assert e.error is (InitError(status) if status != -5 else InitError.UNKNOWN_ERROR)


def test_init_error_without_a_readable_output() -> None:
    with pytest.raises(SmartStreamProtocolError, match=r"init\(\) wrote output that is not a SmartModuleInitOutput"):
        init_module(-2, b"")


def test_module_without_init_ignores_params() -> None:
    module = passthrough(params={"key": "a"})
    assert not module.has_init and module.params == {"key": "a"}


# -- look_back -----------------------------------------------------------------------


@pytest.mark.parametrize("version", [19, 22, 25])
def test_look_back_gets_a_smartmodule_input(version: int) -> None:
    """base_offset 0, base_timestamp 0; the records keep their deltas."""
    module = look_back_module(version=version)
    assert module.has_look_back and "look_back" in repr(module)
    assert module.look_back([b"abc"]) is None
    expected = INPUT_BY_VERSION[version].replace("00 00 00 00 00 00 00 64", "00 " * 8)
    expected = expected.replace(TS, "00 " * 8)
    assert shown(module.map([b"ignored"])) == (version, h(expected))


def test_look_back_records_with_keys_and_timestamps() -> None:
    """Stored records keep their deltas (a value: its position; a Record: its offset and timestamp)."""
    module = look_back_module()
    module.look_back([b"a", b"b", Record(b"k", b"c", offset=7, timestamp=9)])
    raw = encode_records([WireRecord(None, b"a", 0, 0), WireRecord(None, b"b", 1, 0),
                          WireRecord(b"k", b"c", 7, 9)])
    assert shown(module.map([])) == (25, bytes(8) + len(raw).to_bytes(4, "big") + raw + bytes(8))


def test_look_back_error_carries_the_record() -> None:
    output = encode_lookback_output(SmartModuleLookbackOutput("not a number", 1, None, b"x"))
    assert output == h("00 0c") + b"not a number" + h("00 00 00 00 00 00 00 01 | 00 | 02 78")
    module = look_back_module(LookbackError.PROPAGATED_ERROR, output)
    with pytest.raises(SmartModuleLookbackError) as info:
        module.look_back([b"1", b"x"])
    e = info.value
    assert (e.hint, e.offset, e.key, e.value) == ("not a number", 1, None, b"x")
    assert str(e) == "look_back failed at offset 1: not a number"
    again = pickle.loads(pickle.dumps(e))
    assert (again.hint, again.offset, again.key, again.value) == (e.hint, e.offset, e.key, e.value)


@pytest.mark.parametrize(
    ("status", "named"),
    [(-1, "UnknownError (-1)"), (-66, "DecodingBaseInput (-66)"), (-77, "DecodingRecords (-77)"),
     (-88, "EncodingOutput (-88)"), (-2, "UnknownError (-2)")],
)
def test_look_back_internal_errors(status: int, named: str) -> None:
    module = look_back_module(status)
    with pytest.raises(SmartStreamInternalError) as info:
        module.look_back([b"x"])
    assert (info.value.code, info.value.function) == (status, "look_back")
    assert str(info.value).startswith(f"look_back() returned {named}: ")
    assert info.value.error is (LookbackError(status) if status != -2 else LookbackError.UNKNOWN_ERROR)


def test_look_back_needs_the_export() -> None:
    with pytest.raises(TypeError, match="pass_filter exports no look_back function"):
        passthrough().look_back([b"x"])


# -- WASI ----------------------------------------------------------------------------


def test_wasi_imports_are_linked(capfd: pytest.CaptureFixture[str]) -> None:
    """fd_write reaches the host's stderr; _start (proc_exit) is never called."""
    module = load(wat("sm_wasi"), name="wasi.wasm")
    assert module.wasi and "wasi" in repr(module)
    assert module.filter([b"a", b"b"], base_offset=3) == [Record(None, b"a", 3), Record(None, b"b", 4)]
    assert capfd.readouterr().err == "hello from wasi\n"


# -- chains --------------------------------------------------------------------------


def test_chain_is_exported() -> None:
    assert ssc.chain is chain and isinstance(ssc.chain([passthrough()]), Chain)
    assert ssc.SmartModuleInitError is SmartModuleInitError
    assert ssc.SmartModuleLookbackError is SmartModuleLookbackError
    assert "chain" in ssc.__all__


def test_chain_passes_successes_on() -> None:
    stages = chain([passthrough("filter"), passthrough("map")])
    assert len(stages) == 2 and repr(stages) == "<Chain of 2: pass_filter | pass_map>"
    out = stages.process([b"a", Record(b"k", b"b", timestamp=TIMESTAMP + 5)], base_offset=7,
                         base_timestamp=TIMESTAMP)
    assert out == [Record(None, b"a", 7, TIMESTAMP), Record(b"k", b"b", 8, TIMESTAMP + 5)]


def test_chain_re_encodes_successes_with_the_original_bases() -> None:
    """The next stage gets the successes as a new Vec<Record>, same base_offset/base_timestamp."""
    produced = [WireRecord(None, b"x", 0, 0), WireRecord(b"i", b"y", 0, 0)]
    first = static("array_map", encode_output(SmartStreamOutput(produced)), 2)
    stages = chain([first, echo("map")])
    version, sent = shown(stages.process([b"[x,y]"], base_offset=100, base_timestamp=TIMESTAMP))
    raw = encode_records(produced)
    assert version == 25
    assert sent == (100).to_bytes(8, "big") + len(raw).to_bytes(4, "big") + raw + TIMESTAMP.to_bytes(8, "big")


def test_chain_stops_at_the_first_runtime_error() -> None:
    failing = encode_output(SmartStreamOutput(
        [WireRecord(None, b"A", 0)], WireRuntimeError("bad", 11, SmartModuleKind.MAP, None, b"b")))
    after = look_back_module()
    stages = chain([passthrough(), static("map", failing), after])
    with pytest.raises(SmartStreamRuntimeError) as info:
        stages.process([b"a", b"b"], base_offset=10, base_timestamp=5)
    e = info.value
    assert (e.stage, e.module, e.offset, e.hint) == (1, "static_map", 11, "bad")
    assert e.successes == [Record(None, b"A", 10, 5)]   # the failing stage's partial output
    assert str(e) == "static_map (chain stage 1): record at offset 11: bad"
    again = pickle.loads(pickle.dumps(e))
    assert (again.stage, again.module, str(again)) == (1, "static_map", str(e))
    # the last stage never ran
    assert shown(after.map([])) == (0xFFFFFFFF, b"")


def test_chain_tags_other_errors_with_their_stage() -> None:
    stages = chain([passthrough(), static("filter", encode_output(SmartStreamOutput()), -22)])
    with pytest.raises(SmartStreamInternalError) as info:
        stages.process([b"a"])
    assert (info.value.stage, info.value.module, info.value.code) == (1, "static_filter", -22)
    assert str(info.value).startswith("static_filter (chain stage 1): filter() returned DecodingRecords")


def test_chain_keeps_each_aggregate_accumulator() -> None:
    aggregate = load(wat("sm_aggregate"), name="agg")
    stages = chain([passthrough(), aggregate])
    assert stages.process([b"a", b"b"])[0].value == b"2"
    assert stages.process([b"c"])[0].value == b"21"
    assert aggregate.accumulator == b"21"


def test_chain_with_a_legacy_stage() -> None:
    legacy = load(wasmtime.wat2wasm((WAT_DIR / "passthrough.wat").read_text()), name="legacy")
    stages = chain([legacy, passthrough("map")])
    out = stages.process([b"a", Record(None, b"b", timestamp=TIMESTAMP + 1)], base_offset=3,
                         base_timestamp=TIMESTAMP)
    assert out == [Record(None, b"a", 3, TIMESTAMP), Record(None, b"b", 4, TIMESTAMP + 1)]


def test_chain_look_back_reaches_the_stages_that_have_it() -> None:
    with_look_back = look_back_module()
    stages = chain([passthrough(), with_look_back])
    stages.look_back([b"abc"])
    assert shown(with_look_back.map([]))[1] == h(f"{'00 ' * 8} 00 00 00 0e {ABC_RECORDS} {'00 ' * 8}")
    failing = look_back_module(-77)
    with pytest.raises(SmartStreamInternalError) as info:
        chain([passthrough(), failing]).look_back([b"x"])
    assert (info.value.stage, info.value.module) == (1, "look_back.wasm")


def test_chain_arguments(tmp_path: Path) -> None:
    path = tmp_path / "p.wasm"
    path.write_bytes(wat("sm_passthrough", ENTRY="filter"))
    assert chain([path, str(path)]).process([b"x"]) == [Record(None, b"x")]
    with pytest.raises(ValueError, match="at least one module"):
        chain([])
    with pytest.raises(TypeError, match="a chain takes modules from ssc.load"):
        chain([42])  # type: ignore[list-item]


# -- look_back as Fluvio feeds it: stored deltas, base 0 (issue 14) -------------------

SEEN_BY_LOOK_BACK = """from smartstream import smartstream, Record

SEEN = ""


@smartstream.look_back
def remember(record: Record) -> None:
    global SEEN
    SEEN = SEEN + f"{record.offset}@{record.timestamp} "


@smartstream.map
def show(record: Record) -> tuple[bytes | None, bytes]:
    return None, SEEN.encode()
"""


def test_look_back_sees_stored_offsets_compiled_and_under_cpython(tmp_path: Path) -> None:
    from smartstream import load_python

    source = tmp_path / "seen.py"
    source.write_text(SEEN_BY_LOOK_BACK)
    stored = [b"a", Record(None, b"b", offset=7, timestamp=9), "c"]
    for module in (load(ssc.compile(SEEN_BY_LOOK_BACK, "seen.py", abi="smartmodule").wasm),
                   load_python(source)):
        module.look_back(stored)
        assert [r.value for r in module.map([b"x"])] == [b"0@0 7@9 2@0 "]
