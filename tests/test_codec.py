"""The Fluvio wire codec against the worked bytes of the spec.

Every hex string here is copied from ``shared/reference/fluvio-abi.md``
(§1 "Worked bytes", §2 "Worked L0 buffers") or, for the SmartModule
structures at the end, written out from §3's layouts and examples (the
"abc" input at versions 0-25, the init input ``00 01 00 03 6b 65 79 00 01
61 00``, the aggregate output with an accumulator, the init and look_back
outputs); each is both encoded and decoded. Then round trips and malformed
input.
"""

from __future__ import annotations

import pytest

from ssc.abi import SmartModuleKind, SmartStreamType
from ssc.runtime.codec import (
    CodecError,
    Lookback,
    SmartModuleAggregateInput,
    SmartModuleAggregateOutput,
    SmartModuleExtraParams,
    SmartModuleInitInput,
    SmartModuleInitOutput,
    SmartModuleInput,
    SmartModuleLookbackOutput,
    SmartStreamAggregateInput,
    SmartStreamInput,
    SmartStreamOutput,
    WireRecord,
    WireRuntimeError,
    decode_aggregate_input,
    decode_init_input,
    decode_init_output,
    decode_input,
    decode_lookback_output,
    decode_output,
    decode_record,
    decode_records,
    decode_smartmodule_aggregate_input,
    decode_smartmodule_aggregate_output,
    decode_smartmodule_input,
    decode_smartmodule_output,
    encode_aggregate_input,
    encode_bytes,
    encode_extra_params,
    encode_init_input,
    encode_init_output,
    encode_input,
    encode_lookback_output,
    encode_output,
    encode_record,
    encode_records,
    encode_runtime_error,
    encode_smartmodule_aggregate_input,
    encode_smartmodule_aggregate_output,
    encode_smartmodule_input,
    encode_smartmodule_output,
    encode_string,
    encode_string_map,
    encode_varint,
    read_bytes,
    read_extra_params,
    read_record,
    read_runtime_error,
    read_string,
    read_string_map,
    read_varint,
)


def h(text: str) -> bytes:
    """``"12 00 | 06"`` -> bytes; spaces and ``|`` separators are ignored."""
    return bytes.fromhex(text.replace("|", " "))


# -- §1 varint --------------------------------------------------------------

VARINTS = [
    (0, "00"),
    (-1, "01"),
    (1, "02"),
    (3, "06"),
    (9, "12"),
    (64, "80 01"),
    (300, "d8 04"),
]


@pytest.mark.parametrize(("n", "wire"), VARINTS)
def test_varint_table(n: int, wire: str) -> None:
    assert encode_varint(n) == h(wire)
    assert read_varint(h(wire)) == (n, len(h(wire)))


@pytest.mark.parametrize(
    "n",
    [0, 1, -1, 63, -64, 64, -65, 8191, 8192, -8193, 2**31 - 1, -(2**31), 2**62, 2**63 - 1, -(2**63)],
)
def test_varint_round_trip(n: int) -> None:
    wire = encode_varint(n)
    assert read_varint(wire + b"\xff") == (n, len(wire))


def test_varint_out_of_range_and_malformed() -> None:
    with pytest.raises(CodecError, match="i64"):
        encode_varint(2**63)
    with pytest.raises(CodecError, match="byte 0: input ends inside it"):
        read_varint(h("80 80"))
    with pytest.raises(CodecError, match="longer than 10 bytes"):
        read_varint(b"\x80" * 11 + b"\x00")
    with pytest.raises(CodecError, match="byte 2"):
        read_varint(h("00 00"), 2)


# -- §1 String, Vec<u8> -----------------------------------------------------


def test_string() -> None:
    assert encode_string("bad") == h("00 03 62 61 64")
    assert read_string(h("00 03 62 61 64 ff")) == ("bad", 5)
    assert encode_string("é") == h("00 02 c3 a9")
    # the decoder reads the length as i16: <= 0 is the empty string (§1)
    assert read_string(h("00 00")) == ("", 2)
    assert read_string(h("80 00")) == ("", 2)


