from smartstream import smartstream, Record


def is_palindrome(text: str) -> bool:
    cleaned = [c for c in text.casefold() if c.isalnum()]
    return len(cleaned) > 0 and cleaned == cleaned[::-1]


@smartstream.filter
def filter(record: Record) -> bool:
    return is_palindrome(record.value.decode())
