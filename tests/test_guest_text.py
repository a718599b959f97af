"""The guest text code (compiler/guest/text.c) against CPython, the oracle.

Every expectation is computed here by CPython itself: bytes.decode("utf-8"),
int() of str and bytes, repr() of str and bytes, with ssc's one difference
(an int outside int64 is an OverflowError). The C code runs in a wasm32
module built once per session from tests/guest/ (see harness.py there).
"""

from __future__ import annotations

import random
import sys
import unicodedata
from collections.abc import Iterator

import pytest
from guest import text_harness as harness

Op = harness.Op

INT64_OVERFLOW = "int result does not fit in 64 bits"
SEED = 20240611


@pytest.fixture(scope="session")
def guest(tmp_path_factory: pytest.TempPathFactory) -> harness.TextGuest:
    return harness.TextGuest(harness.build(tmp_path_factory.mktemp("guest_text")))


@pytest.fixture(autouse=True, scope="module")
def default_int_digits_limit() -> Iterator[None]:
    """ssc implements CPython's default limit; make the oracle use it too."""
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(4300)
    yield
    sys.set_int_max_str_digits(old)


# ---- the oracle -------------------------------------------------------------

def expect_decode(data: bytes) -> tuple[str | None, str]:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        return "UnicodeDecodeError", str(e)
    return None, ""


def expect_int(x: str | bytes) -> tuple[str | None, int | str]:
    try:
        value = int(x)
    except ValueError as e:
        return "ValueError", str(e)
    if not -2**63 <= value < 2**63:
        return "OverflowError", INT64_OVERFLOW
    return None, value


def expect_repr(x: str | bytes, max_chars: int) -> str:
    text = repr(x)
    return text if max_chars < 0 else text[:max_chars]


# ---- checks ----------------------------------------------------------------

def check_decode(guest: harness.TextGuest, cases: list[bytes]) -> None:
    for case, got in zip(cases, guest.run(Op.UTF8_CHECK, cases), strict=True):
        assert (got.exc, got.text) == expect_decode(case), case
        assert got.rc == (-1 if got.exc else 0)


def check_int(guest: harness.TextGuest, cases: list[str] | list[bytes]) -> None:
    op = Op.INT_FROM_BYTES if cases and isinstance(cases[0], bytes) else Op.INT_FROM_STR
    for case, got in zip(cases, guest.run(op, cases), strict=True):
        exc, want = expect_int(case)
        assert (got.exc, got.value if exc is None else got.text) == (exc, want), case
        assert got.rc == (-1 if exc else 0)


def check_repr(guest: harness.TextGuest, cases: list[str] | list[bytes], max_chars: int = -1) -> None:
    op = Op.BYTES_REPR if cases and isinstance(cases[0], bytes) else Op.STR_REPR
    for case, got in zip(cases, guest.run(op, cases, max_chars), strict=True):
        assert got.text == expect_repr(case, max_chars), (case, max_chars)


# ---- hand-picked cases -------------------------------------------------------

DECODE_CASES = [
    b"", b"a", b"hello world", "h\u00e9llo \u20ac \U0001f600".encode(),
    b"\x80", b"\xbf", b"\xc0\x80", b"\xc1\xbf", b"\xc2", b"\xc2\x7f", b"\xc2\x80", b"\xdf\xbf",
    b"\xe0", b"\xe0\x9f\x80", b"\xe0\xa0", b"\xe0\xa0\x80", b"\xe0\xa0\x7f", b"\xe2\x28\xa1",
    b"\xe2\x82", b"\xe2\x82\x28", b"\xed\x9f\xbf", b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xed\xa0",
    b"\xee\x80\x80", b"\xef\xbf\xbf", b"\xf0", b"\xf0\x8f\xbf\xbf", b"\xf0\x90", b"\xf0\x90\x80",
    b"\xf0\x90\x80\x80", b"\xf0\x90\x80\x28", b"\xf0\x90\x28\x80", b"\xf0\x28\x80\x80",
    b"\xf4\x8f\xbf\xbf", b"\xf4\x90\x80\x80", b"\xf4\x90", b"\xf5\x80\x80\x80", b"\xf8", b"\xfe", b"\xff",
    b"abc\xff", b"abcdefgh\xff", b"abcdefghi\xe2\x82", b"\x00\x00\x00\x00\x00\x00\x00\x00\x80",
    b"a" * 100 + "\u00e9".encode() + b"b" * 50 + b"\xed\xa0\x80",
]

