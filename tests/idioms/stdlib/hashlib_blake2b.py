"""Key records by a short BLAKE2b fingerprint of the value."""
from hashlib import blake2b, sha1

from smartstream import smartstream, Record


@smartstream.map
def map(record: Record):
    fingerprint = blake2b(record.value, digest_size=8).hexdigest()
    return fingerprint, sha1(record.value).hexdigest()
