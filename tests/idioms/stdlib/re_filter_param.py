"""Keep records matching the regular expression given in the `regex` parameter (Fluvio's regex filter)."""
import re

from smartstream import smartstream, Record

PATTERN = re.compile(".*")


@smartstream.init
def init(params: dict[str, str]) -> None:
    global PATTERN
    if "regex" not in params:
        raise ValueError("missing required parameter: regex")
    flags = re.IGNORECASE if params.get("ignore_case") == "true" else 0
    PATTERN = re.compile(params["regex"], flags)


@smartstream.filter
def filter(record: Record) -> bool:
    return PATTERN.search(record.value.decode()) is not None
