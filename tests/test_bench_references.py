"""The benchmark's C references (bench/c) against ssc's modules.

Each hand-written C reference must do what its SmartStream program does,
or the benchmark's "ssc's time / C's time" compares different work. On
the benchmark's own data, and on records with keys, deltas and a base
offset, the two outputs are byte-identical; a value that is not UTF-8 is a
runtime error in both, and so are the edge cases of int(), str.split and
formatting listed below (compared on everything but the error's hint text,
which the references keep short); cut record data fails in both.
"""

from __future__ import annotations

import functools

import pytest
from conftest import REPO
from ssc.compiler import compile, read_source
from ssc.runtime.codec import (
    SmartModuleInput,
    SmartStreamAggregateInput,
    SmartStreamInput,
    SmartStreamOutput,
    WireRecord,
    decode_output,
    encode_aggregate_input,
    encode_input,
    encode_records,
    encode_smartmodule_input,
)

from bench import cref, data
from bench.guest import VERSION, GuestModule, payload

#: name -> (the SmartStream program, the bench/data.py generator of its input)
SOURCES = {
    "filter": ("examples/filter.py", "text"),
    "map_double": ("examples/map_double.py", "numbers"),
    "aggregate_concat": ("examples/aggregate_concat.py", "short_text"),
    "csv_pick": ("bench/programs/csv_pick.py", "orders_csv"),
    "log_filter": ("bench/programs/log_filter.py", "log_lines"),
    "format_amount": ("bench/programs/format_amount.py", "amounts"),
    "redact_digits": ("bench/programs/redact_digits.py", "pii_lines"),
}
NAMES = sorted(cref.PROGRAMS)


@functools.cache
def _modules(name: str) -> tuple[GuestModule, GuestModule]:
    """(ssc's module, the C reference), instantiated once: a batch starts afresh at alloc."""
    entry, abi = cref.PROGRAMS[name]
    path = REPO / SOURCES[name][0]
    ssc_wasm = compile(read_source(path), str(path), abi=abi).wasm
    return GuestModule(ssc_wasm, entry, abi), GuestModule(cref.build(name), entry, abi)


def _payload(name: str, values: list[bytes]) -> bytes:
    abi = cref.PROGRAMS[name][1]
    return payload(values, abi, accumulator=b"" if name == "aggregate_concat" else None)


def _wrap(name: str, raw: bytes, base_offset: int = 0, accumulator: bytes = b"") -> bytes:
    """The entry's input for an encoded Vec<Record> (the accumulator only for the aggregate)."""
    if cref.PROGRAMS[name][1] == "smartmodule":
        return encode_smartmodule_input(SmartModuleInput(base_offset, raw, base_timestamp=1_700_000_000_000), VERSION)
    if name == "aggregate_concat":
        return encode_aggregate_input(SmartStreamAggregateInput(SmartStreamInput(base_offset, raw), accumulator))
    return encode_input(SmartStreamInput(base_offset, raw))


def _outcome(module: GuestModule, batch: bytes) -> SmartStreamOutput | int:
    """The decoded output, or the negative status."""
    try:
        return decode_output(module.run(batch))
    except RuntimeError as err:   # GuestModule.run: a negative status
        return int(str(err).rsplit(" ", 1)[1])


def _without_hint(out: SmartStreamOutput | int) -> object:
    if isinstance(out, int) or out.error is None:
        return out
    e = out.error
    return out.successes, (e.offset, e.kind, e.record_key, e.record_value)


def test_sources_match_programs() -> None:
    assert set(SOURCES) == set(cref.PROGRAMS)
    assert {gen for _, gen in SOURCES.values()} <= set(data.GENERATORS)


@pytest.mark.parametrize("name", NAMES)
def test_same_output_on_benchmark_data(name: str) -> None:
    ssc_module, c_module = _modules(name)
    values = data.GENERATORS[SOURCES[name][1]](300 if name == "aggregate_concat" else 2000)
    batch = _payload(name, values)
    expected = ssc_module.run(batch)
    assert decode_output(expected).error is None
    assert c_module.run(batch) == expected


@pytest.mark.parametrize("name", NAMES)
def test_invalid_utf8_is_an_error_in_both(name: str) -> None:
    ssc_module, c_module = _modules(name)
    values = data.GENERATORS[SOURCES[name][1]](6)
    values[4] = values[4][:10] + b"\xe2\x28\xa1" + values[4][10:]   # a bad continuation byte
    batch = _payload(name, values)
    ssc_out, c_out = _outcome(ssc_module, batch), _outcome(c_module, batch)
    for out in (ssc_out, c_out):
        assert isinstance(out, int) or out.error is not None, out
    assert _without_hint(c_out) == _without_hint(ssc_out)


