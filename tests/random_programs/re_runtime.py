"""A pattern made at run time: each record is ``pattern TAB flags TAB text``; the
program compiles the pattern with re.compile and prints what it finds in the text
(span, group 0 and 1, lastindex, the pattern's groups and flags, split), or the
exception re.compile raises (tests/test_re_runtime.py)."""
import re

from smartstream import Record, smartstream


@smartstream.map
def entry(record: Record) -> tuple[bytes | None, str]:
    pattern, flags, text = record.value.decode().split("\t")
    p = re.compile(pattern, int(flags))
    m = p.search(text)
    found = "None"
    if m is not None:
        first = m.group(1) if p.groups else "-"
        found = f"{m.span()} {m.group()!r} {first!r} {m.lastindex}"
    return None, f"{p.groups} {p.flags} {found} {p.split(text, maxsplit=2)} {p.fullmatch(text) is not None}"
