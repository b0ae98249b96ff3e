"""The exception hierarchy. Catch :class:`EEZCheckError` to catch everything this package raises.

Every message says what was wrong and how to fix it; input errors also carry the row,
field and value so batch users can find the bad line.
"""

from __future__ import annotations

__all__ = [
    "EEZCheckError",
    "InputError",
    "ZoneDataError",
    "DataNotFoundError",
    "DownloadError",
]


class EEZCheckError(Exception):
    """Base class of every error raised by eezcheck."""

    exit_code = 1


class InputError(EEZCheckError, ValueError):
    """A coordinate, phrase or table the user gave is invalid.

    ``problems`` lists every ``(row, field, value, reason)`` found, so a batch run reports all
    of its bad rows at once rather than the first.
    """

    exit_code = 2

    def __init__(self, message: str, problems: list[tuple[object, str, object, str]] | None = None):
        super().__init__(message)
        self.problems = list(problems or [])


class ZoneDataError(EEZCheckError):
    """A zone file is unreadable, has no CRS, or lacks a required field."""

    exit_code = 3


class DataNotFoundError(ZoneDataError):
    """The requested zone data is not there (not bundled, downloaded or at the given path)."""

    exit_code = 3


class DownloadError(EEZCheckError):
    """A download failed; nothing was written."""

    exit_code = 4
