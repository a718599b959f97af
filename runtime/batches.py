"""A batch across the host boundary: the caller's records in, Records out.

Every batch a loaded module runs (``ssc.runtime.module``) goes through the
process's batch codec, chosen once by :func:`batch_codec`: the native one
(C, ``runtime/_hostcodec.c``, built on first use by ``ssc.runtime.native``)
when it can be had, else :class:`PythonCodec`, the reference, which the
native one falls back to for anything off its path. Both give the same
results and the same errors; the tests run both. A codec does three things:

``encode(records, base_offset, base_timestamp, offsets_from, tail) -> (payload, count)``
    The caller's records (bytes, str or :class:`Record`, any iterable) as
    a batch's input: ``base_offset`` i64, the ``Vec<u8>`` that holds the
    ``Vec<Record>`` (spec §2 record_data, §3 raw_bytes), then ``tail``, the
    fields after it, encoded. Record ``i`` has offset_delta ``i`` (with
    ``offsets_from`` an int, a :class:`Record` has ``record.offset -
    offsets_from``: look_back's stored records, a chain's later stages)
    and timestamp_delta 0 (a Record: ``record.timestamp - base_timestamp``).

``view(address, length)``
    A module's output where it lies in linear memory: a view of it
    (native) or a copy (Python).

``read_output(data, base_offset, base_timestamp, inputs, accumulator) -> (records, error, accumulator)``
    A ``SmartStreamOutput`` (then, with ``accumulator``, the ``Vec<u8>``
    of a ``SmartModuleAggregateOutput``) as Records (``offset =
    base_offset + offset_delta``, ``timestamp = base_timestamp +
    timestamp_delta``), the in-band error (a ``WireRuntimeError``) or None,
    and the accumulator (``b""`` without). ``inputs``, the caller's list of
    records or None, lets the native codec return an output record equal
    to its input as the input's own object (a filter's kept records).

>>> codec = PythonCodec()
>>> payload, count = codec.encode([b"abc"], 0)
>>> payload.hex(" ")
'00 00 00 00 00 00 00 00 00 00 00 0e 00 00 00 01 12 00 00 00 00 06 61 62 63 00'
>>> codec.read_output(payload[12:] + b"\\x00", 5, 0, None, False)
([Record(key=None, value=b'abc', offset=5, timestamp=0)], None, b'')
"""

from __future__ import annotations

import ctypes
import threading
from itertools import count, repeat
from types import ModuleType
from typing import Iterable, Union

from ssc.runtime.codec import (
    CodecError,
    WireRuntimeError,
    _as_bytes,
    _encode_batch,
    _gc_paused,
    _read_output_tail,
    _read_vec_record,
)
from ssc.runtime.records import Record, _as_records, _RecordSlots

__all__ = ["RecordInput", "PythonCodec", "NativeCodec", "batch_codec", "to_records"]

#: A record handed to a module: the value as bytes or str, or a full Record.
RecordInput = Union[bytes, bytearray, str, Record]

#: What read_output returns: the records, the in-band error, the accumulator.
Output = tuple[list[Record], Union[WireRuntimeError, None], bytes]


class PythonCodec:
    """The batch codec in pure Python (``ssc.runtime.codec``'s fast paths): the reference."""

    name = "python"

    def encode(self, records: Iterable[RecordInput], base_offset: int, base_timestamp: int = 0,
               offsets_from: int | None = None, tail: bytes = b"") -> tuple[bytes | bytearray, int]:
        """The batch's input and its record count (see the module docstring)."""
        return _encode_batch(_wire_inputs(records, base_timestamp, offsets_from), base_offset, tail)

    def view(self, address: int, length: int) -> bytes:
        """The ``length`` bytes at ``address``, copied."""
        return ctypes.string_at(address, length) if length else b""

    def decode(self, data: bytes | bytearray | memoryview, base_offset: int,
               base_timestamp: int = 0, inputs: object = None) -> tuple[list[Record], int]:
        """The leading ``Vec<Record>`` of ``data`` as Records, and the position after it."""
        rows, end = _read_vec_record(_as_bytes(data), 0, False, tuple)
        return to_records(rows, base_offset, base_timestamp), end

    def read_output(self, data: bytes | bytearray | memoryview, base_offset: int, base_timestamp: int,
                    inputs: object, accumulator: bool) -> Output:
        """Records, error and accumulator of a module's output (see the module docstring)."""
        data = _as_bytes(data)
        records, end = self.decode(data, base_offset, base_timestamp)
        error, final = _read_output_tail(data, end, accumulator)
        return records, error, final


#: The reference codec, and the native one's fallback.
PYTHON_CODEC = PythonCodec()


