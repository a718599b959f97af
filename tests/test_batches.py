"""The host's batch codecs (``ssc.runtime.batches``): native (C) and pure Python, held to the spec.

Every test runs with both codecs (the ``host_codec`` fixture of conftest.py)
and compares with the wire codec's public encoders and decoders
(``ssc.runtime.codec``, tested against the spec's worked bytes in
test_codec.py): the caller's records must become exactly the bytes those
write, and a module's output exactly the Records, error and accumulator
they read, errors included. The differential tests at the end run random
batches and random bytes through both codecs side by side.
"""

from __future__ import annotations

import dataclasses
import gc
import pickle
import random
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ssc.abi import SmartStreamType
from ssc.runtime import Record
from ssc.runtime.batches import PYTHON_CODEC, NativeCodec, PythonCodec
from ssc.runtime.codec import (
    CodecError,
    SmartStreamInput,
    SmartStreamOutput,
    WireRecord,
    WireRuntimeError,
    decode_output,
    encode_bytes,
    encode_input,
    encode_output,
    encode_records,
)

Codec = PythonCodec | NativeCodec


def reference_input(wire: list[WireRecord], base_offset: int, tail: bytes = b"") -> bytes:
    """A batch's input as the spec's structures encode it (§2 SmartStreamInput, then the tail)."""
    return encode_input(SmartStreamInput(base_offset, encode_records(wire))) + tail


def as_records(wire: list[WireRecord], base_offset: int, base_timestamp: int) -> list[Record]:
    return [Record(w.key, w.value, base_offset + w.offset_delta, base_timestamp + w.timestamp_delta)
            for w in wire]


# -- encode ------------------------------------------------------------------------------------


CALLER_BATCHES = [
    ([], []),
    ([b"abc"], [WireRecord(None, b"abc", 0)]),
    (["x", "\u00e9t\u00e9", ""], [WireRecord(None, b"x", 0), WireRecord(None, "\u00e9t\u00e9".encode(), 1),
                                  WireRecord(None, b"", 2)]),
    ((b"a", "b"), [WireRecord(None, b"a", 0), WireRecord(None, b"b", 1)]),
    ([Record(b"k", b"v", offset=99, timestamp=1_700_000_000_005), b"z", Record(None, "s", timestamp=-3)],
     [WireRecord(b"k", b"v", 0, 5), WireRecord(None, b"z", 1), WireRecord(None, b"s", 2, -1_700_000_000_003)]),
    ([Record("\u00fc", "v")], [WireRecord("\u00fc".encode(), b"v", 0, -1_700_000_000_000)]),
    ([b"v" * 70_000, b"w" * 1024, b"k" * 127, b"k" * 128],          # lengths on both sides of the varint steps
     [WireRecord(None, b"v" * 70_000, 0), WireRecord(None, b"w" * 1024, 1), WireRecord(None, b"k" * 127, 2),
      WireRecord(None, b"k" * 128, 3)]),
    ([bytearray(b"ba"), memoryview(b"mv")], [WireRecord(None, b"ba", 0), WireRecord(None, b"mv", 1)]),
]


@pytest.mark.parametrize(("records", "wire"), CALLER_BATCHES)
def test_the_callers_records_encode_as_the_spec_says(host_codec: Codec, records: list, wire: list) -> None:
    base_timestamp = 1_700_000_000_000
    for base_offset, tail in ((0, b""), (-7, b"\x01\x02"), (2**40, encode_bytes(b"acc"))):
        payload, count = host_codec.encode(records, base_offset, base_timestamp, None, tail)
        assert count == len(wire)
        assert bytes(payload) == reference_input(wire, base_offset, tail)
    # any iterable, not only a list
    payload, _ = host_codec.encode(iter(records), 0, base_timestamp)
    assert bytes(payload) == reference_input(wire, 0)


