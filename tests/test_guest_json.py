"""The guest's json.loads and json.dumps (compiler/guest/json.c) against CPython.

CPython 3.11's json module is the oracle and every expectation is computed
from it here, at test time: the harness (tests/guest/json_harness.c) runs
batches of cases in one wasm call each and returns the repr of what
json.loads made, the text json.dumps wrote, or the exception's type and
message, which must equal CPython's exactly.

- loads: valid documents (repr of the result, which also checks the value
  types, duplicate keys, escapes and lone surrogates), a corpus of malformed
  ones (the first error's type, message, line, column and code point
  position), bytes input (json.detect_encoding's choice of UTF-8, UTF-16 or
  UTF-32 by BOM or NUL bytes, decoding with surrogatepass and its
  UnicodeDecodeErrors, then the positions of syntax errors in code points
  of the decoded text), integers at and past the int64 bounds, nesting
  depth; and that loads does not link text.c's int() parser;
- loads then dumps under many option sets (indent None/0/2/"\\t"/"", custom
  separators, sort_keys, ensure_ascii, allow_nan);
- dumps of dynamic values that json.loads cannot make (non-str keys, nan
  and infinities, -0.0, mixed key types under sort_keys), of typed values
  (list[int], dict[str, float], tuple[int, str], int | None, ...), the
  TypeErrors of unserializable values and keys, and circular references;
- hypothesis: JSON values serialized by CPython with varied options and
  whitespace and parsed back (from str, UTF-8, UTF-16 and UTF-32 bytes),
  their truncations and mutations (errors), arbitrary dynamic and typed
  values dumped.

ssc's documented differences apply: an int outside int64 is an
OverflowError("int result does not fit in 64 bits") (the oracle's parse_int
hook raises it, before int() would see more than 4300 digits). Nesting is
limited to SSC_JSON_MAX_DEPTH (900), where CPython's limit depends on its
stack and version: the comparisons use depths well below (500) and well
above (FAR, 20,000) both.
"""

from __future__ import annotations

import codecs
import json
import math
import random
import struct

import pytest
from guest import json_harness as jh
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from ssc.runtime.records import Record

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
INT64_OVERFLOW = "int result does not fit in 64 bits"
MAX_DEPTH = 900  # SSC_JSON_MAX_DEPTH
#: Nesting past every supported CPython's limit (3.13's C recursion limit lets 9,000 levels through).
FAR = 20_000

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

#: json.dumps keyword sets; every loads -> dumps comparison runs under each.
OPTION_SETS: list[dict] = [
    {},
    {"indent": 2},
    {"indent": 0},
    {"indent": "\t"},
    {"indent": ""},
    {"sort_keys": True},
    {"ensure_ascii": False},
    {"separators": (",", ":")},
    {"separators": (" ,", " : "), "indent": "--"},
    {"indent": 3, "sort_keys": True, "ensure_ascii": False},
    {"allow_nan": False},
    {"indent": 2, "allow_nan": False},
    {"indent": 1, "separators": (";", "=")},
]


@pytest.fixture(scope="session")
def guest(tmp_path_factory: pytest.TempPathFactory) -> jh.JsonGuest:
    return jh.JsonGuest(jh.build(tmp_path_factory.mktemp("guest_json")))


# ---- the oracle -------------------------------------------------------------------


def int64(text: str) -> int:
    """parse_int with ssc's int: OverflowError outside int64 (a JSON int has
    no leading zero, so more than 19 digits are outside, and int() is not
    asked: past 4300 digits it would raise its ValueError)."""
    if len(text.lstrip("-")) > 19:
        raise OverflowError(INT64_OVERFLOW)
    v = int(text)
    if not INT64_MIN <= v <= INT64_MAX:
        raise OverflowError(INT64_OVERFLOW)
    return v


def py_loads(doc: str | bytes) -> tuple[str | None, object]:
    """json.loads(doc) as ssc defines it: (None, value) or (exception name, str(e))."""
    try:
        return None, json.loads(doc, parse_int=int64)
    except (ValueError, OverflowError, RecursionError) as e:  # JSONDecodeError, UnicodeDecodeError: ValueError
        return type(e).__name__, str(e)


def expect_loads(doc: str | bytes) -> jh.Result:
    exc, value = py_loads(doc)
    return jh.Result(exc, value if exc else repr(value))


def py_dumps(value, opts: dict) -> jh.Result:
    try:
        return jh.Result(None, json.dumps(value, **opts))
    except (TypeError, ValueError, RecursionError) as e:
        return jh.Result(type(e).__name__, str(e))


def expect_loads_dumps(doc: str, opts: dict) -> jh.Result:
    exc, value = py_loads(doc)
    return jh.Result(exc, value) if exc else py_dumps(value, opts)


def compare(cases: list, got: list[jh.Result], want: list[jh.Result], what: str = "") -> None:
    assert len(got) == len(want) == len(cases)
    bad = [(case, g, w) for case, g, w in zip(cases, got, want) if g != w]
    assert not bad, f"{len(bad)} of {len(cases)} {what} differ from CPython, first: " + "\n".join(
        f"\n  case {case!r}\n   ssc {g}\n  want {w}" for case, g, w in bad[:5])


# ---- loads: valid documents ---------------------------------------------------------