INT_STR_CASES = [
    "", " ", "\t\n\x0b\x0c\r ", "+", "-", "+-1", "--1", "0", "-0", "+0", "00", "007", "1_000", "1__0",
    "_1", "1_", "_", "-_1", "+1_0", "1_0_0", "1 0", " 1 ", "\t-42\n", " \u0663\u0664 ", "\u00a0 12\u2003",
    "0x10", "0b1", "0o7", "1e3", "1.0", "\u0661\u0662\u0663", "\u0661_\u0662", "\U0001d7ce\U0001d7d9",
    "\uff11\uff12", "1\u00b2", "\u2460", "\x1c1", "1\x1f", "\x85 7 \x85", "\u3000-5\u3000", "\u180e1",
    "\u200b1", "1\x00", "\x00", "1\x7f", "\u00a0\x7f1", "1\u00e9", "é" * 300, "x" * 300, "x" * 199,
    "'" * 250, "\"'" * 150, "\\" * 300, "\U0001f600" * 250, "\u0378" * 250, "\n" * 300,
    "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
    "18446744073709551615", "18446744073709551616", "99999999999999999999", "0" * 30 + "1",
    "000_000_000_000_000_000_009_223_372_036_854_775_807", "1" * 19, "1" * 20,
    "1" * 4300, "1" * 4301, "0" * 4300, "0" * 4301, "1_" * 4300 + "1", "1_" * 4299 + "1",
    "1" * 4301 + "x", "1" * 4301 + "__", "1" * 4301 + "_", "1" * 4301 + "\u00e9", "1" * 4301 + "\x00",
    " -" + "\u0660" * 4301 + " ", "1" * 4300 + "x", "x" + "1" * 4301, "1__" + "1" * 4301,
    "1" * 4300 + " \u2003", "-" + "0" * 4300,
]

INT_BYTES_CASES = [
    b"", b" ", b"+", b"-0", b"1_000", b"1__0", b"_1", b"1_", b" 42 ", b"\t\n\x0b\x0c\r7\r",
    b"\x1c1", b"1\x00", b"\x00", b"1\x00\x00", b"\xa01", b"\x851", b"\xd9\xa1", b"0x10", b"\xff" * 300,
    b"'\"", b"'" * 300, b"\\" * 300, b"x" * 199, b"x" * 199 + b"\xff" * 50, b"\x00" * 300,
    b"9223372036854775807", b"-9223372036854775808", b"9223372036854775808",
    b"1" * 4300, b"1" * 4301, b"1" * 4301 + b"\xff", b"1" * 4301 + b"__",
]

REPR_STR_CASES = [
    "", "a", "'", '"', "'\"", "it's", 'say "hi"', "\\", "\\'", "\t\n\r", "\x00\x01\x1f\x7f",
    "\x80\x9f\xa0\xad\xff", "caf\u00e9", "\u0378\u2028\u2029\u200b\u3000\ufeff\ufffe\uffff\ue000",
    "\U0001f600\U000e0001\U000f0000\U0010ffff\U0001d7ce", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
    "\u4e2d\u6587", "\u180e", "\u061c", "\U000e007f", "a" * 500, "'" * 10 + '"', "x\ty" * 100,
]

REPR_BYTES_CASES = [
    b"", b"a", b"'", b'"', b"'\"", b"\\", b"\t\n\r\x00\x1f\x7f\x80\xff", bytes(range(256)), b"it's",
]


def test_decode_cases(guest: harness.TextGuest) -> None:
    check_decode(guest, DECODE_CASES)


