"""Parse Prometheus exposition lines into JSON: name, labels, value (comments skipped)."""
import json

from smartstream import smartstream, Record


def parse_labels(text: str) -> dict[str, str]:
    labels = {}
    for item in text.split(","):
        if not item.strip():
            continue
        name, value = item.split("=", 1)
        labels[name.strip()] = value.strip().strip('"')
    return labels


@smartstream.filter_map
def filter_map(record: Record):
    line = record.value.decode().strip()
    if not line or line.startswith("#"):
        return None
    if "{" in line:
        name, rest = line.split("{", 1)
        label_text, rest = rest.split("}", 1)
        labels = parse_labels(label_text)
    else:
        name, rest = line.split(" ", 1)
        labels = {}
    value = float(rest.split()[0])
    return name, json.dumps({"name": name, "labels": labels, "value": value})