VALID = [
    "null", "true", "false", "0", "-0", "1", "-1", "123456789", "0.0", "-0.0", "1.5", "-1.5e3",
    "1E5", "1e-5", "1.5e+3", "2.5E-3", "1e400", "-1e400", "1e-400", "4.9e-324", "2.4703282292062328e-324",
    "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "0.1", "0.3",
    "3.14159265358979323846264338327950288419716939937510", "9007199254740993", "9007199254740993.0",
    "9007199254740992.5", "123456789012345678", "1234567890123456789", "9223372036854775807",
    "-9223372036854775808", "123456789.125e-3", "0.000000000000000000000000001", "1" + "0" * 400 + ".5",
    "0." + "0" * 400 + "1e400", "1e22", "1e23", "8.98846567431158e307", "5e-324", "0e999999999999",
    "1e-999999999999", "1e999999999999", "12345678901234567890e-20", "0.1e1", "10.0e-1",
    "18446744073709551616.0", "36893488147419103232.5", "1844674407370955161.6e1", "0.18446744073709551616e20",
    "1e0000000000000000000000022", "1e-0000000000000000000000022", "99999999999999999999e-22",
    "NaN", "Infinity", "-Infinity", "[NaN, Infinity, -Infinity]",
    '""', '"abc"', '"\\"\\\\\\/\\b\\f\\n\\r\\t"', '"\\u0000"', '"\\u00e9\\u20AC\\uFFFF"', '"\\ud83d\\ude00"',
    '"\\ud800"', '"\\udfff"', '"\\ud800x"', '"\\udc00\\ud800"', '"\\ud800\\ud800\\udc00"', '"\\ud83d\\u0041"',
    '"\\ud83d\\ude00\\ud83d"', '"\\ud83d\\u12345"', '"\\ud83d"', '"a\\ud800\\n"', '"é€😀"', '"\x7f"', '"\u2028\u2029"', '"\\u0041\\u0042"',
    "[]", "{}", "[ ]", "{ }", "[1]", "[1, 2, 3]", '{"a": 1}', '{"a": 1, "b": [true, false, null]}',
    '{"a": 1, "b": 2, "a": 3}', '{"a": 1, "b": 2, "a": 3, "b": {}}', '{"": ""}', '{"\\u0061": 1, "a": 2}',
    '[[[[[]]]]]', '[{}, {"x": [{}]}, [[], [[]]]]', '{"k": {"k": {"k": {"k": null}}}}',
    " \t\n\r[ 1 ,\n 2 ]\r\n\t ", '{\n  "a" : 1 ,\n  "b":2\n}', "  7  ", '\n"x"\n',
    '{"nested": {"list": [1, 2.5, "three", null, true], "empty": {}}, "n": -0.0}',
    '{"ts":"2024-06-12T10:15:00Z","level":"info","msg":"user login","user_id":48213,"latency_ms":12.5,"ok":true}',
    '["\\u0000\\u001f", "\\u007f\\u0080", "\\uDBFF\\uDFFF"]', '{"a": [], "b": [[]], "c": {"d": {}}}',
]


def test_loads_valid(guest: jh.JsonGuest) -> None:
    compare(VALID, guest.loads(VALID), [expect_loads(d) for d in VALID], "documents")


def test_loads_ints_outside_int64(guest: jh.JsonGuest) -> None:
    """OverflowError at any length (CPython's ValueError past 4300 digits
    included: those are far outside int64)."""
    docs = ["9223372036854775808", "-9223372036854775809", "[1, 99999999999999999999]",
            '{"a": 123456789012345678901234567890}', "1" * 4300, "1" * 4301, "[" + "9" * 5000 + "]",
            "-" + "1" * 4301, "18446744073709551616", "100000000000000000000", "9999999999999999999",
            "-9999999999999999999", "10000000000000000000", "-10000000000000000000", "9223372036854775809",
            "-9223372036854775810", "18446744073709551615", "-18446744073709551616", "[9223372036854775808, x]",
            "1" * 100000, "-" + "9" * 100000]
    want = [expect_loads(d) for d in docs]
    assert {w.exc for w in want} == {"OverflowError"}
    compare(docs, guest.loads(docs), want, "documents")


def test_loads_ints_at_int64_bounds(guest: jh.JsonGuest) -> None:
    """Every length up to 19 digits, at and near the int64 bounds and the
    18/19-digit border, with either sign, alone and in containers."""
    texts = ["9223372036854775807", "9223372036854775806", "999999999999999999", "1000000000000000000",
             "1234567890123456789", "9000000000000000000", "9000000000000000001", "0"]
    texts += [str(10**k + d) for k in range(19) for d in (-1, 0, 1) if 10**k + d > 0]
    texts += ["-" + t for t in texts] + ["-9223372036854775808"]
    docs = texts + [f"[{t}]" for t in texts] + [f'{{"n": {t}, "m": [{t}, 1.5]}}' for t in texts]
    want = [expect_loads(d) for d in docs]
    assert all(w.exc is None for w in want)
    compare(docs, guest.loads(docs), want, "documents")


def test_loads_links_no_int_parser(tmp_path_factory: pytest.TempPathFactory) -> None:
    """json.loads parses its integers itself: text.c's int() parser (int_parse,
    its Unicode digits and the repr of its error messages) is not linked."""
    names = jh.loads_functions(tmp_path_factory.mktemp("loads_only"))
    assert {"ssc_json_loads_bytes", "js_parse", "js_decode_wide", "ssc_raise_int_overflow"} <= names
    assert not names & {"int_parse", "int_invalid", "int_too_many_digits", "ssc_int_from_str"}


# ---- loads: malformed documents -----------------------------------------------------

