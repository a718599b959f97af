"""Parse click events into a frozen dataclass and emit them as normalised JSON."""
import json
from dataclasses import asdict, dataclass, field

from smartstream import smartstream, Record


@dataclass(frozen=True)
class Click:
    user: str
    page: str
    ms: int = 0
    tags: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, raw: bytes) -> "Click":
        data = json.loads(raw)
        return cls(user=data["user"], page=data["page"].rstrip("/") or "/", ms=int(data.get("ms", 0)),
                   tags=sorted(set(data.get("tags", []))))


@smartstream.map
def map(record: Record):
    click = Click.from_json(record.value)
    print(click)
    return click.user, json.dumps(asdict(click))
