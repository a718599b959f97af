"""Keep temperature readings ("sensor-1,72.5") above the configured threshold."""
from smartstream import smartstream, Record

threshold = 100.0


@smartstream.init
def init(params: dict[str, str]) -> None:
    global threshold
    threshold = float(params.get("threshold", 100))


@smartstream.filter
def filter(record: Record) -> bool:
    sensor, reading = record.value.decode().split(",")
    return float(reading) > threshold
