"""Classify hostnames by top-level domain, caching the lookup."""
from functools import lru_cache

from smartstream import smartstream, Record

REGIONS = {"de": "eu", "fr": "eu", "uk": "eu", "jp": "apac", "au": "apac", "com": "global", "io": "global"}


@lru_cache(maxsize=256)
def region_of(host: str) -> str:
    tld = host.rstrip(".").rsplit(".", 1)[-1].lower()
    return REGIONS.get(tld, "other")


@smartstream.map
def map(record: Record):
    host = record.value.decode().strip()
    return region_of(host), host
