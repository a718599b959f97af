"""The Fluvio wire codec for both ABIs, in one place.

Every byte the host writes into a module or reads out of one goes through
this file. Spec: ``shared/reference/fluvio-abi.md`` §1 (wire encoding), §2
(L0 structures, encoded at protocol version ``ssc.abi.ENCODING_VERSION``
= 0, where no field is version-gated) and §3 (the current SmartModule
structures, whose fields depend on the version argument: see the section
"The current SmartModule ABI" at the end of this file).

Shapes (field order = wire order; ints big-endian unless "varint")::

    varint       zigzag, then LEB128, 7 bits a byte, low first     §1
    Option<T>    u8 0 | u8 1, T                                     §1
    Vec<T>       u32 count, T * count   (decoded as i32; < 1 = [])  §1
    Vec<u8>      u32 length, bytes                                  §1
    String       u16 length, UTF-8      (decoded as i16; <= 0 = "") §1
    RecordData   varint length, bytes                               §1 "Record"
    Record       varint L, then an L-byte body:                     §1 "Record"
                   attributes i8, timestamp_delta varint,
                   offset_delta varint, key Option<RecordData>,
                   value RecordData, headers varint (a count; 0)
    SmartStreamInput          base_offset i64, record_data Vec<u8>  §2
                              (record_data holds an encoded Vec<Record>)
    SmartStreamAggregateInput SmartStreamInput, accumulator Vec<u8> §2
    SmartStreamOutput         successes Vec<Record>,                §2
                              error Option<SmartStreamRuntimeError>
    SmartStreamRuntimeError   hint String, offset i64, kind u8,     §2
                              record_key Option<RecordData>,
                              record_value RecordData

API: ``encode_<thing>(value) -> bytes`` and ``decode_<thing>(data) -> value``
for whole structures (trailing bytes are ignored, as Fluvio does), plus
``read_<thing>(data, pos) -> (value, new_pos)`` for the pieces. Decoders
raise :class:`CodecError` naming the byte position on truncated or invalid
input. Encoders raise it for values the wire cannot carry.

>>> encode_record(WireRecord(None, b"dog", offset_delta=1)).hex(" ")
'12 00 00 02 00 06 64 6f 67 00'
"""

from __future__ import annotations

import gc
import struct
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import repeat
from typing import Iterable, Iterator, NamedTuple

from ssc.abi import (
    ACCUMULATOR_OUTPUT_MIN_VERSION,
    ENCODING_VERSION,
    JOIN_RECORD_VERSIONS,
    LOOKBACK_AGE_MIN_VERSION,
    LOOKBACK_MIN_VERSION,
    MAX_STRING_BYTES,
    PARAMS_MAX_VERSION,
    TIMESTAMP_MIN_VERSION,
)

# The L0 layouts (the first half of this file) are the version-0 ones; L0
# has no version-gated fields. The SmartModule ones (the end) take a version.
assert ENCODING_VERSION == 0, "ssc.runtime.codec implements the version-0 layouts (§2)"

__all__ = [
    "CodecError",
    "WireRecord",
    "WireRuntimeError",
    "SmartStreamInput",
    "SmartStreamAggregateInput",
    "SmartStreamOutput",
    "encode_varint",
    "read_varint",
    "encode_string",
    "read_string",
    "read_hint",
    "hint_text",
    "encode_bytes",
    "read_bytes",
    "encode_record",
    "read_record",
    "decode_record",
    "encode_records",
    "read_records",
    "decode_records",
    "encode_runtime_error",
    "read_runtime_error",
    "encode_input",
    "decode_input",
    "encode_aggregate_input",
    "decode_aggregate_input",
    "encode_output",
    "decode_output",
]


class CodecError(ValueError):
    """Bytes that do not decode, or a value that cannot be encoded.

    >>> decode_records(b"\\x00\\x00\\x00\\x01\\x12")
    Traceback (most recent call last):
    ...
    ssc.runtime.codec.CodecError: record 0 at byte 4: its length says 9 bytes but only 0 remain
    """


# --------------------------------------------------------------------------
# Data shapes
# --------------------------------------------------------------------------


class WireRecord(NamedTuple):
    """A record as it is on the wire (spec §1 "Record"): deltas, not offsets.

    ``WireRecord(None, b"abc")`` is the "abc" record of §1 "Worked bytes".
    ``attributes`` is an i8 (always 0 in practice); ``headers`` is the header
    count, which Fluvio writes as 0 (no header bodies exist on the wire).
    """

    key: bytes | None
    value: bytes
    offset_delta: int = 0
    timestamp_delta: int = 0
    attributes: int = 0
    headers: int = 0


@dataclass(frozen=True, slots=True)
class WireRuntimeError:
    """``SmartStreamRuntimeError`` on the wire (spec §2 "Structures").

    ``offset`` is absolute (base_offset + the failing record's offset_delta);
    ``kind`` is the ``SmartStreamType`` u8 (``ssc.abi.SmartStreamType``: 0
    filter, 1 map, 2 aggregate in 0.2.x; ``Kind.from_tag`` reads it); ``hint`` is the user error's text.
    """

    hint: str
    offset: int
    kind: int
    record_key: bytes | None
    record_value: bytes


@dataclass(frozen=True, slots=True)
class SmartStreamInput:
    """``SmartStreamInput`` (spec §2): ``base_offset`` i64 + ``record_data``.

    ``record_data`` is the already encoded ``Vec<Record>``
    (see :func:`encode_records` / :func:`decode_records`).
    """

    base_offset: int
    record_data: bytes


@dataclass(frozen=True, slots=True)
class SmartStreamAggregateInput:
    """``SmartStreamAggregateInput`` (spec §2): ``base`` + ``accumulator`` Vec<u8>."""

    base: SmartStreamInput
    accumulator: bytes = b""


@dataclass(frozen=True, slots=True)
class SmartStreamOutput:
    """``SmartStreamOutput`` (spec §2): ``successes`` + optional ``error``."""

    successes: list[WireRecord] = field(default_factory=list)
    error: WireRuntimeError | None = None


# --------------------------------------------------------------------------
# Fixed-size integers (spec §1: big-endian)
# --------------------------------------------------------------------------

_I64 = struct.Struct(">q")
_I32 = struct.Struct(">i")
_U32 = struct.Struct(">I")
_I16 = struct.Struct(">h")
_U16 = struct.Struct(">H")

_I64_MIN = -(1 << 63)
_I64_MAX = (1 << 63) - 1

_NONE = b"\x00"  # Option::None / bool false (§1)
_SOME = b"\x01"  # Option::Some / bool true (§1)

#: i8 attributes byte for every value -128..127 (§1 "Record" field 1).
_I8_BYTES: tuple[bytes, ...] = tuple(bytes((n & 0xFF,)) for n in range(-128, 128))