def test_string_limits_and_errors() -> None:
    assert len(encode_string("x" * 32767)) == 32769
    with pytest.raises(CodecError, match="longer than 32767"):
        encode_string("x" * 32768)
    with pytest.raises(CodecError, match="string at byte 2: needs 3 bytes but only 2 remain"):
        read_string(h("00 03 62 61"))
    with pytest.raises(CodecError, match="invalid UTF-8"):
        read_string(h("00 01 ff"))


def test_byte_vector() -> None:
    assert encode_bytes(b"A") == h("00 00 00 01 41")
    assert read_bytes(h("00 00 00 01 41")) == (b"A", 5)
    # count read as i32; < 1 means empty (§1)
    assert read_bytes(h("ff ff ff ff")) == (b"", 4)
    with pytest.raises(CodecError, match="byte vector at byte 4"):
        read_bytes(h("00 00 00 02 41"))


# -- §1 Record --------------------------------------------------------------

DOG = "12 00 00 02 00 06 64 6f 67 00"
EMPTY_KEY_FIXTURE = "20 00 00 00 00 14" + " 56" * 10 + " 00"
ABC = "12 00 00 00 00 06 61 62 63 00"
VEC_ABC = "00 00 00 01 " + ABC


def test_record_dog() -> None:
    """Fluvio's test_decode_encode_record: value "dog", offset_delta 1."""
    rec = WireRecord(None, b"dog", offset_delta=1)
    assert encode_record(rec) == h(DOG)
    assert decode_record(h(DOG)) == rec


def test_record_empty_key_fixture() -> None:
    """Fluvio's test_old_record_empty_key.bin (17 bytes)."""
    fixture = h(EMPTY_KEY_FIXTURE)
    assert len(fixture) == 17
    rec = WireRecord(None, b"V" * 10)
    assert decode_record(fixture, strict=True) == rec
    assert encode_record(rec) == fixture


def test_record_abc_and_vec() -> None:
    rec = WireRecord(None, b"abc")
    assert encode_record(rec) == h(ABC)
    assert len(h(VEC_ABC)) == 14
    assert encode_records([rec]) == h(VEC_ABC)
    assert decode_records(h(VEC_ABC)) == [rec]


def test_record_fields_on_the_wire() -> None:
    rec = WireRecord(b"k", b"v", offset_delta=300, timestamp_delta=-1, attributes=-2, headers=0)
    # L=10 | attributes fe | ts 01 | od d8 04 | key 01 02 6b | value 02 76 | headers 00
    wire = h("14 fe 01 d8 04 01 02 6b 02 76 00")
    assert encode_record(rec) == wire
    assert decode_record(wire, strict=True) == rec
    assert decode_record(wire).attributes == -2


def test_empty_and_negative_counts() -> None:
    assert encode_records([]) == h("00 00 00 00")
    assert decode_records(h("00 00 00 00")) == []
    assert decode_records(h("80 00 00 00")) == []  # i32 count < 1 (§1)


def test_records_round_trip_varied_sizes() -> None:
    records = [
        WireRecord(None, b""),
        WireRecord(b"", b"x"),
        WireRecord(b"key", b"v" * 63, 1, 5),
        WireRecord(b"k" * 64, b"v" * 64, 2, 64),
        WireRecord(None, b"w" * 9000, 8191, 8192),
        WireRecord(b"\x00\xff", bytes(range(256)) * 300, 70000, -123456789),
        WireRecord(None, b"h", 3, 0, 5, 2),
    ]
    wire = encode_records(records)
    assert decode_records(wire, strict=True) == records
    assert decode_records(bytearray(wire) + b"trailing") == records
    assert decode_records(memoryview(wire)) == records


def test_record_decoder_ignores_length_like_fluvio() -> None:
    """L is only checked against the bytes left (§1); strict mode checks it."""
    # "abc" record with L = 10 instead of 9, and one spare byte after it
    wire = h("14 00 00 00 00 06 61 62 63 00 ff")
    assert read_record(wire) == (WireRecord(None, b"abc"), 10)
    with pytest.raises(CodecError, match="length says 10 bytes but its fields take 9"):
        read_record(wire, strict=True)


def test_plain_tuples_encode_like_wire_records() -> None:
    assert encode_records([(None, b"abc", 0, 0, 0, 0)]) == h(VEC_ABC)


# -- §1/§2 malformed records ------------------------------------------------


