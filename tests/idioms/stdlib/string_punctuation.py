"""Remove punctuation and digits using the string module constants."""
import string

from smartstream import smartstream, Record

TABLE = str.maketrans("", "", string.punctuation + string.digits)


@smartstream.map
def map(record: Record):
    cleaned = record.value.decode().translate(TABLE)
    return record.key, string.capwords(cleaned)
