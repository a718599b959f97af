"""Mask US social security numbers (ddd-dd-dddd) in a long record, building
the output with `out += ...` one character at a time: issue 18 item 3's
index loop and string concatenation, on records of kilobytes."""
from smartstream import Record, smartstream


def is_ssn(line: str, i: int) -> bool:
    if i + 11 > len(line) or line[i + 3] != "-" or line[i + 6] != "-":
        return False
    return line[i:i + 3].isdigit() and line[i + 4:i + 6].isdigit() and line[i + 7:i + 11].isdigit()


@smartstream.map
def ssn_mask(record: Record) -> tuple[bytes | None, bytes]:
    line = record.value.decode()
    out = ""
    i = 0
    while i < len(line):
        if line[i].isdigit() and is_ssn(line, i):
            out += "***-**-" + line[i + 7:i + 11]
            i += 11
        else:
            out += line[i]
            i += 1
    return record.key, out.encode()
