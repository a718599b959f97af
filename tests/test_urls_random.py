"""CPython's urllib.parse is the oracle, on random URLs and query strings.

One SmartStream splits and parses the record's text (urlsplit, urlparse with
their fields and the hostname, port, username and password properties,
parse_qsl and parse_qs with each option) and quotes and unquotes it.
hypothesis draws texts from URL pieces (schemes of every case, user
information, bracketed and plain hosts, ports good and bad, paths with
;params, queries with escapes, '+', blank and repeated fields, fragments,
spaces, controls and non-ASCII characters). The program runs under CPython
and compiled on the same batch, and every output must be identical. One
compile, a few batches.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stdlib_oracle import both, differences

SOURCE = '''\
from urllib.parse import parse_qs, parse_qsl, quote, quote_plus, unquote, unquote_plus, urlparse, urlsplit

from smartstream import Record, smartstream


def port_of(s: str) -> str:
    try:
        return str(urlsplit(s).port)
    except ValueError as exc:
        return f"ValueError: {exc}"


def strict(qs: str) -> str:
    try:
        return repr(parse_qsl(qs, strict_parsing=True))
    except ValueError as exc:
        return f"ValueError: {exc}"


@smartstream.map
def entry(record: Record) -> tuple[bytes | None, str]:
    s = record.value.decode()
    try:
        u = urlparse(s)
        v = urlsplit(s, scheme="x", allow_fragments=False)
    except ValueError as exc:
        return None, f"ValueError: {exc}"
    out = [repr(u), repr(v), repr(u.hostname), port_of(s), repr(u.username), repr(u.password), repr(v.hostname),
           repr(parse_qsl(u.query)), repr(parse_qs(u.query, keep_blank_values=True)), strict(u.query),
           repr(parse_qsl(s, separator=";")), quote(s), quote_plus(s, safe=":/"), unquote(s), unquote_plus(s)]
    return None, " | ".join(out)
'''

PIECES = ["http", "HTTPS", "ftp", "mailto", "sip", "1x", "a+b.c-d", ":", "://", "//", "/", "?", "#", "&", "=", ";",
          "@", "[", "]", "[::1]", "[v1.x]", "[1.2.3.4]", "[::ffff:1.2.3.4]", "[fe80::1%x]", "[1::2::3]", "[vz]", ":80", ":0", ":65536", ":x", ":", "user", "pw", "Host.COM", "%41",
          "%zz", "%", "%e2%82%ac", "+", " ", "\t", "\n", "\x00", "é", "日", "a", "b", "k=v", "k=", "=v", "k"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


@pytest.fixture(scope="module")
def modules(tmp_path_factory):
    return both(SOURCE, tmp_path_factory.mktemp("urls"), "urls_random.py")


@settings(max_examples=6, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(TEXTS, min_size=30, max_size=60))
def test_urls_match_cpython(modules, texts) -> None:
    wrong = differences(modules, [(None, t.encode()) for t in texts])
    assert not wrong, "\n".join(wrong[:6])
