"""Map numeric syslog severities to names with an Enum and keep warnings and worse."""
from enum import Enum, IntEnum

from smartstream import smartstream, Record


class Severity(IntEnum):
    EMERGENCY = 0
    ALERT = 1
    CRITICAL = 2
    ERROR = 3
    WARNING = 4
    NOTICE = 5
    INFO = 6
    DEBUG = 7


class Color(Enum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"


def color_for(sev: Severity) -> Color:
    if sev <= Severity.ERROR:
        return Color.RED
    if sev == Severity.WARNING:
        return Color.YELLOW
    return Color.GREEN


@smartstream.filter_map
def filter_map(record: Record):
    level, _, message = record.value.decode().partition(" ")
    sev = Severity(int(level))
    if sev > Severity.WARNING:
        return None
    return sev.name, f"[{color_for(sev).value}] {sev.name.lower()}: {message}"
