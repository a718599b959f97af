"""A hand-written CSV splitter that walks one long line by index (quoted
fields, "" escapes) and keeps each field as a slice: issue 18 item 3's
`while i < len(line): ch = line[i]` loop, on records of kilobytes."""
from smartstream import Record, smartstream


@smartstream.map
def csv_scan(record: Record) -> tuple[bytes | None, bytes]:
    line = record.value.decode()
    fields: list[str] = []
    start = 0
    quoted = False
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == '"':
            if quoted and i + 1 < len(line) and line[i + 1] == '"':
                i += 1
            else:
                quoted = not quoted
        elif ch == "," and not quoted:
            fields.append(line[start:i])
            start = i + 1
        i += 1
    fields.append(line[start:])
    longest = max(len(field) for field in fields)
    return record.key, f"{len(fields)} {longest} {fields[-1]}".encode()
