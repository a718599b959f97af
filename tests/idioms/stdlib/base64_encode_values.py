import base64

from smartstream import smartstream, Record


@smartstream.map
def map(record: Record):
    encoded = base64.urlsafe_b64encode(record.value).rstrip(b"=")
    return record.key, encoded
