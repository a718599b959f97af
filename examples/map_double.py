# map_double.py: read each value as an integer and double it
from smartstream import smartstream, Record

@smartstream.map
def map(record: Record) -> tuple[bytes | None, bytes]:
    key = record.key
    string = record.value.decode()
    value = str(int(string) * 2)
    return key, value.encode()
