"""The guest str and bytes code (compiler/guest/strings.c) against CPython, the oracle.

Every expectation is computed here by CPython itself, calling the Python
operation that the C function implements with the same arguments (ORACLE).
ssc's documented differences are tested on their own: case mappings beyond
Latin-1 (checked against a model of ssc's rule), chr() of a surrogate, and
results longer than 2**31 - 1 bytes. The C code runs in a wasm32 module built
once per session from tests/guest/ (see strings_harness.py there).
"""

from __future__ import annotations

import itertools
import random
import sys
import unicodedata

import pytest
from guest import strings_harness as sh

IntList = sh.IntList

SEED = 20240612


@pytest.fixture(scope="session")
def guest(tmp_path_factory: pytest.TempPathFactory) -> sh.StringsGuest:
    return sh.StringsGuest(sh.build(tmp_path_factory.mktemp("guest_strings")))


# ---- the oracle -------------------------------------------------------------

def _cmp(a, b, op):
    return (a == b, a != b, a < b, a <= b, a > b, a >= b)[op]


def _hex(b: bytes, sep, per):
    return b.hex() if sep is None else b.hex(sep, per)


ORACLE = {
    "str_len": len,
    "str_getitem": lambda s, i: s[i],
    "str_slice": lambda s, a, b, c: s[a:b:c],
    "str_iter": list,
    "str_contains": lambda s, q: q in s,
    "str_compare": _cmp,
    "str_repeat": lambda s, k: s * k,
    "str_ord": ord,
    "str_chr": chr,
    "str_split": lambda s, sep, m: s.split(sep, m),
    "str_rsplit": lambda s, sep, m: s.rsplit(sep, m),
    "str_splitlines": lambda s, k: s.splitlines(bool(k)),
    "str_join": lambda s, items: s.join(items),
    "str_startswith_any": lambda s, qs, a, b: s.startswith(tuple(qs), a, b),
    "str_endswith_any": lambda s, qs, a, b: s.endswith(tuple(qs), a, b),
    "bytes_getitem": lambda b, i: b[i],
    "bytes_slice": lambda s, a, b, c: s[a:b:c],
    "bytes_contains": lambda s, q: q in s,
    "bytes_contains_int": lambda s, q: q in s,
    "bytes_compare": _cmp,
    "bytes_repeat": lambda s, k: s * k,
    "bytes_ord": ord,
    "bytes_split": lambda s, sep, m: s.split(sep, m),
    "bytes_rsplit": lambda s, sep, m: s.rsplit(sep, m),
    "bytes_splitlines": lambda s, k: s.splitlines(bool(k)),
    "bytes_join": lambda s, items: s.join(items),
    "bytes_startswith_any": lambda s, qs, a, b: s.startswith(tuple(qs), a, b),
    "bytes_endswith_any": lambda s, qs, a, b: s.endswith(tuple(qs), a, b),
    "bytes_hex": _hex,
    "bytes_fromhex": bytes.fromhex,
    "bytes_decode": lambda b, e, err: b.decode(e, err),
    "bytes_zeros": bytes,
    "bytes_from_list": bytes,
}
# Methods called as they are: s.name(*args).
for _name in ["lower", "upper", "swapcase", "casefold", "capitalize", "title", "isspace", "isalpha", "isalnum",
              "isdecimal", "isdigit", "isnumeric", "isprintable", "isascii", "isupper", "islower", "istitle",
              "strip", "lstrip", "rstrip", "startswith", "endswith", "find", "rfind", "index", "rindex", "count",
              "replace", "zfill", "center", "ljust", "rjust", "expandtabs", "partition", "rpartition",
              "removeprefix", "removesuffix"]:
    if hasattr(str, _name):
        ORACLE.setdefault("str_" + _name, getattr(str, _name))
    if hasattr(bytes, _name):
        ORACLE.setdefault("bytes_" + _name, getattr(bytes, _name))
for _name in ["find", "rfind", "index", "rindex", "count"]:
    ORACLE["bytes_" + _name + "_int"] = getattr(bytes, _name)


