"""The Python version a module is compiled for: whose CPython it behaves like.

A compiled module must give the results and the exact error messages of
the CPython its user compares it with, and those differ between versions
(3.13's json says "Illegal trailing comma before end of object" where
3.12 says "Expecting property name enclosed in double quotes"; each
version has its own Unicode database). So a compile has a **target**, by
default the running interpreter's version (``ssc compile --python 3.12``
chooses another), and what differs is selected when the module is built:

- in the C runtime, by ``SSC_PYTHON`` (``3.13`` is ``313``), a constant of
  the generated header ``ssc_gen.h``: ``#if SSC_PYTHON >= 313``. The
  runtime's object is built once per target, so a module for 3.11 carries
  no 3.13 code;
- the Unicode tables (``unicode_tables``) come from the target's Unicode
  database: from the running interpreter when it is the target, else from
  an interpreter of the target version found on PATH (``python3.12``) or
  under pyenv (see ``guestlib``).

The target is recorded in the module's ``ssc`` section (``python=3.12``)
and shown by ``ssc inspect``. Only minor versions are told apart: CPython
changes behaviour (and its Unicode version) between minor versions.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

__all__ = ["PythonVersion", "SUPPORTED", "UNICODE_VERSIONS"]

#: The Unicode database of each supported version (``unicodedata.unidata_version``).
UNICODE_VERSIONS = {(3, 10): "13.0.0", (3, 11): "14.0.0", (3, 12): "15.0.0", (3, 13): "15.1.0"}


@dataclass(frozen=True, order=True)
class PythonVersion:
    """A CPython minor version: ``PythonVersion(3, 12)``, written ``3.12``."""

    major: int
    minor: int

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"

    @property
    def number(self) -> int:
        """``SSC_PYTHON`` in the C runtime: 3.12 -> 312."""
        return self.major * 100 + self.minor

    @property
    def unicode_version(self) -> str:
        """The version of this CPython's Unicode database (``unicodedata.unidata_version``)."""
        return UNICODE_VERSIONS[(self.major, self.minor)]

    @classmethod
    def running(cls) -> PythonVersion:
        """The version of the interpreter running ssc: the default target."""
        return cls(sys.version_info.major, sys.version_info.minor)

    @classmethod
    def parse(cls, text: str) -> PythonVersion:
        """``"3.12"`` -> ``PythonVersion(3, 12)``; a ValueError that lists the supported
        versions if ``text`` is not one of them."""
        major, dot, minor = text.strip().partition(".")
        if dot and major.isdigit() and minor.isdigit():
            version = cls(int(major), int(minor))
            if version in SUPPORTED:
                return version
        raise ValueError(f"unsupported Python version {text!r}: ssc compiles for "
                         f"{', '.join(str(v) for v in SUPPORTED)}")

    @classmethod
    def of(cls, target: PythonVersion | str | None) -> PythonVersion:
        """A target as given to ``compile(python=...)``: None is the running interpreter's version."""
        if target is None:
            return cls.parse(str(cls.running()))
        if isinstance(target, PythonVersion):
            return target
        return cls.parse(target)


#: The versions ssc compiles for, oldest first (pyproject's requires-python: >=3.10).
SUPPORTED = tuple(PythonVersion(major, minor) for major, minor in UNICODE_VERSIONS)
