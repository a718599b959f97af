"""A minimal Fluvio SmartStream host for the legacy ABI (L0), for tests.

This host is written straight from ``shared/reference/fluvio-abi.md`` §1 (wire
encoding) and §2 (legacy ABI L0, fluvio-smartstream 0.2.x), using wasmtime
directly. It deliberately shares no code with ``ssc`` (neither the compiler
nor ``ssc.runtime``) so that a test running a compiled module through it
checks ssc against the spec, not against itself.

What it does, per §2 "Host call sequence":

1. encode ``SmartStreamInput`` (or ``SmartStreamAggregateInput``) at
   version 0;
2. call the guest's ``alloc(len)`` and copy the bytes to the returned offset;
3. clear the output slot and call the entry ``filter``/``map``/``aggregate``
   with ``(ptr, len)``;
4. the guest calls the one import ``copy_records(out_ptr, out_len)``; the
   host remembers the last (ptr, len) and needs a ``memory`` export;
5. a negative return is an internal error and the output is ignored;
   otherwise the host copies the slot and decodes ``SmartStreamOutput``.

The decoder is stricter than Fluvio's where a difference can only mean a
bug in the guest: with ``strict=True`` (the default) trailing bytes after
the output or inside a record, and a non-zero header count, are errors.

Example::

    records, error, code = run(wasm, "filter", [b"apple", b"kiwi"])
    # records == [(None, b"apple", 0)], error is None, code == 1
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import wasmtime

#: SmartStreamType u8 tags in fluvio-smartstream 0.2.x (§2 "Structures").
KIND_TAGS = {"filter": 0, "map": 1, "aggregate": 2}

#: SmartStreamInternalError i32 return values (§2 "Structures").
INTERNAL_ERRORS = {
    -1: "UnknownError",
    -11: "DecodingBaseInput",
    -22: "DecodingRecords",
    -33: "EncodingOutput",
    -44: "ParsingExtraParams",
    -55: "UndefinedRightRecord",
}


class HostError(Exception):
    """The module broke the ABI (bad shape, no output, undecodable output)."""


# ---------------------------------------------------------------------------
# §1 wire encoding
# ---------------------------------------------------------------------------


def encode_varint(n: int) -> bytes:
    """Zigzag then LEB128 (§1 "varint"): 0 -> 00, -1 -> 01, 300 -> d8 04."""
    assert -(1 << 31) < n < (1 << 31), "Fluvio's encoder is exact only below 2^31"
    z = ((n << 1) ^ (n >> 63)) & ((1 << 64) - 1)
    out = bytearray()
    while True:
        byte = z & 0x7F
        z >>= 7
        if z:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def encode_record_data(data: bytes) -> bytes:
    """RecordData = varint(byte length) + raw bytes (§1 "Record")."""
    return encode_varint(len(data)) + data


@dataclass(frozen=True)
class Record:
    """One record as the SmartStream sees it (§1 "Record")."""

    value: bytes
    key: bytes | None = None
    offset_delta: int = 0
    timestamp_delta: int = 0
    attributes: int = 0
    headers: int = 0


def encode_record(record: Record) -> bytes:
    """Record = varint(L) + body; body = attributes i8, timestamp_delta,
    offset_delta, key Option<RecordData>, value RecordData, headers."""
    body = bytearray()
    body += record.attributes.to_bytes(1, "big", signed=True)
    body += encode_varint(record.timestamp_delta)
    body += encode_varint(record.offset_delta)
    if record.key is None:
        body += b"\x00"
    else:
        body += b"\x01" + encode_record_data(record.key)
    body += encode_record_data(record.value)
    body += encode_varint(record.headers)
    return encode_varint(len(body)) + bytes(body)


def encode_records(records: Sequence[Record]) -> bytes:
    """Vec<Record> = u32 count + records (§1)."""
    return len(records).to_bytes(4, "big") + b"".join(encode_record(r) for r in records)


def encode_bytes(data: bytes) -> bytes:
    """Vec<u8> = u32 count + bytes (§1)."""
    return len(data).to_bytes(4, "big") + data


def encode_input(base_offset: int, records: Sequence[Record]) -> bytes:
    """SmartStreamInput { base_offset: i64, record_data: Vec<u8> } (§2)."""
    return base_offset.to_bytes(8, "big", signed=True) + encode_bytes(encode_records(records))


def encode_aggregate_input(
    base_offset: int, records: Sequence[Record], accumulator: bytes
) -> bytes:
    """SmartStreamAggregateInput { base: SmartStreamInput, accumulator } (§2)."""
    return encode_input(base_offset, records) + encode_bytes(accumulator)


class _Decoder:
    """Reads §1 values from a buffer; any shortfall is a HostError."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise HostError(f"output truncated at byte {self.pos} (wanted {n} more)")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def int(self, size: int, signed: bool = True) -> int:
        return int.from_bytes(self.take(size), "big", signed=signed)

    def bool(self) -> bool:
        flag = self.take(1)[0]
        if flag not in (0, 1):
            raise HostError(f"bool byte {flag} at {self.pos - 1}")
        return flag == 1

    def varint(self) -> int:
        """LEB128 up to 64 bits, then zigzag back (§1 "varint")."""
        z = 0
        for shift in range(0, 70, 7):
            byte = self.take(1)[0]
            z |= (byte & 0x7F) << shift
            if not byte & 0x80:
                z &= (1 << 64) - 1
                return (z >> 1) ^ -(z & 1)
        raise HostError(f"varint too long at {self.pos}")

    def record_data(self) -> bytes:
        length = self.varint()
        if length < 0:
            raise HostError(f"negative RecordData length {length}")
        return self.take(length)

    def option_record_data(self) -> bytes | None:
        return self.record_data() if self.bool() else None

    def string(self) -> str:
        """String: length read as i16, <= 0 means empty (§1)."""
        length = self.int(2)
        if length <= 0:
            return ""
        raw = self.take(length)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise HostError(f"hint is not UTF-8: {raw!r}") from error

    def record(self, strict: bool) -> Record:
        length = self.varint()
        if length < 0 or self.pos + length > len(self.data):
            raise HostError(f"record of length {length} overruns the output at {self.pos}")
        start = self.pos
        attributes = self.int(1)
        timestamp_delta = self.varint()
        offset_delta = self.varint()
        key = self.option_record_data()
        value = self.record_data()
        headers = self.varint()
        if strict and self.pos - start != length:
            raise HostError(f"record at {start} is {self.pos - start} bytes, header says {length}")
        if strict and headers != 0:
            raise HostError(f"record at {start} has header count {headers}")
        return Record(value, key, offset_delta, timestamp_delta, attributes, headers)

    def records(self, strict: bool) -> list[Record]:
        """Vec<Record>: count read as i32, < 1 means empty (§1)."""
        count = self.int(4)
        return [self.record(strict) for _ in range(max(count, 0))]


