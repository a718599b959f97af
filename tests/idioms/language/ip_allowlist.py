"""Keep requests whose client IPv4 address falls in one of the allowed CIDR blocks."""
from smartstream import smartstream, Record

ALLOWED = ["10.0.0.0/8", "192.168.0.0/16", "172.16.0.0/12"]


def ip_to_int(ip: str) -> int:
    octets = ip.split(".")
    if len(octets) != 4:
        raise ValueError(f"not an IPv4 address: {ip}")
    n = 0
    for o in octets:
        v = int(o)
        if not 0 <= v <= 255:
            raise ValueError(f"octet out of range in {ip}")
        n = (n << 8) | v
    return n


def parse_cidr(block):
    base, bits = block.split("/")
    bits = int(bits)
    mask = (0xFFFFFFFF << (32 - bits)) & 0xFFFFFFFF
    return ip_to_int(base) & mask, mask


NETWORKS = [parse_cidr(b) for b in ALLOWED]


@smartstream.filter
def filter(record: Record) -> bool:
    ip = record.value.decode().split()[0]
    addr = ip_to_int(ip)
    return any(addr & mask == net for net, mask in NETWORKS)
