"""Remove simple Markdown formatting (headers, emphasis, inline code, links) from messages."""
from smartstream import smartstream, Record


def strip_links(text: str) -> str:
    # [label](url) -> label
    out = ""
    while True:
        start = text.find("[")
        mid = text.find("](", start)
        end = text.find(")", mid)
        if start == -1 or mid == -1 or end == -1:
            return out + text
        out += text[:start] + text[start + 1:mid]
        text = text[end + 1:]


def strip_markdown(line: str) -> str:
    line = line.lstrip("#").strip()
    line = strip_links(line)
    for marker in ("**", "__", "`", "*", "_"):
        line = line.replace(marker, "")
    return line


@smartstream.map
def map(record: Record):
    lines = record.value.decode().split("\n")
    return record.key, "\n".join(strip_markdown(l) for l in lines)
