"""Remove accents: NFKD-normalise and drop combining marks (café -> cafe)."""
import unicodedata

from smartstream import smartstream, Record


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@smartstream.map
def map(record: Record):
    return record.key, strip_accents(record.value.decode())
