"""CPython is the oracle, on random inputs: hypothesis builds batches of
records for a few dispatch SmartStreams (tests/random_programs/*.py, each
compiled once), and every record's compiled output must equal CPython's.

A record is ``op NUL arg NUL ...``: the program runs the named operation on
the arguments and returns the result as text (see each program's
docstring). A batch runs as one call; after a record's exception the rest
of the batch runs again from the next record, so every record gets its own
result: its output text, or ``!`` and the hint.

The int64 rule (docs/language.md, int): for an operation whose result is
an int (``INT_RESULT`` below), where CPython printed an int outside
[-2**63, 2**63-1] the compiled module must raise
``OverflowError: int result does not fit in 64 bits`` instead.

Deterministic (``derandomize``) and modest: a few seconds per program.
"""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import compiled
from smartstream import load_python
from ssc.runtime import Record, SmartStreamRuntimeError, load

PROGRAMS = Path(__file__).with_name("random_programs")
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
OVERFLOW = "!OverflowError: int result does not fit in 64 bits"

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

#: Operations whose output is ``str`` of one int result, per program.
INT_RESULT: dict[str, set[str]] = {
    "int_ops": {"add", "sub", "mul", "floordiv", "mod", "lshift", "rshift", "and", "or", "xor", "neg",
                "invert", "abs", "pow0", "pow2", "pow3", "round"},
    "float_ops": {"round", "int"},
    "text_ops": {"int", "int_base", "int_bytes"},
    "bytes_ops": set(),
    "json_ops": set(),
}


# ---- running a batch ---------------------------------------------------------

class Pair:
    """One program, compiled and under CPython; each loaded once."""

    _cache: dict[str, "Pair"] = {}

    def __init__(self, name: str) -> None:
        path = PROGRAMS / f"{name}.py"
        self.name = name
        self.python = load_python(path)
        self.wasm = load(compiled(path), name=path.name)

    @classmethod
    def get(cls, name: str) -> "Pair":
        if name not in cls._cache:
            cls._cache[name] = cls(name)
        return cls._cache[name]


def run_each(module, values: list[bytes]) -> list[str]:
    """Every record's result: output text or ``!hint``; resumes after an exception."""
    out: list[str] = []
    start = 0
    while start < len(values):
        try:
            results = module.process([Record(None, v) for v in values[start:]], base_offset=start)
            failed = None
        except SmartStreamRuntimeError as err:
            results, failed = err.successes, err
        out += [r.value.decode("utf-8", "backslashreplace") for r in results]
        start += len(results)
        if failed is not None:
            out.append("!" + failed.hint)
            start += 1
    return out


def expected_compiled(program: str, record: tuple[str, ...], cpython: str) -> str:
    """What the compiled module must print, given CPython's output: the int64 rule, and
    docs/language.md's "Values have no identity" (CPython's json.loads gives every NaN as
    one constant object, so a container holding it equals its round trip by identity)."""
    op = record[0]
    if op in INT_RESULT[program] and not cpython.startswith("!"):
        if not INT64_MIN <= int(cpython) <= INT64_MAX:
            return OVERFLOW
    if program == "json_ops" and op == "compare" and cpython == "True":
        value = json.loads(record[1])
        return repr(_equal_by_value(value, json.loads(json.dumps(value))))
    return cpython


def _equal_by_value(a: object, b: object) -> bool:
    """``a == b`` for JSON values without CPython's identity shortcut: NaN never equals NaN."""
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(_equal_by_value, a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal_by_value(a[k], b[k]) for k in a)
    return a == b


def check(program: str, records: list[tuple[str, ...]], sep: str = "\x00") -> None:
    pair = Pair.get(program)
    values = [sep.join(r).encode("utf-8", "surrogateescape") for r in records]
    cpython = run_each(pair.python, values)
    actual = run_each(pair.wasm, values)
    assert len(cpython) == len(actual) == len(values)
    wrong = []
    for record, want, got in zip(records, cpython, actual):
        want = expected_compiled(program, record, want)
        if got != want:
            wrong.append(f"  {record!r}\n    want {want}\n    got  {got}")
    assert not wrong, f"{program}: {len(wrong)} of {len(records)} records differ from CPython:\n" + \
        "\n".join(wrong[:15])


