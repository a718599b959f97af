"""Source spans and the one family of user-facing compile errors.

Every stage reports a problem in the user's program by raising
``CompileError(message, span)``; the CLI renders it once, as

    filter.py:3:12: error: 'for' loops are not supported yet
        for x in y:
        ^~~~~~~~~~~

A bug in ssc itself is an ``assert``, never a CompileError.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A source range: 1-based line and column, end inclusive of line, exclusive of column."""

    line: int
    col: int
    end_line: int
    end_col: int


class CompileError(Exception):
    """A problem in the user's program, at ``span`` of ``filename``.

    ``filename`` and ``source`` are filled in by the driver (``compile``) when
    the stage that raised did not know them.
    """

    def __init__(self, message: str, span: Span | None, filename: str | None = None,
                 source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.span = span
        self.filename = filename
        self.source = source

    def render(self) -> str:
        """``file:line:col: error: message``, then the source line and a caret."""
        where = self.filename or "<source>"
        if self.span is None:
            return f"{where}: error: {self.message}"
        head = f"{where}:{self.span.line}:{self.span.col}: error: {self.message}"
        if self.source is None:
            return head
        lines = self.source.splitlines()
        if not 1 <= self.span.line <= len(lines):
            return head
        text = lines[self.span.line - 1].expandtabs(1)
        start = self.span.col - 1
        if self.span.end_line == self.span.line and self.span.end_col > self.span.col:
            width = self.span.end_col - self.span.col
        else:
            width = max(1, len(text.rstrip()) - start)
        caret = " " * start + "^" + "~" * (width - 1)
        return f"{head}\n    {text}\n    {caret}"

    def __str__(self) -> str:
        return self.render()


class CompileErrors(Exception):
    """Several compile errors from one file, in source order (``ssc check``)."""

    def __init__(self, errors: list[CompileError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors

    def render(self) -> str:
        return "\n".join(e.render() for e in self.errors)

    def __str__(self) -> str:
        return self.render()
