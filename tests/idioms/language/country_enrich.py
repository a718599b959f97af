"""Add the country name and region to events that carry an ISO country code."""
import json

from smartstream import smartstream, Record

COUNTRIES = {
    "US": ("United States", "AMER"),
    "CA": ("Canada", "AMER"),
    "BR": ("Brazil", "LATAM"),
    "DE": ("Germany", "EMEA"),
    "FR": ("France", "EMEA"),
    "JP": ("Japan", "APAC"),
    "IN": ("India", "APAC"),
}


@smartstream.map
def map(record: Record):
    event = json.loads(record.value)
    code = str(event.get("country", "")).upper()
    name, region = COUNTRIES.get(code, ("Unknown", "UNKNOWN"))
    event.update(country_name=name, region=region)
    return region, json.dumps(event)
