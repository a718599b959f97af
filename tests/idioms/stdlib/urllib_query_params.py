"""Extract utm_* campaign parameters from landing-page URLs."""
import json
from urllib.parse import urlparse, parse_qs

from smartstream import smartstream, Record


@smartstream.map
def map(record: Record):
    url = urlparse(record.value.decode())
    params = parse_qs(url.query)
    utm = {k[4:]: v[0] for k, v in params.items() if k.startswith("utm_")}
    return url.hostname or "", json.dumps({"path": url.path, "utm": utm}, sort_keys=True)