def _pack_i64(n: int, what: str) -> bytes:
    if not _I64_MIN <= n <= _I64_MAX:
        raise CodecError(f"{what} {n} does not fit in an i64")
    return _I64.pack(n)


def _pack_u32(n: int, what: str) -> bytes:
    if not 0 <= n <= 0xFFFFFFFF:
        raise CodecError(f"{what} {n} does not fit in a u32")
    return _U32.pack(n)


def _truncated(pos: int, need: int, have: int, what: str) -> CodecError:
    return CodecError(f"{what} at byte {pos}: needs {need} bytes but only {have} remain")


def _read_i64(data: bytes, pos: int, what: str) -> tuple[int, int]:
    if len(data) - pos < 8:
        raise _truncated(pos, 8, max(len(data) - pos, 0), what)
    return _I64.unpack_from(data, pos)[0], pos + 8


def _read_i32(data: bytes, pos: int, what: str) -> tuple[int, int]:
    if len(data) - pos < 4:
        raise _truncated(pos, 4, max(len(data) - pos, 0), what)
    return _I32.unpack_from(data, pos)[0], pos + 4


def _read_u8(data: bytes, pos: int, what: str) -> tuple[int, int]:
    if pos >= len(data):
        raise _truncated(pos, 1, 0, what)
    return data[pos], pos + 1


def _read_option_flag(data: bytes, pos: int, what: str) -> tuple[bool, int]:
    """Option presence byte: a bool, 0x00 or 0x01; anything else is invalid (§1)."""
    flag, new_pos = _read_u8(data, pos, what)
    if flag > 1:
        raise CodecError(f"{what} at byte {pos}: presence byte is 0x{flag:02x}, expected 00 or 01")
    return flag == 1, new_pos


def _as_bytes(data: bytes | bytearray | memoryview) -> bytes:
    return data if type(data) is bytes else bytes(data)


# --------------------------------------------------------------------------
# Varints (spec §1 "varint")
# --------------------------------------------------------------------------


def _leb128(z: int) -> bytes:
    """Unsigned LEB128 of ``z`` >= 0: ``300 -> b'\\xac\\x02'``."""
    out = bytearray()
    while z >= 0x80:
        out.append((z & 0x7F) | 0x80)
        z >>= 7
    out.append(z)
    return bytes(out)


#: Varint bytes of 0..8191 (1 or 2 bytes): record lengths and deltas (§1).
_SMALL_VARINTS = 8192
_VARINT_TABLE: tuple[bytes, ...] = tuple(
    [bytes((n << 1,)) for n in range(64)]
    + [bytes((((n << 1) & 0x7F) | 0x80, n >> 6)) for n in range(64, _SMALL_VARINTS)]
)
assert _VARINT_TABLE[300] == _leb128(600) and len(_VARINT_TABLE[-1]) == 2

#: Three-byte varints of 8192 <= n < 2**20 (offset deltas of big batches)
#: in two pieces: the first two bytes depend only on the low 13 bits of n,
#: the last byte is n >> 13. ``_VARINT3_LOW[n & 0x1FFF] + _BYTES[n >> 13]``.
_VARINT3_LIMIT = 1 << 20
_VARINT3_LOW: tuple[bytes, ...] = tuple(
    bytes((((n << 1) & 0x7F) | 0x80, ((n >> 6) & 0x7F) | 0x80)) for n in range(_SMALL_VARINTS)
)
_BYTES: tuple[bytes, ...] = tuple(bytes((n,)) for n in range(256))
assert _VARINT3_LOW[70000 & 0x1FFF] + _BYTES[70000 >> 13] == _leb128(140000)

#: Zigzag decode of every one-byte varint (high bit clear) (§1).
_UNZIGZAG_BYTE: tuple[int, ...] = tuple((z >> 1) ^ -(z & 1) for z in range(0x80))

#: The longest LEB128 of a 64-bit value.
_MAX_VARINT_BYTES = 10


def encode_varint(n: int) -> bytes:
    """Zigzag + LEB128 of an i64 (§1 "varint").

    In: an int in the i64 range (Fluvio's own encoder is right only for
    |n| < 2**31; this one is right for all i64). Out: 1-10 bytes.

    >>> [encode_varint(n).hex() for n in (0, -1, 1, 3, 9, 64, 300)]
    ['00', '01', '02', '06', '12', '8001', 'd804']
    """
    if 0 <= n < _SMALL_VARINTS:
        return _VARINT_TABLE[n]
    if _SMALL_VARINTS <= n < _VARINT3_LIMIT:
        return _VARINT3_LOW[n & 0x1FFF] + _BYTES[n >> 13]
    if not _I64_MIN <= n <= _I64_MAX:
        raise CodecError(f"varint {n} does not fit in an i64")
    z = (n << 1) ^ (n >> 63)
    if z < 0x80:  # small negative numbers
        return _BYTES[z]
    return _leb128(z)


def read_varint(data: bytes, pos: int = 0) -> tuple[int, int]:
    """Decode one zigzag LEB128 varint at ``pos`` (§1 "varint").

    Out: ``(value, position after it)``. ``read_varint(b"\\xd8\\x04") == (300, 2)``.
    """
    end = len(data)
    if 0 <= pos < end - 1:
        b = data[pos]
        if b < 0x80:
            return _UNZIGZAG_BYTE[b], pos + 1
        b1 = data[pos + 1]
        if b1 < 0x80:
            z = (b & 0x7F) | (b1 << 7)
            return (z >> 1) ^ -(z & 1), pos + 2
    elif pos == end - 1 and data[pos] < 0x80:
        return _UNZIGZAG_BYTE[data[pos]], pos + 1
    z = 0
    shift = 0
    start = pos
    while True:
        if pos >= end:
            raise CodecError(f"varint at byte {start}: input ends inside it")
        if pos - start >= _MAX_VARINT_BYTES:
            raise CodecError(f"varint at byte {start}: longer than {_MAX_VARINT_BYTES} bytes")
        b = data[pos]
        pos += 1
        z |= (b & 0x7F) << shift
        if b < 0x80:
            break
        shift += 7
    z &= 0xFFFFFFFFFFFFFFFF
    return (z >> 1) ^ -(z & 1), pos


# --------------------------------------------------------------------------
# String, Vec<u8>, RecordData (spec §1)
# --------------------------------------------------------------------------


def encode_string(s: str) -> bytes:
    """``String``: u16 length + UTF-8 (§1). ``"bad" -> 00 03 62 61 64``.

    Strings longer than ``ssc.abi.MAX_STRING_BYTES`` (32767) bytes are
    rejected: Fluvio reads the length as an i16 and would see "".
    """
    raw = s.encode("utf-8")
    if len(raw) > MAX_STRING_BYTES:
        raise CodecError(
            f"string of {len(raw)} UTF-8 bytes is longer than {MAX_STRING_BYTES}, the wire maximum"
        )
    return _U16.pack(len(raw)) + raw