@pytest.mark.parametrize(
    ("wire", "message"),
    [
        ("00 00 00", "record count at byte 0: needs 4 bytes but only 3 remain"),
        ("00 00 00 01", "record 0 at byte 4: varint at byte 4: input ends inside it"),
        ("00 00 00 01 12", "record 0 at byte 4: its length says 9 bytes but only 0 remain"),
        ("00 00 00 01 12 00 00 00 00 06 61 62", "its length says 9 bytes but only 7 remain"),
        ("00 00 00 02 " + ABC + " 12 00", "record 1 at byte 14: its length says 9"),
        ("00 00 00 01 01 00", "record 0 at byte 4: negative length -1"),
        ("00 00 00 01 12 00 00 00 02 06 61 62 63 00", "record 0 at byte 4: key at byte 8: presence byte is 0x02"),
        ("00 00 00 01 08 00 00 00 00 20 61 62 63 00", "value at byte 10: needs 16 bytes"),
        ("00 00 00 01 08 00 00 00 00 01 61 62 63 00", "record 0 at byte 4: value at byte 9: negative length -1"),
        ("00 00 00 01 08 00 00 00 01 20 61 62 63 00", "key at byte 10: needs 16 bytes but only 4"),
    ],
)
def test_truncated_or_invalid_records(wire: str, message: str) -> None:
    with pytest.raises(CodecError, match=message):
        decode_records(h(wire))


def test_codec_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        decode_records(b"")


# -- §2 L0 buffers ----------------------------------------------------------

INPUT_ABC = "00 00 00 00 00 00 00 00 | 00 00 00 0e | " + VEC_ABC
AGGREGATE_INPUT_ABC = INPUT_ABC + " | 00 00 00 01 41"
OUTPUT_ABC = VEC_ABC + " | 00"
OUTPUT_ERROR = (
    "00 00 00 00 | 01 | 00 03 62 61 64 | 00 00 00 00 00 00 00 05 | 00 | 00 | 06 61 62 63"
)


def test_input_26_bytes() -> None:
    inp = SmartStreamInput(0, h(VEC_ABC))
    assert len(h(INPUT_ABC)) == 26
    assert encode_input(inp) == h(INPUT_ABC)
    assert decode_input(h(INPUT_ABC)) == inp
    assert decode_records(decode_input(h(INPUT_ABC)).record_data) == [WireRecord(None, b"abc")]


def test_input_ignores_trailing_params() -> None:
    """An L1 input has params after record_data; an L0 decoder ignores them (§2)."""
    assert decode_input(h(INPUT_ABC + " 00 00")) == SmartStreamInput(0, h(VEC_ABC))


def test_aggregate_input_with_accumulator() -> None:
    inp = SmartStreamAggregateInput(SmartStreamInput(0, h(VEC_ABC)), b"A")
    assert encode_aggregate_input(inp) == h(AGGREGATE_INPUT_ABC)
    assert decode_aggregate_input(h(AGGREGATE_INPUT_ABC)) == inp


def test_input_base_offset_is_big_endian_i64() -> None:
    wire = encode_input(SmartStreamInput(-2, b""))
    assert wire == h("ff ff ff ff ff ff ff fe 00 00 00 00")
    assert decode_input(wire).base_offset == -2
    with pytest.raises(CodecError, match="base_offset"):
        encode_input(SmartStreamInput(2**63, b""))


def test_output_15_bytes() -> None:
    out = SmartStreamOutput([WireRecord(None, b"abc")], None)
    assert len(h(OUTPUT_ABC)) == 15
    assert encode_output(out) == h(OUTPUT_ABC)
    assert decode_output(h(OUTPUT_ABC)) == out


def test_output_with_error() -> None:
    error = WireRuntimeError("bad", 5, SmartStreamType.FILTER, None, b"abc")
    out = SmartStreamOutput([], error)
    assert encode_output(out) == h(OUTPUT_ERROR)
    assert decode_output(h(OUTPUT_ERROR)) == out
    assert encode_runtime_error(error) == h(OUTPUT_ERROR)[5:]
    assert read_runtime_error(h(OUTPUT_ERROR), 5) == (error, len(h(OUTPUT_ERROR)))


