"""CSV field extractor and filter: keep the orders shipped to one region and
emit "order_id,amount" for them (a filter_map, Fluvio's SmartModule ABI)."""
from smartstream import Record, smartstream


@smartstream.filter_map
def csv_pick(record: Record) -> tuple[bytes | None, bytes] | None:
    fields = record.value.decode().split(",")
    if fields[3] != "eu-west":
        return None
    return record.key, (fields[0] + "," + fields[5]).encode()
