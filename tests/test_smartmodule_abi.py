"""Compiled SmartModules (--abi smartmodule) against the byte layouts of spec §3.

Each test compiles a small program, instantiates it with a bare wasmtime host
written here from the spec (not ssc.runtime), writes a hand-encoded input,
calls the export with a version argument, and checks the return code and
the exact bytes the module hands to copy_records.
Spec: shared/reference/fluvio-abi.md §1 (wire encoding) and §3.
"""

from __future__ import annotations

import struct

import pytest
import wasmtime

from ssc.compiler import compile

HEADER = "from smartstream import smartstream, Record\n\n"


def varint(n: int) -> bytes:
    """§1 varint: zigzag, then LEB128."""
    z = (n << 1) ^ (n >> 63)
    out = bytearray()
    while z >= 0x80:
        out.append((z & 0x7F) | 0x80)
        z >>= 7
    out.append(z)
    return bytes(out)


def record(value: bytes, key: bytes | None = None, timestamp_delta: int = 0, offset_delta: int = 0) -> bytes:
    """§1 Record: varint length, then attributes, deltas, key option, value, header count."""
    key_part = b"\x00" if key is None else b"\x01" + varint(len(key)) + key
    body = b"\x00" + varint(timestamp_delta) + varint(offset_delta) + key_part + varint(len(value)) + value + b"\x00"
    return varint(len(body)) + body


def records(values: list[bytes]) -> bytes:
    """``Vec<Record>`` with offset_delta i and timestamp_delta 10*i."""
    return struct.pack(">I", len(values)) + b"".join(
        record(v, timestamp_delta=10 * i, offset_delta=i) for i, v in enumerate(values))


def smartmodule_input(values: list[bytes], version: int, base_offset: int = 100,
                      base_timestamp: int = 1_700_000_000_000) -> bytes:
    """§3 SmartModuleInput at ``version``: the fields each version has."""
    raw = records(values)
    out = struct.pack(">q", base_offset) + struct.pack(">I", len(raw)) + raw
    if version <= 22:
        out += b"\x00\x00" + (b"\x00" if version >= 20 else b"")   # empty params, lookback None
    if 16 <= version <= 22:
        out += b"\x00\x00\x00\x00"                                     # empty join_record
    if version >= 22:
        out += struct.pack(">q", base_timestamp)
    return out


class Host:
    """A minimal current-ABI host: alloc, write, call(ptr, len, version), read copy_records."""

    def __init__(self, wasm: bytes) -> None:
        engine = wasmtime.Engine()
        self.store = wasmtime.Store(engine)
        self.output: bytes | None = None
        linker = wasmtime.Linker(engine)
        linker.define_func("env", "copy_records",
                           wasmtime.FuncType([wasmtime.ValType.i32(), wasmtime.ValType.i32()], []), self._copy)
        self.exports = linker.instantiate(self.store, wasmtime.Module(engine, wasm)).exports(self.store)
        self.memory = self.exports["memory"]

    def _copy(self, ptr: int, length: int) -> None:
        self.output = bytes(self.memory.read(self.store, ptr, ptr + length))

    def call(self, name: str, payload: bytes, version: int) -> tuple[int, bytes | None]:
        ptr = self.exports["alloc"](self.store, len(payload))
        self.memory.write(self.store, payload, ptr)
        self.output = None
        return self.exports[name](self.store, ptr, len(payload), version), self.output


def build(body: str) -> Host:
    return Host(compile(HEADER + body, "case.py", abi="smartmodule").wasm)


FILTER = """
@smartstream.filter
def keep(record: Record) -> bool:
    return b"a" in record.value
"""


@pytest.mark.parametrize("version", [19, 21, 22, 25])
def test_filter_reads_every_input_layout(version: int) -> None:
    host = build(FILTER)
    rc, out = host.call("filter", smartmodule_input([b"abc", b"xyz", b"cat"], version), version)
    assert rc == 2
    assert out == struct.pack(">I", 2) + record(b"abc") + record(b"cat", timestamp_delta=20, offset_delta=2) + b"\x00"


def test_the_spec_example_at_version_25_is_34_bytes() -> None:
    payload = smartmodule_input([b"abc"], 25, base_offset=100)
    assert payload == bytes.fromhex("0000000000000064" "0000000e" "0000000112000000000661626300" "0000018bcfe56800")
    assert build(FILTER).call("filter", payload, 25) == (1, struct.pack(">I", 1) + record(b"abc") + b"\x00")


