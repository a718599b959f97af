"""Replace US social security numbers (123-45-6789) with ***-**-6789, no regex."""
from smartstream import smartstream, Record

PATTERN = (3, 2, 4)


def is_ssn(s: str) -> bool:
    parts = s.split("-")
    if len(parts) != len(PATTERN):
        return False
    return all(len(p) == n and p.isdigit() for p, n in zip(parts, PATTERN))


def redact(text: str) -> str:
    words = text.split()
    for i, w in enumerate(words):
        core = w.strip(",.;()")
        if is_ssn(core):
            words[i] = w.replace(core, "***-**-" + core[-4:])
    return " ".join(words)


@smartstream.map
def map(record: Record):
    return record.key, redact(record.value.decode())