def decode_records(data: bytes, strict: bool = True) -> list[Record]:
    """Decode a bare Vec<Record>."""
    decoder = _Decoder(data)
    records = decoder.records(strict)
    if strict and decoder.pos != len(data):
        raise HostError(f"{len(data) - decoder.pos} trailing bytes after Vec<Record>")
    return records


def decode_output(data: bytes, strict: bool = True) -> tuple[list[Record], dict | None]:
    """SmartStreamOutput { successes: Vec<Record>, error: Option<
    SmartStreamRuntimeError { hint, offset, kind, record_key, record_value }>}
    (§2), version 0. Returns (successes, error dict or None)."""
    decoder = _Decoder(data)
    successes = decoder.records(strict)
    error = None
    if decoder.bool():
        hint = decoder.string()
        offset = decoder.int(8)
        kind = decoder.take(1)[0]
        if kind not in KIND_TAGS.values():
            raise HostError(f"unknown SmartStreamType tag {kind}")
        error = {
            "hint": hint,
            "offset": offset,
            "kind": kind,
            "record_key": decoder.option_record_data(),
            "record_value": decoder.record_data(),
        }
    if strict and decoder.pos != len(data):
        raise HostError(f"{len(data) - decoder.pos} trailing bytes after SmartStreamOutput")
    return successes, error


# ---------------------------------------------------------------------------
# Module shape (§2 "Module shape"), read through wasmtime's own types
# ---------------------------------------------------------------------------


def _signature(ty: wasmtime.FuncType) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(str(p) for p in ty.params), tuple(str(r) for r in ty.results)


I32_I32_TO_NOTHING = (("i32", "i32"), ())
EXPECTED_EXPORTS = {
    "alloc": (("i32",), ("i32",)),
    "dealloc": (("i32", "i32"), ()),
}
ENTRY_SIGNATURE = (("i32", "i32"), ("i32",))


def interface_problems(engine: wasmtime.Engine, wasm: bytes, kind: str) -> list[str]:
    """What is wrong with the module's L0 shape; empty if nothing."""
    module = wasmtime.Module(engine, wasm)
    problems = []
    imports = module.imports
    if len(imports) != 1:
        problems.append(f"expected exactly one import, found {len(imports)}")
    for item in imports:
        if not isinstance(item.type, wasmtime.FuncType) or _signature(item.type) != I32_I32_TO_NOTHING:
            problems.append(f"import {item.module}.{item.name} is not (i32, i32) -> ()")
    exports = {item.name: item.type for item in module.exports}
    if not isinstance(exports.get("memory"), wasmtime.MemoryType):
        problems.append("no memory export")
    for name, signature in {**EXPECTED_EXPORTS, kind: ENTRY_SIGNATURE}.items():
        ty = exports.get(name)
        if not isinstance(ty, wasmtime.FuncType):
            problems.append(f"no function export {name!r}")
        elif _signature(ty) != signature:
            problems.append(f"export {name!r} has type {_signature(ty)}, expected {signature}")
    return problems


