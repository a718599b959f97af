"""Rewrite each JSON record as YAML, keeping its key (Fluvio's map_json).

A port of the map_json example of Fluvio's SmartModule examples
(smartmodule/examples/map_json/src/lib.rs), which parses the record's value
as a serde_json Value and writes it back out with serde_yaml 0.9. This port
writes the same block style:

    {"name": "fluvio", "tags": ["streaming", "wasm"], "owner": {"login": "infinyon"}}

becomes

    name: fluvio
    owner:
      login: infinyon
    tags:
    - streaming
    - wasm

Object keys come out sorted by code point, the order serde_json's map (a
BTreeMap) keeps them in. A string is written plain unless it could read
back as something else or would not parse: one that reads as null, a
boolean or a number (`'true'`, `'yes'`, `'~'`, `'.5'`, `''`), starts with a
digit (YAML 1.1 also reads dates and times: `'2026-11-27'`) or with a YAML
indicator, has a space at either end, or holds `: ` or ` #` is
single-quoted; one with a line break or another unprintable character is
double-quoted with JSON's escapes. A float with an exponent and no point
gets one (`1.0e+21`), as YAML 1.1 requires. The text is not byte for byte
serde_yaml's (it writes multi-line strings as `|-` blocks and floats as
ryu does), but it reads back as the same value with a YAML 1.2 reader such
as serde_yaml and with a YAML 1.1 one such as PyYAML. A record that is not
JSON stops the batch with json.loads' exception, as the Rust `?` does with
serde_json's error.
"""

import json
from typing import Any

from smartstream import Record, smartstream

#: Plain words that YAML 1.1 or 1.2 readers take for something else (compared in lower case):
#: null, booleans, the special floats, and YAML 1.1's merge key and value indicator.
KEYWORDS = ("~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", "+.inf", "-.inf", ".nan",
            "<<", "=")

#: A plain scalar that starts with a digit may read as a number, a date or a time (1:30 is 90 in YAML 1.1).
DIGITS = "0123456789"

#: Characters that cannot start a plain scalar: YAML's indicators, and space.
INDICATORS = "-?:,[]{}#&*!|>'\"%@` "


def is_number(text: str) -> bool:
    """Whether a YAML reader could take the plain scalar `text` for a number (nan and inf included)."""
    try:
        float(text)
        return True
    except ValueError:
        return False


def needs_quotes(text: str) -> bool:
    """Whether `text`, written plain, could read back as something else or fail to parse."""
    if text == "" or text.lower() in KEYWORDS or is_number(text):
        return True
    return text[0] in DIGITS or text[0] in INDICATORS or text[-1] in " :" or ": " in text or " #" in text


def quote(text: str) -> str:
    """A string as a YAML scalar: plain where it can be, else quoted."""
    if not text.isprintable():
        return json.dumps(text, ensure_ascii=False)
    if needs_quotes(text):
        return "'" + text.replace("'", "''") + "'"
    return text


def scalar(value: Any) -> str:
    """A value written on one line: null, a boolean, a number, a string, [] or {}."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, list):
        return "[]"
    if isinstance(value, dict):
        return "{}"
    text = str(value)
    if isinstance(value, float):
        if text in ("inf", "-inf", "nan"):
            return text.replace("inf", ".inf").replace("nan", ".nan")
        if "e" in text and "." not in text:
            return text.replace("e", ".0e")
    return text


def is_block(value: Any) -> bool:
    """Whether the value is written over lines of its own: a list or object that is not empty."""
    return isinstance(value, (list, dict)) and len(value) > 0


def write_block(value: Any, lead: str, indent: str, lines: list[str]) -> None:
    """Append the lines of a non-empty list or object.

    The first line starts with `lead` (the "- " markers of the lists it is
    the first item of), the others with `indent`. A list under a key is not
    indented further, as serde_yaml writes it.
    """
    if isinstance(value, dict):
        for key in sorted(value):
            item = value[key]
            head = lead + quote(key) + ":"
            lead = indent
            if not is_block(item):
                lines.append(head + " " + scalar(item))
            elif isinstance(item, list):
                lines.append(head)
                write_block(item, indent, indent, lines)
            else:
                lines.append(head)
                write_block(item, indent + "  ", indent + "  ", lines)
    else:
        for item in value:
            if is_block(item):
                write_block(item, lead + "- ", indent + "  ", lines)
            else:
                lines.append(lead + "- " + scalar(item))
            lead = indent


def to_yaml(value: Any) -> str:
    """The YAML document of a JSON value, ending in a newline."""
    lines: list[str] = []
    if is_block(value):
        write_block(value, "", "", lines)
    else:
        lines.append(scalar(value))
    return "\n".join(lines) + "\n"


@smartstream.map
def map(record: Record) -> tuple[bytes | None, str]:
    return record.key, to_yaml(json.loads(record.value))
