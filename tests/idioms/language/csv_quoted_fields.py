"""A tiny CSV splitter that honours double quotes, then re-emits the row tab-separated."""
from smartstream import smartstream, Record


def split_csv(line: str) -> list[str]:
    fields = []
    current = ""
    in_quotes = False
    i = 0
    while i < len(line):
        ch = line[i]
        if in_quotes:
            if ch == '"':
                if i + 1 < len(line) and line[i + 1] == '"':
                    current += '"'
                    i += 1
                else:
                    in_quotes = False
            else:
                current += ch
        elif ch == '"':
            in_quotes = True
        elif ch == ",":
            fields.append(current)
            current = ""
        else:
            current += ch
        i += 1
    if in_quotes:
        raise ValueError("unterminated quoted field")
    fields.append(current)
    return fields


@smartstream.map
def map(record: Record):
    fields = split_csv(record.value.decode())
    return record.key, "\t".join(fields)
