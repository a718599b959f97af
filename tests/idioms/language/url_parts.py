"""Break a URL into scheme, host, port, path and query parameters, by hand."""
import json

from smartstream import smartstream, Record

DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21}


def parse_query(query: str) -> dict:
    params = {}
    for pair in query.split("&"):
        if not pair:
            continue
        name, _, value = pair.partition("=")
        params.setdefault(name, []).append(value.replace("+", " "))
    return params


def split_url(url: str):
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ValueError(f"missing scheme in {url}")
    rest, _, fragment = rest.partition("#")
    rest, _, query = rest.partition("?")
    netloc, slash, path = rest.partition("/")
    host, colon, port = netloc.partition(":")
    return {
        "scheme": scheme.lower(),
        "host": host.lower(),
        "port": int(port) if colon else DEFAULT_PORTS.get(scheme.lower()),
        "path": slash + path or "/",
        "query": parse_query(query),
        "fragment": fragment or None,
    }


@smartstream.map
def map(record: Record):
    return record.key, json.dumps(split_url(record.value.decode()))
