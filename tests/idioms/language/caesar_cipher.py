"""ROT-n over ASCII letters; the shift comes from the `shift` parameter (default 13)."""
from smartstream import smartstream, Record

SHIFT = 13


@smartstream.init
def init(params: dict[str, str]):
    global SHIFT
    SHIFT = int(params.get("shift", "13")) % 26


def rotate(ch: str) -> str:
    if "a" <= ch <= "z":
        return chr((ord(ch) - ord("a") + SHIFT) % 26 + ord("a"))
    if "A" <= ch <= "Z":
        return chr((ord(ch) - ord("A") + SHIFT) % 26 + ord("A"))
    return ch


@smartstream.map
def map(record: Record):
    return record.key, "".join(map_chars(record.value.decode()))


def map_chars(text):
    return [rotate(c) for c in text]
