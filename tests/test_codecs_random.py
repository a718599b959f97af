"""CPython's base64, binascii and zlib are the oracle, on random inputs.

One SmartStream runs every decoder of base64 and binascii on the record's
value (and on it as a str), with each option, and every encoder on the
value and on what it decoded; hypothesis draws the values from an alphabet
skewed towards base64, base32 and hex digits, padding and stray bytes, so
that most of binascii.Error's paths are taken. The program runs under
CPython and compiled, on the same batch, and every record's output must be
identical. Deterministic and bounded: one compile, a few batches.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stdlib_oracle import both, differences

SOURCE = '''\
import base64
import binascii
import zlib

from smartstream import Record, smartstream


def attempt(kind: int, data: bytes) -> str:
    try:
        if kind == 0:
            return repr(base64.b64decode(data))
        if kind == 1:
            return repr(base64.b64decode(data, validate=True))
        if kind == 2:
            return repr(base64.b64decode(data, b"-_"))
        if kind == 3:
            return repr(base64.urlsafe_b64decode(data))
        if kind == 4:
            return repr(base64.b32decode(data))
        if kind == 5:
            return repr(base64.b32decode(data, casefold=True, map01=b"L"))
        if kind == 6:
            return repr(base64.b32hexdecode(data, casefold=True))
        if kind == 7:
            return repr(base64.b16decode(data))
        if kind == 8:
            return repr(base64.b16decode(data, casefold=True))
        if kind == 9:
            return repr(binascii.unhexlify(data))
        if kind == 10:
            return repr(base64.b64decode(data.decode("latin-1"), validate=True))
        return repr(base64.b32decode(data.decode("latin-1")))
    except binascii.Error as exc:
        return f"Error: {exc}"
    except ValueError as exc:
        return f"ValueError: {exc}"


@smartstream.map
def entry(record: Record) -> tuple[bytes | None, str]:
    data = record.value
    out = [attempt(kind, data) for kind in range(12)]
    out.append(repr(base64.b64encode(data)))
    out.append(repr(base64.b64encode(data, altchars=b"*!")))
    out.append(repr(base64.urlsafe_b64encode(data)))
    out.append(repr(base64.standard_b64encode(data)))
    out.append(repr(base64.b32encode(data)))
    out.append(repr(base64.b32hexencode(data)))
    out.append(repr(base64.b16encode(data)))
    out.append(repr(binascii.hexlify(data)))
    out.append(repr(binascii.b2a_hex(data, ":", 2)))
    out.append(repr(binascii.hexlify(data, b" ", -3)))
    out.append(str(binascii.crc32(data)))
    out.append(str(zlib.crc32(data, 12345)))
    return None, " | ".join(out)
'''

ALPHABET = list(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefxyz0123456789+/-_=") + [ord("="), ord("="), 10, 32, 0x80, 0xff]
VALUES = st.lists(st.sampled_from(ALPHABET), max_size=24).map(bytes)
#: Encoded texts, maybe cut or with a stray byte: the decoders' common inputs.
ENCODED = st.tuples(st.binary(max_size=12), st.sampled_from(["b64", "b32", "b16"]), st.integers(0, 3)).map(
    lambda t: _encoded(*t))


def _encoded(raw: bytes, kind: str, damage: int) -> bytes:
    import base64
    text = {"b64": base64.b64encode, "b32": base64.b32encode, "b16": base64.b16encode}[kind](raw)
    if damage == 1 and text:
        return text[:-1]
    if damage == 2:
        return text + b"="
    if damage == 3 and text:
        return text[:1] + b"!" + text[1:]
    return text


@pytest.fixture(scope="module")
def modules(tmp_path_factory):
    return both(SOURCE, tmp_path_factory.mktemp("codecs"), "codecs_random.py")


@settings(max_examples=6, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(VALUES, ENCODED), min_size=30, max_size=60))
def test_codecs_match_cpython(modules, values) -> None:
    wrong = differences(modules, [(None, v) for v in values])
    assert not wrong, "\n".join(wrong[:6])