def test_output_error_with_key_and_successes() -> None:
    out = SmartStreamOutput(
        [WireRecord(b"k0", b"1", 0), WireRecord(None, b"2", 1)],
        WireRuntimeError("ValueError: nope", 7, SmartStreamType.MAP, b"k2", b"x"),
    )
    wire = encode_output(out)
    assert decode_output(wire, strict=True) == out
    assert wire.endswith(h("00 00 00 00 00 00 00 07 | 01 | 01 04 6b 32 | 02 78"))


@pytest.mark.parametrize(
    ("wire", "message"),
    [
        ("", "record count at byte 0"),  # no copy_records: an empty buffer (§2)
        (VEC_ABC, "output error at byte 14: needs 1 bytes but only 0 remain"),
        (VEC_ABC + " 02", "output error at byte 14: presence byte is 0x02"),
        (OUTPUT_ERROR[:-3], "runtime error record value at byte 21: needs 3 bytes but only 2"),
        ("00 00 00 00 01 00 03 62 61 64 00 00", "runtime error offset at byte 10"),
        ("00 00 00 00 01 00 00 " + "00 " * 8 + "00 05", "runtime error record key at byte 16"),
    ],
)
def test_truncated_or_invalid_output(wire: str, message: str) -> None:
    with pytest.raises(CodecError, match=message):
        decode_output(h(wire))


def test_truncated_inputs() -> None:
    with pytest.raises(CodecError, match="base_offset at byte 0: needs 8 bytes but only 7"):
        decode_input(h(INPUT_ABC)[:7])
    with pytest.raises(CodecError, match="byte vector at byte 12: needs 14 bytes but only 13"):
        decode_input(h(INPUT_ABC)[:-1])
    with pytest.raises(CodecError, match="byte vector length at byte 26"):
        decode_aggregate_input(h(INPUT_ABC))


def test_runtime_error_kind_must_fit_a_byte() -> None:
    with pytest.raises(CodecError, match="u8"):
        encode_runtime_error(WireRuntimeError("x", 0, 256, None, b""))


# -- the fast record decoder against the checked one ------------------------


def test_fast_and_checked_record_decoders_agree_on_mutated_input() -> None:
    """Random records, randomly damaged: both decoders give the same records
    or the same CodecError, and nothing but CodecError escapes."""
    import random

    from ssc.runtime.codec import _read_i32, _read_record_checked

    rng = random.Random(20211007)

    def random_record() -> WireRecord:
        key = None if rng.random() < 0.4 else rng.randbytes(rng.choice([0, 1, 63, 64, 200]))
        value = rng.randbytes(rng.choice([0, 1, 3, 63, 64, 9000]))
        return WireRecord(
            key,
            value,
            rng.choice([0, 1, 63, 64, 8191, 8192, 100_000, -1, -70]),
            rng.choice([0, -1, 5, 10**9]),
            rng.choice([0, 0, -128, 127]),
            rng.choice([0, 0, 1, 300]),
        )

    def checked(data: bytes, strict: bool) -> list[WireRecord]:
        count, pos = _read_i32(data, 0, "record count")
        out = []
        for index in range(max(count, 0)):
            record, pos = _read_record_checked(data, pos, index, strict)
            out.append(record)
        return out

    def outcome(decode, data: bytes, strict: bool) -> object:  # type: ignore[no-untyped-def]
        try:
            return decode(data, strict=strict)
        except CodecError as e:
            return str(e)

    for _ in range(600):
        records = [random_record() for _ in range(rng.randrange(0, 4))]
        data = bytearray(encode_records(records))
        assert decode_records(bytes(data), strict=True) == records
        for _ in range(rng.randrange(1, 4)):
            op = rng.random()
            if op < 0.4 and data:
                data[rng.randrange(len(data))] = rng.randrange(256)
            elif op < 0.7:
                del data[rng.randrange(len(data) + 1) :]
            else:
                data.insert(rng.randrange(len(data) + 1), rng.randrange(256))
        for strict in (False, True):
            fast = outcome(decode_records, bytes(data), strict)
            slow = outcome(lambda d, strict: checked(d, strict), bytes(data), strict)
            assert fast == slow, bytes(data).hex()


# -- the host's fast paths against the reference ones -----------------------

