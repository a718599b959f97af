"""Group 'tag:value' pairs into a JSON object of lists, using typing aliases."""
import json
from typing import Dict, List, Optional, Tuple, Union

from smartstream import smartstream, Record

Number = Union[int, float]


def parse_value(text: str) -> Union[Number, str]:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def split_pair(item: str) -> Optional[Tuple[str, str]]:
    if ":" not in item:
        return None
    tag, value = item.split(":", 1)
    return tag.strip(), value.strip()


@smartstream.map
def map(record: Record):
    groups: Dict[str, List[Union[Number, str]]] = {}
    for item in record.value.decode().split(","):
        pair = split_pair(item)
        if pair is None:
            continue
        groups.setdefault(pair[0], []).append(parse_value(pair[1]))
    return record.key, json.dumps(groups)
