"""Aggregate player scores ("player points") into the top-5 leaderboard text."""
from smartstream import smartstream, Record

TOP = 5
scores = {}


@smartstream.aggregate
def aggregate(accumulator: bytes, current: Record) -> bytes:
    player, points = current.value.decode().rsplit(" ", 1)
    scores[player] = scores.get(player, 0) + int(points)
    ranking = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    lines = [f"{rank}. {name} ({total})" for rank, (name, total) in enumerate(ranking[:TOP], 1)]
    return "\n".join(lines).encode()