class NativeCodec:
    """The batch codec in C (``runtime/_hostcodec.c``): the same results as :class:`PythonCodec`.

    Each operation takes the C path when it can and otherwise hands the
    whole operation to the Python codec, which gives the result or the error.
    """

    name = "native"

    def __init__(self, module: ModuleType) -> None:
        module.configure(Record)
        self._native = module

    def encode(self, records: Iterable[RecordInput], base_offset: int, base_timestamp: int = 0,
               offsets_from: int | None = None, tail: bytes = b"") -> tuple[bytes | bytearray, int]:
        done = self._native.encode(records, base_offset, base_timestamp, offsets_from, tail)
        if done is None:
            return PYTHON_CODEC.encode(records, base_offset, base_timestamp, offsets_from, tail)
        return done  # type: ignore[no-any-return]

    def view(self, address: int, length: int) -> memoryview:
        return self._native.view(address, length)  # type: ignore[no-any-return]

    def decode(self, data: bytes | bytearray | memoryview, base_offset: int,
               base_timestamp: int = 0, inputs: object = None) -> tuple[list[Record], int]:
        done = self._native.decode(data, base_offset, base_timestamp, inputs)
        if done is None:
            return PYTHON_CODEC.decode(data, base_offset, base_timestamp)
        return done  # type: ignore[no-any-return]

    def read_output(self, data: bytes | bytearray | memoryview, base_offset: int, base_timestamp: int,
                    inputs: object, accumulator: bool) -> Output:
        done = self._native.decode(data, base_offset, base_timestamp, inputs)
        if done is not None:
            records, end = done
            try:
                # the tail (error flag, error, accumulator) is short: read from a copy
                error, final = _read_output_tail(bytes(data[end:]), 0, accumulator)
                return records, error, final
            except CodecError:
                pass    # the Python codec names the byte where the whole output goes wrong
        return PYTHON_CODEC.read_output(bytes(data), base_offset, base_timestamp, None, accumulator)


_choice_lock = threading.Lock()
_chosen: list[PythonCodec | NativeCodec] = []


def batch_codec() -> PythonCodec | NativeCodec:
    """The process's batch codec: native if ``ssc.runtime.native`` can provide it, else Python.

    Chosen on first use (which may build the native one, once per Python) and kept.
    """
    if not _chosen:
        with _choice_lock:
            if not _chosen:
                from ssc.runtime.native import native_codec

                module = native_codec()
                _chosen.append(NativeCodec(module) if module is not None else PYTHON_CODEC)
    return _chosen[0]


# --------------------------------------------------------------------------
# The pure-Python pieces: the caller's records as wire tuples, wire tuples as Records
# --------------------------------------------------------------------------


def to_records(wire: Iterable[tuple], base_offset: int, base_timestamp: int) -> list[Record]:
    """Wire records as Records: ``offset = base_offset + offset_delta``, timestamp likewise.

    ``wire`` may hold WireRecords or plain 6-tuples in their field order.
    """
    slots = _RecordSlots  # see records._as_records: the fast way to make many Records
    with _gc_paused():
        return _as_records([
            slots(key, value, base_offset + offset_delta, base_timestamp + timestamp_delta)
            for key, value, offset_delta, timestamp_delta, _, _ in wire
        ])


def _wire_inputs(records: Iterable[RecordInput], base_timestamp: int = 0,
                 offsets_from: int | None = None) -> Iterable[tuple]:
    """Turn the caller's records into WireRecord-ordered 6-tuples (an iterator).

    Record ``i`` gets offset_delta ``i``; bytes/str get key None and
    timestamp_delta 0; a Record keeps key and timestamp (as the delta from
    ``base_timestamp``). The Record's ``offset`` is not used, unless
    ``offsets_from`` is an int: then a Record's offset_delta is ``offset -
    offsets_from`` (look_back's stored records: 0; a chain's later stages:
    the batch's base offset).
    ``[b"a", "b"]`` -> ``(None, b"a", 0, 0, 0, 0), (None, b"b", 1, 0, 0, 0)``.
    """
    if type(records) is list or type(records) is tuple:
        # the common batch, all bytes or all str: one zip, no per-record checks
        # (and the encoder unpacks zip's tuples without keeping them)
        types = set(map(type, records))
        if types <= {bytes} or types == {str}:
            values = records if str not in types else map(str.encode, records)
            return zip(repeat(None), values, count(), repeat(0), repeat(0), repeat(0))
    return _wire_inputs_checked(records, base_timestamp, offsets_from)


def _wire_inputs_checked(records: Iterable[RecordInput], base_timestamp: int,
                         offsets_from: int | None = None) -> Iterable[tuple]:
    """:func:`_wire_inputs` for any records, checking each one's type."""
    if isinstance(records, (bytes, bytearray, str, Record)):
        raise TypeError("pass a list of records, not a single record")
    for index, record in enumerate(records):
        cls = type(record)
        if cls is bytes:
            yield (None, record, index, 0, 0, 0)
        elif cls is str:
            yield (None, record.encode("utf-8"), index, 0, 0, 0)
        elif cls is Record:
            key, value = record.key, record.value
            if isinstance(key, str):
                key = key.encode("utf-8")
            if isinstance(value, str):
                value = value.encode("utf-8")
            offset_delta = index if offsets_from is None else record.offset - offsets_from
            yield (key, value, offset_delta, record.timestamp - base_timestamp, 0, 0)
        elif isinstance(record, (bytes, bytearray, memoryview)):
            yield (None, bytes(record), index, 0, 0, 0)
        elif isinstance(record, str):
            yield (None, str(record).encode("utf-8"), index, 0, 0, 0)
        else:
            raise TypeError(
                f"record {index} is a {cls.__name__}; pass bytes, str or ssc.runtime.Record"
            )
