"""Print the README's quick start: the ``sh`` block after its ``<!-- quick-start: ... -->`` marker.

    python .ci/quick_start.py README.md > quick-start.sh

``.ci/run`` runs it from an empty folder with the built wheel installed, so
the commands a user pastes are the commands CI checks.
"""

import re
import sys

text = open(sys.argv[1], encoding="utf-8").read()
found = re.search(r"<!-- quick-start:.*?-->\n```sh\n(.*?)```", text, re.S)
if found is None:
    sys.exit(f"{sys.argv[1]}: no sh block after a <!-- quick-start: ... --> marker")
sys.stdout.write(found.group(1))
