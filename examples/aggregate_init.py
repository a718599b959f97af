"""A running sum that starts from the `initial_value` parameter (Fluvio's aggregate-init)."""

from smartstream import Record, smartstream

INITIAL = 0


@smartstream.init
def init(params: dict[str, str]) -> None:
    global INITIAL
    INITIAL = int(params.get("initial_value", "0"))


@smartstream.aggregate
def aggregate(accumulator: bytes, current: Record) -> str:
    total = int(accumulator) if accumulator else INITIAL
    return str(total + int(current.value))
