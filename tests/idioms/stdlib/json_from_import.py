from json import loads, dumps, JSONDecodeError

from smartstream import smartstream, Record


@smartstream.map
def map(record: Record):
    try:
        doc = loads(record.value)
    except JSONDecodeError as err:
        return record.key, dumps({"error": err.msg, "pos": err.pos})
    return record.key, dumps({"type": type(doc).__name__, "doc": doc})
