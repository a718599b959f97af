# filter.py: keep records whose value contains the letter "a"
from smartstream import smartstream, Record

@smartstream.filter
def filter(record: Record) -> bool:
    string = record.value.decode("utf-8")
    return "a" in string
