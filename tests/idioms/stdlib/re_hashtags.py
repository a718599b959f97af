"""Extract hashtags and mentions from posts, one record per tag."""
import re

from smartstream import smartstream, Record

TAG = re.compile(r"(?<!\w)([#@])(\w+)")


@smartstream.array_map
def array_map(record: Record):
    text = record.value.decode()
    results = []
    for kind, name in TAG.findall(text):
        key = "hashtag" if kind == "#" else "mention"
        results.append((key, name.lower()))
    return results