def batches(record: st.SearchStrategy[tuple[str, ...]], test) -> None:
    """Run ``test`` on SETTINGS.max_examples random batches of 30 to 60 records."""
    SETTINGS(given(st.lists(record, min_size=30, max_size=60))(test))()


# ---- ints --------------------------------------------------------------------

INT_EDGES = [0, 1, -1, 2, -2, 3, 7, 10, -10, 2**31 - 1, -(2**31), 2**32, 3037000499, 3037000500, -3037000500,
             2**53 + 1, 2**62, -(2**62), INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1, 10**18, -(10**18)]
INT64 = st.one_of(st.sampled_from(INT_EDGES), st.integers(-1000, 1000), st.integers(INT64_MIN, INT64_MAX),
                  st.integers(0, 63).flatmap(lambda bits: st.integers(-(2**bits), 2**bits - 1)))
INT_OPS = sorted({"add", "sub", "mul", "floordiv", "mod", "truediv", "lshift", "rshift", "and", "or", "xor",
                  "neg", "invert", "abs", "pow0", "pow2", "pow3", "pow_neg", "round", "compare",
                  "float_compare", "to_float", "mixed", "format", "truth"})


@st.composite
def int_record(draw: st.DrawFn) -> tuple[str, ...]:
    op = draw(st.sampled_from(INT_OPS))
    a = draw(INT64)
    b = draw(st.integers(-3, 70)) if op in ("lshift", "rshift") else draw(INT64)
    return op, str(a), str(b)


def test_int_operations() -> None:
    Pair.get("int_ops")                                # a compile error fails here, not in hypothesis
    batches(int_record(), lambda records: check("int_ops", records))


# ---- floats ------------------------------------------------------------------

FLOAT_EDGES = [0.0, -0.0, 0.5, -0.5, 1.5, 2.5, 0.1, 0.2, 0.3, 1 / 3, 2.675, 1.005, 1e16, 1e22, 1e-5, 1e-7,
               123456789.0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, math.inf, -math.inf,
               math.nan, 9007199254740993.0, 9.223372036854776e18, -9.223372036854776e18, 1e19, 0.125]
FLOATS = st.one_of(
    st.sampled_from(FLOAT_EDGES),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-10**6, 10**6).map(float),
    st.tuples(st.integers(-10**6, 10**6), st.integers(0, 6)).map(lambda t: t[0] / 10 ** t[1]),
    st.integers(0, 2**64 - 1).map(lambda bits: struct.unpack("<d", struct.pack("<Q", bits))[0]),
)
FLOAT_OPS = sorted({"repr", "add", "sub", "mul", "div", "floordiv", "mod", "pow", "round", "round_n", "int",
                    "fixed", "exp", "general", "compare", "int_compare", "int_div", "unary"})


@st.composite
def float_record(draw: st.DrawFn) -> tuple[str, ...]:
    op = draw(st.sampled_from(FLOAT_OPS))
    x, y = draw(FLOATS), draw(FLOATS)
    n = draw(st.integers(-30, 30)) if op in ("pow", "round_n") else draw(st.one_of(st.sampled_from([0, 1, -1]),
                                                                                 INT64))
    return op, repr(x), repr(y), str(n)


def test_float_operations() -> None:
    Pair.get("float_ops")                                # a compile error fails here, not in hypothesis
    batches(float_record(), lambda records: check("float_ops", records))


# ---- text --------------------------------------------------------------------

#: Case mapping is exact for ASCII and Latin-1 text (docs/language.md), so
#: the "case" op draws from CASE_ALPHABET only.
CASE_ALPHABET = list("aAbBzZ019 _-'.,") + ["\t", "\n", "é", "É", "ß", "ÿ", "µ", "ö", "Ö", "\u00a0", "ª"]
ALPHABET = CASE_ALPHABET + ["\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2003", "\u3000", "€", "😀", "日",
                            "\u0663", "\uff11", "²", "e\u0301", "ab", "a,", ", ", "--"]
