"""Mask e-mail addresses in free text: jane.doe@example.com -> j*******@example.com"""
from smartstream import smartstream, Record


def mask_address(token: str) -> str:
    local, _, domain = token.partition("@")
    if not local or "." not in domain:
        return token
    return local[0] + "*" * (len(local) - 1) + "@" + domain


def mask_text(text):
    out = []
    for token in text.split(" "):
        if "@" in token:
            # keep trailing punctuation outside the mask
            stripped = token.rstrip(".,;:!?)")
            tail = token[len(stripped):]
            out.append(mask_address(stripped) + tail)
        else:
            out.append(token)
    return " ".join(out)


@smartstream.map
def map(record: Record):
    return record.key, mask_text(record.value.decode())