#: Field values on both sides of every boundary of the fast paths: one-,
#: two- and three-byte varints, the 2**20 offset limit of the encoder's
#: tables, negative deltas, i64 extremes, 1 KiB keys and values.
EDGE_KEYS = [None, b"", b"k", b"k" * 63, b"k" * 64, b"k" * 1023, b"k" * 1024, b"k" * 9000]
EDGE_VALUES = [b"", b"v", b"v" * 63, b"v" * 64, b"v" * 1023, b"v" * 1024, b"v" * 8192]
EDGE_OFFSETS = [0, 1, 63, 64, 8191, 8192, 70_000, 2**20 - 1, 2**20, -1, -64, -65, -70_000,
                2**40, 2**63 - 1, -(2**63)]
EDGE_TIMESTAMPS = [0, 1, -1, 63, 64, 8191, 8192, 10**9, -(10**12)]
EDGE_ATTRIBUTES = [0, 1, -1, 127, -128]
EDGE_HEADERS = [0, 1, -1, 63, 64, 300]


def _edge_records(seed: int, count: int) -> list[WireRecord]:
    import random

    rng = random.Random(seed)
    return [
        WireRecord(
            rng.choice(EDGE_KEYS), rng.choice(EDGE_VALUES), rng.choice(EDGE_OFFSETS),
            rng.choice(EDGE_TIMESTAMPS if rng.random() < 0.5 else [0]),
            rng.choice(EDGE_ATTRIBUTES if rng.random() < 0.3 else [0]),
            rng.choice(EDGE_HEADERS if rng.random() < 0.3 else [0]),
        )
        for _ in range(count)
    ]


def test_fast_record_encoder_matches_the_reference_one() -> None:
    """The table path of the record encoder writes what the reference
    encoder writes, record by record, and the strict decoder reads it back."""
    from ssc.runtime.codec import _encode_record, _encode_records_into

    for seed in range(300):
        records = _edge_records(seed, 6)
        fast = bytearray()
        assert _encode_records_into(fast, records) == len(records)
        reference = bytearray()
        for record in records:
            _encode_record(reference, *record)
        assert fast == reference, records
        wire = encode_records(records)
        assert wire == len(records).to_bytes(4, "big") + fast
        assert decode_records(wire, strict=True) == records
        assert decode_records(wire) == records


def test_every_offset_delta_of_a_big_batch_round_trips() -> None:
    """0 .. 2**20 + 1: the one-, two- and three-byte forms and the step past the tables."""
    records = [WireRecord(None, b"v", n) for n in range(0, 2**20 + 2, 997)] + [
        WireRecord(None, b"v", n) for n in (8191, 8192, 2**20 - 1, 2**20)
    ]
    wire = encode_records(records)
    assert decode_records(wire, strict=True) == records
    assert [encode_varint(n) for n in (8192, 2**20 - 1)] == [h("80 80 01"), h("fe ff 7f")]


@pytest.mark.parametrize(
    ("record", "wire"),
    [
        # headers count other than 0: left to the checked decoder
        (WireRecord(None, b"a", 0, 0, 0, 300), "10 00 00 00 00 02 61 d8 04"),
        (WireRecord(None, b"a", 0, 0, 0, -1), "0e 00 00 00 00 02 61 01"),
        # two- and three-byte timestamp_delta, four-byte offset_delta
        (WireRecord(None, b"a", 0, 64, 0, 0), "10 00 80 01 00 00 02 61 00"),
        (WireRecord(None, b"a", 2**21, 2**14, 0, 0), "18 00 80 80 02 80 80 80 02 00 02 61 00"),
        # two-byte key length
        (WireRecord(b"k" * 64, b"", 0, 0, 0, 0), "90 01 00 00 00 01 80 01" + " 6b" * 64 + " 00 00"),
    ],
)
def test_record_decoder_reads_the_uncommon_fields(record: WireRecord, wire: str) -> None:
    assert encode_record(record) == h(wire)
    assert decode_record(h(wire), strict=True) == record
    # in a run, after a record the fast loop reads
    data = encode_records([WireRecord(None, b"x"), record, WireRecord(b"k", b"y", 2)])
    assert decode_records(data) == [WireRecord(None, b"x"), record, WireRecord(b"k", b"y", 2)]