def test_decode_error_at_every_offset(guest: harness.TextGuest) -> None:
    """The ASCII fast path hands over to the slow path at any alignment."""
    bad = [b"\xff", b"\xc2", b"\xe2\x82", b"\xf0\x90\x80", b"\xed\xa0\x80", b"\xc3\xa9\xff"]
    cases = [b"a" * n + tail + b"z" * m for n in range(40) for tail in bad for m in (0, 1, 9)]
    cases += [b"a" * n + "\u00e9\u20ac\U0001f600".encode() * 3 + b"b" * n for n in range(40)]
    check_decode(guest, cases)


def test_decode_long_valid(guest: harness.TextGuest) -> None:
    text = "".join(chr(c) for c in range(0x20, 0x30000, 7) if not 0xD800 <= c < 0xE000)
    check_decode(guest, [(text * 3).encode(), b"x" * 100_000 + b"\x80"])


def test_int_str_cases(guest: harness.TextGuest) -> None:
    check_int(guest, INT_STR_CASES)


def test_int_bytes_cases(guest: harness.TextGuest) -> None:
    check_int(guest, INT_BYTES_CASES)


def test_int_every_code_point(guest: harness.TextGuest) -> None:
    """Which non-ASCII characters int() reads as space or digit (the tables)."""
    members = [c for c in range(0x80, sys.maxunicode + 1)
               if chr(c).isspace() or unicodedata.decimal(chr(c), None) is not None]
    # Every member and its neighbours (so every run boundary of both tables,
    # from both sides), then a sample of everything else.
    near = {e for c in members for e in (c - 1, c, c + 1) if e >= 0x80 and not 0xD800 <= e < 0xE000}
    sample = {c for c in range(0x80, sys.maxunicode + 1, 97) if not 0xD800 <= c < 0xE000}
    check_int(guest, [chr(c) + "1" for c in sorted(near | sample)])
    check_int(guest, ["1" + chr(c) for c in sorted(near)])
    check_int(guest, [chr(c) + "1" + chr(c) for c in sorted(near)])


def test_repr_cases(guest: harness.TextGuest) -> None:
    for max_chars in (-1, 0, 1, 2, 3, 5, 200):
        check_repr(guest, REPR_STR_CASES, max_chars)
        check_repr(guest, REPR_BYTES_CASES, max_chars)


def test_repr_every_code_point(guest: harness.TextGuest) -> None:
    """str.isprintable for all of Unicode (the table), in ascending order and shuffled."""
    points = [c for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000]
    cases = ["".join(map(chr, points[i:i + 4096])) for i in range(0, len(points), 4096)]
    check_repr(guest, cases)
    random.Random(SEED).shuffle(points)
    check_repr(guest, ["".join(map(chr, points[i:i + 64])) for i in range(0, 64 * 200, 64)])


# ---- seeded fuzz -----------------------------------------------------------

FUZZ_DECODE = 6000
FUZZ_INT_STR = 6000
FUZZ_INT_BYTES = 3000
FUZZ_REPR = 3000

EDGE_BYTES = [0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
              0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF7, 0xF8, 0xFF]


def random_code_point(rng: random.Random) -> int:
    bound = rng.choice([0x80, 0x800, 0x10000, 0x110000])
    while True:
        c = rng.randrange(bound)
        if not 0xD800 <= c < 0xE000:
            return c


def utf8_fragment(rng: random.Random) -> bytes:
    """A piece of mostly-UTF-8: ASCII, a valid character, or a broken one."""
    kind = rng.randrange(9)
    if kind < 3:
        return bytes(rng.randrange(0x20, 0x7F) for _ in range(rng.randrange(1, 12)))
    if kind < 5:
        return chr(random_code_point(rng)).encode()
    if kind == 5:  # a multi-byte character cut short
        enc = chr(rng.randrange(0x80, 0x110000) if rng.random() < 0.5 else rng.randrange(0x800, 0x10000))
        enc = enc.encode("utf-8", "surrogatepass")
        return enc[:rng.randrange(1, len(enc))]
    if kind == 6:  # an encoded surrogate, whole or cut short
        enc = chr(rng.randrange(0xD800, 0xE000)).encode("utf-8", "surrogatepass")
        return enc[:rng.randrange(1, 4)]
    if kind == 7:  # a lead with arbitrary boundary continuation bytes
        return bytes([rng.choice(EDGE_BYTES[8:])] + [rng.choice(EDGE_BYTES) for _ in range(rng.randrange(4))])
    return bytes([rng.choice(EDGE_BYTES)])


