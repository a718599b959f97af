"""For each message, output its three most common words with their counts."""
from smartstream import smartstream, Record

STOPWORDS = {"the", "a", "an", "and", "or", "of", "to", "in", "is", "it"}


@smartstream.map
def map(record: Record):
    freq = {}
    for word in record.value.decode().lower().split():
        word = word.strip(".,!?\"'()")
        if word and word not in STOPWORDS:
            freq[word] = freq.get(word, 0) + 1
    top = sorted(freq, key=lambda w: (-freq[w], w))[:3]
    return record.key, ", ".join(f"{w}={freq[w]}" for w in top)