def raw(value):
    """A Python result as the harness returns it."""
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, list):
        return [raw(v) for v in value]
    if isinstance(value, tuple):
        return tuple(raw(v) for v in value)
    return value


def expect(op: str, args: tuple, oracle=None) -> tuple:
    try:
        value = (oracle or ORACLE[op])(*args)
    except Exception as e:  # noqa: BLE001 - the oracle's exception is the expectation
        return ("exc", type(e).__name__, str(e))
    return ("ok", raw(value))


def check(guest: sh.StringsGuest, calls: list[tuple[str, tuple]], oracle=None) -> int:
    """Runs every call and compares it with the oracle; returns the count."""
    got = guest.run(calls)
    bad = []
    for (op, args), result in zip(calls, got, strict=True):
        want = expect(op, args, oracle)
        if result != want:
            bad.append(f"{op}{args!r}: got {result!r}, want {want!r}")
    assert not bad, f"{len(bad)} of {len(calls)} differ:\n" + "\n".join(bad[:15])
    return len(calls)


# ---- inputs ----------------------------------------------------------------

SPACES = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000"
NOT_SPACES = "\u200b\u180e\ufeff\x00\x7f"
ALPHABET = "aAbzZ0 9_-.,\t\n\r" + "éÉßÿµ" + "ǅ" + "αΣ" + "中😀" + "٣Ⅻ½²" + "\x0b\x1c\x85\u2028\u3000\xa0"
BYTES_ALPHABET = b"aAbzZ0 9_-.,\t\n\r\x0b\x0c\x1c\x85\xa0\xff\x00"

STRS = ["", "a", "ab", "abc", "aaa", "a b", "  a  b  ", "\t\na\x0b\x0c\r", "é", "héllo wörld", "中文字",
        "a😀b😀", "😀", "ß", "ÿµ", "x\u2028y\u2029z", "\x1c\x1d\x1e\x1f", "a\x85b", "\u3000a\u3000",
        "AbC", "Hello World", "hello world", "ǅungla", "ΑΒΓ αβγ", "123", "١٢٣", "½", "Ⅻ", "a\r\nb\rc\nd",
        "\r\n", "\n\n", "ab" * 10, "aé中😀" * 3, "+12", "-3", "-", "+", "a\tb\tc", "\ta\n\tb"]
BYTES = [b"", b"a", b"ab", b"abc", b"aaa", b"a b", b"  a  b  ", b"\t\na\x0b\x0c\r", b"\x1c a \x1f",
         b"\x85\xa0", b"\xff\x00", b"AbC", b"Hello World", b"hello world", b"a\r\nb\rc\nd", b"\r\n",
         b"ab" * 10, b"+12", b"-3", b"a\tb\tc", b"\xc3\xa9"]
INDICES = [None, -100, -4, -3, -1, 0, 1, 2, 3, 4, 100, -2**63, 2**63 - 1]


def random_str(rng: random.Random, alphabet: str = ALPHABET, max_len: int = 10) -> str:
    return "".join(rng.choice(alphabet) for _ in range(rng.randrange(max_len + 1)))


def random_bytes(rng: random.Random, max_len: int = 10) -> bytes:
    return bytes(rng.choice(BYTES_ALPHABET) for _ in range(rng.randrange(max_len + 1)))


# ---- every code point ----------------------------------------------------------

PREDICATES = ["isspace", "isalpha", "isalnum", "isdecimal", "isdigit", "isnumeric", "isprintable", "isascii",
              "isupper", "islower", "istitle"]


def _cased(c: str) -> bool:
    return c.isupper() or c.islower() or unicodedata.category(c) == "Lt"


def test_predicates_every_code_point(guest: sh.StringsGuest) -> None:
    """The str predicates (and title()'s cased test) of every single character."""
    # All of the BMP and planes 1-3 and 14, where nearly everything assigned is;
    # a sample of the rest (unassigned and private use).
    points = [c for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000
              and (c < 0x32400 or 0xE0000 <= c < 0xE1000 or c % 11 == 0)]
    chunks = ["".join(map(chr, points[i:i + 8192])) for i in range(0, len(points), 8192)]
    results = guest.run([("str_props", (chunk,)) for chunk in chunks])
    for chunk, (status, bits) in zip(chunks, results, strict=True):
        assert status == "ok"
        for k, c in enumerate(chunk):
            got = bits[2 * k] | bits[2 * k + 1] << 8
            want = sum(getattr(c, name)() << i for i, name in enumerate(PREDICATES)) | _cased(c) << 15
            assert got == want, (hex(ord(c)), bin(got), bin(want))


