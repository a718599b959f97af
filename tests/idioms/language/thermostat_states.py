"""Track a thermostat's state (HEATING / IDLE / COOLING) with hysteresis; emit only transitions."""
from smartstream import smartstream, Record

HEATING, IDLE, COOLING = "HEATING", "IDLE", "COOLING"
TARGET = 21.0
BAND = 1.5

state = IDLE


def next_state(current: str, temp: float) -> str:
    if temp < TARGET - BAND:
        return HEATING
    if temp > TARGET + BAND:
        return COOLING
    if current == HEATING and temp >= TARGET:
        return IDLE
    if current == COOLING and temp <= TARGET:
        return IDLE
    return current


@smartstream.filter_map
def filter_map(record: Record):
    global state
    temp = float(record.value)
    new = next_state(state, temp)
    if new == state:
        return None
    old, state = state, new
    return None, f"{old} -> {new} at {temp}"
