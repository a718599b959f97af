"""The examples, compiled by ssc, run through an independent L0 host.

``independent_host`` is written from the ABI spec alone (no ssc code), so
these tests check ssc's output against the spec. The first half checks the
host itself: its encoder and decoder against the spec's worked bytes, and
its call sequence against hand-written WAT modules. The second half compiles
``examples/*.py`` with the ssc CLI and runs them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import wasmtime

from independent_host import (
    Host,
    HostError,
    Record,
    decode_output,
    decode_records,
    encode_aggregate_input,
    encode_input,
    encode_record,
    encode_records,
    encode_varint,
    interface_problems,
    run,
)

REPO = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------------
# §1/§2 worked bytes
# ---------------------------------------------------------------------------

ABC = Record(b"abc")
ABC_BYTES = bytes.fromhex("12 00 00 00 00 06 61 62 63 00")
ABC_INPUT = bytes(8) + bytes.fromhex("00 00 00 0e 00 00 00 01") + ABC_BYTES
ERROR_OUTPUT = bytes.fromhex(
    "00 00 00 00 01 00 03 62 61 64 00 00 00 00 00 00 00 05 00 00 06 61 62 63"
)


@pytest.mark.parametrize(
    "n, encoded",
    [(0, "00"), (-1, "01"), (1, "02"), (3, "06"), (9, "12"), (64, "80 01"), (300, "d8 04")],
)
def test_varint(n: int, encoded: str) -> None:
    assert encode_varint(n) == bytes.fromhex(encoded)


def test_record_encoding_matches_the_spec() -> None:
    assert encode_record(Record(b"dog", offset_delta=1)) == bytes.fromhex(
        "12 00 00 02 00 06 64 6f 67 00")
    assert encode_record(Record(b"V" * 10)) == bytes.fromhex("20 00 00 00 00 14") + b"V" * 10 + b"\x00"
    assert encode_record(ABC) == ABC_BYTES
    assert encode_records([ABC]) == bytes.fromhex("00 00 00 01") + ABC_BYTES
    assert decode_records(encode_records([ABC, Record(b"k", b"key", 7)])) == [
        ABC, Record(b"k", b"key", 7)]


def test_input_encoding_matches_the_spec() -> None:
    assert encode_input(0, [ABC]) == ABC_INPUT
    assert len(ABC_INPUT) == 26
    assert encode_aggregate_input(0, [ABC], b"A") == ABC_INPUT + bytes.fromhex("00 00 00 01 41")


def test_output_decoding_matches_the_spec() -> None:
    passing = bytes.fromhex("00 00 00 01") + ABC_BYTES + b"\x00"
    assert decode_output(passing) == ([ABC], None)
    assert decode_output(ERROR_OUTPUT) == ([], {
        "hint": "bad", "offset": 5, "kind": 0, "record_key": None, "record_value": b"abc"})


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "truncated"),
        (bytes.fromhex("00 00 00 01") + ABC_BYTES, "truncated"),          # no error option
        (bytes.fromhex("00 00 00 00 02"), "bool"),
        (bytes.fromhex("00 00 00 00 00 ff"), "trailing"),
        (ERROR_OUTPUT[:-1], "truncated"),
        (ERROR_OUTPUT[:18] + b"\x07" + ERROR_OUTPUT[19:], "SmartStreamType"),
    ],
)
def test_output_decoding_rejects_bad_buffers(data: bytes, message: str) -> None:
    with pytest.raises(HostError, match=message):
        decode_output(data)


def test_negative_vec_count_and_string_length_decode_as_empty() -> None:
    # §1: Vec count read as i32 (< 1 => empty), String length as i16 (<= 0 => "").
    data = bytes.fromhex("ff ff ff ff 01 ff ff") + bytes(8) + bytes.fromhex("01 00 00")
    assert decode_output(data) == ([], {
        "hint": "", "offset": 0, "kind": 1, "record_key": None, "record_value": b""})


# ---------------------------------------------------------------------------
# The host against hand-written WAT guests
# ---------------------------------------------------------------------------


def _wat_bytes(data: bytes) -> str:
    return "".join(f"\\{b:02x}" for b in data)


def _guest(entry_body: str, extra: str = "", exports: tuple[str, ...] = ("filter", "map", "aggregate")) -> bytes:
    """An L0-shaped module whose entry (exported under each name in
    ``exports``) runs ``entry_body`` with params $ptr, $len."""
    names = " ".join(f'(export "{name}")' for name in exports)
    return wasmtime.wat2wasm(f"""
    (module
      (import "env" "copy_records" (func $copy (param i32 i32)))
      (memory (export "memory") 1)
      (global $heap (mut i32) (i32.const 4096))
      (func $alloc (export "alloc") (param $n i32) (result i32)
        (local $p i32)
        (local.set $p (global.get $heap))
        ;; reserve n + 16 bytes so the guest may append to its input
        (global.set $heap (i32.add (local.get $p) (i32.add (local.get $n) (i32.const 16))))
        (if (i32.gt_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536)))
          (then (drop (memory.grow
            (i32.add (i32.shr_u (global.get $heap) (i32.const 16)) (i32.const 1))))))
        (local.get $p))
      (func (export "dealloc") (param i32 i32))
      ;; big-endian u32 at $a
      (func $be32 (param $a i32) (result i32)
        (i32.or
          (i32.or (i32.shl (i32.load8_u (local.get $a)) (i32.const 24))
                  (i32.shl (i32.load8_u offset=1 (local.get $a)) (i32.const 16)))
          (i32.or (i32.shl (i32.load8_u offset=2 (local.get $a)) (i32.const 8))
                  (i32.load8_u offset=3 (local.get $a)))))
      (func $entry {names} (param $ptr i32) (param $len i32) (result i32)
        {entry_body})
      {extra}
    )
    """)


#: Keeps every record: successes = the input's Vec<Record>, error = None.
#: Input layout (§2): base_offset i64 | u32 byte length | Vec<Record>.
PASS_THROUGH = _guest("""
    (local $n i32)
    (local.set $n (call $be32 (i32.add (local.get $ptr) (i32.const 8))))
    (i32.store8 (i32.add (i32.add (local.get $ptr) (i32.const 12)) (local.get $n)) (i32.const 0))
    (call $copy (i32.add (local.get $ptr) (i32.const 12)) (i32.add (local.get $n) (i32.const 1)))
    (call $be32 (i32.add (local.get $ptr) (i32.const 12)))