@pytest.mark.parametrize("version, timestamp", [(19, 10), (21, 10), (22, 1_700_000_000_010), (25, 1_700_000_000_010)])
def test_record_offset_and_timestamp_follow_the_version(version: int, timestamp: int) -> None:
    host = build("""
@smartstream.map
def stamp(record: Record) -> tuple[bytes | None, str]:
    return None, f"{record.offset}:{record.timestamp}"
""")
    rc, out = host.call("map", smartmodule_input([b"a", b"b"], version), version)
    assert rc == 2
    second = record(f"101:{timestamp}".encode(), timestamp_delta=10, offset_delta=1)
    assert out is not None and out.endswith(second + b"\x00")


def test_runtime_error_carries_the_smartmodule_kind_tag() -> None:
    host = build("""
@smartstream.filter_map
def halve(record: Record) -> tuple[bytes | None, str] | None:
    n = int(record.value)
    return None if n % 2 else (None, str(n // 2))
""")
    rc, out = host.call("filter_map", smartmodule_input([b"4", b"3", b"x"], 25), 25)
    hint = b"ValueError: invalid literal for int() with base 10: b'x'"
    error = (b"\x01" + struct.pack(">H", len(hint)) + hint + struct.pack(">q", 102) + b"\x04"   # FilterMap = 4
             + b"\x00" + varint(1) + b"x")
    assert rc == 1
    assert out == struct.pack(">I", 1) + record(b"2") + error


def test_aggregate_output_carries_the_final_accumulator() -> None:
    host = build("""
@smartstream.aggregate
def total(accumulator: bytes, current: Record) -> str:
    return str(int(accumulator or b"0") + int(current.value))
""")
    payload = smartmodule_input([b"1", b"2"], 25) + struct.pack(">I", 1) + b"5"
    rc, out = host.call("aggregate", payload, 25)
    assert rc == 2
    expected = (struct.pack(">I", 2) + record(b"6") + record(b"8", timestamp_delta=10, offset_delta=1)
                + b"\x00" + struct.pack(">I", 1) + b"8")
    assert out == expected


def test_array_map_records_are_new() -> None:
    host = build("""
@smartstream.array_map
def split(record: Record) -> list[tuple[str | None, str]]:
    return [(None, part) for part in record.value.decode().split(",")]
""")
    rc, out = host.call("array_map", smartmodule_input([b"x", b"p,q"], 25), 25)
    assert rc == 3
    assert out == struct.pack(">I", 3) + record(b"x") + record(b"p") + record(b"q") + b"\x00"


INIT = """
KEY = ""

@smartstream.init
def setup(params: dict[str, str]) -> None:
    global KEY
    if "key" not in params:
        raise ValueError("Missing param key")
    KEY = params["key"]

@smartstream.filter
def keep(record: Record) -> bool:
    return KEY in record.value.decode()
"""


def test_init_receives_params_and_the_filter_sees_them() -> None:
    host = build(INIT)
    assert host.call("init", bytes.fromhex("0001" "0003") + b"key" + bytes.fromhex("0001") + b"a" + b"\x00", 25) \
        == (0, None)
    rc, out = host.call("filter", smartmodule_input([b"cat", b"dog"], 25), 25)
    assert rc == 1 and out is not None and out.startswith(struct.pack(">I", 1) + record(b"cat"))


def test_init_error_protocol() -> None:
    host = build(INIT)
    hint = b"ValueError: Missing param key"
    assert host.call("init", b"\x00\x00\x00", 25) == (-2, struct.pack(">H", len(hint)) + hint)
    assert host.call("init", b"\x00", 25)[0] == -10      # DecodingInput


def test_look_back_error_protocol() -> None:
    host = build("""
LAST = 0

@smartstream.look_back
def seed(record: Record) -> None:
    global LAST
    LAST = int(record.value)

@smartstream.filter
def rising(record: Record) -> bool:
    global LAST
    n = int(record.value)
    if n > LAST:
        LAST = n
        return True
    return False
""")
    assert host.call("look_back", smartmodule_input([b"5"], 25, base_offset=0, base_timestamp=0), 25) == (0, None)
    rc, out = host.call("filter", smartmodule_input([b"3", b"7"], 25), 25)
    assert rc == 1
    hint = b"ValueError: invalid literal for int() with base 10: b'?'"
    rc, out = host.call("look_back", smartmodule_input([b"1", b"?"], 25, base_offset=0, base_timestamp=0), 25)
    assert rc == -99
    assert out == struct.pack(">H", len(hint)) + hint + struct.pack(">q", 1) + b"\x00" + varint(1) + b"?"


def test_decode_failures_return_the_smartmodule_codes() -> None:
    host = build(FILTER)
    assert host.call("filter", b"\x00" * 5, 25) == (-11, None)            # DecodingBaseInput
    broken = struct.pack(">q", 0) + struct.pack(">I", 5) + b"\x00\x00\x00\x01\x7f" + struct.pack(">q", 0)
    assert host.call("filter", broken, 25) == (-11, None)                  # records: -11 for filter (§3)
