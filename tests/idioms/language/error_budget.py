"""Count responses per (service, status class) and report each service's error rate."""
from smartstream import smartstream, Record

counts: dict[tuple[str, str], int] = {}


class BadLine(Exception):
    pass


def parse(line: str) -> tuple[str, int]:
    try:
        service, status = line.split()
        code = int(status)
    except (ValueError, TypeError) as e:
        raise BadLine(f"cannot parse {line!r}: {e}") from None
    return service, code


@smartstream.map
def map(record: Record):
    service, code = parse(record.value.decode())
    klass = f"{code // 100}xx"
    counts[(service, klass)] = counts.get((service, klass), 0) + 1
    total = errors = 0
    for (svc, cls), n in counts.items():
        if svc == service:
            total += n
            if cls == "5xx":
                errors += n
    return service, "{} error rate {:.1%} ({}/{})".format(service, errors / total, errors, total)
