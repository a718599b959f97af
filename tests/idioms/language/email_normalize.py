"""Normalise e-mail addresses: lower-case, drop +tags, drop dots for gmail."""
from smartstream import smartstream, Record

DOTLESS_DOMAINS = frozenset({"gmail.com", "googlemail.com"})


def normalize(address: str) -> str:
    address = address.strip().lower()
    if address.count("@") != 1:
        raise ValueError(f"invalid address: {address}")
    local, domain = address.split("@")
    local = local.split("+", 1)[0]
    if domain in DOTLESS_DOMAINS:
        local = local.replace(".", "")
        domain = "gmail.com"
    return f"{local}@{domain}"


@smartstream.map
def map(record: Record):
    return record.key, normalize(record.value.decode())
