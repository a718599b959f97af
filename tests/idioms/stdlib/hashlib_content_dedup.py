"""Drop records whose payload was already seen, remembering only MD5 digests."""
import hashlib

from smartstream import smartstream, Record

digests = set()


@smartstream.filter
def filter(record: Record) -> bool:
    digest = hashlib.md5(record.value).digest()
    if digest in digests:
        return False
    digests.add(digest)
    return True