# ---------------------------------------------------------------------------
# The host
# ---------------------------------------------------------------------------


class Host:
    """One instance of a SmartStream module, as the L0 SPU keeps one per
    consumer stream (guest globals persist between calls)."""

    def __init__(self, wasm: bytes, kind: str) -> None:
        if kind not in KIND_TAGS:
            raise ValueError(f"kind must be one of {sorted(KIND_TAGS)}")
        self.kind = kind
        self.engine = wasmtime.Engine()
        problems = interface_problems(self.engine, wasm, kind)
        if problems:
            raise HostError("; ".join(problems))
        self.store = wasmtime.Store(self.engine)
        self._slot: tuple[int, int] | None = None
        copy_records = wasmtime.Func(
            self.store,
            wasmtime.FuncType([wasmtime.ValType.i32(), wasmtime.ValType.i32()], []),
            self._copy_records,
            access_caller=True,
        )
        # §2: the L0 SPU instantiates positionally with this one import.
        module = wasmtime.Module(self.engine, wasm)
        self.instance = wasmtime.Instance(self.store, module, [copy_records])
        exports = self.instance.exports(self.store)
        self.memory = exports["memory"]
        self.alloc = exports["alloc"]
        self.entry = exports[kind]

    def _copy_records(self, caller: wasmtime.Caller, ptr: int, length: int) -> None:
        """§2 step 4: remember (ptr, len); trap if there is no memory."""
        if not isinstance(caller.get("memory"), wasmtime.Memory):
            raise wasmtime.Trap("copy_records: module has no memory export")
        self._slot = (ptr & 0xFFFFFFFF, length & 0xFFFFFFFF)

    def call_raw(self, payload: bytes) -> tuple[int, bytes | None]:
        """alloc, write, call the entry; returns (return code, the bytes the
        last copy_records pointed at, or None if it was not called)."""
        ptr = self.alloc(self.store, len(payload)) & 0xFFFFFFFF
        if ptr + len(payload) > self.memory.data_len(self.store):
            raise HostError(f"alloc({len(payload)}) returned {ptr:#x}, outside memory")
        self.memory.write(self.store, payload, ptr)
        self._slot = None
        code = self.entry(self.store, ptr, len(payload))
        if self._slot is None:
            return code, None
        out_ptr, out_len = self._slot
        if out_ptr + out_len > self.memory.data_len(self.store):
            if code < 0:
                return code, None           # §2: output ignored anyway
            raise HostError(f"copy_records({out_ptr:#x}, {out_len}) is outside memory")
        return code, bytes(self.memory.read(self.store, out_ptr, out_ptr + out_len))

    def call(self, payload: bytes, strict: bool = True) -> tuple[list[Record], dict | None, int]:
        """§2 steps 1-5 for one encoded input."""
        code, output = self.call_raw(payload)
        if code < 0:
            return [], None, code
        if output is None:
            raise HostError(f"entry returned {code} without calling copy_records")
        successes, error = decode_output(output, strict)
        return successes, error, code


def make_records(
    values: Sequence[bytes], keys: Sequence[bytes | None] | None = None
) -> list[Record]:
    """Records with offset_delta 0, 1, 2, ... and the given keys."""
    if keys is None:
        keys = [None] * len(values)
    assert len(keys) == len(values)
    return [Record(value, key, index) for index, (value, key) in enumerate(zip(values, keys))]


def run(
    wasm: bytes,
    kind: str,
    values: Sequence[bytes],
    accumulator: bytes = b"",
    keys: Sequence[bytes | None] | None = None,
    base_offset: int = 0,
    strict: bool = True,
) -> tuple[list[tuple[bytes | None, bytes, int]], dict | None, int]:
    """Run one batch through a fresh instance.

    Returns ``(successes, error, return_code)``: successes as
    ``(key, value, offset_delta)`` tuples; error as a dict with ``hint``,
    ``offset``, ``kind`` (u8 tag), ``record_key``, ``record_value``, or None;
    a negative return code means an internal error and no output.
    """
    host = Host(wasm, kind)
    records = make_records(values, keys)
    if kind == "aggregate":
        payload = encode_aggregate_input(base_offset, records, accumulator)
    else:
        payload = encode_input(base_offset, records)
    successes, error, code = host.call(payload, strict)
    return [(r.key, r.value, r.offset_delta) for r in successes], error, code
