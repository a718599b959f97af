"""Classify failed job records as retryable or not, using a table of predicate functions."""
import json

from smartstream import smartstream, Record


def is_timeout(err):
    return "timeout" in err.get("message", "").lower()


def is_throttled(err):
    return err.get("status") in (429, 503)


def is_server_error(err):
    return 500 <= err.get("status", 0) < 600


RULES = [
    ("timeout", is_timeout),
    ("throttled", is_throttled),
    ("server", is_server_error),
]


def make_attempt_check(max_attempts):
    def ok(err):
        return err.get("attempt", 1) < max_attempts
    return ok


under_limit = make_attempt_check(3)


@smartstream.map
def map(record: Record):
    err = json.loads(record.value)
    reasons = [name for name, check in RULES if check(err)]
    retry = bool(reasons) and under_limit(err)
    return record.key, json.dumps({"retry": retry, "reasons": reasons})
