"""Classify user agents into a browser family and key the record by it."""
from smartstream import smartstream, Record

# order matters: Edge and Chrome both say "Chrome", Chrome says "Safari"
FAMILIES = [
    ("bot", ("bot", "crawler", "spider")),
    ("edge", ("edg/",)),
    ("chrome", ("chrome/", "crios/")),
    ("firefox", ("firefox/", "fxios/")),
    ("safari", ("safari/",)),
    ("curl", ("curl/",)),
]


def family(agent: str) -> str:
    agent = agent.lower()
    for name, needles in FAMILIES:
        if any(n in agent for n in needles):
            return name
    return "other"


@smartstream.map
def map(record: Record):
    agent = record.value.decode()
    return family(agent), agent