MALFORMED = [
    # empty, structure
    "", " ", "\n\t\r ", "[", "]", "{", "}", "[1,]", "[1 2]", "[1,,2]", "[,1]", "[1]]", "{}}", "[}", "{]",
    '{"a":1,}', '{"a" 1}', '{"a":}', '{"a"}', "{'a': 1}", "{a: 1}", "{1: 2}", '{"a":1 "b":2}',
    '{"a":1,,"b":2}', '{"a":1', '{"a":', '{"a"', '{"', "[1, 2, 3", '{"a": [1, 2}', '[{"a": 1]',
    "[[[[1]]]", "[[[[1]]]]]", '{"a": {"b": {"c": }}}', ' [ 1 , { "a" : tru } ] ', "[1\n,\n]",
    # strings
    '"abc', '"a\\', '"\\', '"\\x"', '"a\\q"', '"\\u"', '"\\u12"', '"\\u12"x', '"\\u12g4"', '"\\uzzzz"',
    '"\\u00e9', '"\\u004', '"\\ud83d\\u"', '"\\ud83d\\uzz"', '"\\ud83d\\udc0"', '"\\ud83d\\udc00',
    '"\\ud83d\\udc0g"', '"\\ud83d\\', '"a\x00"', '"a\x1fb"', '"\x7f\n"',
    '"tab\there"', '"a\nb"', '"\\n\x01"', '"\\u0041\x02"', '"abc\\', '["a", "b]', '{"a\x01": 1}',
    # numbers and words
    "01", "-01", "00", "1.", "1.e5", ".5", "-", "--1", "+1", "1e", "1e+", "1E-", "1e+x", "0x10", "1_000",
    "1.5.5", "-Infinity1", "-Inf", "Inf", "infinity", "nan", "NAN", "nul", "nulll", "tru", "True",
    "false1", "None", "undefined", "-a", "- 1", "1 2", "[] []", '"a" "b"', "null null", "[1.]", "[-]",
    "[1e]", "{\"a\": 01}", "[0x]", "[NaN1]", "[Infinityy]",
    # BOM
    "\ufeff[]", "\ufeff", "\ufeff\ufeff1",
    # positions on other lines, after non-ASCII text (char counts are not byte counts)
    "[\n  1,\n  2,\n]", '{\n "a": 1,\n "b" 2\n}', "\n\n\n   x", "[1,\n2\n3]", "\r\n[\r\n1 2]",
    '["é", "ü", x]', '["😀😀", ]', '{"ключ": 1, "значение" 2}', '"日本語\\q"', '["\u2028", "\x01"]',
    '  "€" €', '["😀"\n,\n"😀" 1]', '"€\\u12"', '"😀\\ud83d\\uzz"', '"\u00e9', '["\\u00e9\n", "é\x1f"]',
    '{"a\u00e9": "\U0001f600", "b": [1, 2, {"c": "ü" "d"}]}',
    # whitespace JSON does not allow
    "[1,\u00a02]", "[1,\x0b2]", "[1,\x0c2]", "\u3000[]", "[1,\u20282]",
]


def test_malformed_corpus_size() -> None:
    assert len(MALFORMED) >= 60 and len(set(MALFORMED)) == len(MALFORMED)


def test_loads_malformed(guest: jh.JsonGuest) -> None:
    want = [expect_loads(d) for d in MALFORMED]
    assert all(w.exc for w in want)
    compare(MALFORMED, guest.loads(MALFORMED), want, "malformed documents")


def test_loads_malformed_in_context(guest: jh.JsonGuest) -> None:
    """Each malformed document inside an array and as an object's value:
    the same error, at other positions."""
    docs = [f'[0, {d}]' for d in MALFORMED] + [f'{{"k\u00e9y": {d}}}' for d in MALFORMED]
    compare(docs, guest.loads(docs), [expect_loads(d) for d in docs], "documents")


# ---- loads: bytes ------------------------------------------------------------------

BYTES_CASES = [
    b"[1]", b"\xef\xbb\xbf[1]", b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf[]", b"\xef\xbb\xbf\xff", b"\xef\xbb",
    b"\xef\xbb\xbf \"\xc3\xa9\" x", b'"\xc3\xa9"', b'"\xf0\x9f\x98\x80"',
    # encoded surrogates (surrogatepass), alone and as a pair (two code points, not joined)
    b'"\xed\xa0\x80"', b'"\xed\xbf\xbf"', b'"\xed\xa0\xbd\xed\xb8\x80"', b'["\xed\xb0\x80", "\\ud800"]',
    b'"\xed\xa0\x80" x', b"\xed\xa0\x80", b'{"\xed\xa0\x80": 1}',
    # invalid UTF-8 anywhere, even after a syntax error
    b'"\xed\xa0"', b'"\xed\xa0\x41"', b'"\xed\xa0', b'"\xed\xbf', b'"\xed\x9f', b"\xed", b'"\xed\x80"', b'"\xc3"', b'"\xc3\x28"', b'"\xe2\x82"',
    b'"\xe2\x82\x28"', b'"\xf0\x9f\x98"', b'"\xf0\x9f\x98("', b'"\xf4\x90\x80\x80"', b'"\xc0\x80"', b'"\xc1\xbf"',
    b'"\xff"', b"[1, \xfe]", b"\x80", b'"\xe0\x80\x80"', b'"\xe0\x9f\xbf"', b'"\xf0\x80\x80\x80"',
    b'"\xf5\x80\x80\x80"', b"[1,]\xff", b'"\xed\xb0\x80\xed"', b"[1, 2, 3]" + b"\xe9",
    # UTF-16 and UTF-32, by BOM or by NUL bytes, and NULs that are UTF-8
    b"\xff\xfe[\x00]\x00", b"\xfe\xff\x00[\x00]", b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00", b"[\x00]\x00",
    b"\x00[\x00]", b"\x00\x00\x00[", b"[\x00\x00\x00", b"1\x00", b"\x001", b"\xff\xfe", b"\xfe\xff",
    b"\x00", b"1\x00\x00", b"\x00\x00\x00", b'"\x00"', b"", b" ", b"1", b"\xaa\x00\xe2\xf1%z",
    b"\xff\xfe[", b"\xff\xfe[\x00", b"\xfe\xff\x00", b"\xff\xfe\x00\x00[", b"\x00\x00\xfe\xff\x00\x00\x00",
    b"\xff\xfe\xff\xfe[\x00]\x00", b"\xff\xfe\x00\x00\xff\xfe\x00\x00", b"\xfe\xff\x00[\x00]\x00",
    # positions in code points after multi-byte characters
    b'["\xc3\xa9", x]', b'["\xf0\x9f\x98\x80", \n x]', b'"\xed\xa0\x80\\x"',
]


def test_loads_bytes(guest: jh.JsonGuest) -> None:
    compare(BYTES_CASES, guest.loads_bytes(BYTES_CASES), [expect_loads(b) for b in BYTES_CASES], "bytes")


def test_loads_bytes_of_every_document(guest: jh.JsonGuest) -> None:
    docs = [d.encode() for d in VALID + MALFORMED]
    compare(docs, guest.loads_bytes(docs), [expect_loads(b) for b in docs], "bytes")


