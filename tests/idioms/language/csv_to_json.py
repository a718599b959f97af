"""Turn CSV rows into JSON objects using the column names given as a parameter."""
import json

from smartstream import smartstream, Record

COLUMNS: list[str] = []
DELIMITER = ","


@smartstream.init
def init(params):
    global COLUMNS, DELIMITER
    COLUMNS = [c.strip() for c in params["columns"].split(",")]
    DELIMITER = params.get("delimiter", ",")


def convert(value: str):
    if value.isdigit():
        return int(value)
    try:
        return float(value)
    except ValueError:
        return value


@smartstream.map
def map(record: Record):
    cells = record.value.decode().rstrip("\r\n").split(DELIMITER)
    if len(cells) != len(COLUMNS):
        raise ValueError(f"expected {len(COLUMNS)} columns but got {len(cells)}")
    row = dict(zip(COLUMNS, map_cells(cells)))
    return record.key, json.dumps(row)


def map_cells(cells):
    return [convert(c.strip()) for c in cells]
