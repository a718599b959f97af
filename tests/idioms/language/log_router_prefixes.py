"""Route log lines by their prefix; lines from noisy components are dropped."""
from smartstream import smartstream, Record

NOISY = ("healthcheck", "metrics-scraper")
ERROR_MARKERS = ("ERROR", "FATAL", "panic:")


def first_of(*candidates, default="misc"):
    for c in candidates:
        if c:
            return c
    return default


@smartstream.filter_map
def filter_map(record: Record):
    line = record.value.decode().strip()
    component, _, message = line.partition(": ")
    if component.startswith(NOISY):
        return None
    severity = "error" if message.startswith(ERROR_MARKERS) else None
    route = first_of(severity, component.split("/")[0] if "/" in component else None, default="app")
    return route, message or line