""")

#: Hands its whole input back through copy_records, to inspect what the host wrote.
ECHO = _guest("(call $copy (local.get $ptr) (local.get $len)) (i32.const 0)")


def _fixed_output(output: bytes, code: int = 0) -> bytes:
    """A guest whose output is always ``output`` (placed at address 64)."""
    return _guest(
        f"(call $copy (i32.const 64) (i32.const {len(output)})) (i32.const {code})",
        extra=f'(data (i32.const 64) "{_wat_bytes(output)}")',
    )


def test_wat_guest_has_the_l0_shape() -> None:
    engine = wasmtime.Engine()
    for kind in ("filter", "map", "aggregate"):
        assert interface_problems(engine, PASS_THROUGH, kind) == []


@pytest.mark.parametrize("kind", ["filter", "map"])
def test_pass_through_filter_and_map(kind: str) -> None:
    records, error, code = run(
        PASS_THROUGH, kind, [b"apple", b"kiwi", b""], keys=[b"k1", None, b"k3"])
    assert records == [(b"k1", b"apple", 0), (None, b"kiwi", 1), (b"k3", b"", 2)]
    assert error is None
    assert code == 3


def test_pass_through_aggregate_ignores_the_accumulator_bytes() -> None:
    records, error, code = run(PASS_THROUGH, "aggregate", [b"a", b"b"], accumulator=b"acc")
    assert records == [(None, b"a", 0), (None, b"b", 1)]
    assert (error, code) == (None, 2)


def test_empty_batch() -> None:
    assert run(PASS_THROUGH, "filter", []) == ([], None, 0)


def test_host_writes_the_spec_input_bytes() -> None:
    host = Host(ECHO, "filter")
    assert host.call_raw(ABC_INPUT) == (0, ABC_INPUT)
    code, echoed = Host(ECHO, "aggregate").call_raw(encode_aggregate_input(0, [ABC], b"A"))
    assert echoed == ABC_INPUT + bytes.fromhex("00 00 00 01 41")


def test_base_offset_and_large_batches_reach_the_guest() -> None:
    values = [str(i).encode() * (i % 50) for i in range(2000)]
    code, echoed = Host(ECHO, "map").call_raw(encode_input(100, [Record(v) for v in values]))
    assert echoed[:8] == (100).to_bytes(8, "big")
    records, error, code = run(PASS_THROUGH, "map", values, base_offset=100)
    assert [value for _, value, _ in records] == values
    assert [delta for _, _, delta in records] == list(range(2000))


def test_in_band_runtime_error_is_decoded() -> None:
    records, error, code = run(_fixed_output(ERROR_OUTPUT), "filter", [b"abc"])
    assert records == []
    assert error == {"hint": "bad", "offset": 5, "kind": 0, "record_key": None, "record_value": b"abc"}
    assert code == 0


def test_aggregate_error_kind_tag_is_two() -> None:
    output = (
        encode_records([Record(b"xa")])
        + b"\x01"                                   # Some(error)
        + b"\x00\x04oops"                          # hint: u16 length + UTF-8
        + (7).to_bytes(8, "big")                    # offset: i64
        + b"\x02"                                   # kind: Aggregate (0.2.x)
        + b"\x01" + encode_varint(2) + b"k1"        # record_key: Some(RecordData)
        + encode_varint(1) + b"b"                   # record_value: RecordData
    )
    records, error, code = run(_fixed_output(output, code=1), "aggregate", [b"a", b"b"], accumulator=b"x")
    assert records == [(None, b"xa", 0)]
    assert error == {"hint": "oops", "offset": 7, "kind": 2, "record_key": b"k1", "record_value": b"b"}
    assert code == 1


def test_negative_return_ignores_the_output() -> None:
    # Even a garbage slot is ignored when the entry reports an internal error.
    guest = _guest("(call $copy (i32.const 0) (i32.const 3)) (i32.const -22)")
    assert run(guest, "map", [b"1"]) == ([], None, -22)


def test_missing_copy_records_is_an_error() -> None:
    with pytest.raises(HostError, match="without calling copy_records"):
        run(_guest("(i32.const 0)"), "filter", [b"a"])


def test_last_copy_records_call_wins() -> None:
    good = bytes.fromhex("00 00 00 00 00")
    guest = _guest(
        f"(call $copy (i32.const 0) (i32.const 1)) (call $copy (i32.const 64) (i32.const {len(good)}))"
        " (i32.const 0)",
        extra=f'(data (i32.const 64) "{_wat_bytes(good)}")',
    )
    assert run(guest, "filter", [b"a"]) == ([], None, 0)


def test_wrong_shapes_are_rejected() -> None:
    engine = wasmtime.Engine()
    only_filter = _guest("(i32.const 0)", exports=("filter",))
    assert interface_problems(engine, only_filter, "map") == ["no function export 'map'"]
    two_imports = wasmtime.wat2wasm("""
        (module
          (import "env" "copy_records" (func (param i32 i32)))
          (import "env" "other" (func))
          (memory (export "memory") 1)
          (func (export "alloc") (param i32) (result i32) i32.const 0)
          (func (export "dealloc") (param i32 i32))
          (func (export "filter") (param i32 i32 i32) (result i32) i32.const 0))
    """)
    problems = interface_problems(engine, two_imports, "filter")
    assert "expected exactly one import, found 2" in problems
    assert "import env.other is not (i32, i32) -> ()" in problems
    assert any("export 'filter' has type" in p for p in problems)
    with pytest.raises(HostError):
        Host(two_imports, "filter")


# ---------------------------------------------------------------------------
# The ssc examples
# ---------------------------------------------------------------------------

EXAMPLES = ("filter", "map_double", "aggregate_concat")
ENTRY = {"filter": "filter", "map_double": "map", "aggregate_concat": "aggregate"}


class _CompiledExamples(dict):
    """example name -> wasm bytes, compiled on first use with the ssc CLI for the legacy
    ABI this host implements (``python -m ssc compile examples/NAME.py --abi smartstream
    -o OUT``, run from the repo)."""

    def __init__(self, out_dir: Path) -> None:
        super().__init__()
        self.out_dir = out_dir

    def __missing__(self, name: str) -> bytes:
        assert (REPO / "examples" / f"{name}.py").exists(), f"examples/{name}.py is missing"
        output = self.out_dir / f"{name}.wasm"
        result = subprocess.run(
            [sys.executable, "-m", "ssc", "compile", f"examples/{name}.py", "--abi", "smartstream",
             "-o", str(output)],
            cwd=REPO, capture_output=True, text=True,
        )
        assert result.returncode == 0, f"ssc compile failed:\n{result.stdout}{result.stderr}"
        self[name] = output.read_bytes()
        return self[name]


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> _CompiledExamples:
    return _CompiledExamples(tmp_path_factory.mktemp("examples"))


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_module_shape(compiled: dict[str, bytes], name: str) -> None:
    wasm = compiled[name]
    module = wasmtime.Module(wasmtime.Engine(), wasm)
    (only_import,) = module.imports
    assert isinstance(only_import.type, wasmtime.FuncType)
    assert [str(t) for t in only_import.type.params] == ["i32", "i32"]
    assert list(only_import.type.results) == []
    assert interface_problems(wasmtime.Engine(), wasm, ENTRY[name]) == []


def test_filter_example(compiled: dict[str, bytes]) -> None:
    wasm = compiled["filter"]
    assert run(wasm, "filter", [b"apple", b"kiwi", b"banana"]) == (
        [(None, b"apple", 0), (None, b"banana", 2)], None, 2)
    records, error, code = run(
        wasm, "filter", [b"apple", b"kiwi", b"banana"], keys=[b"k-apple", b"k-kiwi", None])
    assert records == [(b"k-apple", b"apple", 0), (None, b"banana", 2)]
    assert error is None and code >= 0


def test_map_double_example(compiled: dict[str, bytes]) -> None:
    wasm = compiled["map_double"]
    records, error, code = run(wasm, "map", [b"1", b"2", b"3"])
    assert [(value, delta) for _, value, delta in records] == [(b"2", 0), (b"4", 1), (b"6", 2)]
    assert error is None and code >= 0


def test_map_double_example_reports_a_runtime_error(compiled: dict[str, bytes]) -> None:
    records, error, code = run(compiled["map_double"], "map", [b"1", b"x", b"3"])
    assert [value for _, value, _ in records] == [b"2"]
    assert error == {
        "hint": "ValueError: invalid literal for int() with base 10: 'x'",
        "offset": 1,
        "kind": 1,
        "record_key": None,
        "record_value": b"x",
    }
    assert code >= 0


def test_map_double_error_offset_is_rebased(compiled: dict[str, bytes]) -> None:
    records, error, code = run(compiled["map_double"], "map", [b"1", b"x", b"3"], base_offset=100)
    assert [value for _, value, _ in records] == [b"2"]
    assert error is not None and error["offset"] == 101
    assert code >= 0


def test_aggregate_concat_example(compiled: dict[str, bytes]) -> None:
    records, error, code = run(
        compiled["aggregate_concat"], "aggregate", [b"a", b"b", b"c"], accumulator=b"x")
    assert records == [(None, b"xa", 0), (None, b"xab", 1), (None, b"xabc", 2)]
    assert error is None and code >= 0
    # An aggregate runtime error would carry SmartStreamType tag 2 (0.2.x);
    # concatenation cannot fail, so test_aggregate_error_kind_tag_is_two
    # covers the decoding with a WAT guest.