def test_big_batches_leave_the_garbage_collector_as_they_found_it() -> None:
    """Big batches are decoded with the collector paused (codec._gc_paused)."""
    import gc

    wire = encode_records([WireRecord(None, b"v", n) for n in range(1500)])
    assert gc.isenabled()
    assert len(decode_records(wire)) == 1500
    assert gc.isenabled()
    with pytest.raises(CodecError):
        decode_records(wire[:-1])
    assert gc.isenabled()
    gc.disable()
    try:
        assert len(decode_records(wire)) == 1500
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_output_successes_as_plain_tuples() -> None:
    """What the host reads: the same records, as tuples (no WireRecord per record)."""
    from ssc.runtime.codec import _read_output

    records = _edge_records(7, 20)
    error = WireRuntimeError("E", 3, SmartStreamType.MAP, b"k", b"v")
    wire = encode_output(SmartStreamOutput(records, error)) + encode_bytes(b"acc")
    output, accumulator = _read_output(wire, False, tuple, True)
    assert output.successes == records and output.error == error and accumulator == b"acc"
    assert {type(row) for row in output.successes} == {tuple}
    assert _read_output(wire, False, WireRecord, False) == (decode_output(wire), b"")


@pytest.mark.parametrize("version", [0, 15, 16, 19, 20, 21, 22, 23, 25])
def test_host_batch_input_is_the_public_encoding(version: int) -> None:
    """The host builds a batch's input in one buffer: the bytes of the public encoders."""
    from ssc.runtime.codec import _encode_batch, _smartmodule_input_tail

    records = _edge_records(version, 5)
    payload, count = _encode_batch(records, -7, b"")
    assert count == 5
    assert payload == encode_input(SmartStreamInput(-7, encode_records(records)))
    payload, _ = _encode_batch(iter(records), 7, encode_bytes(b"A"))
    base = SmartStreamInput(7, encode_records(records))
    assert payload == encode_aggregate_input(SmartStreamAggregateInput(base, b"A"))
    tail = _smartmodule_input_tail(SmartModuleExtraParams(), b"", 1_700_000_000_000, version)
    payload, _ = _encode_batch(records, 100, tail)
    expected = SmartModuleInput(100, encode_records(records), base_timestamp=1_700_000_000_000)
    assert payload == encode_smartmodule_input(expected, version)
    with pytest.raises(CodecError, match="base_offset 9223372036854775808 does not fit"):
        _encode_batch(records, 2**63, b"")


def test_host_inputs_and_records() -> None:
    """The host's shortcut for lists of bytes or str gives the tuples of its
    checked conversion, and its Records are Records in every respect."""
    import dataclasses

    from ssc.runtime.batches import _wire_inputs, _wire_inputs_checked, to_records
    from ssc.runtime.records import Record

    for batch in ([b"a", b"", b"c"], ("x", "\u00e9"), [], [b"a", "b"], [Record(b"k", "v", 9, 5), b"z"]):
        assert list(_wire_inputs(batch, 3)) == list(_wire_inputs_checked(batch, 3))
    rows = [(None, b"a", 0, 0, 0, 0), (b"k", b"b", 2, -5, 1, 0)]
    records = to_records(rows, 100, 1_000)
    assert records == [Record(None, b"a", 100, 1_000), Record(b"k", b"b", 102, 995)]
    assert all(type(r) is Record for r in records)
    assert hash(records[1]) == hash(Record(b"k", b"b", 102, 995))
    with pytest.raises(dataclasses.FrozenInstanceError):
        records[0].value = b"changed"  # type: ignore[misc]
    assert dataclasses.replace(records[0], offset=1) == Record(None, b"a", 1, 1_000)


# ==========================================================================
# The current SmartModule ABI (spec §3): layouts that depend on the version
# ==========================================================================