# ---- loads: UTF-16 and UTF-32 bytes ------------------------------------------------

#: How a str becomes UTF-16 or UTF-32 bytes: a codec (errors="surrogatepass"),
#: and a BOM in front or not. Python's "utf-16" and "utf-32" write the
#: little-endian BOM.
WIDE_ENCODINGS = [("utf-16-le", b""), ("utf-16-be", b""), ("utf-32-le", b""), ("utf-32-be", b""),
                  ("utf-16", b""), ("utf-32", b""), ("utf-16-be", codecs.BOM_UTF16_BE),
                  ("utf-32-be", codecs.BOM_UTF32_BE)]


def encode_wide(doc: str, encoding: tuple[str, bytes]) -> bytes:
    codec, bom = encoding
    return bom + doc.encode(codec, "surrogatepass")


@pytest.mark.parametrize("encoding", WIDE_ENCODINGS, ids=lambda e: e[0] + ("-bom" if e[1] else ""))
def test_loads_wide_encodings_of_every_document(guest: jh.JsonGuest, encoding: tuple[str, bytes]) -> None:
    """Every valid and malformed document as UTF-16 or UTF-32 bytes: the
    values, and the syntax errors at their positions in code points of the
    decoded text (CPython detects the encoding of most; the shortest ones,
    and those not starting with ASCII, are read as whatever it detects)."""
    docs = [encode_wide(d, encoding) for d in VALID + MALFORMED + ROUND_TRIP[len(VALID):]]
    want = [expect_loads(b) for b in docs]
    assert sum(json.detect_encoding(b).startswith("utf-" + encoding[0][4:6]) for b in docs) > len(docs) * 0.9
    compare(docs, guest.loads_bytes(docs), want, "documents")


#: Code units (UTF-16) or values (UTF-32) that wide documents are made of:
#: JSON's ASCII, other BMP characters, surrogates of both kinds, and for
#: UTF-32 astral code points and values at or past 0x110000.
UNITS16 = [*map(ord, '[]{}:,"\\ \n\t01-.eux"'), 0, 0x1F, 0x7F, 0xE9, 0x20AC, 0xFEFF, 0xFFFF, 0xD800, 0xD83D,
           0xDBFF, 0xDC00, 0xDE00, 0xDFFF]
UNITS32 = [*UNITS16, 0x10000, 0x1F600, 0x10FFFF, 0xFFFE]
OUT_OF_RANGE32 = [0x110000, 0x110001, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFEFF0000, 0xFFFE0000]


