"""Parse RFC 3164 syslog lines into JSON."""
import json
import re

from smartstream import smartstream, Record

SYSLOG = re.compile(
    r"^<(?P<pri>\d{1,3})>"
    r"(?P<timestamp>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d) "
    r"(?P<host>\S+) "
    r"(?P<tag>[^:\[\s]+)(?:\[(?P<pid>\d+)\])?: "
    r"(?P<message>.*)$"
)
SEVERITIES = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"]


@smartstream.map
def map(record: Record):
    line = record.value.decode()
    m = SYSLOG.match(line)
    if not m:
        raise ValueError(f"unparseable syslog line: {line!r}")
    fields = m.groupdict()
    pri = int(fields.pop("pri"))
    fields["facility"], severity = divmod(pri, 8)
    fields["severity"] = SEVERITIES[severity]
    if fields["pid"] is not None:
        fields["pid"] = int(fields["pid"])
    return fields["host"], json.dumps(fields)