def test_stored_records_keep_their_offsets(host_codec: Codec) -> None:
    """look_back's records (offsets_from 0) and a chain's (the batch's base offset)."""
    records = [Record(None, b"a", offset=3, timestamp=9), b"b", Record(b"k", b"c", offset=100)]
    payload, _ = host_codec.encode(records, 0, 0, 0)
    assert bytes(payload) == reference_input(
        [WireRecord(None, b"a", 3, 9), WireRecord(None, b"b", 1), WireRecord(b"k", b"c", 100)], 0)
    payload, _ = host_codec.encode(records, 100, 0, 100)
    assert bytes(payload) == reference_input(
        [WireRecord(None, b"a", -97, 9), WireRecord(None, b"b", 1), WireRecord(b"k", b"c", 0)], 100)


@pytest.mark.parametrize(("records", "error", "message"), [
    (b"abc", TypeError, "pass a list of records, not a single record"),
    ("abc", TypeError, "pass a list of records, not a single record"),
    (Record(None, b"x"), TypeError, "pass a list of records, not a single record"),
    ([b"a", 7], TypeError, "record 1 is a int; pass bytes, str or ssc.runtime.Record"),
    ([b"a", None], TypeError, "record 1 is a NoneType; pass bytes, str or ssc.runtime.Record"),
    (["\ud800"], UnicodeEncodeError, "surrogates not allowed"),
    ([Record(None, b"x", timestamp=2**63)], CodecError, "does not fit in an i64"),
])
def test_bad_records_give_the_same_errors(host_codec: Codec, records: object, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        host_codec.encode(records, 0)  # type: ignore[arg-type]


def test_a_base_offset_beyond_an_i64_is_refused(host_codec: Codec) -> None:
    with pytest.raises(CodecError, match="base_offset 9223372036854775808 does not fit in an i64"):
        host_codec.encode([b"a"], 2**63)


# -- decode ------------------------------------------------------------------------------------


#: Outputs with every field on both sides of the decoders' fast paths.
EDGE_WIRE = [
    WireRecord(None, b"abc", 0),
    WireRecord(b"", b"", 1, 0),
    WireRecord(b"k" * 300, b"v" * 70_000, 2**20 + 5, -64),
    WireRecord(None, b"h", 7, 8191, attributes=-1, headers=300),      # attributes and headers: not in a Record
    WireRecord(b"key", b"x", -(2**40), 2**40),
    WireRecord(None, b"big", 2**62, -(2**62)),
]


@pytest.mark.parametrize("base", [(0, 0), (100, 1_700_000_000_000), (2**62, -(2**62)), (-5, 7)])
def test_outputs_decode_as_the_spec_says(host_codec: Codec, base: tuple[int, int]) -> None:
    base_offset, base_timestamp = base
    error = WireRuntimeError("ValueError: x", 7, SmartStreamType.MAP, b"k", b"v")
    for wire, err, accumulator in ((EDGE_WIRE, None, None), (EDGE_WIRE[:2], error, b"acc"), ([], None, b"")):
        data = encode_output(SmartStreamOutput(wire, err)) + (encode_bytes(accumulator) if accumulator is not None else b"")
        records, got_error, got_accumulator = host_codec.read_output(
            data, base_offset, base_timestamp, None, accumulator is not None)
        assert records == as_records(wire, base_offset, base_timestamp)   # offsets past an i64 included
        assert all(type(record) is Record for record in records)
        assert got_error == err and got_accumulator == (accumulator or b"")


def test_outputs_that_do_not_decode_give_the_reference_errors(host_codec: Codec) -> None:
    """Cut short anywhere, or with a bad byte anywhere: the wire codec's CodecError, word for word."""
    wire = [*EDGE_WIRE[:2], WireRecord(b"k" * 70, b"v" * 200, 2**20 + 5, -64), EDGE_WIRE[3]]
    data = encode_output(SmartStreamOutput(wire, WireRuntimeError("E", 3, 1, None, b"v")))
    rng = random.Random(5)
    bad = [data[:end] for end in range(len(data))]
    bad += [data[:i] + bytes([rng.choice((0x02, 0x80, 0xFF))]) + data[i + 1:] for i in rng.sample(range(len(data)), 60)]
    for output in bad:
        try:
            expected = decode_output(output)
        except CodecError as err:
            with pytest.raises(CodecError) as info:
                host_codec.read_output(output, 0, 0, None, False)
            assert str(info.value) == str(err)
        else:
            records, error, _ = host_codec.read_output(output, 0, 0, None, False)
            assert (records, error) == (as_records(expected.successes, 0, 0), expected.error)


def test_records_are_records_in_every_respect(host_codec: Codec) -> None:
    records, _, _ = host_codec.read_output(encode_output(SmartStreamOutput(EDGE_WIRE[:2])), 5, 9, None, False)
    first = records[0]
    assert first == Record(None, b"abc", 5, 9) and hash(first) == hash(Record(None, b"abc", 5, 9))
    assert repr(first) == "Record(key=None, value=b'abc', offset=5, timestamp=9)"
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.value = b"changed"  # type: ignore[misc]
    assert dataclasses.replace(first, offset=1) == Record(None, b"abc", 1, 9)
    assert pickle.loads(pickle.dumps(records)) == records
    assert dataclasses.astuple(records[1]) == (b"", b"", 6, 9)


def test_a_filters_kept_records_are_the_callers_own_objects(host_codec: Codec) -> None:
    """The native codec returns an output record equal to its input as the input's objects."""
    values = [b"apple", b"kiwi", b"banana"]
    payload, _ = host_codec.encode(values, 10)
    kept = [WireRecord(None, b"apple", 0), WireRecord(None, b"banana", 2)]
    records, _, _ = host_codec.read_output(encode_output(SmartStreamOutput(kept)), 10, 0, values, False)
    assert records == [Record(None, b"apple", 10), Record(None, b"banana", 12)]
    inputs = [Record(b"k", b"a", offset=10), Record(None, b"b", offset=999), b"c"]
    echoed = [WireRecord(b"k", b"a", 0), WireRecord(None, b"b", 1), WireRecord(None, b"changed", 2)]
    same, _, _ = host_codec.read_output(encode_output(SmartStreamOutput(echoed)), 10, 0, inputs, False)
    assert same == [Record(b"k", b"a", 10), Record(None, b"b", 11), Record(None, b"changed", 12)]
    if host_codec.name == "native":
        assert records[0].value is values[0] and records[1].value is values[2]
        assert same[0] is inputs[0]                       # equal in every field: the input itself
        assert same[1] is not inputs[1] and same[1].value is inputs[1].value  # another offset
    else:
        assert records[0].value is not values[0]


# -- big batches, threads ----------------------------------------------------------------------


def test_big_batches_round_trip_while_another_thread_changes_the_list(host_codec: Codec) -> None:
    """Over 64 KiB the native codec works with the GIL released: the list it was given
    may change meanwhile, and the batch is still the list as it was read."""
    values = [bytes([97 + i % 26]) * (i % 300) for i in range(5_000)]
    stop = threading.Event()

    def churn() -> None:
        while not stop.is_set():
            values.append(b"late")
            values.pop()

    thread = threading.Thread(target=churn)
    thread.start()
    try:
        for _ in range(20):
            snapshot = list(values)
            payload, count = host_codec.encode(values, 0)
            assert count in (5_000, 5_001)
            wire = [WireRecord(None, v, i) for i, v in enumerate(snapshot + [b"late"])][:count]
            assert bytes(payload) == reference_input(wire, 0)
    finally:
        stop.set()
        thread.join()
    output = encode_output(SmartStreamOutput([WireRecord(None, v, i) for i, v in enumerate(values)]))
    records, _, _ = host_codec.read_output(output, 0, 0, values, False)
    assert [r.value for r in records] == values


def test_decoding_leaves_the_garbage_collector_as_it_found_it(host_codec: Codec) -> None:
    output = encode_output(SmartStreamOutput([WireRecord(None, b"v", n) for n in range(1_500)]))
    assert gc.isenabled()
    assert len(host_codec.read_output(output, 0, 0, None, False)[0]) == 1_500
    assert gc.isenabled()
    gc.disable()
    try:
        assert len(host_codec.read_output(output, 0, 0, None, False)[0]) == 1_500
        assert not gc.isenabled()
    finally:
        gc.enable()


# -- the two codecs side by side ---------------------------------------------------------------

FIELDS = st.one_of(st.none(), st.binary(max_size=40), st.text(max_size=10))
CALLER_RECORDS = st.lists(st.one_of(
    st.binary(max_size=300),
    st.text(max_size=20),
    st.builds(Record, FIELDS, st.one_of(st.binary(max_size=200), st.text(max_size=10)),
              st.integers(-(2**64), 2**64), st.integers(-(2**64), 2**64)),
    st.integers(), st.none(), st.just(bytearray(b"ba")),
), max_size=30)


def outcome(call: object) -> tuple:
    """What a call gives: ("ok", result) or ("error", its type and message)."""
    try:
        return ("ok", call())  # type: ignore[operator]
    except (TypeError, ValueError) as err:
        return ("error", type(err), str(err))


@settings(max_examples=400, derandomize=True, deadline=None, database=None)
@given(CALLER_RECORDS, st.integers(-(2**63), 2**63), st.integers(-(2**62), 2**62), st.sampled_from([None, 0, 5]))
def test_both_codecs_encode_alike(records: list, base_offset: int, base_timestamp: int, offsets_from: int | None) -> None:
    native = _native_codec()
    python = outcome(lambda: PYTHON_CODEC.encode(records, base_offset, base_timestamp, offsets_from, b"t"))
    got = outcome(lambda: native.encode(records, base_offset, base_timestamp, offsets_from, b"t"))
    if python[0] == "ok":
        python = ("ok", (bytes(python[1][0]), python[1][1]))
        got = ("ok", (bytes(got[1][0]), got[1][1])) if got[0] == "ok" else got
    assert got == python


@settings(max_examples=600, derandomize=True, deadline=None, database=None)
@given(st.data())
def test_both_codecs_decode_alike(data: st.DataObject) -> None:
    """Random outputs: valid ones, and valid ones with bytes changed, cut or added."""
    native = _native_codec()
    wire = data.draw(st.lists(st.builds(
        WireRecord, st.none() | st.binary(max_size=20), st.binary(max_size=150),
        st.integers(-(2**63), 2**63 - 1), st.integers(-(2**63), 2**63 - 1),
        st.integers(-128, 127), st.integers(-5, 5)), max_size=12))
    output = bytearray(encode_output(SmartStreamOutput(wire)))
    for _ in range(data.draw(st.integers(0, 3))):
        at = data.draw(st.integers(0, len(output)))
        output[at:at + data.draw(st.integers(0, 2))] = data.draw(st.binary(max_size=3))
    base = data.draw(st.sampled_from([(0, 0), (2**62, 2**62), (-(2**63), -1)]))
    python = outcome(lambda: PYTHON_CODEC.read_output(bytes(output), *base, None, False))
    assert outcome(lambda: native.read_output(bytes(output), *base, wire, False)) == python


def test_the_native_codec_takes_its_own_path_for_common_batches() -> None:
    """Not the Python fallback: the C functions themselves answer for these."""
    native = _native_codec()._native  # type: ignore[attr-defined]
    for records, wire in CALLER_BATCHES:
        if not any(isinstance(r, (bytearray, memoryview)) for r in records):
            payload, count = native.encode(records, 0, 1_700_000_000_000, None, b"")
            assert bytes(payload) == reference_input(wire, 0) and count == len(wire)
    output = encode_output(SmartStreamOutput(EDGE_WIRE[:5]))
    records, end = native.decode(output, 100, 0, None)
    assert records == as_records(EDGE_WIRE[:5], 100, 0) and output[end:] == b"\x00"
    assert native.decode(encode_output(SmartStreamOutput(EDGE_WIRE)), 2**62, 0, None) is None  # past an i64


def _native_codec() -> NativeCodec:
    from conftest import native_codec_or_skip

    return native_codec_or_skip()
