"""Drop readings that are NaN or infinite and round the rest to 2 significant decimals."""
import math

from smartstream import smartstream, Record


@smartstream.filter_map
def filter_map(record: Record):
    value = float(record.value)
    if math.isnan(value) or math.isinf(value):
        return None
    return record.key, f"{math.floor(value)} {math.ceil(value)} {round(value, 2)} {math.copysign(1, value):+.0f}"
