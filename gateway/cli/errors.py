"""How `vigile` commands fail: a message for the user and an exit code, never a traceback."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gateway.config import Config

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_QUARANTINE = 0, 1, 2, 3


class CommandError(Exception):
    """A user-facing failure: printed as `vigile: <message>`, exit code attached."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


def require_users_file(config: Config) -> None:
    """The users file that `listen.users_file` names must exist before anything starts."""
    path = config.path(config.listen.users_file)
    if not path.is_file():
        raise CommandError(f"listen.users_file: no such file: {path} "
                           "(create it with `vigile passwd USER`)", EXIT_USAGE)
