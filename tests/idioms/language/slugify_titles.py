from smartstream import smartstream, Record


def slugify(title: str) -> str:
    chars = []
    for ch in title.lower():
        if ch.isalnum():
            chars.append(ch)
        elif chars and chars[-1] != "-":
            chars.append("-")
    return "".join(chars).strip("-")


@smartstream.map
def map(record: Record):
    title = record.value.decode()
    return slugify(title), title