# ---- hand-picked cases ---------------------------------------------------------

def test_str_basics(guest: sh.StringsGuest) -> None:
    calls = []
    for s in STRS:
        calls.append(("str_len", (s,)))
        calls.append(("str_iter", (s,)))
        calls.append(("str_ord", (s,)))
        calls += [("str_getitem", (s, i)) for i in INDICES if i is not None]
        calls += [("str_repeat", (s, k)) for k in (-1, 0, 1, 2, 5)]
        for a, b, c in itertools.product([None, -5, -1, 0, 1, 3, 100], [None, -2, 0, 2, 100],
                                         [None, 1, 2, -1, -2, 3, 0]):
            calls.append(("str_slice", (s, a, b, c)))
        calls += [("str_slice", (s, None, None, step)) for step in (-2**63, 2**63 - 1, -2**63 + 1)]
        calls += [("str_slice", (s, start, stop, None)) for start, stop in ((-2**63, 2**63 - 1), (2**63 - 1, -2**63))]
    for s, q in itertools.product(STRS[:25], ["", "a", "b", "ab", "é", "😀", "aé", "z", "\n", "abc", "中文"]):
        calls.append(("str_contains", (s, q)))
        calls += [("str_compare", (s, q, op)) for op in range(6)]
    calls += [("str_chr", (i,)) for i in (0, 65, 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xffff, 0x10000,
                                         0x10ffff, 0x110000, -1, 2**31 - 1, 2**31, -2**31, -2**31 - 1, 2**63 - 1)]
    check(guest, calls)


def test_bytes_basics(guest: sh.StringsGuest) -> None:
    calls = []
    for s in BYTES:
        calls.append(("bytes_ord", (s,)))
        calls += [("bytes_getitem", (s, i)) for i in INDICES if i is not None]
        calls += [("bytes_repeat", (s, k)) for k in (-1, 0, 1, 2, 5)]
        for a, b, c in itertools.product([None, -5, -1, 0, 1, 3, 100], [None, -2, 0, 2, 100],
                                         [None, 1, 2, -1, -2, 3, 0]):
            calls.append(("bytes_slice", (s, a, b, c)))
        calls += [("bytes_contains_int", (s, v)) for v in (0, 97, 255, 256, -1, 32)]
    for s, q in itertools.product(BYTES, [b"", b"a", b"b", b"ab", b"\xff", b"z", b"\n", b"abc"]):
        calls.append(("bytes_contains", (s, q)))
        calls += [("bytes_compare", (s, q, op)) for op in range(6)]
    calls += [("bytes_zeros", (n,)) for n in (0, 1, 5, -1, -2**63)]
    calls += [("bytes_from_list", (IntList(v),)) for v in ([], [0], [1, 2, 255], [256], [-1], [1, 300, -1])]
    check(guest, calls)


def test_case_mappings_latin1(guest: sh.StringsGuest) -> None:
    """ASCII and Latin-1 text ('ß', 'ÿ', 'µ' map beyond it), with uncased characters beyond it."""
    latin = "".join(map(chr, range(256)))
    others = "中😀٣ʰ\u02b0\u2160\u24b6"  # uncased or unchanged by every mapping
    others = "".join(c for c in others if c.upper() == c.lower() == c.title() == c.casefold() == c)
    texts = [latin, latin[::-1], *latin, "ß", "ßa", "aß", "ß ß", "µ", "ÿ", "ª", "ºa", "hello world",
             "HELLO wORLD", "o'neil", "e\u02b0e", "a1b2", "ǅa"[1:], "ßÿµ ÿß"]
    rng = random.Random(SEED)
    texts += [random_str(rng, latin[0x20:] + others + " \t\n", 12) for _ in range(1500)]
    calls = [(f"str_{name}", (t,)) for t in texts
             for name in ("lower", "upper", "swapcase", "casefold", "capitalize", "title")]
    check(guest, calls)
    btexts = [bytes(range(256)), *[bytes([b]) for b in range(256)]]
    btexts += [bytes(rng.choice(b"aZ 1'\xe9\xc9\xff\x00") for _ in range(rng.randrange(12))) for _ in range(500)]
    calls = [(f"bytes_{name}", (t,)) for t in btexts for name in ("lower", "upper", "swapcase", "capitalize", "title")]
    check(guest, calls)


