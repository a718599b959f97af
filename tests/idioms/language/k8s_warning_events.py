"""Keep Kubernetes Warning events, re-keyed by namespace/object, with a short summary."""
import json

from smartstream import smartstream, Record


def summarize(event: dict) -> str:
    match event.get("reason"):
        case "BackOff" | "CrashLoopBackOff":
            kind = "crashloop"
        case "FailedScheduling":
            kind = "unschedulable"
        case "Unhealthy":
            kind = "probe"
        case None:
            kind = "unknown"
        case other:
            kind = other.lower()
    return kind


@smartstream.filter_map
def filter_map(record: Record):
    event = json.loads(record.value)
    if event.get("type") != "Warning":
        return None
    obj = event["involvedObject"]
    key = f"{obj.get('namespace', 'default')}/{obj['name']}"
    summary = {"kind": summarize(event), "count": event.get("count", 1), "message": event.get("message", "")}
    return key, json.dumps(summary)
