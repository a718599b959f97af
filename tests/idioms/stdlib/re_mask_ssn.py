import re

from smartstream import smartstream, Record

SSN = re.compile(r"\b(\d{3})-(\d{2})-(\d{4})\b")


@smartstream.map
def map(record: Record):
    text = record.value.decode()
    return record.key, SSN.sub(r"***-**-\3", text)
