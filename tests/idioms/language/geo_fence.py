"""Keep positions ("lat,lon") inside the configured bounding box."""
from smartstream import smartstream, Record

BOX = {"min_lat": 40.49, "max_lat": 40.92, "min_lon": -74.27, "max_lon": -73.68}  # New York City


@smartstream.init
def init(params: dict[str, str]):
    for name in BOX:
        if name in params:
            BOX[name] = float(params[name])


@smartstream.filter
def filter(record: Record) -> bool:
    lat_s, lon_s = record.value.decode().split(",")
    lat, lon = float(lat_s), float(lon_s)
    return BOX["min_lat"] <= lat <= BOX["max_lat"] and BOX["min_lon"] <= lon <= BOX["max_lon"]