def wide_cases(rng: random.Random) -> list[bytes]:
    """Deterministic random inputs for the detection and the decoders:
    (1) 0 to 12 bytes starting with each of detect_encoding's patterns (a
    BOM, or NUL bytes where an ASCII character in UTF-16 or UTF-32 puts
    them), the rest drawn from bytes that matter (NUL, BOM bytes, surrogate
    and out-of-range high bytes, JSON's ASCII); (2) JSON-like texts made of
    code units (half of them JSON strings), in each byte order, with or
    without a BOM, with 0 to 3 bytes cut from the end or added to it."""
    x = lambda: rng.choice([0x01, 0x20, 0x22, 0x31, 0x5B, 0x7B, 0x80, 0xAA, 0xD8, 0xDC, 0xFE, 0xFF])  # noqa: E731
    prefixes = [lambda: b"\xff\xfe\x00\x00", lambda: b"\x00\x00\xfe\xff", lambda: b"\xff\xfe",
                lambda: b"\xfe\xff", lambda: b"\xef\xbb\xbf", lambda: b"\x00", lambda: b"\x00\x00",
                lambda: b"\x00\x00\x00", lambda: bytes([0, x()]), lambda: bytes([x(), 0]),
                lambda: bytes([x(), 0, 0]), lambda: bytes([x(), 0, 0, 0]), lambda: bytes([x(), 0, x()]),
                lambda: bytes([x(), 0, 0, x()]), lambda: b""]
    tail = [0x00, 0x00, 0x00, 0x01, 0x10, 0x11, 0xD8, 0xDB, 0xDC, 0xDF, 0xFE, 0xFF, 0xEF, 0xBB, 0xBF, 0x80,
            *b'[]{}":, 1\\u']
    cases = []
    for prefix in prefixes:
        for _ in range(150):
            head = prefix()
            data = head + bytes(rng.choice(tail) if rng.random() < 0.8 else rng.randrange(256)
                                for _ in range(rng.randint(0, 12)))
            cases.append(data[:rng.randint(len(head), 12)] if len(data) > 12 else data)
    for size, units in ((2, UNITS16), (4, UNITS32)):
        for order in "<>":
            for _ in range(300):
                values = [rng.choice(units) for _ in range(rng.randint(0, 10))]
                if rng.random() < 0.5:  # a str: its characters, surrogates included, are taken as they are
                    values = [ord('"'), *(v for v in values if v > 0x1F and v not in (0x22, 0x5C)), ord('"')]
                elif rng.random() < 0.5:
                    values.insert(0, ord(rng.choice('["{ 1')))  # an ASCII start: detected by its NULs
                if size == 4 and rng.random() < 0.2:
                    values.insert(rng.randint(0, len(values)), rng.choice(OUT_OF_RANGE32))
                data = b"".join(struct.pack(order + "HI"[size // 4], v) for v in values)
                if rng.random() < 0.3:
                    data = struct.pack(order + "HI"[size // 4], 0xFEFF) + data
                cut = rng.choice([0] * 6 + [1, 2, 3, -1, -2, -3])
                data = data[:len(data) - cut] if cut > 0 else data + bytes(rng.choice(tail) for _ in range(-cut))
                cases.append(data)
    return cases


def test_loads_wide_random_bytes(guest: jh.JsonGuest) -> None:
    """wide_cases against CPython: every encoding detect_encoding can choose
    is chosen, and each kind of outcome occurs (a value, a syntax error, each
    UnicodeDecodeError in each codec)."""
    cases = wide_cases(random.Random(20240612))
    want = [expect_loads(b) for b in cases]
    assert {json.detect_encoding(b) for b in cases} == {"utf-8", "utf-8-sig", "utf-16", "utf-32", "utf-16-le",
                                                        "utf-16-be", "utf-32-le", "utf-32-be"}
    texts = "\n".join(w.text for w in want)
    for codec in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        assert f"'{codec}' codec can't decode byte 0x" in texts
    for codec in ("utf-32-le", "utf-32-be"):
        assert f"'{codec}' codec can't decode bytes in position" in texts
    assert "truncated data" in texts and "code point not in range(0x110000)" in texts
    assert {w.exc for w in want} == {None, "JSONDecodeError", "UnicodeDecodeError"}
    assert sum(w.exc is None for w in want) > 200
    compare(cases, guest.loads_bytes(cases), want, "byte strings")


WIDE_TEXTS = [
    # lone surrogates, both orders, joined pairs, at the ends, as keys
    '"\ud800"', '"\udc00"', '"\udc00\ud800"', '"\ud800\udc00"', '"\ud83d\ude00"', '"a\ud800"', '"\ud800a"',
    '["\ud800", "\udfff"]', '{"\udbff": "\ud800\ud800\udc00"}', '"\ud83d\ude00\ud83d"', '"\ude00\ud83d\ude00"',
    '"\\ud83d\ude00"', '"\ud83d\\ude00"', '"\ud83d" x', '[1, \ud800]', '\ud800', '\udc00',
    # astral and other characters before syntax errors: positions in code points
    '["😀😀", ]', '["😀", \n x]', '{"😀": 1 "b": 2}', '"😀\\q"', '"€😀\x01"', '["\U0010ffff", 1 2]',
    '[\n"😀",\n"😀"\n,]', '"😀\\ud83d\\uzz"', '"\ud800\ud800" "x"', '"é😀é', '😀',
    # BOMs inside the text (only a str's first is refused, and not here)
    '\ufeff[1]', '[1]\ufeff', '"\ufeff"', '\ufeff\ufeff',
]


@pytest.mark.parametrize("encoding", WIDE_ENCODINGS, ids=lambda e: e[0] + ("-bom" if e[1] else ""))
def test_loads_wide_surrogates_and_positions(guest: jh.JsonGuest, encoding: tuple[str, bytes]) -> None:
    """Lone surrogates pass (surrogatepass), a UTF-16 pair is one character
    (UTF-32 never joins), and syntax errors after astral characters are at
    their code point positions; each text also cut short by 1 to 3 bytes."""
    docs = [encode_wide(t, encoding) for t in WIDE_TEXTS]
    docs += [d[:-k] for d in docs for k in (1, 2, 3) if len(d) > k]
    compare(docs, guest.loads_bytes(docs), [expect_loads(b) for b in docs], "documents")


def test_loads_utf32_out_of_range(guest: jh.JsonGuest) -> None:
    """UTF-32 values at or past 0x110000, anywhere: the decoding error, even
    after a syntax error (the whole document is decoded first)."""
    docs = []
    for order in "<>":
        for bad in (0x110000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x00FFFFFF):
            for units in ([ord("["), bad, ord("]")], [ord("x"), ord(" "), bad], [ord("1"), bad],
                          [0xFEFF, ord("["), bad], [ord("["), 0xD800, 0xDC00, bad, bad]):
                data = b"".join(struct.pack(order + "I", u) for u in units)
                docs += [data, data + b"\x00", (codecs.BOM_UTF32_BE if order == ">" else codecs.BOM_UTF32_LE) + data]
    want = [expect_loads(b) for b in docs]
    assert sum("not in range(0x110000)" in w.text for w in want) > len(docs) / 2
    compare(docs, guest.loads_bytes(docs), want, "documents")


# ---- loads: depth -----------------------------------------------------------------


def test_loads_depth_against_cpython(guest: jh.JsonGuest) -> None:
    """500 levels parse in both; FAR levels raise RecursionError in both (CPython's
    own limit depends on its stack and version, so nothing in between is compared)."""
    docs = ["[" * 500 + "]" * 500, '{"a":' * 500 + "1" + "}" * 500, "[{\"a\":" * 250 + "[]" + "}]" * 250,
            "[" * FAR, "[" * FAR + "]" * FAR, '{"a":' * FAR, '{"a":' * FAR + "1" + "}" * FAR,
            "[" * 499 + "x", '{"a":' * 499 + "}"]
    want = [expect_loads(d) for d in docs]
    assert [w.exc for w in want[3:7]] == ["RecursionError"] * 4
    compare(docs, guest.loads(docs), want, "documents")


def test_loads_depth_limit(guest: jh.JsonGuest) -> None:
    """ssc's own limit: SSC_JSON_MAX_DEPTH nested containers parse, one more raises."""
    ok = ["[" * MAX_DEPTH + "]" * MAX_DEPTH, '{"a":' * MAX_DEPTH + "0" + "}" * MAX_DEPTH]
    deep = ["[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), '{"a":' * (MAX_DEPTH + 1)]
    got = guest.loads(ok + deep)
    assert [r.exc for r in got[:2]] == [None, None]
    assert got[0].text == "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert got[2:] == [
        jh.Result("RecursionError", "maximum recursion depth exceeded while decoding a JSON array from a unicode string"),
        jh.Result("RecursionError", "maximum recursion depth exceeded while decoding a JSON object from a unicode string"),
    ]


# ---- loads, then dumps ---------------------------------------------------------------

ROUND_TRIP = VALID + [
    '{"b": 1, "a": [1, {"d": 2, "c": 3}], "é": "ü", "\\ud800": "\\udfff", "😀": "\\ud83d\\ude00"}',
    '{"z": {"y": {"x": [1.0, -0.0, 1e16, 1e-7, 5e-324, 123456789.125]}}}',
    '["\\u0000\\u0001\\u001f\\u007f\\"\\\\/\\b\\f\\n\\r\\t", "\u0080\u07ff\u0800\uffff\U00010000\U0010ffff"]',
    '{"a": NaN}', '{"b": [Infinity]}', "[-Infinity]", '{"k": {}, "l": [], "m": [{}], "n": {"o": []}}',
]


@pytest.mark.parametrize("opts", OPTION_SETS, ids=lambda o: repr(o))
def test_loads_then_dumps(guest: jh.JsonGuest, opts: dict) -> None:
    compare(ROUND_TRIP, guest.loads_dumps(ROUND_TRIP, opts), [expect_loads_dumps(d, opts) for d in ROUND_TRIP],
            "round trips")


# ---- dumps: dynamic values ----------------------------------------------------------------

ANY_VALUES = [
    None, True, False, 0, -1, INT64_MAX, INT64_MIN, 0.0, -0.0, 1e16, 1e-7, 5e-324, 1.7976931348623157e308,
    math.nan, math.inf, -math.inf, "", "a\"b\\c", "\x00\x1f\x7f\x80", "é€😀", "\ud800", "a\udfffb", "\ud83d\ude00",
    [], {}, [[]], [{}], {"a": []},
    # True and 1 (False and -0.0) are one key: the first keeps its place, the last value wins
    dict(zip([1, 2.5, True, None, "s"], ["int", "float", "bool", "none", "str"], strict=True)),
    dict(zip([False, -0.0, math.inf, -math.inf, 1e16], range(5), strict=True)),
    {"b": 1, "a": 2, "é": 3, "\U0001f600": 4, "\ud800": 5, "~": 6, "": 7},
    {3: "c", 1: "a", 2: "b", -5: "neg"},
    {1.5: "x", 0.25: "y", 1: "z"},
    {True: "t", 0: "zero", 2.5: "f"},
    {1: "a", "b": 2},
    {None: 1, 2: 3},
    {"x": 1, None: 2},
    {"a": {"c": 1, "b": 2}, "list": [{"z": 0, "y": 1}]},
    [1, [2, [3, [4, {"k": [5]}]]]],
    {"n": math.nan},
    [math.inf],
    {math.nan: 1},
]


@pytest.mark.parametrize("opts", OPTION_SETS, ids=lambda o: repr(o))
def test_dumps_dynamic(guest: jh.JsonGuest, opts: dict) -> None:
    compare(ANY_VALUES, guest.dumps_any(ANY_VALUES, opts), [py_dumps(v, opts) for v in ANY_VALUES], "values")


def test_dumps_sort_keys_errors(guest: jh.JsonGuest) -> None:
    """Keys that do not order: the TypeError of the first failing comparison
    of CPython's sort, operands in its order."""
    values = [{1: "a", "b": 2}, {"b": 2, 1: "a"}, {None: 1, 2: 3}, {2: 3, None: 1}, {"a": 1, "b": 2, 3: 4},
              {1: 1, 2: 2, 3: 3, "x": 4, 5: 5}, {"a": 1, None: 2, 1.5: 3}, {False: 1, "t": 2},
              {i: i for i in range(40)} | {"mid": 0} | {-i: i for i in range(1, 40)}]
    for opts in ({"sort_keys": True}, {"sort_keys": True, "indent": 2}):
        want = [py_dumps(v, opts) for v in values]
        assert all(w.exc == "TypeError" for w in want)
        compare(values, guest.dumps_any(values, opts), want, "values")


# ---- dumps: typed values ----------------------------------------------------------

T = jh
TYPED_CASES: list[tuple[jh.Ty, object]] = [
    (T.NONE, None), (T.BOOL, True), (T.BOOL, False), (T.INT, INT64_MIN), (T.FLOAT, -0.0), (T.FLOAT, math.nan),
    (T.STR, "é\n\"😀"), (T.BYTES, b"x"), (T.opt(T.INT), None), (T.opt(T.INT), 5), (T.opt(T.STR), "s"),
    (T.lst(T.INT), []), (T.lst(T.INT), [1, -2, INT64_MAX]), (T.lst(T.STR), ["a", "", "\x01"]),
    (T.lst(T.FLOAT), [1.0, 0.1, math.inf, -math.inf, 1e100]), (T.lst(T.BOOL), [True, False]),
    (T.lst(T.BYTES), []), (T.lst(T.BYTES), [b"a"]), (T.lst(T.ANY), [1, "a", None, [2.5], {"k": False}]),
    (T.lst(T.lst(T.INT)), [[], [1], [2, 3]]), (T.lst(T.opt(T.FLOAT)), [None, 1.5, None]),
    (T.tup(T.INT, T.STR), (7, "seven")), (T.tup(T.STR, T.opt(T.INT)), ("x", None)), (T.tup(), ()),
    (T.tup(T.FLOAT, T.BOOL, T.NONE), (2.5, True, None)),
    (T.lst(T.tup(T.STR, T.opt(T.INT))), [("a", 1), ("b", None)]),
    (T.dct(T.STR, T.FLOAT), {}), (T.dct(T.STR, T.FLOAT), {"b": 1.5, "a": -0.0, "c": math.nan}),
    (T.dct(T.INT, T.BOOL), {3: True, -1: False, 0: True}), (T.dct(T.STR, T.lst(T.INT)), {"x": [1], "y": []}),
    (T.dct(T.FLOAT, T.STR), {1.5: "a", -0.0: "b", math.inf: "c", 1e16: "d"}),
    (T.dct(T.BOOL, T.INT), {True: 1, False: 0}), (T.dct(T.opt(T.INT), T.STR), {None: "n"}),
    (T.dct(T.opt(T.INT), T.STR), {1: "a", None: "n"}), (T.dct(T.opt(T.INT), T.STR), {2: "b", 1: "a"}),
    (T.dct(T.tup(T.INT, T.STR), T.INT), {}), (T.dct(T.tup(T.INT, T.STR), T.INT), {(1, "a"): 1}),
    (T.dct(T.tup(T.INT, T.STR), T.INT), {(2, "b"): 1, (1, "a"): 2}),
    (T.dct(T.BYTES, T.INT), {b"k": 1}), (T.dct(T.STR, T.ANY), {"a": [1, {"b": None}], "c": "d"}),
    (T.dct(T.STR, T.opt(T.STR)), {"a": None, "b": "x"}), (T.st(T.INT), set()), (T.st(T.INT), {1, 2}),
    (T.dct(T.STR, T.st(T.INT)), {"s": {1}}), (T.dct(T.STR, T.st(T.INT)), {}),
    (T.RECORD, Record(key=b"k", value=b"v", offset=1, timestamp=2)),
    (T.dct(T.RECORD, T.INT), {Record(value=b"v"): 1}), (T.lst(T.dct(T.STR, T.FLOAT)), [{"z": 1.0, "a": 2.0}, {}]),
    (T.ANY, {"any": [1, 2]}), (T.lst(T.STR), ["b", "a\ud800"]),
    (T.dct(T.STR, T.lst(T.INT)), {"a": [1], "b": [2], "bad": [3]}),
]


@pytest.mark.parametrize("opts", OPTION_SETS, ids=lambda o: repr(o))
def test_dumps_typed(guest: jh.JsonGuest, opts: dict) -> None:
    got = guest.dumps_typed(TYPED_CASES, opts)
    compare(TYPED_CASES, got, [py_dumps(v, opts) for _, v in TYPED_CASES], "typed values")


def test_dumps_typed_errors_are_cpythons(guest: jh.JsonGuest) -> None:
    """The error cases of TYPED_CASES do raise, each with CPython's message."""
    got = {r.text for r in guest.dumps_typed(TYPED_CASES, {"sort_keys": True, "allow_nan": False}) if r.exc}
    assert any("Object of type bytes is not JSON serializable" in g for g in got)
    assert any("Object of type set is not JSON serializable" in g for g in got)
    assert any("Object of type Record is not JSON serializable" in g for g in got)
    assert any("keys must be str, int, float, bool or None, not tuple" in g for g in got)
    assert any("keys must be str, int, float, bool or None, not bytes" in g for g in got)
    assert any("keys must be str, int, float, bool or None, not Record" in g for g in got)
    assert any("'<' not supported between instances of" in g for g in got)
    assert any("Out of range float values are not JSON compliant" in g for g in got)


# ---- dumps: shared, circular and deep values --------------------------------------------


def special_value(shape: int, n: int):
    """The Python twin of json_harness.c's h_special(shape, n)."""
    if shape in (0, 6):
        x: list = [n]
        x.append(x)
        return [x, x] if shape == 6 else x
    if shape == 1:
        d: dict = {"a": n}
        d["self"] = d
        return d
    if shape == 2:
        x = [[n]]
        x[0].append({"k": x})
        return x
    if shape == 3:
        y = [n]
        return [y, y, {"y": y}]
    v: object = [0] if shape == 4 else 0
    for _ in range(n):
        v = [v] if shape == 4 else {"a": v}
    return v


@pytest.mark.parametrize("opts", [{}, {"indent": 2}, {"sort_keys": True}], ids=repr)
def test_dumps_circular_and_shared(guest: jh.JsonGuest, opts: dict) -> None:
    shapes = [(0, 1), (1, 2), (2, 3), (3, 4), (6, 5)]
    want = [py_dumps(special_value(s, n), opts) for s, n in shapes]
    assert [w.exc for w in want] == ["ValueError"] * 3 + [None, "ValueError"]
    compare(shapes, guest.dumps_special(shapes, opts), want, "values")


@pytest.mark.parametrize("opts", [{}, {"indent": 1}], ids=repr)
def test_dumps_depth(guest: jh.JsonGuest, opts: dict) -> None:
    """500 levels are written as CPython writes them; at FAR both raise
    RecursionError (its message is compared for the C encoder, which CPython
    uses without an indent; the Python encoder's depends on where the limit
    hits)."""
    shapes = [(4, 500), (5, 500), (4, FAR), (5, FAR)]
    want = [py_dumps(special_value(s, n), opts) for s, n in shapes]
    got = guest.dumps_special(shapes, opts)
    assert got[:2] == want[:2]
    assert [r.exc for r in got[2:]] == [w.exc for w in want[2:]] == ["RecursionError"] * 2
    if "indent" not in opts:
        assert got[2:] == want[2:]


def test_dumps_depth_limit(guest: jh.JsonGuest) -> None:
    """ssc's own limit: SSC_JSON_MAX_DEPTH nested containers are written, one more raises."""
    got = guest.dumps_special([(4, MAX_DEPTH - 1), (4, MAX_DEPTH)], {})
    assert got[0] == jh.Result(None, "[" * MAX_DEPTH + "0" + "]" * MAX_DEPTH)
    assert got[1] == jh.Result("RecursionError", "maximum recursion depth exceeded while encoding a JSON object")


# ---- hypothesis: generated documents --------------------------------------------------

SPECIAL_TEXT = ['"', "\\", "/", "\x00", "\x1f", "\x7f", "\x80", "é", "\u2028", "\ud800", "\udbff", "\udc00",
                "\udfff", "\U0001f600", "\U0010ffff", "\uffff", "\n", "\t", "\b", "\f", "\r", " "]
texts = st.lists(st.one_of(st.sampled_from(SPECIAL_TEXT),
                           st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=()),
                           st.text(max_size=6)), max_size=8).map("".join)
int64s = st.one_of(st.integers(INT64_MIN, INT64_MAX), st.sampled_from([0, -1, INT64_MIN, INT64_MAX, 2**53 + 1]))
EDGE_FLOATS = [0.0, -0.0, 1e16, 1e-7, 5e-324, -5e-324, 1.7976931348623157e308, 2.2250738585072014e-308, 0.1,
               1e22, 1e23, 9007199254740993.0, 123456789.125, 1e15, 1e-5, 1.5, -2.5e-300]
finite_floats = st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(EDGE_FLOATS))
all_floats = st.one_of(st.floats(), st.sampled_from(EDGE_FLOATS + [math.nan, math.inf, -math.inf]))


def json_values(floats, keys):
    scalars = st.one_of(st.none(), st.booleans(), int64s, floats, texts)
    return st.recursive(scalars, lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.lists(st.tuples(keys, inner), max_size=5).map(dict)), max_leaves=25)


documents = json_values(all_floats, texts)
dynamic_values = json_values(all_floats, st.one_of(texts, st.none(), st.booleans(), int64s, all_floats))
option_sets = st.sampled_from(OPTION_SETS)
serializations = st.fixed_dictionaries({}, optional={
    "indent": st.one_of(st.none(), st.integers(0, 4), st.sampled_from(["\t", " \r\n", ""])),
    "separators": st.sampled_from([(",", ":"), (", ", ": "), (" , ", " : "), ("\n,\t", "\r:\n")]),
    "ensure_ascii": st.booleans(),
    "sort_keys": st.booleans(),
})
paddings = st.sampled_from(["", " ", "\n", "\t\r\n ", "  \n"])


def has_surrogate(s: str) -> bool:
    return any(0xD800 <= ord(c) <= 0xDFFF for c in s)


@SETTINGS
@given(st.lists(st.tuples(documents, serializations, paddings, paddings, option_sets), min_size=1, max_size=8))
def test_generated_documents(guest: jh.JsonGuest, cases) -> None:
    """Values serialized by CPython (varied options, whitespace around), parsed
    by ssc: from str (when it has no lone surrogate: ssc's str never does)
    and from its UTF-8 bytes and UTF-16 or UTF-32 bytes; the repr of the
    result, and the result dumped again under another option set."""
    docs = [before + json.dumps(value, **ser) + after for value, ser, before, after, _ in cases]
    as_str = [d for d in docs if not has_surrogate(d)]
    compare(as_str, guest.loads(as_str), [expect_loads(d) for d in as_str], "documents")
    as_bytes = [jh.utf8(d) for d in docs]
    as_bytes += [encode_wide(d, WIDE_ENCODINGS[i % len(WIDE_ENCODINGS)]) for i, d in enumerate(docs)]
    compare(as_bytes, guest.loads_bytes(as_bytes), [expect_loads(b) for b in as_bytes], "documents as bytes")
    for doc, (*_, opts) in zip(docs, cases):
        if not has_surrogate(doc):
            compare([doc], guest.loads_dumps([doc], opts), [expect_loads_dumps(doc, opts)], "round trips")


@SETTINGS
@given(documents, serializations, st.lists(st.integers(0, 10**6), min_size=1, max_size=12),
       st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(list('[]{},:"\\ -+.0123456789eEtfnu\x01é'))),
                max_size=6))
