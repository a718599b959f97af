"""Keep the records that contain a parameter's text (Fluvio's filter_with_param).

The `key` parameter, given to init, says what to look for; it defaults to
"a". A SmartModule: compile with `ssc compile --abi smartmodule`.
"""

from smartstream import Record, smartstream

KEY = "a"


@smartstream.init
def init(params: dict[str, str]) -> None:
    global KEY
    KEY = params.get("key", "a")


@smartstream.filter
def filter(record: Record) -> bool:
    return KEY in record.value.decode()
