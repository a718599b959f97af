"""Key each record by the UTC minute it was produced in, e.g. 2023-11-14T22:13."""
import time

from smartstream import smartstream, Record


@smartstream.map
def map(record: Record):
    seconds = record.timestamp // 1000
    bucket = time.strftime("%Y-%m-%dT%H:%M", time.gmtime(seconds))
    return bucket, record.value
