"""Filter numeric records with a comparison chosen by params: op=gt|ge|lt|le|eq, value=N."""
import operator

from smartstream import smartstream, Record

OPS = {"gt": operator.gt, "ge": operator.ge, "lt": operator.lt, "le": operator.le, "eq": operator.eq}
compare = operator.gt
limit = 0.0


@smartstream.init
def init(params: dict[str, str]):
    global compare, limit
    name = params.get("op", "gt")
    if name not in OPS:
        raise ValueError(f"op must be one of {', '.join(sorted(OPS))}, not {name!r}")
    compare = OPS[name]
    limit = float(params.get("value", "0"))


@smartstream.filter
def filter(record: Record) -> bool:
    return compare(float(record.value), limit)
