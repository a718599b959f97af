"""Deterministic, realistic record values for the benchmark programs.

Every generator takes a record count and returns ``list[bytes]`` built from
a seeded ``random.Random``, so two runs (and the C reference and ssc's
module within one run) see the same batch. Values are 50-500 bytes unless
the program's nature says otherwise (``map_double`` parses a number;
``aggregate_concat``'s output grows with the square of the batch, so its
values are short: see docs/benchmarks.md).
"""

from __future__ import annotations

import random
from collections.abc import Callable

WORDS = ("stream", "record", "offset", "partition", "topic", "consumer", "producer", "cluster", "broker",
         "segment", "replica", "leader", "follower", "commit", "batch", "window", "latency", "queue", "token",
         "value", "payload", "schema", "index", "engine", "module", "filter", "map", "kiwi", "lemon", "plum")
REGIONS = ("eu-west", "us-east", "us-west", "ap-south", "sa-east")
LEVELS = ("TRACE", "DEBUG", "INFO", "INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR", "FATAL")
SERVICES = ("checkout", "payments", "search", "auth", "inventory", "shipping")


def _sentence(rng: random.Random, low: int, high: int) -> str:
    target = rng.randint(low, high)
    words: list[str] = []
    size = 0
    while size < target:
        word = rng.choice(WORDS)
        words.append(word)
        size += len(word) + 1
    return " ".join(words)[:target]


def text(n: int, seed: int = 1) -> list[bytes]:
    """Sentences of 50-200 bytes (the seed filter: keep values containing 'a')."""
    rng = random.Random(seed)
    return [_sentence(rng, 50, 200).encode() for _ in range(n)]


def numbers(n: int, seed: int = 2) -> list[bytes]:
    """Decimal integers (the seed's map_double doubles them): 1-12 digits."""
    rng = random.Random(seed)
    return [str(rng.randint(-10 ** rng.randint(0, 12), 10 ** rng.randint(0, 12))).encode() for _ in range(n)]


def short_text(n: int, seed: int = 3) -> list[bytes]:
    """Words of 3-9 bytes (aggregate_concat's output is quadratic in the batch)."""
    rng = random.Random(seed)
    return [rng.choice(WORDS).encode() for _ in range(n)]


def orders_csv(n: int, seed: int = 4) -> list[bytes]:
    """Order lines: id,timestamp,email,region,sku,amount,currency,payment,status,note (70-300 bytes)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        note = _sentence(rng, 0, 180).replace(" ", "-")
        line = (f"{1_000_000 + i},2026-11-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:"
                f"{rng.randint(0, 59):02d}Z,user{rng.randint(1, 99999)}@example.com,{rng.choice(REGIONS)},"
                f"SKU-{rng.randint(10000, 99999)},{rng.randint(1, 99999) / 100:.2f},EUR,"
                f"{rng.choice(('card', 'paypal', 'invoice'))},{rng.choice(('new', 'paid', 'shipped'))},{note}")
        out.append(line.encode())
    return out


def log_lines(n: int, seed: int = 5) -> list[bytes]:
    """Log lines: timestamp LEVEL [service] key=value pairs and a message (80-400 bytes)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        line = (f"2026-11-27T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}."
                f"{rng.randint(0, 999):03d}Z {rng.choice(LEVELS)} [{rng.choice(SERVICES)}] "
                f"request_id={rng.getrandbits(64):016x} user={rng.randint(1, 99999)} "
                f"latency_ms={rng.randint(1, 5000)} msg=\"{_sentence(rng, 20, 300)}\"")
        out.append(line.encode())
    return out


def amounts(n: int, seed: int = 6) -> list[bytes]:
    """Order summaries ending in ' cents=N' (60-120 bytes); the map reformats N as dollars."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        line = (f"order={i:08d} customer={rng.choice(WORDS)}-{rng.choice(WORDS)} region={rng.choice(REGIONS)} "
                f"items={rng.randint(1, 40)} cents={rng.randint(0, 10 ** rng.randint(1, 10))}")
        out.append(line.encode())
    return out


def pii_lines(n: int, seed: int = 7) -> list[bytes]:
    """Support messages with phone and card numbers in them (50-300 bytes)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        phone = f"call +1-{rng.randint(200, 999)}-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"
        card = " ".join(str(rng.randint(1000, 9999)) for _ in range(4))
        parts = [_sentence(rng, 10, 80), phone, _sentence(rng, 10, 80), f"card {card}",
                 f"ticket #{rng.randint(1, 10 ** 6)}"]
        rng.shuffle(parts)
        out.append(" ".join(parts).encode())
    return out


def json_logs(n: int, seed: int = 8) -> list[bytes]:
    """JSON log events of about 130 bytes, as a service's structured logger writes them:
    timestamp, level, service, user {id, name}, message (some users missing, some names
    non-ASCII)."""
    rng = random.Random(seed)
    names = ("ada", "linus", "grace", "émile", "zoë", "ken", "barbara", "dennis", "margaret", "José")
    out = []
    for _ in range(n):
        user = f', "user": {{"id": {rng.randint(1, 999)}, "name": "{rng.choice(names)}"}}' \
            if rng.random() < 0.9 else ""
        line = (f'{{"timestamp": "2026-11-27T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:'
                f'{rng.randint(0, 59):02d}Z", "level": "{rng.choice(LEVELS).lower()}", '
                f'"service": "{rng.choice(SERVICES)}"{user}, "msg": "{_sentence(rng, 4, 20)}"}}')
        out.append(line.encode())
    return out


def pii_text(n: int, seed: int = 9) -> list[bytes]:
    """Support messages that may hold an SSN, an email address and a card number (60-300 bytes):
    the regex masker's input; about a third of the records hold none of them."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = [_sentence(rng, 10, 80), _sentence(rng, 10, 80)]
        if rng.random() < 0.4:
            parts.append(f"ssn {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}")
        if rng.random() < 0.4:
            parts.append(f"mail {rng.choice(WORDS)}.{rng.choice(WORDS)}@{rng.choice(WORDS)}.example.com")
        if rng.random() < 0.4:
            sep = rng.choice((" ", "-", ""))
            parts.append("card " + sep.join(str(rng.randint(1000, 9999)) for _ in range(4)))
        rng.shuffle(parts)
        out.append(" ".join(parts).encode())
    return out


GENERATORS: dict[str, Callable[[int], list[bytes]]] = {
    "text": text, "numbers": numbers, "short_text": short_text, "orders_csv": orders_csv,
    "log_lines": log_lines, "amounts": amounts, "pii_lines": pii_lines, "json_logs": json_logs,
    "pii_text": pii_text,
}
