"""Parse nginx 'combined' access log lines into JSON without regular expressions.

127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "-" "Mozilla/4.08"
"""
import json

from smartstream import smartstream, Record


class ParseError(Exception):
    pass


def parse_line(line: str) -> dict:
    try:
        head, request, rest = line.split('"', 2)
    except ValueError:
        raise ParseError(f"not a combined log line: {line!r}")
    ip, _, user, *stamp = head.split()
    method, path, protocol = request.split(" ")
    status, size = rest.split()[:2]
    agent = rest.rsplit('"', 2)[-2] if rest.count('"') >= 2 else ""
    return {
        "ip": ip,
        "user": None if user == "-" else user,
        "time": " ".join(stamp).strip("[]"),
        "method": method,
        "path": path,
        "protocol": protocol,
        "status": int(status),
        "bytes": 0 if size == "-" else int(size),
        "agent": agent,
    }


@smartstream.map
def map(record: Record):
    parsed = parse_line(record.value.decode())
    return record.key, json.dumps(parsed)
