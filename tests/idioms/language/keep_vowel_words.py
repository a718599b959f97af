# Keep records that contain at least one word starting with a vowel.
from smartstream import smartstream, Record

VOWELS = set("aeiouAEIOU")


@smartstream.filter
def filter(record: Record) -> bool:
    text = record.value.decode("utf-8", errors="replace")
    return any(word[0] in VOWELS for word in text.split())
