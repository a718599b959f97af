"""Emit an alert for sensor readings that break the limits of their kind."""
import json
from dataclasses import dataclass

from smartstream import smartstream, Record

LIMITS = {
    "temperature": (-20.0, 60.0),
    "humidity": (0.0, 100.0),
    "pressure": (870.0, 1085.0),
}


@dataclass
class Reading:
    device: str
    kind: str
    value: float

    def out_of_range(self) -> bool:
        low, high = LIMITS[self.kind]
        return not (low <= self.value <= high)


@smartstream.filter_map
def filter_map(record: Record):
    raw = json.loads(record.value)
    reading = Reading(raw["device"], raw["kind"], float(raw["value"]))
    if reading.kind not in LIMITS:
        return None
    if not reading.out_of_range():
        return None
    alert = {"device": reading.device, "kind": reading.kind, "value": reading.value,
             "limits": list(LIMITS[reading.kind])}
    return reading.device, json.dumps(alert)