def test_case_mappings_all_of_unicode(guest: sh.StringsGuest) -> None:
    """CPython's full mappings of every code point (run together, 2,048 a text), and lower()'s
    final sigma in its contexts: cased letters before and after it, case-ignorable ones between."""
    points = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000]
    texts = ["".join(points[i:i + 2048]) for i in range(0, len(points), 2048)]
    rng = random.Random(SEED + 1)
    alphabet = "aZ ΣσςΑ'.:ʰ\u0301\u00ad中İǅ1"
    texts += [random_str(rng, alphabet, 8) for _ in range(1500)]
    texts += ["Σ", "ΑΣ", "ΑΣ.", "ΑΣ'Α", "ΑΣ\u0301", "ʰΣ", "Σʰ", "'Σ", "ΟΔΟΣ. ΣΑΣ", "A\u00adΣ\u00ad", "aΣʰa"]
    check(guest, [(f"str_{name}", (t,)) for t in texts
                  for name in ("lower", "upper", "swapcase", "casefold", "capitalize", "title")])


def test_predicates_strings(guest: sh.StringsGuest) -> None:
    rng = random.Random(SEED + 2)
    texts = STRS + ["", " ", SPACES, NOT_SPACES, "Ab Cd", "AB cd", "ǅa", "aǅ", "A1", "a1B", "ª", "ºA", "Σα",
                    "ΑΣ", "1", "12a", "Ⅻ½", "٣3", "abc\x7f", "\xad", "\u0378"]
    texts += [random_str(rng, ALPHABET, 6) for _ in range(1500)]
    texts += [random_str(rng, "aA1 _ǅΣσ'中", 5) for _ in range(1500)]
    check(guest, [(f"str_{name}", (t,)) for t in texts for name in PREDICATES])
    btexts = BYTES + [bytes(range(128)), bytes(range(256)), b"Ab Cd", b"A1", b"1a", b"\x1c", b" "]
    btexts += [random_bytes(rng, 6) for _ in range(1000)]
    names = ["isspace", "isalpha", "isalnum", "isdigit", "isascii", "isupper", "islower", "istitle"]
    check(guest, [(f"bytes_{name}", (t,)) for t in btexts for name in names])


def test_strip(guest: sh.StringsGuest) -> None:
    chars = [None, "", "a", "ab", " ", "é", "😀a", "\n\t", "xyz", "中"]
    texts = STRS + [SPACES + "x" + SPACES, NOT_SPACES + "x" + NOT_SPACES, SPACES, "😀é😀", "aéa"]
    calls = [(f"str_{name}", (t, c)) for t in texts for c in chars for name in ("strip", "lstrip", "rstrip")]
    bchars = [None, b"", b"a", b"ab", b" ", b"\xff", b"\x1c"]
    btexts = BYTES + [b" \t\n\r\x0b\x0c\x1c\x1d\x85\xa0x\x1c \x0b", b"\xffa\xff"]
    calls += [(f"bytes_{name}", (t, c)) for t in btexts for c in bchars for name in ("strip", "lstrip", "rstrip")]
    check(guest, calls)