#: §3 examples: base_offset 100, base_timestamp 1700000000000 (0x0000018bcfe56800), "abc".
SM_PREFIX = "00 00 00 00 00 00 00 64 | 00 00 00 0e | " + VEC_ABC
SM_TS = "00 00 01 8b cf e5 68 00"
SM_INPUT = {
    # v >= 23 (34 bytes): no params, no join_record, the timestamp
    25: f"{SM_PREFIX} | {SM_TS}",
    23: f"{SM_PREFIX} | {SM_TS}",
    # v = 22 (41 bytes): empty map, lookback None, empty join_record, the timestamp
    22: f"{SM_PREFIX} | 00 00 | 00 | 00 00 00 00 | {SM_TS}",
    # v 20-21: map + lookback None, join_record, no timestamp
    21: f"{SM_PREFIX} | 00 00 00 | 00 00 00 00",
    20: f"{SM_PREFIX} | 00 00 00 | 00 00 00 00",
    # v 16-19: map (no lookback field), join_record
    19: f"{SM_PREFIX} | 00 00 | 00 00 00 00",
    16: f"{SM_PREFIX} | 00 00 | 00 00 00 00",
    # below 16: the map only
    15: f"{SM_PREFIX} | 00 00",
    0: f"{SM_PREFIX} | 00 00",
}
SM_ABC_INPUT = SmartModuleInput(100, h(VEC_ABC), base_timestamp=1_700_000_000_000)
#: §3: SmartModuleInitInput at v >= 20 with params {key: "a"}.
INIT_INPUT_KEY_A = "00 01 00 03 6b 65 79 00 01 61 00"


@pytest.mark.parametrize("version", sorted(SM_INPUT))
def test_smartmodule_input_layouts(version: int) -> None:
    wire = h(SM_INPUT[version])
    assert encode_smartmodule_input(SM_ABC_INPUT, version) == wire
    decoded = decode_smartmodule_input(wire, version)
    expected_ts = SM_ABC_INPUT.base_timestamp if version >= 22 else 0
    assert decoded == SmartModuleInput(100, h(VEC_ABC), base_timestamp=expected_ts)
    assert decode_records(decoded.raw_bytes) == [WireRecord(None, b"abc")]


def test_smartmodule_input_sizes() -> None:
    assert (len(h(SM_INPUT[25])), len(h(SM_INPUT[22]))) == (34, 41)


def test_smartmodule_input_params_and_join_record_only_where_they_exist() -> None:
    inp = SmartModuleInput(0, b"", SmartModuleExtraParams({"k": "v"}, Lookback(2)), b"J", 7)
    assert encode_smartmodule_input(inp, 25) == h("00" * 8 + "00 00 00 00" + "00 00 00 00 00 00 00 07")
    v22 = encode_smartmodule_input(inp, 22)
    assert v22 == h("00" * 8 + "00 00 00 00 | 00 01 00 01 6b 00 01 76 | 01 00 00 00 00 00 00 00 02 00"
                    "| 00 00 00 01 4a | 00 00 00 00 00 00 00 07")
    assert decode_smartmodule_input(v22, 22) == inp
    assert decode_smartmodule_input(encode_smartmodule_input(inp, 19), 19) == SmartModuleInput(
        0, b"", SmartModuleExtraParams({"k": "v"}), b"J", 0)


def test_smartmodule_aggregate_input() -> None:
    inp = SmartModuleAggregateInput(SM_ABC_INPUT, b"A")
    for version in (25, 22, 19):
        wire = encode_smartmodule_aggregate_input(inp, version)
        assert wire == h(SM_INPUT[version] + " | 00 00 00 01 41")
        decoded = decode_smartmodule_aggregate_input(wire, version)
        assert decoded.accumulator == b"A" and decoded.base.raw_bytes == h(VEC_ABC)


@pytest.mark.parametrize(
    ("version", "params", "wire"),
    [
        (19, SmartModuleExtraParams({"key": "a"}, Lookback(5)), "00 01 00 03 6b 65 79 00 01 61"),
        (20, SmartModuleExtraParams({"key": "a"}), INIT_INPUT_KEY_A),
        (25, SmartModuleExtraParams({"key": "a"}), INIT_INPUT_KEY_A),
        (20, SmartModuleExtraParams({}, Lookback(5)), "00 00 | 01 00 00 00 00 00 00 00 05"),
        (21, SmartModuleExtraParams({}, Lookback(5)), "00 00 | 01 00 00 00 00 00 00 00 05 | 00"),
        (21, SmartModuleExtraParams({}, Lookback(5, (60, 7))),
         "00 00 | 01 00 00 00 00 00 00 00 05 | 01 00 00 00 00 00 00 00 3c 00 00 00 07"),
    ],
)
def test_extra_params_and_lookback(version: int, params: SmartModuleExtraParams, wire: str) -> None:
    assert encode_extra_params(params, version) == h(wire)
    expected = params if version >= 20 else SmartModuleExtraParams(params.inner)
    assert read_extra_params(h(wire), 0, version) == (expected, len(h(wire)))


