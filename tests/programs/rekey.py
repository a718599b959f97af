# map with a non-optional key, str values, record offsets
from smartstream import smartstream, Record


@smartstream.map
def rekey(record: Record) -> tuple[bytes, str]:
    text = record.value.decode("utf8")
    return record.value, text + "@" + str(record.offset)
