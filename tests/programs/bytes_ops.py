# bytes: in, ==, !=, len, +
from smartstream import smartstream, Record


@smartstream.filter
def errors_only(record: Record) -> bool:
    value = record.value
    tagged = b"[" + value + b"]"
    return b"err" in value and tagged != b"[error]" or value == b"" or len(value) > 20 and b"warn" not in value
