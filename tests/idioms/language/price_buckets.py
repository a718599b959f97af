"""Key each purchase by a price bucket; bucket edges computed once at import."""
from smartstream import smartstream, Record

EDGES = [10 * 2 ** i for i in range(6)]  # 10, 20, 40, ... 320
LABELS = [f"<{e}" for e in EDGES] + [f">={EDGES[-1]}"]


def bucket(price: float) -> str:
    for edge, label in zip(EDGES, LABELS):
        if price < edge:
            return label
    return LABELS[-1]


@smartstream.map
def map(record: Record):
    price = float(record.value.decode().lstrip("$"))
    return bucket(price), record.value