TEXT = st.lists(st.sampled_from(ALPHABET), max_size=12).map("".join)
CASE_TEXT = st.lists(st.sampled_from(CASE_ALPHABET), max_size=12).map("".join)
SEPARATORS = st.one_of(st.sampled_from([",", " ", "a", "ab", "--", "é", "😀", "", "\n"]), TEXT)
SMALL_INT = st.integers(-15, 15).map(str)
NUMBER_CHARS = list("0123456789_+- .eE") + ["\t", "\n", "x", "X", "o", "b", "a", "f", "z", "inf", "nan", "٣",
                                           "１", "\u00a0", "\u2003", "é", "0x", "0o", "0b", "1_0"]
NUMBER_TEXT = st.one_of(
    st.lists(st.sampled_from(NUMBER_CHARS), max_size=10).map("".join),
    st.tuples(st.sampled_from(["", " ", "-", "+", "\t", " -"]), st.integers(0, 10**25),
              st.sampled_from(["", " ", "\n", "x", ".5", "e3", "_1"])).map(lambda t: f"{t[0]}{t[1]}{t[2]}"),
    FLOATS.map(repr),
)
TEXT_OPS = {
    "split": (TEXT, SEPARATORS), "split_ws": (TEXT,), "split_max": (TEXT, SEPARATORS, SMALL_INT),
    "split_ws_max": (TEXT, TEXT, SMALL_INT), "rsplit_max": (TEXT, SEPARATORS, SMALL_INT),
    "rsplit_ws_max": (TEXT, TEXT, SMALL_INT), "splitlines": (TEXT,), "strip": (TEXT,),
    "strip_chars": (TEXT, SEPARATORS), "find": (TEXT, SEPARATORS), "index": (TEXT, SEPARATORS),
    "replace": (TEXT, SEPARATORS, TEXT), "replace_once": (TEXT, SEPARATORS, TEXT),
    "partition": (TEXT, SEPARATORS), "affixes": (TEXT, SEPARATORS), "join": (TEXT, SEPARATORS, SEPARATORS),
    "zfill": (st.one_of(TEXT, NUMBER_TEXT), SMALL_INT), "case": (CASE_TEXT,), "predicates": (TEXT,),
    "len": (TEXT,), "compare": (TEXT, TEXT), "repr": (TEXT, TEXT), "format": (TEXT,),
    "slice": (TEXT, SMALL_INT, SMALL_INT, st.sampled_from(["1", "-1", "2", "-2", "3", "-3", "0", "15"])),
    "slice_forms": (TEXT, SMALL_INT), "char": (TEXT, SMALL_INT),
    "list_slice": (TEXT, SMALL_INT, SMALL_INT, st.sampled_from(["1", "-1", "2", "-3", "0"])),
    "int": (NUMBER_TEXT,), "int_base": (NUMBER_TEXT, st.sampled_from(["0", "2", "8", "10", "16", "36", "1", "37"])),
    "int_bytes": (NUMBER_TEXT,), "float": (NUMBER_TEXT,),
}


@st.composite
def text_record(draw: st.DrawFn) -> tuple[str, ...]:
    op = draw(st.sampled_from(sorted(TEXT_OPS)))
    args = [draw(strategy) for strategy in TEXT_OPS[op]]
    return (op, *args, *[""] * (4 - len(args)))


def test_text_operations() -> None:
    Pair.get("text_ops")                                # a compile error fails here, not in hypothesis
    batches(text_record(), lambda records: check("text_ops", records))


# ---- bytes -------------------------------------------------------------------

BYTE_PIECES = [b"a", b"A", b"z", b" ", b"\t", b"\n", b"'", b'"', b"\\", b"\x7f", b"\x80", b"\xff", b"\xc3",
               b"\xc3\xa9", b"\xe2\x82", b"\xe2\x82\xac", b"\xf0\x9f\x98\x80", b"\xf0\x9f", b"\xed\xa0\x80",
               b"\xc0\xaf", b"\xf4\x90\x80\x80", b"\x01"]
