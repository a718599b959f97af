"""``python -m ssc``: the same as the ``ssc`` command."""

import sys

from .cli import main

sys.exit(main())