def test_generated_malformed(guest: jh.JsonGuest, value, ser, cuts, edits) -> None:
    """Truncations of a serialized document, and the document with characters
    replaced: whatever CPython says (a value or the first error), ssc says."""
    doc = json.dumps(value, **ser)
    docs = [doc[: c % (len(doc) + 1)] for c in cuts]
    for at, ch in edits:
        i = at % (len(doc) + 1)
        docs.append(doc[:i] + ch + doc[i + 1:])
        docs.append(doc[:i] + ch + doc[i:])
    docs = [d for d in docs if not has_surrogate(d)]
    compare(docs, guest.loads(docs), [expect_loads(d) for d in docs], "documents")


@SETTINGS
@given(st.lists(st.tuples(dynamic_values, option_sets), min_size=1, max_size=8))
def test_generated_dynamic_dumps(guest: jh.JsonGuest, cases) -> None:
    """Dynamic values with any hashable keys, nan and infinities, dumped."""
    for value, opts in cases:
        compare([value], guest.dumps_any([value], opts), [py_dumps(value, opts)], "values")


def typed_values(t: jh.Ty):
    k = t.kind
    if k == "none":
        return st.none()
    if k == "bool":
        return st.booleans()
    if k == "int":
        return int64s
    if k == "float":
        return all_floats
    if k == "str":
        return texts
    if k == "bytes":
        return st.binary(max_size=4)
    if k == "opt":
        return st.one_of(st.none(), typed_values(t.args[0]))
    if k == "tuple":
        return st.tuples(*map(typed_values, t.args))
    if k == "list":
        return st.lists(typed_values(t.args[0]), max_size=4)
    if k == "set":
        return st.frozensets(typed_values(t.args[0]), max_size=3).map(set)
    if k == "dict":
        return st.dictionaries(typed_values(t.args[0]), typed_values(t.args[1]), max_size=4)
    if k == "record":
        return st.builds(Record, key=st.none() | st.binary(max_size=3), value=st.binary(max_size=3),
                         offset=int64s, timestamp=int64s)
    if k == "any":
        return dynamic_values
    raise AssertionError(t)


