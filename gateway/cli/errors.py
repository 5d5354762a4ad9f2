"""How `vigile` commands fail: a message for the user and an exit code, never a traceback."""

from __future__ import annotations

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_QUARANTINE = 0, 1, 2, 3


class CommandError(Exception):
    """A user-facing failure: printed as `vigile: <message>`, exit code attached."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code
