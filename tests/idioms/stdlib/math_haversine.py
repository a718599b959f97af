"""Distance in km of each position from the depot, via the haversine formula."""
import math

from smartstream import smartstream, Record

EARTH_RADIUS_KM = 6371.0088
DEPOT = (52.5200, 13.4050)  # Berlin


def haversine(a, b):
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


@smartstream.map
def distance(record: Record):
    lat, lon = (float(x) for x in record.value.decode().split(","))
    return record.key, f"{haversine(DEPOT, (lat, lon)):.3f} km"