def test_init_input_example() -> None:
    inp = SmartModuleInitInput(SmartModuleExtraParams({"key": "a"}))
    for version in (20, 22, 25):
        assert encode_init_input(inp, version) == h(INIT_INPUT_KEY_A)
        assert decode_init_input(h(INIT_INPUT_KEY_A), version) == inp
    assert encode_init_input(SmartModuleInitInput(), 25) == h("00 00 00")


def test_string_map_is_sorted_by_key_bytes() -> None:
    wire = encode_string_map({"b": "2", "a": "1", "é": "3"})
    assert wire == h("00 03 | 00 01 61 00 01 31 | 00 01 62 00 01 32 | 00 02 c3 a9 00 01 33")
    assert read_string_map(wire) == ({"a": "1", "b": "2", "é": "3"}, len(wire))


def test_smartmodule_output_is_the_l0_layout() -> None:
    out = SmartStreamOutput([WireRecord(None, b"abc")], None)
    for version in (0, 22, 25):
        assert encode_smartmodule_output(out, version) == h(OUTPUT_ABC)
        assert decode_smartmodule_output(h(OUTPUT_ABC), version) == out
    error = WireRuntimeError("bad", 5, SmartModuleKind.FILTER_MAP, None, b"abc")
    wire = encode_smartmodule_output(SmartStreamOutput([], error), 25)
    assert wire == h(OUTPUT_ERROR.replace("| 00 | 00 | 06", "| 04 | 00 | 06"))


def test_aggregate_output_with_accumulator() -> None:
    """The "abc" output, then accumulator "abc" at v >= 16; nothing more below."""
    out = SmartModuleAggregateOutput(SmartStreamOutput([WireRecord(None, b"abc")]), b"abc")
    wire = h(OUTPUT_ABC + " | 00 00 00 03 61 62 63")
    for version in (16, 22, 25):
        assert encode_smartmodule_aggregate_output(out, version) == wire
        assert decode_smartmodule_aggregate_output(wire, version) == out
    assert encode_smartmodule_aggregate_output(out, 15) == h(OUTPUT_ABC)
    assert decode_smartmodule_aggregate_output(wire, 15) == SmartModuleAggregateOutput(out.base, b"")
    with pytest.raises(CodecError, match="byte vector length at byte 15"):
        decode_smartmodule_aggregate_output(h(OUTPUT_ABC), 25)


def test_init_output() -> None:
    wire = h("00 03 62 61 64")
    assert encode_init_output(SmartModuleInitOutput("bad")) == wire
    assert decode_init_output(wire) == SmartModuleInitOutput("bad")
    with pytest.raises(CodecError, match="string length at byte 0"):
        decode_init_output(b"")


def test_lookback_output() -> None:
    out = SmartModuleLookbackOutput("bad", 5, None, b"abc")
    wire = h("00 03 62 61 64 | 00 00 00 00 00 00 00 05 | 00 | 06 61 62 63")
    assert encode_lookback_output(out) == wire
    assert decode_lookback_output(wire) == out
    keyed = SmartModuleLookbackOutput("x", -1, b"k", b"")
    assert decode_lookback_output(encode_lookback_output(keyed)) == keyed
    with pytest.raises(CodecError, match="look_back error record value"):
        decode_lookback_output(wire[:-1])


@pytest.mark.parametrize("version", [-1, 32768, "25"])
def test_versions_must_be_i16(version: object) -> None:
    with pytest.raises(CodecError, match="protocol version"):
        encode_smartmodule_input(SM_ABC_INPUT, version)  # type: ignore[arg-type]


def test_truncated_smartmodule_inputs() -> None:
    with pytest.raises(CodecError, match="base_timestamp at byte 26"):
        decode_smartmodule_input(h(SM_INPUT[25])[:-1], 25)
    with pytest.raises(CodecError, match="lookback at byte 28"):
        decode_smartmodule_input(h(SM_INPUT[21])[:-5], 21)
    with pytest.raises(CodecError, match="presence byte is 0x02"):
        read_extra_params(h("00 00 02"), 0, 20)
