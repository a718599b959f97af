"""Build a search URL from each query string, percent-encoding it."""
from urllib.parse import quote_plus, unquote, urlencode

from smartstream import smartstream, Record

BASE = "https://search.example.com/?"


@smartstream.map
def map(record: Record):
    query = unquote(record.value.decode())
    url = BASE + urlencode({"q": query, "lang": "en"})
    return quote_plus(query), url
