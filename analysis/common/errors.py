"""Errors a council analyst can act on.

Every problem with an input is raised as :class:`InputError` (or a subclass),
carrying the file, the column, the rows, the offending value, what was
expected and what to do next.  The CLI prints ``str(error)`` without a
traceback unless ``--debug`` is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence


@dataclass
class Problem:
    """One problem found in one input."""

    message: str
    file: str | None = None
    column: str | None = None
    rows: Sequence[int] = field(default_factory=tuple)  # 1-based data-row numbers as in a spreadsheet (header = row 1)
    value: object = None
    expected: str | None = None
    hint: str | None = None

    def render(self) -> str:
        parts = []
        where = []
        if self.file:
            where.append(f"file {self.file}")
        if self.column:
            where.append(f"column '{self.column}'")
        if self.rows:
            rows = list(self.rows)
            shown = ", ".join(str(r) for r in rows[:10])
            more = f" and {len(rows) - 10} more" if len(rows) > 10 else ""
            where.append(f"row{'s' if len(rows) > 1 else ''} {shown}{more}")
        if where:
            parts.append("; ".join(where) + ": ")
        parts.append(self.message)
        if self.value is not None:
            parts.append(f" (found {self.value!r})")
        if self.expected:
            parts.append(f". Expected {self.expected}")
        text = "".join(parts)
        if self.hint:
            text += f". {self.hint}"
        return text


class P2RError(Exception):
    """Base class for errors shown to users without a traceback."""

    exit_code = 2


class InputError(P2RError):
    """One or more problems with an input file or the params file."""

    def __init__(self, problems: Problem | Iterable[Problem] | str, *, title: str | None = None):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        self.title = title
        super().__init__(self.render())

    def render(self) -> str:
        lines = []
        if self.title:
            lines.append(self.title)
        n = len(self.problems)
        if n == 1 and not self.title:
            return self.problems[0].render()
        for p in self.problems:
            lines.append("  - " + p.render())
        if n > 1:
            lines.insert(1 if self.title else 0, f"{n} problems found:")
        return "\n".join(lines)


class ParamsError(InputError):
    """A problem with the params file."""


class BuildError(P2RError):
    """A chapter or render step failed."""

    exit_code = 3
