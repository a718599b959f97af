"""CPython's hashlib is the oracle, on random data.

One SmartStream prints every digest ssc has (md5, sha1, sha224, sha256,
sha384, sha512, blake2b, blake2s; digest() and hexdigest()) of the record's
value, and blake2b/blake2s with the record's key as their key and a digest
size taken from the value's length (out of range too: CPython's
ValueError). hypothesis draws values of lengths around the block sizes (55,
56, 64, 111, 112, 128 bytes...), and the program runs under CPython and
compiled on the same batch: every output must be identical. One compile, a
few batches.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stdlib_oracle import both, differences

SOURCE = '''\
import hashlib
from hashlib import blake2b, blake2s

from smartstream import Record, smartstream


def keyed(data: bytes, key: bytes) -> str:
    size = len(data) % 70
    try:
        return f"{blake2b(data, digest_size=size, key=key).hexdigest()} {blake2s(data, key=key, digest_size=size % 34).hexdigest()}"
    except ValueError as exc:
        return f"ValueError: {exc}"


@smartstream.map
def entry(record: Record) -> tuple[bytes | None, str]:
    v = record.value
    out = [hashlib.md5(v).hexdigest(), hashlib.sha1(v).hexdigest(), hashlib.sha224(v).hexdigest(),
           hashlib.sha256(v).hexdigest(), hashlib.sha384(v).hexdigest(), hashlib.sha512(v).hexdigest(),
           hashlib.blake2b(v).hexdigest(), hashlib.blake2s(v).hexdigest(), hashlib.new("sha1", v).hexdigest(),
           repr(hashlib.sha256(v).digest()), repr(blake2b(v, digest_size=20).digest()),
           keyed(v, record.key or b"")]
    return None, " ".join(out)
'''

LENGTHS = st.sampled_from([0, 1, 3, 55, 56, 57, 63, 64, 65, 111, 112, 113, 127, 128, 129, 200, 256, 300])
VALUES = st.one_of(st.binary(max_size=300), LENGTHS.flatmap(lambda n: st.binary(min_size=n, max_size=n)))
KEYS = st.one_of(st.none(), st.binary(max_size=70))


@pytest.fixture(scope="module")
def modules(tmp_path_factory):
    return both(SOURCE, tmp_path_factory.mktemp("hashes"), "hashes_random.py")


@settings(max_examples=5, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(KEYS, VALUES), min_size=30, max_size=60))
def test_digests_match_cpython(modules, records) -> None:
    wrong = differences(modules, records)
    assert not wrong, "\n".join(wrong[:6])
