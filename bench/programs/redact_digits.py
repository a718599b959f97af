"""A character-by-character loop: replace every ASCII digit with '#'."""
from smartstream import Record, smartstream


@smartstream.map
def redact_digits(record: Record) -> tuple[bytes | None, bytes]:
    out: list[str] = []
    for ch in record.value.decode():
        out.append("#" if "0" <= ch <= "9" else ch)
    return record.key, "".join(out).encode()