def test_split(guest: sh.StringsGuest) -> None:
    seps = [None, "", " ", "a", "ab", "é", "😀", "\n", "  ", "xyz"]
    texts = STRS + [SPACES, SPACES + "a" + SPACES + "b" + SPACES, "a" + NOT_SPACES + "b", "aaaa", "a a a a "]
    calls = [(f"str_{name}", (t, sep, m)) for t in texts for sep in seps for m in (-5, -1, 0, 1, 2, 100)
             for name in ("split", "rsplit")]
    calls += [("str_splitlines", (t, k)) for t in texts + ["a\x0cb\x1dc\x1ed\x1ce\x85f\u2028g\u2029h\x0bi", "\r\r\n\n"]
              for k in (0, 1)]
    bseps = [None, b"", b" ", b"a", b"ab", b"\n", b"\xff"]
    btexts = BYTES + [b" \t\n\r\x0b\x0c\x1c\x85\xa0", b"a\x1cb c\x85d", b"a\x0cb\x0bc\r\rd"]
    calls += [(f"bytes_{name}", (t, sep, m)) for t in btexts for sep in bseps for m in (-1, 0, 1, 2)
              for name in ("split", "rsplit")]
    calls += [("bytes_splitlines", (t, k)) for t in btexts for k in (0, 1)]
    check(guest, calls)


def test_join_partition_prefix(guest: sh.StringsGuest) -> None:
    lists = [[], [""], ["a"], ["a", "b"], ["", ""], ["é", "😀", "x"], ["ab"] * 5]
    calls = [("str_join", (sep, items)) for sep in ["", ", ", "é", "😀"] for items in lists]
    calls += [("bytes_join", (sep, [s.encode() for s in items])) for sep in [b"", b", ", b"\xff"] for items in lists]
    seps = ["", "a", "b", "ab", "é", "😀", "zz", " "]
    for t, sep in itertools.product(STRS, seps):
        calls += [(f"str_{name}", (t, sep)) for name in ("partition", "rpartition", "removeprefix", "removesuffix")]
    for t, sep in itertools.product(BYTES, [s.encode() for s in seps] + [b"\xff"]):
        calls += [(f"bytes_{name}", (t, sep)) for name in ("partition", "rpartition", "removeprefix", "removesuffix")]
    check(guest, calls)


def test_search(guest: sh.StringsGuest) -> None:
    needles = ["", "a", "b", "ab", "é", "😀", "aé", "z", "中文", "a b"]
    bounds = [None, -100, -3, -1, 0, 1, 2, 3, 5, 100]
    texts = ["", "a", "ab", "abab", "aé😀aé", "a b a", "中文字中文", "éé", "ba😀ab"]
    calls = []
    for t, q, a, b in itertools.product(texts, needles, bounds, bounds):
        calls += [(f"str_{name}", (t, q, a, b)) for name in ("find", "rfind", "index", "rindex", "count",
                                                             "startswith", "endswith")]
    for t, a, b in itertools.product(texts, bounds, bounds):
        for qs in ([], ["x", "a"], ["", "z"], ["é", "😀"], ["ab", "aé"]):
            calls += [(f"str_{name}_any", (t, qs, a, b)) for name in ("startswith", "endswith")]
    btexts = [b"", b"a", b"ab", b"abab", b"a\xffb\xff", b"a b a"]
    for t, q, a, b in itertools.product(btexts, [b"", b"a", b"ab", b"\xff", b"z"], bounds[:6], bounds[4:]):
        calls += [(f"bytes_{name}", (t, q, a, b)) for name in ("find", "rfind", "index", "rindex", "count",
                                                               "startswith", "endswith")]
        calls += [("bytes_startswith_any", (t, [q, b"b"], a, b)), ("bytes_endswith_any", (t, [b"b", q], a, b))]
    for t, v, a, b in itertools.product(btexts, [97, 98, 255, 0, 256, -1], bounds[:6], bounds[4:]):
        calls += [(f"bytes_{name}_int", (t, v, a, b)) for name in ("find", "rfind", "index", "rindex", "count")]
    check(guest, calls)


def test_replace(guest: sh.StringsGuest) -> None:
    calls = []
    for t, old, new, n in itertools.product(["", "a", "abab", "aé😀aé", "aaaa", "中文"], ["", "a", "ab", "é", "aa", "x"],
                                            ["", "-", "é😀", "xyz"], [-1, 0, 1, 2, 3, 10]):
        calls.append(("str_replace", (t, old, new, n)))
        calls.append(("bytes_replace", (t.encode(), old.encode(), new.encode(), n)))
    check(guest, calls)