typed_cases = st.sampled_from(jh.TYPES).flatmap(lambda t: st.tuples(st.just(t), typed_values(t)))


@SETTINGS
@given(st.lists(typed_cases, min_size=1, max_size=10), option_sets)
def test_generated_typed_dumps(guest: jh.JsonGuest, cases, opts) -> None:
    compare(cases, guest.dumps_typed(cases, opts), [py_dumps(v, opts) for _, v in cases], "typed values")


# ---- the benchmark op ----------------------------------------------------------------

LOG_RECORD = ('{"ts":"2024-06-12T10:15:00Z","level":"info","service":"auth","msg":"user login",'
              '"user_id":48213,"latency_ms":12.5,"ok":true}')


def test_bench_op_parses_repeatedly(guest: jh.JsonGuest) -> None:
    """The BENCH op (used to measure speed) parses the same record again and
    again in one call, memory reset between runs, without error."""
    assert len(LOG_RECORD) >= 120
    assert guest.bench(LOG_RECORD, 1000) > 0
    assert guest.bench(LOG_RECORD.encode(), 1000) > 0
    compare([LOG_RECORD], guest.loads([LOG_RECORD]), [expect_loads(LOG_RECORD)], "documents")


def test_harness_float_encoding_round_trips() -> None:
    """The harness sends floats bit for bit (nan payloads aside)."""
    for x in EDGE_FLOATS:
        assert struct.unpack("<d", jh.encode_any(x)[1:])[0] == x
