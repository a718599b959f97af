from smartstream import smartstream, Record


@smartstream.map
def map(record: Record):
    text = record.value.decode("utf-8", "replace")
    words = text.split()
    longest = max(words, key=len) if words else ""
    stats = {
        "chars": len(text),
        "bytes": len(record.value),
        "words": len(words),
        "lines": text.count("\n") + 1 if text else 0,
        "longest": longest,
        "upper": sum(1 for c in text if c.isupper()),
    }
    return record.key, " ".join(f"{k}={v}" for k, v in stats.items())
