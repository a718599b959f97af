"""Turn 'name score' records into letter grades."""
from smartstream import smartstream, Record

GRADES = ((90, "A"), (80, "B"), (70, "C"), (60, "D"))


def letter(score: int) -> str:
    for cutoff, grade in GRADES:
        if score >= cutoff:
            return grade
    return "F"


@smartstream.map
def map(record: Record):
    name, score = record.value.decode().rsplit(maxsplit=1)
    score = int(score)
    if not 0 <= score <= 100:
        raise ValueError(f"score out of range for {name}: {score}")
    return name.encode(), "%-10s %3d %s" % (name, score, letter(score))
