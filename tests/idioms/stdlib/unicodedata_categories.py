"""Drop control and format characters (category C*) and report what was removed."""
import unicodedata

from smartstream import smartstream, Record


@smartstream.map
def map(record: Record):
    text = record.value.decode()
    kept = []
    removed = []
    for ch in text:
        if unicodedata.category(ch).startswith("C") and ch not in "\t\n":
            removed.append(unicodedata.name(ch, f"U+{ord(ch):04X}"))
        else:
            kept.append(ch)
    suffix = f" [removed: {', '.join(removed)}]" if removed else ""
    return record.key, "".join(kept) + suffix