def test_padding(guest: sh.StringsGuest) -> None:
    calls = []
    for t, w in itertools.product(STRS[:20] + ["+", "-", "+1", "-é", "é+"], [-5, 0, 1, 2, 3, 4, 7, 10]):
        calls.append(("str_zfill", (t, w)))
        calls.append(("bytes_zfill", (t.encode(), w)))
        for fill in (" ", "*", "é", "😀", "", "ab"):
            calls += [(f"str_{name}", (t, w, fill)) for name in ("center", "ljust", "rjust")]
        for fill in (b" ", b"*", b"\xff", b"", b"ab"):
            calls += [(f"bytes_{name}", (t.encode(), w, fill)) for name in ("center", "ljust", "rjust")]
    for t, size in itertools.product(["", "\t", "a\tb", "ab\tc\td", "é\t😀\tx\n\tz", "12345678\t\r\tx", "\t\t"],
                                     [-1, 0, 1, 2, 3, 8, 2**31 - 1 - 2**31 + 5, 2**31, -2**31 - 1]):
        calls.append(("str_expandtabs", (t, size)))
        calls.append(("bytes_expandtabs", (t.encode(), size)))
    check(guest, calls)


def test_hex(guest: sh.StringsGuest) -> None:
    calls = []
    for b, sep, per in itertools.product([b"", b"a", b"ab", b"abc", bytes(range(0, 256, 17)), b"\x00\xff" * 4],
                                         [None, ":", "", "ab", "é", " ", "😀"], [1, 2, 3, -1, -2, -3, 0, 100, -100]):
        calls.append(("bytes_hex", (b, sep, per)))
    calls += [("bytes_hex", (b"ab", ":", v)) for v in (2**31, -2**31 - 1, 2**31 - 1)]
    texts = ["", "00", "0", "0g", "01 02", " 01 02 ", "0 1", "ab CD ef", "abc", "\t0a\n", "é", "01é", "01\x0b02",
             "01\x1c02", "0x", "fF"]
    calls += [("bytes_fromhex", (t,)) for t in texts]
    check(guest, calls)


#: Encodings CPython has but ssc does not (LookupError "unknown encoding" in ssc).
UNSUPPORTED_ENCODINGS = {"utf-16", "cp1252", "utf_8_sig"}
ENCODINGS = ["utf-8", "utf8", "UTF-8", "UTF_8", "Utf 8", " utf--8 ", "u8", "utf", "cp65001", "utf8-ucs2",
             "ascii", "ASCII", "us-ascii", "646", "ANSI_X3.4-1968", "ansi_x3.4.1968", "ansi x3 4 1968",
             "ansi_x3.4_1986", "iso_646.irv_1991", "iso_646.irv.1991", "latin-1", "latin1", "Latin_1", "l1",
             "iso-8859-1", "ISO8859-1", "8859", "cp819", "iso_8859_1_1987", "iso-ir-100", "latin",
             "utf-16", "cp1252", "foo", "", "utf_8_sig", "utf-8\0", "ascii\0x", "utf-8.", ".utf-8", "utf—8", "u.8", "é8"]
ERRORS = ["strict", "ignore", "replace", "backslashreplace", "xmlcharrefreplace", "namereplace", "foo", "",
          "Strict", "strict\0", "x" * 500]


def test_decode(guest: sh.StringsGuest) -> None:
    datas = [b"", b"abc", b"\xff", b"a\xffb", b"\xc3\xa9", b"\xe2\x82", b"\xe2\x82a", b"\xf0\x90\x80",
             b"\xed\xa0\x80", b"\xc0\x80", b"a\x80\x80\xfe", "é😀".encode(), b"\xf4\x90\x80\x80", b"\xe0\x80\x80"]
    calls = [("bytes_decode", (d, e, err)) for d in datas for e in ENCODINGS for err in ERRORS
             if e not in UNSUPPORTED_ENCODINGS]
    rng = random.Random(SEED + 3)
    pieces = [b"a", b"\xc3\xa9", b"\xe2\x82\xac", b"\xf0\x9f\x98\x80", b"\xff", b"\x80", b"\xc3", b"\xe2\x82",
              b"\xf0\x9f", b"\xed\xa0\x80", b"\xf5", b"\xc1\xbf"]
    for _ in range(2000):
        data = b"".join(rng.choice(pieces) for _ in range(rng.randrange(6)))
        calls.append(("bytes_decode", (data, rng.choice(["utf-8", "ascii", "latin-1"]),
                                       rng.choice(["strict", "ignore", "replace", "backslashreplace"]))))
    check(guest, calls)


