"""Add up GitHub stars per repository, as a JSON object (Fluvio's aggregate-json).

A port of the aggregate-json example of Fluvio's SmartModule examples
(smartmodule/examples/aggregate-json/src/lib.rs). Each record is a JSON
object of new stars per repository, `{"infinyon/fluvio": 3}`, which the
Rust original reads as a `HashMap<String, u32>`. The accumulator is the
same kind of object, the totals so far; each record's object is merged into
it, adding the counts of the repositories already there, and the module
outputs the merged object, pretty-printed (`serde_json::to_vec_pretty`:
two-space indent). A Rust HashMap has no order to keep, so the keys come
out sorted.

As in the original, an accumulator that is empty or not such an object
starts from no stars (`unwrap_or_default`), while a record that is not one
stops the batch: invalid JSON, something other than an object, or a count
that is not a whole number from 0 to 2**32 - 1 (a `u32`), such as a count
sent as a string.
"""

import json
from typing import Any

from smartstream import Record, smartstream

U32_MAX = 4294967295


def star_counts(value: Any) -> dict[str, int]:
    """The {repository: stars} object of a record, checked as serde checks a HashMap<String, u32>."""
    if not isinstance(value, dict):
        raise TypeError(f"expected an object of star counts, not {json.dumps(value)}")
    counts: dict[str, int] = {}
    for repo, stars in value.items():
        if not isinstance(stars, int) or isinstance(stars, bool) or not 0 <= stars <= U32_MAX:
            raise TypeError(f"the stars of {repo} must be a whole number from 0 to {U32_MAX}, not {stars!r}")
        counts[repo] = stars
    return counts


def totals(accumulator: bytes) -> dict[str, int]:
    """The totals so far; none if the accumulator is empty or unreadable."""
    try:
        return star_counts(json.loads(accumulator))
    except ValueError:
        return {}
    except TypeError:
        return {}


@smartstream.aggregate
def aggregate(accumulator: bytes, current: Record) -> str:
    stars = totals(accumulator)
    for repo, new_stars in star_counts(json.loads(current.value)).items():
        stars[repo] = stars.get(repo, 0) + new_stars
    return json.dumps(stars, indent=2, sort_keys=True)
