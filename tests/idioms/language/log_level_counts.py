"""Count log lines per level; the accumulator is 'LEVEL=n' pairs separated by spaces."""
from smartstream import smartstream, Record

KNOWN_LEVELS = ["DEBUG", "INFO", "WARN", "ERROR"]


def decode_counts(acc: bytes) -> dict[str, int]:
    counts = {level: 0 for level in KNOWN_LEVELS}
    for pair in acc.decode().split():
        name, value = pair.split("=")
        counts[name] = int(value)
    return counts


def level_of(line: str) -> str:
    for level in KNOWN_LEVELS:
        if f"[{level}]" in line or line.startswith(level):
            return level
    return "OTHER"


@smartstream.aggregate
def aggregate(accumulator: bytes, current: Record) -> bytes:
    counts = decode_counts(accumulator)
    level = level_of(current.value.decode(errors="ignore"))
    counts[level] = counts.get(level, 0) + 1
    return " ".join("%s=%d" % (k, v) for k, v in counts.items()).encode()