def test_decode_unsupported_encodings(guest: sh.StringsGuest) -> None:
    """ssc has the UTF-8, ASCII and Latin-1 codecs only (empty data decodes under any name, as in CPython)."""
    for enc in sorted(UNSUPPORTED_ENCODINGS):
        assert guest.run([("bytes_decode", (b"abc", enc, "strict")), ("bytes_decode", (b"", enc, "strict"))]) == [
            ("exc", "LookupError", f"unknown encoding: {enc}"), ("ok", b"")]


# ---- seeded fuzz -----------------------------------------------------------

FUZZ = 1200


def test_fuzz_str(guest: sh.StringsGuest) -> None:
    rng = random.Random(SEED + 4)
    small = "ab é😀\n"
    calls = []

    def idx() -> int | None:
        return rng.choice([None, rng.randrange(-12, 13)])

    for _ in range(FUZZ):
        s = random_str(rng, rng.choice([ALPHABET, small]), 12)
        q = random_str(rng, small, 3)
        calls += [
            ("str_slice", (s, idx(), idx(), rng.choice([None, 1, 2, -1, -3, 5]))),
            ("str_getitem", (s, rng.randrange(-14, 14))),
            ("str_len", (s,)),
            ("str_contains", (s, q)),
            ("str_compare", (s, q, rng.randrange(6))),
            ("str_split", (s, rng.choice([None, q, " ", "a"]), rng.randrange(-1, 4))),
            ("str_rsplit", (s, rng.choice([None, q, " ", "a"]), rng.randrange(-1, 4))),
            ("str_splitlines", (s, rng.randrange(2))),
            ("str_strip", (s, rng.choice([None, q]))),
            ("str_rstrip", (s, rng.choice([None, q]))),
            ("str_find", (s, q, idx(), idx())),
            ("str_rfind", (s, q, idx(), idx())),
            ("str_index", (s, q, idx(), idx())),
            ("str_rindex", (s, q, idx(), idx())),
            ("str_count", (s, q, idx(), idx())),
            ("str_startswith", (s, q, idx(), idx())),
            ("str_endswith", (s, q, idx(), idx())),
            ("str_replace", (s, q, random_str(rng, small, 2), rng.randrange(-1, 4))),
            ("str_partition", (s, q or "a")),
            ("str_rpartition", (s, q or "a")),
            ("str_center", (s, rng.randrange(-2, 16), rng.choice(" é*😀"))),
            ("str_zfill", (s, rng.randrange(-2, 16))),
            ("str_expandtabs", (s.replace("a", "\t"), rng.randrange(-1, 6))),
            ("str_join", (q, [random_str(rng, small, 3) for _ in range(rng.randrange(4))])),
            ("str_repeat", (q, rng.randrange(-1, 5))),
        ]
    check(guest, calls)


def test_long_strs(guest: sh.StringsGuest) -> None:
    """strs of 64 bytes and more, which go through the cached length and index (strings.c's
    sst_know): lengths around multiples of the index's stride, non-ASCII text anywhere."""
    rng = random.Random(SEED + 6)
    calls = []
    for _ in range(300):
        count = rng.choice([32, 64, 95, 96, 97, 128, 160, rng.randrange(30, 400)])
        alphabet = rng.choice(["ab ", "ab é", "aé中😀", ALPHABET])
        s = "".join(rng.choice(alphabet) for _ in range(count))
        if rng.randrange(3) == 0:   # ASCII but for one character
            s = "a" * count + rng.choice("é中😀") + "b" * rng.randrange(40)
        n = len(s)

        def idx() -> int | None:
            return rng.choice([None, rng.randrange(-n - 3, n + 3), rng.choice([0, n, -n, 31, 32, 33, n - 32, -1])])

        calls += [("str_len", (s,)), ("str_getitem", (s, rng.randrange(-n - 2, n + 2))),
                  ("str_getitem", (s, rng.choice([0, n - 1, -1, -n, 32, 63, 64, n - 33]))),
                  ("str_slice", (s, idx(), idx(), rng.choice([None, 1, 2, -1, -3, 7, 33, -40]))),
                  ("str_find", (s, rng.choice("aé😀b"), idx(), idx())),
                  ("str_rfind", (s, rng.choice("aé😀b"), idx(), idx())),
                  ("str_count", (s, rng.choice("aé😀b"), idx(), idx()))]
    check(guest, calls)


