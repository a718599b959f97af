"""One record per post of a page of Reddit's API, keyed by the post's id (Fluvio's array_map_json_reddit).

A port of the array_map_json_reddit example of Fluvio's SmartModule
examples (smartmodule/examples/array_map_json_reddit/src/lib.rs). Each
record is one page of a subreddit listing as Reddit's JSON API returns it:

    {"kind": "Listing", "data": {"after": "t3_...", "children": [
        {"kind": "t3", "data": {"id": "18xk2p", "title": "...", "ups": 412, ...}}, ...]}}

Each post becomes a record whose key is the post's id and whose value is
the post as JSON. The Rust original reads the page into structs that keep
six fields of a post (`id`, `title`, `url`, `selftext`: strings; `ups`: an
i32; `upvote_ratio`: an f32) and writes each post back with
`serde_json::to_string`: those six fields in that order, compact,
non-ASCII text as it is, and the ratio as a float even when the API sent a
whole number (a double here, where Rust rounds it to an f32 first). A page
without posts gives no records. A page that lacks one of these fields
(KeyError), or holds one of another type, stops the batch.
"""

import json
from typing import Any

from smartstream import Record, smartstream

I32_MIN = -2147483648
I32_MAX = 2147483647


def text(post: Any, name: str) -> str:
    """The string field `name` of a post."""
    value = post[name]
    if not isinstance(value, str):
        raise TypeError(f"the {name} of a post must be a string, not {value!r}")
    return value


def whole_number(post: Any, name: str) -> int:
    """The i32 field `name` of a post."""
    value = post[name]
    if not isinstance(value, int) or isinstance(value, bool) or not I32_MIN <= value <= I32_MAX:
        raise TypeError(f"the {name} of a post must be a whole number (an i32), not {value!r}")
    return value


def number(post: Any, name: str) -> float:
    """The f32 field `name` of a post, which serde also reads from a whole number."""
    value = post[name]
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise TypeError(f"the {name} of a post must be a number, not {value!r}")
    return float(value)


def post_fields(post: Any) -> dict[str, Any]:
    """The fields of a post that the Rust struct RedditPostData keeps, in its order."""
    return {"id": text(post, "id"), "title": text(post, "title"), "url": text(post, "url"),
            "selftext": text(post, "selftext"), "ups": whole_number(post, "ups"),
            "upvote_ratio": number(post, "upvote_ratio")}


@smartstream.array_map
def array_map(record: Record) -> list[tuple[str | None, str]]:
    listing = json.loads(record.value)
    records: list[tuple[str | None, str]] = []
    for child in listing["data"]["children"]:
        post = post_fields(child["data"])
        records.append((post["id"], json.dumps(post, separators=(",", ":"), ensure_ascii=False)))
    return records
