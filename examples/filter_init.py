"""Keep the records that contain the `key` parameter (Fluvio's filter_init).

Unlike filter_with_param, the parameter is required: without it, init
raises, and Fluvio refuses the module with the hint
"ValueError: Missing param key".
"""

from smartstream import Record, smartstream

KEY = ""


@smartstream.init
def init(params: dict[str, str]) -> None:
    global KEY
    if "key" not in params:
        raise ValueError("Missing param key")
    KEY = params["key"]


@smartstream.filter
def filter(record: Record) -> bool:
    return KEY in record.value.decode()
