from smartstream import smartstream, Record


@smartstream.map
def map(record: Record):
    text = record.value.decode()
    return record.key, text.upper()
