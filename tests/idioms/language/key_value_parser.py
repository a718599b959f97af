"""Parse logfmt-style lines (key=value key2="quoted value") into JSON."""
import json

from smartstream import smartstream, Record


def parse_logfmt(line: str) -> dict[str, str]:
    result = {}
    i, n = 0, len(line)
    while i < n:
        while i < n and line[i] == " ":
            i += 1
        start = i
        while i < n and line[i] not in "= ":
            i += 1
        key = line[start:i]
        value = ""
        if i < n and line[i] == "=":
            i += 1
            if i < n and line[i] == '"':
                end = line.find('"', i + 1)
                if end == -1:
                    raise ValueError(f"unterminated quote after {key}=")
                value = line[i + 1:end]
                i = end + 1
            else:
                start = i
                while i < n and line[i] != " ":
                    i += 1
                value = line[start:i]
        if key:
            result[key] = value
    return result


@smartstream.map
def map(record: Record):
    fields = parse_logfmt(record.value.decode())
    return fields.get("service"), json.dumps(fields)
