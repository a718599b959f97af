"""Regular expressions compiled at compile time (``import re``).

A constant pattern is parsed and compiled by CPython's own ``re`` internals
when ssc compiles the program (``sre.py``), so a bad pattern is a compile
error with CPython's ``re.error`` message, and the module holds sre's
program for the pattern, never a regex parser. ``program.compile_regex``
gives the ``Regex`` the checker records (with what ``firstbytes.py``
finds for a quick search: the bytes a match can start at, a byte every
match holds); the lowering turns its code into the module's matcher.
"""

from .program import Regex, RegexError, compile_regex, compile_template

__all__ = ["Regex", "RegexError", "compile_regex", "compile_template"]
