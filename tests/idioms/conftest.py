"""The corpus programs are run by test_corpus.py, not by ssc's pytest plugin.

The plugin collects every NAME.py with a NAME.in.jsonl beside it as a golden
case that must compile; most of the corpus is refused today, so the
programs are kept from it (and from pytest's own collection) here, and
test_corpus.py holds each to the manifests instead.
"""

collect_ignore_glob = ["language/*.py", "stdlib/*.py"]