def test_fuzz_decode(guest: harness.TextGuest) -> None:
    rng = random.Random(SEED)
    cases = []
    for _ in range(FUZZ_DECODE):
        parts = [utf8_fragment(rng) for _ in range(rng.randrange(1, 8))]
        if rng.random() < 0.3:
            parts = [b"".join(parts)]
            data = bytearray(parts[0])
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
            parts = [bytes(data)]
        cases.append(b"".join(parts))
    cases += [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 6))) for _ in range(FUZZ_DECODE // 3)]
    check_decode(guest, cases)


INT_ALPHABET = (
    ["0", "1", "5", "9"] * 6 + ["_"] * 4 + [" "] * 3 + ["+", "-", "\t", "\n", "\x0b", "\x1c", "\x00", "x", "e", "."]
    + ["\u0660", "\u0669", "\u06f5", "\u0966", "\uff10", "\uff19", "\U0001d7ce", "\U0001d7ff", "\U0001fbf9"]
    + ["\u00a0", "\u2003", "\u3000", "\x85", "\u2028", "\u180e", "\u200b", "\u00b2", "\u00e9", "\u2460", "'"]
)


def random_int_text(rng: random.Random) -> str:
    if rng.random() < 0.4:  # near-valid: sign, digits with underscores, spaces around
        digits = "".join(rng.choice("0123456789\u0660\u0669\uff15_") if rng.random() < 0.15 else rng.choice("0123456789")
                         for _ in range(rng.choice([1, 2, 5, 18, 19, 20, 25])))
        return rng.choice(["", " ", "\u00a0", "\t"]) + rng.choice(["", "+", "-"]) + digits + rng.choice(["", " ", "\u2003", "_", "x"])
    return "".join(rng.choice(INT_ALPHABET) for _ in range(rng.randrange(0, 12)))


def test_fuzz_int_str(guest: harness.TextGuest) -> None:
    rng = random.Random(SEED + 1)
    check_int(guest, [random_int_text(rng) for _ in range(FUZZ_INT_STR)])


def test_fuzz_int_bytes(guest: harness.TextGuest) -> None:
    rng = random.Random(SEED + 2)
    cases = []
    for _ in range(FUZZ_INT_BYTES):
        text = random_int_text(rng)
        cases.append(text.encode("utf-8") if rng.random() < 0.8
                     else bytes(rng.choice(b"0123456789_ +-\t\x00\x80\xa0\xff'\\") for _ in range(rng.randrange(8))))
    check_int(guest, cases)


def test_fuzz_repr(guest: harness.TextGuest) -> None:
    rng = random.Random(SEED + 3)
    special = "'\"\\\t\n\r\x00\x1f\x7f\x80\xa0\xad\u0378\u2028\ufeff\U0001f600\U000e0001\U0010ffff"
    strs = ["".join(rng.choice(special) if rng.random() < 0.3 else chr(random_code_point(rng))
                    for _ in range(rng.randrange(0, 16))) for _ in range(FUZZ_REPR)]
    blobs = [bytes(rng.choice(b"'\"\\\t\n\r\x00\x7f\x80\xff ab") if rng.random() < 0.5 else rng.randrange(256)
                   for _ in range(rng.randrange(0, 16))) for _ in range(FUZZ_REPR // 2)]
    for max_chars in (-1, rng.randrange(0, 20), 200):
        check_repr(guest, strs, max_chars)
        check_repr(guest, blobs, max_chars)