RAW = st.one_of(st.lists(st.sampled_from(BYTE_PIECES), max_size=8).map(b"".join),
                st.binary(max_size=8).map(lambda b: b.replace(b"\x00", b"\x01")))
BYTES_OPS = sorted(["utf8", "utf8_replace", "ascii", "ascii_replace", "latin1", "hex", "repr", "split", "strip",
                    "find", "replace", "case", "items", "compare"])


@st.composite
def bytes_record(draw: st.DrawFn) -> tuple[str, ...]:
    op = draw(st.sampled_from(BYTES_OPS))
    a, b = draw(RAW), draw(st.one_of(RAW, st.sampled_from([b"a", b" ", b"\xff", b"\xc3\xa9"])))
    if op == "split" and not b:
        b = b","                                      # bytes.split(b"") raises; text_ops covers that
    # carried as str through surrogateescape, so check() can join and encode uniformly
    return op, a.decode("utf-8", "surrogateescape"), b.decode("utf-8", "surrogateescape")


def test_bytes_operations() -> None:
    Pair.get("bytes_ops")                                # a compile error fails here, not in hypothesis
    batches(bytes_record(), lambda records: check("bytes_ops", records))


@pytest.mark.parametrize("program", sorted(INT_RESULT))
def test_programs_run_under_cpython(program: str) -> None:
    """Each dispatcher answers every op it is sent (no "unknown op") under CPython."""
    ops = {"int_ops": INT_OPS, "float_ops": FLOAT_OPS, "text_ops": sorted(TEXT_OPS), "bytes_ops": BYTES_OPS,
           "json_ops": JSON_OPS}[program]
    width = {"int_ops": 3, "float_ops": 4, "text_ops": 5, "bytes_ops": 3, "json_ops": 3}[program]
    filler = {"int_ops": "1", "float_ops": "1", "text_ops": "1", "bytes_ops": "a", "json_ops": "1"}[program]
    values = ["\x00".join([op] + [filler] * (width - 1)).encode() for op in ops]
    out = run_each(load_python(PROGRAMS / f"{program}.py"), values)
    assert [line for line in out if "unknown op" in line] == []


# ---- JSON --------------------------------------------------------------------

JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.sampled_from(INT_EDGES), st.integers(-1000, 1000),
                         st.floats(), st.sampled_from([0.0, -0.0, 1e16, 1e-7, 5e-324, 1.7976931348623157e308]),
                         st.text(max_size=12))
JSON_VALUES = st.recursive(JSON_SCALARS, lambda children: st.one_of(
    st.lists(children, max_size=5), st.dictionaries(st.text(max_size=6), children, max_size=5)), max_leaves=12)
JSON_OPS = ["roundtrip", "roundtrip_bytes", "indent", "compact", "tabs", "repr", "walk", "get", "contains",
            "compare"]


@st.composite
def json_record(draw: st.DrawFn) -> tuple[str, ...]:
    """An operation, a document (CPython's dumps of a generated value with random options,
    sometimes cut short or with a byte changed) and a key."""
    value = draw(JSON_VALUES)
    doc = json.dumps(value, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 0, 2])),
                     sort_keys=draw(st.booleans()))
    mangle = draw(st.sampled_from(["none"] * 6 + ["cut", "byte", "ws"]))
    if mangle == "cut" and doc:
        doc = doc[:draw(st.integers(0, len(doc) - 1))]
    elif mangle == "byte" and doc:
        at = draw(st.integers(0, len(doc) - 1))
        doc = doc[:at] + draw(st.sampled_from(list('{}[],:"\\ \n0-eE.tfn\x01é'))) + doc[at + 1:]
    elif mangle == "ws":
        doc = f" \n{doc}\t "
    key = draw(st.one_of(st.text(max_size=6), st.sampled_from(list(value)) if isinstance(value, dict) and value
                         else st.text(max_size=6)))
    return draw(st.sampled_from(JSON_OPS)), doc, key


def test_json_operations() -> None:
    Pair.get("json_ops")
    batches(json_record(), lambda records: check("json_ops", records))
