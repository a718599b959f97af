"""Aggregate how many users reached each funnel step; the accumulator is JSON."""
import json

from smartstream import smartstream, Record

STEPS = ["visit", "signup", "activate", "purchase"]


@smartstream.aggregate
def aggregate(accumulator: bytes, current: Record) -> bytes:
    if accumulator:
        state = json.loads(accumulator)
    else:
        state = {"users": {}, "reached": {step: 0 for step in STEPS}}
    user, step = current.value.decode().split(",")
    index = STEPS.index(step)
    best = state["users"].get(user, -1)
    if index > best:
        for s in STEPS[best + 1:index + 1]:
            state["reached"][s] += 1
        state["users"][user] = index
    return json.dumps(state).encode()