#: Values off the benchmark's data, one batch each: Python's int(), str.split,
#: str.partition and format semantics (errors compared without their hint).
EDGES = {
    "map_double": [b"0", b"-0", b"+7", b" \t12\n ", b"1_000", b"1__0", b"_1", b"1_", b"", b"  ", b"12a",
                   b"4611686018427387903", b"4611686018427387904", b"-4611686018427387904",
                   b"-4611686018427387905", b"99999999999999999999", "\u0663\u0664".encode(),
                   "\u3000-5\u2003".encode(), "\uff11\uff12".encode(), b"0" * 30 + b"1", "\u00e9".encode()],
    "format_amount": [b"a cents=0", b"a cents=5", b"a cents=-5", b"a cents=-100", b"b cents=123456789",
                      b"x cents=1 cents=2", b"no marker", b"a cents=", b"a cents= 42 ", b"cents=7",
                      b" cents=-9223372036854775808", b"a cents=9223372036854775808", "\u00e9 cents=1_0".encode()],
    "csv_pick": [b"1,2,3,eu-west,5,6", b"1,2,3,eu-west,5,6,7", b"1,2,3,eu-west,5", b"1,2,3,eu-west", b"1,2,3",
                 b"1,2,3,us-east", b",,,eu-west,,", b"a,b,c,eu-west,e,\xc3\xa9,g", b"1,2,3,eu-west2,5,6"],
    "log_filter": [b"t WARN x", b"t ERROR", b"t FATAL  x", b"t  WARN", b"t", b"", b"t INFO x", b"t WARNING x",
                   b"t warn x", b"WARN"],
    "redact_digits": [b"", b"0123456789", "\u0663 \u00e9 9".encode(), b"a1b2", "\U0001f600 5".encode()],
    "filter": [b"", b"a", b"b", "\u00e0".encode()],
    "aggregate_concat": [b"", "\u00e9".encode()],
}


@pytest.mark.parametrize("name", NAMES)
def test_same_behaviour_on_edge_values(name: str) -> None:
    ssc_module, c_module = _modules(name)
    for value in EDGES[name]:
        batch = _payload(name, [value, value])
        ssc_out, c_out = _outcome(ssc_module, batch), _outcome(c_module, batch)
        assert _without_hint(c_out) == _without_hint(ssc_out), value


@pytest.mark.parametrize("name", NAMES)
def test_keys_and_deltas_are_kept(name: str) -> None:
    """Keys, multi-byte deltas and a base offset: the record preamble the references copy as it is."""
    ssc_module, c_module = _modules(name)
    values = data.GENERATORS[SOURCES[name][1]](40)
    raw = encode_records([WireRecord(b"key-%d" % i if i % 3 else None, v, offset_delta=i * 97,
                                     timestamp_delta=1000 + i * 70_000 - (i % 2) * 200_000)
                          for i, v in enumerate(values)])
    batch = _wrap(name, raw, base_offset=123_456_789, accumulator="\u00e9".encode())
    assert c_module.run(batch) == ssc_module.run(batch)


@pytest.mark.parametrize("accumulator", [b"\xff", b"ok\xc3", b""])
def test_aggregate_checks_the_accumulator(accumulator: bytes) -> None:
    ssc_module, c_module = _modules("aggregate_concat")
    for values in ([], [b"x", b"y"]):
        batch = payload(values, "smartstream", accumulator=accumulator)
        assert _without_hint(_outcome(c_module, batch)) == _without_hint(_outcome(ssc_module, batch))


@pytest.mark.parametrize("name", NAMES)
def test_truncated_records_fail_in_both(name: str) -> None:
    """Record data cut anywhere: a negative status (a decoding error) from both, never a trap."""
    ssc_module, c_module = _modules(name)
    raw = encode_records([WireRecord(b"k" if i == 1 else None, v, offset_delta=i)
                          for i, v in enumerate(data.GENERATORS[SOURCES[name][1]](3))])
    for cut in range(len(raw)):
        batch = _wrap(name, raw[:cut])
        ssc_out, c_out = _outcome(ssc_module, batch), _outcome(c_module, batch)
        assert isinstance(ssc_out, int) and ssc_out < 0, cut
        assert isinstance(c_out, int) and c_out < 0, cut
