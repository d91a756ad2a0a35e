"""The one base of every error the generator reports to its user.

A command that fails for a reason the user can act on raises a `BriefingError`
subclass; `cli.main` catches the base in one place, prints the message in one line (or,
for content errors, the diagnostics) and exits with the class's status. Anything else
that escapes is a bug of the generator's, and says so.
"""

from __future__ import annotations


class BriefingError(Exception):
    """An error the user can act on: a message, and the exit status it gives."""

    status = 1

    def report(self) -> str:
        """What the command prints to standard error."""
        return f"error: {self}\n"


class UsageError(BriefingError):
    """A problem with how the command was called (exit status 2)."""

    status = 2