def test_fuzz_bytes(guest: sh.StringsGuest) -> None:
    rng = random.Random(SEED + 5)
    calls = []

    def idx() -> int | None:
        return rng.choice([None, rng.randrange(-12, 13)])

    for _ in range(FUZZ):
        s = random_bytes(rng, 12)
        q = random_bytes(rng, 2)
        calls += [
            ("bytes_slice", (s, idx(), idx(), rng.choice([None, 1, 2, -1, -3, 5]))),
            ("bytes_getitem", (s, rng.randrange(-14, 14))),
            ("bytes_compare", (s, q, rng.randrange(6))),
            ("bytes_split", (s, rng.choice([None, q or b" "]), rng.randrange(-1, 4))),
            ("bytes_rsplit", (s, rng.choice([None, q or b" "]), rng.randrange(-1, 4))),
            ("bytes_splitlines", (s, rng.randrange(2))),
            ("bytes_strip", (s, rng.choice([None, q]))),
            ("bytes_find", (s, q, idx(), idx())),
            ("bytes_rindex", (s, q, idx(), idx())),
            ("bytes_count", (s, q, idx(), idx())),
            ("bytes_count_int", (s, rng.choice(BYTES_ALPHABET), idx(), idx())),
            ("bytes_replace", (s, q, random_bytes(rng, 2), rng.randrange(-1, 4))),
            ("bytes_hex", (s, rng.choice([None, ":"]), rng.randrange(-3, 4))),
            ("bytes_title", (s,)),
            ("bytes_istitle", (s,)),
        ]
    check(guest, calls)


# ---- ssc's documented differences -----------------------------------------------

def test_chr_surrogate_is_an_error(guest: sh.StringsGuest) -> None:
    """CPython returns a lone surrogate; ssc's UTF-8 str cannot hold one."""
    for cp in (0xD800, 0xDBFF, 0xDC00, 0xDFFF):
        [(status, name, message)] = guest.run([("str_chr", (cp,))])
        assert (status, name) == ("exc", "ValueError") and "surrogate" in message


def test_too_long_results(guest: sh.StringsGuest) -> None:
    """Results beyond 2**31 - 1 bytes raise OverflowError (CPython: MemoryError)."""
    results = guest.run([("str_repeat", ("ab", 2**30)), ("bytes_repeat", (b"ab", 2**62)),
                         ("str_center", ("a", 2**40, " ")), ("bytes_zeros", (2**31,)),
                         ("str_ljust", ("a", 2**63 - 1, "😀")), ("bytes_zfill", (b"1", 2**63 - 1)),
                         ("str_expandtabs", ("\t" * 3, 2**31 - 1)),
                         ("str_replace", ("aaaa", "a", "x" * 1000, -1))])
    assert results[0] == ("exc", "OverflowError", "repeated string is too long")
    assert results[1] == ("exc", "OverflowError", "repeated bytes are too long")
    assert all(r[:2] == ("exc", "OverflowError") for r in results[2:7])
    assert results[7] == ("ok", b"x" * 4000)


def test_decode_surrogate_handlers(guest: sh.StringsGuest) -> None:
    """errors='surrogateescape' would make lone surrogates: a ValueError in ssc."""
    [(status, name, _)] = guest.run([("bytes_decode", (b"a\xff", "utf-8", "surrogateescape"))])
    assert (status, name) == ("exc", "ValueError")
    assert guest.run([("bytes_decode", (b"abc", "utf-8", "surrogateescape"))]) == [("ok", b"abc")]