def read_string(data: bytes, pos: int = 0) -> tuple[str, int]:
    """Decode a ``String`` at ``pos`` (§1): i16 length (<= 0 means ""), UTF-8."""
    raw, pos = _read_string_bytes(data, pos)
    try:
        return raw.decode("utf-8"), pos
    except UnicodeDecodeError as e:
        raise CodecError(f"string at byte {pos - len(raw)}: invalid UTF-8 ({e.reason})") from None


def read_hint(data: bytes, pos: int = 0) -> tuple[str, int]:
    """Decode an error's hint ``String`` at ``pos``: as :func:`read_string`, but bytes
    that are not UTF-8 are escaped rather than refused, so the error still reaches the user.

    A Python message may hold a lone surrogate (a str from JSON's ``"\\ud800"``),
    which a guest writes in its 3-byte form; it comes out as CPython's
    ``backslashreplace`` writes it, ``"\\ud800"`` (other invalid bytes as
    ``"\\xff"``), which is what ``smartstream``'s oracle reports too.
    """
    raw, pos = _read_string_bytes(data, pos)
    return hint_text(raw), pos


def hint_text(raw: bytes) -> str:
    """UTF-8 bytes as text; a lone surrogate escaped as ``\\udXXX``, another invalid byte as ``\\xNN``."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _read_string_bytes(data: bytes, pos: int) -> tuple[bytes, int]:
    if len(data) - pos < 2:
        raise _truncated(pos, 2, max(len(data) - pos, 0), "string length")
    n = _I16.unpack_from(data, pos)[0]
    pos += 2
    if n <= 0:
        return b"", pos
    if len(data) - pos < n:
        raise _truncated(pos, n, len(data) - pos, "string")
    return data[pos : pos + n], pos + n


def encode_bytes(b: bytes) -> bytes:
    """``Vec<u8>``: u32 length + bytes (§1). ``b"A" -> 00 00 00 01 41``."""
    return _pack_u32(len(b), "byte vector length") + b


def read_bytes(data: bytes, pos: int = 0) -> tuple[bytes, int]:
    """Decode a ``Vec<u8>`` at ``pos`` (§1): i32 length, < 1 means empty."""
    n, pos = _read_i32(data, pos, "byte vector length")
    if n < 1:
        return b"", pos
    if len(data) - pos < n:
        raise _truncated(pos, n, len(data) - pos, "byte vector")
    return data[pos : pos + n], pos + n


def _encode_record_data(b: bytes) -> bytes:
    """``RecordData``: varint length + bytes (§1 "Record")."""
    return encode_varint(len(b)) + b


def _read_record_data(data: bytes, pos: int, what: str) -> tuple[bytes, int]:
    start = pos
    n, pos = read_varint(data, pos)
    if n < 0:
        raise CodecError(f"{what} at byte {start}: negative length {n}")
    if len(data) - pos < n:
        raise _truncated(pos, n, len(data) - pos, what)
    return data[pos : pos + n], pos + n


def _encode_option_record_data(b: bytes | None) -> bytes:
    """``Option<RecordData>``: ``00`` or ``01`` + RecordData (§1)."""
    return _NONE if b is None else _SOME + encode_varint(len(b)) + b


def _read_option_record_data(data: bytes, pos: int, what: str) -> tuple[bytes | None, int]:
    present, pos = _read_option_flag(data, pos, what)
    if not present:
        return None, pos
    return _read_record_data(data, pos, what)


# --------------------------------------------------------------------------
# Record and Vec<Record> (spec §1 "Record")
# --------------------------------------------------------------------------


def _attributes_byte(attributes: int) -> bytes:
    """The i8 attributes byte (§1 "Record" field 1); ``-1 -> b'\\xff'``."""
    if not -128 <= attributes <= 127:
        raise CodecError(f"record attributes {attributes} do not fit in an i8")
    return _I8_BYTES[attributes + 128]


#: Keys and values shorter than this take the encoder's fast path, which
#: writes each record from a few ready-made pieces (the tables below).
_FAST_LENGTH = 1024

#: varint(L) + attributes 0 + timestamp_delta 0: the start of a fast-path
#: record, for every body length L such a record can have.
_FAST_HEAD: tuple[bytes, ...] = tuple(
    _VARINT_TABLE[n] + b"\x00\x00" for n in range(2 * _FAST_LENGTH + 16)
)
#: Key None + varint(len(value)).
_NO_KEY_VALUE_LENGTH: tuple[bytes, ...] = tuple(_NONE + _VARINT_TABLE[n] for n in range(_FAST_LENGTH))
#: Key Some + varint(len(key)).
_KEY_LENGTH: tuple[bytes, ...] = tuple(_SOME + _VARINT_TABLE[n] for n in range(_FAST_LENGTH))


def _encode_records_into(out: bytearray, records: Iterable[WireRecord]) -> int:
    """Append each record's bytes to ``out``; return how many there were.

    The hot loop of the host. The common record (attributes 0,
    timestamp_delta 0, headers 0, 0 <= offset_delta < 2**20, key and value
    under ``_FAST_LENGTH`` bytes) is appended as a few table pieces::

        varint(L) 00 00 | varint(offset_delta) | 00 varint(len(value)) | value | 00
        varint(L) 00 00 | varint(offset_delta) | 01 varint(len(key)) | key
                                               | varint(len(value)) | value | 00

    (L is the body length: everything after varint(L)). Any other record
    goes through :func:`_encode_record`, the reference encoder.
    """
    table = _VARINT_TABLE
    small = _SMALL_VARINTS
    low3 = _VARINT3_LOW
    high3 = _BYTES
    offset_limit = _VARINT3_LIMIT
    fast = _FAST_LENGTH
    head = _FAST_HEAD
    no_key = _NO_KEY_VALUE_LENGTH
    key_length = _KEY_LENGTH
    zero = _NONE
    count = 0
    for key, value, offset_delta, timestamp_delta, attributes, headers in records:
        count += 1
        vlen = len(value)
        if (
            timestamp_delta or attributes or headers or vlen >= fast
            or not 0 <= offset_delta < offset_limit
            or (key is not None and len(key) >= fast)
        ):
            _encode_record(out, key, value, offset_delta, timestamp_delta, attributes, headers)
            continue
        if offset_delta < small:
            od = table[offset_delta]
        else:
            od = low3[offset_delta & 0x1FFF] + high3[offset_delta >> 13]
        if key is None:
            kv = no_key[vlen]
            # body: attributes, timestamp_delta, od, key None + value length, value, headers
            out += head[3 + len(od) + len(kv) + vlen]
            out += od
            out += kv
        else:
            klen = len(key)
            kl = key_length[klen]
            vl = table[vlen]
            out += head[3 + len(od) + len(kl) + klen + len(vl) + vlen]
            out += od
            out += kl
            out += key
            out += vl
        out += value
        out += zero  # headers
    return count


def _encode_record(
    out: bytearray,
    key: bytes | None,
    value: bytes,
    offset_delta: int,
    timestamp_delta: int,
    attributes: int,
    headers: int,
) -> None:
    """Append one record of any shape (§1 "Record"): the reference encoder.

    :func:`_encode_records_into` calls it for records off its fast path
    (and so it raises the CodecErrors for values the wire cannot carry).
    """
    varint = encode_varint
    td = varint(timestamp_delta)
    od = varint(offset_delta)
    vl = varint(len(value))
    hd = varint(headers)
    fields = [_attributes_byte(attributes), td, od]
    if key is None:
        fields.append(_NONE)
    else:
        fields += (_SOME, varint(len(key)), key)
    fields += (vl, value, hd)
    out += varint(sum(map(len, fields)))
    out += b"".join(fields)


def encode_record(rec: WireRecord) -> bytes:
    """One ``Record``: varint body length + body (§1 "Record").

    >>> encode_record(WireRecord(None, b"abc")).hex(" ")
    '12 00 00 00 00 06 61 62 63 00'
    """
    out = bytearray()
    _encode_records_into(out, (rec,))
    return bytes(out)


def encode_records(records: Iterable[WireRecord]) -> bytes:
    """``Vec<Record>``: u32 count + records (§1 "Record").

    In: any iterable of :class:`WireRecord` (or 6-tuples in its field order).
    Out: e.g. ``00 00 00 01 12 00 00 00 00 06 61 62 63 00`` for one "abc".
    """
    out = bytearray(4)
    _encode_records_body(out, 0, records)
    return bytes(out)


def _encode_records_body(out: bytearray, at: int, records: Iterable[WireRecord]) -> int:
    """Append ``records`` to ``out`` and write their u32 count at ``out[at:at+4]``
    (reserved by the caller): a ``Vec<Record>`` built in place. Returns the count."""
    count = _encode_records_into(out, records)
    if count > 0xFFFFFFFF:
        raise CodecError(f"{count} records do not fit in a u32 count")
    _U32.pack_into(out, at, count)
    return count


def read_record(data: bytes, pos: int = 0, *, strict: bool = False) -> tuple[WireRecord, int]:
    """Decode one ``Record`` at ``pos`` (§1 "Record").

    Like Fluvio, the body length L is only checked against the bytes left;
    the fields are then read in sequence. With ``strict=True`` the fields
    must also end exactly after L bytes (useful to test an encoder).
    """
    records, pos = _read_record_run(data, pos, 1, strict)
    return records[0], pos


def decode_record(data: bytes | bytearray | memoryview, *, strict: bool = False) -> WireRecord:
    """Decode one ``Record`` from the start of ``data``; trailing bytes are ignored."""
    return read_record(_as_bytes(data), 0, strict=strict)[0]


def read_records(data: bytes, pos: int = 0, *, strict: bool = False) -> tuple[list[WireRecord], int]:
    """Decode a ``Vec<Record>`` at ``pos`` (§1): i32 count (< 1 = none), records."""
    return _read_vec_record(data, pos, strict, WireRecord)


def _read_vec_record(data: bytes, pos: int, strict: bool, row: type) -> tuple[list, int]:
    """:func:`read_records` making each record with ``tuple.__new__(row, fields)``:
    ``row`` is WireRecord, or ``tuple`` for plain 6-tuples (cheaper to make)."""
    count, pos = _read_i32(data, pos, "record count")
    if count < 1:
        return [], pos
    if count < _GC_PAUSE_RECORDS:
        return _read_record_run(data, pos, count, strict, row)
    with _gc_paused():
        return _read_record_run(data, pos, count, strict, row)


#: Batches of at least this many records are made with the collector paused.
_GC_PAUSE_RECORDS = 1000


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a batch's records are made.

    Each record is a new container the collector tracks (a WireRecord, a
    Record), and making many of them triggers collections that walk them
    again and again, full ones walking the whole heap: up to a third of the
    time of a 100,000-record batch. The records refer to no other container,
    so there is no garbage cycle to find meanwhile; the collector runs
    again afterwards. A collector already disabled stays disabled.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def decode_records(data: bytes | bytearray | memoryview, *, strict: bool = False) -> list[WireRecord]:
    """Decode a whole ``Vec<Record>``; trailing bytes are ignored.

    >>> decode_records(bytes.fromhex("00000001 12 00 00 00 00 06 616263 00"))
    [WireRecord(key=None, value=b'abc', offset_delta=0, timestamp_delta=0, attributes=0, headers=0)]
    """
    return read_records(_as_bytes(data), 0, strict=strict)[0]


#: The i8 value of each byte (§1 "Record" attributes).
_I8_VALUE: tuple[int, ...] = tuple(range(0x80)) + tuple(range(-0x80, 0))

#: One-byte varint as a length: odd bytes (negative values) map to a length
#: no input has, so the bounds checks below reject them (§1 "RecordData").
_NO_SUCH_LENGTH = 1 << 62
_LENGTH_BYTE: tuple[int, ...] = tuple(
    _NO_SUCH_LENGTH if z & 1 else z >> 1 for z in range(0x80)
)


def _read_record_run(
    data: bytes, pos: int, count: int, strict: bool, row: type = WireRecord
) -> tuple[list, int]:
    """Decode ``count`` records back to back from ``pos`` (the hot loop).

    Each record becomes ``tuple.__new__(row, fields)`` (see
    :func:`_read_vec_record`). Varints of up to two bytes (three for
    offset_delta), by far the most common, are decoded inline, one-byte ones
    through tables; longer ones go through :func:`read_varint`. Field
    bounds are not checked one by one: a short slice moves ``pos`` past the
    end, and the next ``data[pos]`` raises IndexError. On any IndexError or
    CodecError the run is decoded again by :func:`_read_record_checked`,
    which reads what this loop does not (a headers count other than 0) and
    names the problem in bad input. Strict decoding (fields must fill
    exactly L bytes) always goes that way.
    """
    if strict:
        return _read_records_checked(data, pos, count, strict, row)
    end = len(data)
    unzig = _UNZIGZAG_BYTE
    lengths = _LENGTH_BYTE
    i8 = _I8_VALUE
    slow = read_varint
    make = tuple.__new__
    out: list = []
    append = out.append
    start = pos
    try:
        for _ in repeat(None, count):
            # body length L: checked against the bytes left, then unused
            b = data[pos]
            if b < 0x80:
                length = lengths[b]
                pos += 1
            elif (b1 := data[pos + 1]) < 0x80:
                z = (b & 0x7F) | (b1 << 7)
                length = _NO_SUCH_LENGTH if z & 1 else z >> 1
                pos += 2
            else:
                length, pos = slow(data, pos)
                if length < 0:
                    raise IndexError
            if end - pos < length:
                raise IndexError
            # attributes: i8, then timestamp_delta varint
            attributes = i8[data[pos]]
            b = data[pos + 1]
            if b < 0x80:
                timestamp_delta = unzig[b]
                pos += 2
            elif (b1 := data[pos + 2]) < 0x80:
                z = (b & 0x7F) | (b1 << 7)
                timestamp_delta = (z >> 1) ^ -(z & 1)
                pos += 3
            else:
                timestamp_delta, pos = slow(data, pos + 1)
            # offset_delta varint: three bytes cover batches of up to 2**20
            b = data[pos]
            if b < 0x80:
                offset_delta = unzig[b]
                pos += 1
            elif (b1 := data[pos + 1]) < 0x80:
                z = (b & 0x7F) | (b1 << 7)
                offset_delta = (z >> 1) ^ -(z & 1)
                pos += 2
            elif (b2 := data[pos + 2]) < 0x80:
                z = (b & 0x7F) | ((b1 & 0x7F) << 7) | (b2 << 14)
                offset_delta = (z >> 1) ^ -(z & 1)
                pos += 3
            else:
                offset_delta, pos = slow(data, pos)
            # key: Option<RecordData>
            flag = data[pos]
            if flag == 0:
                key = None
                pos += 1
            elif flag == 1:
                b = data[pos + 1]
                if b < 0x80:
                    n = lengths[b]
                    pos += 2
                else:
                    n, pos = slow(data, pos + 1)
                    if n < 0:
                        raise IndexError
                key = data[pos : pos + n]
                pos += n
            else:
                raise IndexError
            # value: RecordData
            b = data[pos]
            if b < 0x80:
                n = lengths[b]
                pos += 1
            elif (b1 := data[pos + 1]) < 0x80:
                z = (b & 0x7F) | (b1 << 7)
                n = _NO_SUCH_LENGTH if z & 1 else z >> 1
                pos += 2
            else:
                n, pos = slow(data, pos)
                if n < 0:
                    raise IndexError
            value = data[pos : pos + n]
            pos += n
            # headers: a one-byte varint count (always 0 from Fluvio); a longer
            # one is an IndexError here, and the checked decoder reads it. This
            # also catches a short value.
            headers = unzig[data[pos]]
            pos += 1
            append(make(row, (key, value, offset_delta, timestamp_delta, attributes, headers)))
    except (IndexError, CodecError):
        # bad input, or a record this loop leaves to the checked decoder
        # (headers other than 0): decode the run again, field by field
        return _read_records_checked(data, start, count, strict, row)
    return out, pos


def _read_records_checked(
    data: bytes, pos: int, count: int, strict: bool, row: type
) -> tuple[list, int]:
    """:func:`_read_record_run` one :func:`_read_record_checked` at a time."""
    make = tuple.__new__
    out = []
    for index in range(count):
        record, pos = _read_record_checked(data, pos, index, strict)
        out.append(make(row, record))
    return out, pos


def _read_record_checked(
    data: bytes, pos: int, index: int, strict: bool
) -> tuple[WireRecord, int]:
    """Decode one record checking every field; raise a CodecError naming it.

    The reference version of the loop in :func:`_read_record_run`, which
    calls it to explain a failure. ``index`` is the record's place in its
    Vec, for the message.
    """
    where = f"record {index} at byte {pos}"
    try:
        length, pos = read_varint(data, pos)
        if length < 0:
            raise CodecError(f"negative length {length}")
        if len(data) - pos < length:
            raise CodecError(f"its length says {length} bytes but only {len(data) - pos} remain")
        body_end = pos + length
        attributes, pos = _read_u8(data, pos, "attributes")
        timestamp_delta, pos = read_varint(data, pos)
        offset_delta, pos = read_varint(data, pos)
        key, pos = _read_option_record_data(data, pos, "key")
        value, pos = _read_record_data(data, pos, "value")
        headers, pos = read_varint(data, pos)
        if strict and pos != body_end:
            raise CodecError(
                f"its length says {length} bytes but its fields take {length + pos - body_end}"
            )
    except CodecError as e:
        raise CodecError(f"{where}: {e}") from None
    if attributes >= 0x80:
        attributes -= 0x100
    return WireRecord(key, value, offset_delta, timestamp_delta, attributes, headers), pos


# --------------------------------------------------------------------------
# Runtime error (spec §2 "Structures")
# --------------------------------------------------------------------------


def encode_runtime_error(err: WireRuntimeError) -> bytes:
    """``SmartStreamRuntimeError``: hint, offset, kind, key, value (§2).

    >>> encode_runtime_error(WireRuntimeError("bad", 5, 0, None, b"abc")).hex(" ")
    '00 03 62 61 64 00 00 00 00 00 00 00 05 00 00 06 61 62 63'
    """
    if not 0 <= err.kind <= 0xFF:
        raise CodecError(f"runtime error kind {err.kind} does not fit in a u8")
    return b"".join(
        (
            encode_string(err.hint),
            _pack_i64(err.offset, "runtime error offset"),
            bytes((err.kind,)),
            _encode_option_record_data(err.record_key),
            _encode_record_data(err.record_value),
        )
    )


def read_runtime_error(data: bytes, pos: int = 0) -> tuple[WireRuntimeError, int]:
    """Decode a ``SmartStreamRuntimeError`` at ``pos`` (§2)."""
    hint, pos = read_hint(data, pos)
    offset, pos = _read_i64(data, pos, "runtime error offset")
    kind, pos = _read_u8(data, pos, "runtime error kind")
    key, pos = _read_option_record_data(data, pos, "runtime error record key")
    value, pos = _read_record_data(data, pos, "runtime error record value")
    return WireRuntimeError(hint, offset, kind, key, value), pos


# --------------------------------------------------------------------------
# Inputs and output (spec §2 "Structures")
# --------------------------------------------------------------------------


def encode_input(inp: SmartStreamInput) -> bytes:
    """``SmartStreamInput``: base_offset i64 + record_data Vec<u8> (§2).

    >>> encode_input(SmartStreamInput(0, encode_records([WireRecord(None, b"abc")]))).hex(" ")
    '00 00 00 00 00 00 00 00 00 00 00 0e 00 00 00 01 12 00 00 00 00 06 61 62 63 00'
    """
    return b"".join(
        (
            _pack_i64(inp.base_offset, "base_offset"),
            _pack_u32(len(inp.record_data), "record_data length"),
            inp.record_data,
        )
    )


def _encode_batch(
    records: Iterable[WireRecord], base_offset: int, tail: bytes
) -> tuple[bytearray, int]:
    """The host's input for one batch, in one buffer; returns it and the record count.

    ``base_offset`` i64, then the records as the ``Vec<u8>`` that holds
    their ``Vec<Record>`` (§2 record_data, §3 raw_bytes), then ``tail``: the
    fields after it, encoded (an L0 aggregate's accumulator, a SmartModule's
    version-dependent fields). The same bytes as
    ``encode_input(SmartStreamInput(base_offset, encode_records(records))) + tail``,
    with the records written once.
    """
    out = bytearray(16)  # base_offset, the Vec<u8> length, the record count
    count = _encode_records_body(out, 12, records)
    out[:12] = _pack_i64(base_offset, "base_offset") + _pack_u32(len(out) - 12, "record data length")
    out += tail
    return out, count


def _read_input(data: bytes, pos: int) -> tuple[SmartStreamInput, int]:
    base_offset, pos = _read_i64(data, pos, "base_offset")
    record_data, pos = read_bytes(data, pos)
    return SmartStreamInput(base_offset, record_data), pos


def decode_input(data: bytes | bytearray | memoryview) -> SmartStreamInput:
    """Decode a ``SmartStreamInput`` (§2); trailing bytes (L1 params) are ignored."""
    return _read_input(_as_bytes(data), 0)[0]


def encode_aggregate_input(inp: SmartStreamAggregateInput) -> bytes:
    """``SmartStreamAggregateInput``: the input, then accumulator Vec<u8> (§2).

    With accumulator ``b"A"`` the 26-byte "abc" input gains ``00 00 00 01 41``.
    """
    return encode_input(inp.base) + encode_bytes(inp.accumulator)


def decode_aggregate_input(data: bytes | bytearray | memoryview) -> SmartStreamAggregateInput:
    """Decode a ``SmartStreamAggregateInput`` (§2); trailing bytes are ignored."""
    data = _as_bytes(data)
    base, pos = _read_input(data, 0)
    accumulator, pos = read_bytes(data, pos)
    return SmartStreamAggregateInput(base, accumulator)


def encode_output(out: SmartStreamOutput) -> bytes:
    """``SmartStreamOutput``: successes Vec<Record>, error Option<...> (§2).

    >>> encode_output(SmartStreamOutput([WireRecord(None, b"abc")])).hex(" ")
    '00 00 00 01 12 00 00 00 00 06 61 62 63 00 00'
    """
    tail = _NONE if out.error is None else _SOME + encode_runtime_error(out.error)
    return encode_records(out.successes) + tail


def decode_output(
    data: bytes | bytearray | memoryview, *, strict: bool = False
) -> SmartStreamOutput:
    """Decode a ``SmartStreamOutput`` (§2); trailing bytes are ignored.

    ``strict`` is passed to the record decoder (see :func:`read_record`).
    An empty buffer fails, as in Fluvio when no copy_records call was made.
    """
    return _read_output(data, strict, WireRecord, False)[0]


def _read_output(
    data: bytes | bytearray | memoryview, strict: bool, row: type, accumulator: bool
) -> tuple[SmartStreamOutput, bytes]:
    """A ``SmartStreamOutput`` from the start of ``data``, then, if ``accumulator``,
    the ``Vec<u8>`` accumulator after it (§3 ``SmartModuleAggregateOutput``; else ``b""``).

    The successes are made as ``row``s (see :func:`_read_vec_record`): the
    host asks for plain tuples when it turns them straight into Records.
    """
    data = _as_bytes(data)
    successes, pos = _read_vec_record(data, 0, strict, row)
    error, acc = _read_output_tail(data, pos, accumulator)
    return SmartStreamOutput(successes, error), acc


def _read_output_tail(data: bytes, pos: int, accumulator: bool) -> tuple[WireRuntimeError | None, bytes]:
    """What follows an output's successes at ``pos``: the ``Option`` error (§2), then,
    if ``accumulator``, the accumulator ``Vec<u8>`` (§3; else ``b""``)."""
    present, pos = _read_option_flag(data, pos, "output error")
    error = None
    if present:
        error, pos = read_runtime_error(data, pos)
    acc = b""
    if accumulator:
        acc, pos = read_bytes(data, pos)
    return error, acc


# ==========================================================================
# The current SmartModule ABI (spec §3): structures encoded at a version
# ==========================================================================
#
# Every function below takes the protocol ``version`` the host passes to the
# guest (``ssc.abi.SPU_VERSION`` = 25 on an SPU, ``CLIENT_VERSION`` = 22 in
# smdk test). Fields with a version range exist only inside it (§1: both
# bounds inclusive):
#
#   SmartModuleInput           base_offset i64, raw_bytes Vec<u8>,
#                              params SmartModuleExtraParams (v <= 22),
#                              join_record Vec<u8> (16 <= v <= 22),
#                              base_timestamp i64 (v >= 22)
#   SmartModuleExtraParams     inner BTreeMap<String,String> (u16 count),
#                              lookback Option<Lookback> (v >= 20)
#   Lookback                   last u64, age Option<Duration> (v >= 21)
#   Duration                   secs u64, nanos u32
#   SmartModuleAggregateInput  SmartModuleInput, accumulator Vec<u8>
#   SmartModuleOutput          = SmartStreamOutput (same layout at every version)
#   SmartModuleAggregateOutput SmartModuleOutput, accumulator Vec<u8> (v >= 16)
#   SmartModuleInitInput       params SmartModuleExtraParams
#   SmartModuleInitOutput      error { hint String }
#   SmartModuleLookbackOutput  error { hint String, offset i64,
#                              record_key Option<RecordData>, record_value RecordData }

_U64 = struct.Struct(">Q")

#: The version is an i16 in Fluvio (``Version = i16``).
_MAX_VERSION = 0x7FFF


@dataclass(frozen=True, slots=True)
class Lookback:
    """``Lookback`` (§3): ``last`` u64, and from v21 ``age`` as ``(secs, nanos)`` or None."""

    last: int = 0
    age: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class SmartModuleExtraParams:
    """``SmartModuleExtraParams`` (§3): ``inner`` str->str map, ``lookback`` (v >= 20)."""

    inner: dict[str, str] = field(default_factory=dict)
    lookback: Lookback | None = None


@dataclass(frozen=True, slots=True)
class SmartModuleInput:
    """``SmartModuleInput`` (§3). ``raw_bytes`` is the encoded ``Vec<Record>``.

    ``params`` and ``join_record`` are only on the wire while version <= 22
    (the SPU leaves them empty); ``base_timestamp`` only from version 22.
    """

    base_offset: int
    raw_bytes: bytes
    params: SmartModuleExtraParams = field(default_factory=SmartModuleExtraParams)
    join_record: bytes = b""
    base_timestamp: int = 0


@dataclass(frozen=True, slots=True)
class SmartModuleAggregateInput:
    """``SmartModuleAggregateInput`` (§3): ``base`` + ``accumulator`` Vec<u8>."""

    base: SmartModuleInput
    accumulator: bytes = b""


#: ``SmartModuleOutput`` has the L0 ``SmartStreamOutput`` layout at every version (§3).
SmartModuleOutput = SmartStreamOutput


@dataclass(frozen=True, slots=True)
class SmartModuleAggregateOutput:
    """``SmartModuleAggregateOutput`` (§3): ``base`` + final ``accumulator`` (v >= 16)."""

    base: SmartStreamOutput = field(default_factory=SmartStreamOutput)
    accumulator: bytes = b""


@dataclass(frozen=True, slots=True)
class SmartModuleInitInput:
    """``SmartModuleInitInput`` (§3): the params given to ``init``."""

    params: SmartModuleExtraParams = field(default_factory=SmartModuleExtraParams)


@dataclass(frozen=True, slots=True)
class SmartModuleInitOutput:
    """``SmartModuleInitOutput { error: SmartModuleInitRuntimeError { hint } }`` (§3)."""

    hint: str


@dataclass(frozen=True, slots=True)
class SmartModuleLookbackOutput:
    """``SmartModuleLookbackOutput { error: SmartModuleLookbackRuntimeError }`` (§3)."""

    hint: str
    offset: int
    record_key: bytes | None
    record_value: bytes


def _check_version(version: int) -> int:
    if not isinstance(version, int) or not 0 <= version <= _MAX_VERSION:
        raise CodecError(f"protocol version {version!r} is not an i16 >= 0")
    return version


def _read_u64(data: bytes, pos: int, what: str) -> tuple[int, int]:
    if len(data) - pos < 8:
        raise _truncated(pos, 8, max(len(data) - pos, 0), what)
    return _U64.unpack_from(data, pos)[0], pos + 8


def _read_u32(data: bytes, pos: int, what: str) -> tuple[int, int]:
    if len(data) - pos < 4:
        raise _truncated(pos, 4, max(len(data) - pos, 0), what)
    return _U32.unpack_from(data, pos)[0], pos + 4


def encode_string_map(inner: dict[str, str]) -> bytes:
    """``BTreeMap<String,String>``: u16 count, then key, value pairs sorted by key (§1).

    ``{"key": "a"} -> 00 01 00 03 6b 65 79 00 01 61``.
    """
    if len(inner) > 0xFFFF:
        raise CodecError(f"a map of {len(inner)} entries does not fit in a u16 count")
    parts = [_U16.pack(len(inner))]
    # BTreeMap<String, _> orders keys by their UTF-8 bytes
    for key in sorted(inner, key=lambda k: k.encode("utf-8")):
        parts.append(encode_string(key))
        parts.append(encode_string(inner[key]))
    return b"".join(parts)


def read_string_map(data: bytes, pos: int = 0) -> tuple[dict[str, str], int]:
    """Decode a ``BTreeMap<String,String>`` at ``pos`` (§1); a repeated key keeps the last value."""
    if len(data) - pos < 2:
        raise _truncated(pos, 2, max(len(data) - pos, 0), "map count")
    count = _U16.unpack_from(data, pos)[0]
    pos += 2
    out: dict[str, str] = {}
    for _ in range(count):
        key, pos = read_string(data, pos)
        value, pos = read_string(data, pos)
        out[key] = value
    return out, pos


def encode_extra_params(params: SmartModuleExtraParams, version: int) -> bytes:
    """``SmartModuleExtraParams`` at ``version`` (§3): the map, then lookback from v20."""
    version = _check_version(version)
    out = encode_string_map(params.inner)
    if version < LOOKBACK_MIN_VERSION:
        return out
    lookback = params.lookback
    if lookback is None:
        return out + _NONE
    if not 0 <= lookback.last <= 0xFFFFFFFFFFFFFFFF:
        raise CodecError(f"lookback last {lookback.last} does not fit in a u64")
    out += _SOME + _U64.pack(lookback.last)
    if version >= LOOKBACK_AGE_MIN_VERSION:
        if lookback.age is None:
            out += _NONE
        else:
            secs, nanos = lookback.age
            if not (0 <= secs <= 0xFFFFFFFFFFFFFFFF and 0 <= nanos <= 0xFFFFFFFF):
                raise CodecError(f"lookback age {lookback.age} is not a (u64 secs, u32 nanos) Duration")
            out += _SOME + _U64.pack(secs) + _U32.pack(nanos)
    return out


def read_extra_params(data: bytes, pos: int, version: int) -> tuple[SmartModuleExtraParams, int]:
    """Decode ``SmartModuleExtraParams`` at ``pos`` at ``version`` (§3)."""
    inner, pos = read_string_map(data, pos)
    lookback = None
    if version >= LOOKBACK_MIN_VERSION:
        present, pos = _read_option_flag(data, pos, "lookback")
        if present:
            last, pos = _read_u64(data, pos, "lookback last")
            age = None
            if version >= LOOKBACK_AGE_MIN_VERSION:
                has_age, pos = _read_option_flag(data, pos, "lookback age")
                if has_age:
                    secs, pos = _read_u64(data, pos, "lookback age seconds")
                    nanos, pos = _read_u32(data, pos, "lookback age nanoseconds")
                    age = (secs, nanos)
            lookback = Lookback(last, age)
    return SmartModuleExtraParams(inner, lookback), pos


def encode_smartmodule_input(inp: SmartModuleInput, version: int) -> bytes:
    """``SmartModuleInput`` at ``version`` (§3 "Version argument and layouts").

    The "abc" batch at base_offset 100, base_timestamp 1700000000000 is 34
    bytes at v >= 23, 41 at v22 (+ empty params, lookback None, empty
    join_record), 30 at v16-19 and 31 at v20-21 (no timestamp).
    """
    version = _check_version(version)
    return b"".join((
        _pack_i64(inp.base_offset, "base_offset"),
        _pack_u32(len(inp.raw_bytes), "raw_bytes length"),
        inp.raw_bytes,
        _smartmodule_input_tail(inp.params, inp.join_record, inp.base_timestamp, version),
    ))


def _smartmodule_input_tail(
    params: SmartModuleExtraParams, join_record: bytes, base_timestamp: int, version: int
) -> bytes:
    """The fields of a ``SmartModuleInput`` after raw_bytes, at a checked ``version`` (§3)."""
    parts = []
    if version <= PARAMS_MAX_VERSION:
        parts.append(encode_extra_params(params, version))
    if JOIN_RECORD_VERSIONS[0] <= version <= JOIN_RECORD_VERSIONS[1]:
        parts.append(encode_bytes(join_record))
    if version >= TIMESTAMP_MIN_VERSION:
        parts.append(_pack_i64(base_timestamp, "base_timestamp"))
    return b"".join(parts)


def read_smartmodule_input(data: bytes, pos: int, version: int) -> tuple[SmartModuleInput, int]:
    """Decode a ``SmartModuleInput`` at ``pos`` at ``version`` (§3)."""
    version = _check_version(version)
    base_offset, pos = _read_i64(data, pos, "base_offset")
    raw_bytes, pos = read_bytes(data, pos)
    params = SmartModuleExtraParams()
    join_record = b""
    base_timestamp = 0
    if version <= PARAMS_MAX_VERSION:
        params, pos = read_extra_params(data, pos, version)
    if JOIN_RECORD_VERSIONS[0] <= version <= JOIN_RECORD_VERSIONS[1]:
        join_record, pos = read_bytes(data, pos)
    if version >= TIMESTAMP_MIN_VERSION:
        base_timestamp, pos = _read_i64(data, pos, "base_timestamp")
    return SmartModuleInput(base_offset, raw_bytes, params, join_record, base_timestamp), pos


def decode_smartmodule_input(data: bytes | bytearray | memoryview, version: int) -> SmartModuleInput:
    """Decode a whole ``SmartModuleInput`` at ``version``; trailing bytes are ignored."""
    return read_smartmodule_input(_as_bytes(data), 0, version)[0]


def encode_smartmodule_aggregate_input(inp: SmartModuleAggregateInput, version: int) -> bytes:
    """``SmartModuleAggregateInput`` at ``version``: the input, then accumulator Vec<u8> (§3)."""
    return encode_smartmodule_input(inp.base, version) + encode_bytes(inp.accumulator)


def decode_smartmodule_aggregate_input(
    data: bytes | bytearray | memoryview, version: int
) -> SmartModuleAggregateInput:
    """Decode a ``SmartModuleAggregateInput`` at ``version`` (§3)."""
    data = _as_bytes(data)
    base, pos = read_smartmodule_input(data, 0, version)
    accumulator, pos = read_bytes(data, pos)
    return SmartModuleAggregateInput(base, accumulator)


def encode_smartmodule_output(out: SmartStreamOutput, version: int) -> bytes:
    """``SmartModuleOutput`` (§3): the L0 layout; ``version`` gates nothing."""
    _check_version(version)
    return encode_output(out)


def decode_smartmodule_output(
    data: bytes | bytearray | memoryview, version: int, *, strict: bool = False
) -> SmartStreamOutput:
    """Decode a ``SmartModuleOutput`` (§3); the error kind is a ``SmartModuleKind`` tag."""
    _check_version(version)
    return decode_output(data, strict=strict)


def encode_smartmodule_aggregate_output(out: SmartModuleAggregateOutput, version: int) -> bytes:
    """``SmartModuleAggregateOutput`` (§3): the output, then accumulator Vec<u8> from v16."""
    version = _check_version(version)
    body = encode_output(out.base)
    if version >= ACCUMULATOR_OUTPUT_MIN_VERSION:
        body += encode_bytes(out.accumulator)
    return body


def decode_smartmodule_aggregate_output(
    data: bytes | bytearray | memoryview, version: int, *, strict: bool = False
) -> SmartModuleAggregateOutput:
    """Decode a ``SmartModuleAggregateOutput`` at ``version`` (§3).

    Below version 16 there is no accumulator on the wire: it decodes as ``b""``
    (Rust's ``Default``).
    """
    version = _check_version(version)
    output, accumulator = _read_output(
        data, strict, WireRecord, version >= ACCUMULATOR_OUTPUT_MIN_VERSION
    )
    return SmartModuleAggregateOutput(output, accumulator)


def encode_init_input(inp: SmartModuleInitInput, version: int) -> bytes:
    """``SmartModuleInitInput`` at ``version`` (§3).

    ``{"key": "a"}`` at v >= 20 -> ``00 01 00 03 6b 65 79 00 01 61 00``.
    """
    return encode_extra_params(inp.params, version)


def decode_init_input(data: bytes | bytearray | memoryview, version: int) -> SmartModuleInitInput:
    """Decode a ``SmartModuleInitInput`` at ``version`` (§3)."""
    version = _check_version(version)
    return SmartModuleInitInput(read_extra_params(_as_bytes(data), 0, version)[0])


def encode_init_output(out: SmartModuleInitOutput) -> bytes:
    """``SmartModuleInitOutput`` (§3): the hint String. ``"bad" -> 00 03 62 61 64``."""
    return encode_string(out.hint)


def decode_init_output(data: bytes | bytearray | memoryview) -> SmartModuleInitOutput:
    """Decode a ``SmartModuleInitOutput`` (§3); an empty buffer fails, as in Fluvio."""
    return SmartModuleInitOutput(read_hint(_as_bytes(data), 0)[0])


def encode_lookback_output(out: SmartModuleLookbackOutput) -> bytes:
    """``SmartModuleLookbackOutput`` (§3): hint, offset i64, key, value."""
    return b"".join(
        (
            encode_string(out.hint),
            _pack_i64(out.offset, "look_back error offset"),
            _encode_option_record_data(out.record_key),
            _encode_record_data(out.record_value),
        )
    )


def decode_lookback_output(data: bytes | bytearray | memoryview) -> SmartModuleLookbackOutput:
    """Decode a ``SmartModuleLookbackOutput`` (§3)."""
    data = _as_bytes(data)
    hint, pos = read_hint(data, 0)
    offset, pos = _read_i64(data, pos, "look_back error offset")
    key, pos = _read_option_record_data(data, pos, "look_back error record key")
    value, pos = _read_record_data(data, pos, "look_back error record value")
    return SmartModuleLookbackOutput(hint, offset, key, value)


__all__ += [
    "Lookback",
    "SmartModuleExtraParams",
    "SmartModuleInput",
    "SmartModuleAggregateInput",
    "SmartModuleOutput",
    "SmartModuleAggregateOutput",
    "SmartModuleInitInput",
    "SmartModuleInitOutput",
    "SmartModuleLookbackOutput",
    "encode_string_map",
    "read_string_map",
    "encode_extra_params",
    "read_extra_params",
    "encode_smartmodule_input",
    "read_smartmodule_input",
    "decode_smartmodule_input",
    "encode_smartmodule_aggregate_input",
    "decode_smartmodule_aggregate_input",
    "encode_smartmodule_output",
    "decode_smartmodule_output",
    "encode_smartmodule_aggregate_output",
    "decode_smartmodule_aggregate_output",
    "encode_init_input",
    "decode_init_input",
    "encode_init_output",
    "decode_init_output",
    "encode_lookback_output",
    "decode_lookback_output",
]
