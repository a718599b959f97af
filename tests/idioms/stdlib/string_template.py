"""Render alert messages from a string.Template given as a parameter."""
import json
from string import Template

from smartstream import smartstream, Record

template = Template("$host is $status")


@smartstream.init
def init(params):
    global template
    if "template" in params:
        template = Template(params["template"])


@smartstream.map
def map(record: Record):
    fields = json.loads(record.value)
    return record.key, template.safe_substitute(fields)
