"""Test helpers at the byte level: an SMTP conversation over a raw socket, and an
upstream that records the MAIL and RCPT command lines exactly as they arrived."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

from tests.conftest import UpstreamHandler, free_port


class Conversation:
    """A raw SMTP client: send exact bytes, read each reply as the bytes that came."""

    def __init__(self, port: int, *, host: str = "127.0.0.1", source: str | None = None
                 ) -> None:
        self.sock = socket.create_connection((host, port), timeout=30,
                                             source_address=(source, 0) if source else None)
        self.reader = self.sock.makefile("rb")
        self.greeting = self.reply()

    def reply(self) -> bytes:
        """One whole reply, every line with its line end as received."""
        lines = b""
        while True:
            line = self.reader.readline()
            if not line:
                return lines
            lines += line
            if line[3:4] != b"-":
                return lines

    def send(self, line: bytes) -> bytes:
        """Send one command line (CRLF added) and return the reply."""
        self.sock.sendall(line + b"\r\n")
        return self.reply()

    def message(self, data: bytes) -> bytes:
        """DATA, the message (CRLF line ends, dot-stuffing left to the caller), the dot."""
        start = self.send(b"DATA")
        assert start.startswith(b"354"), start
        self.sock.sendall(data + (b"" if data.endswith(b"\r\n") else b"\r\n") + b".\r\n")
        return self.reply()

    def close(self) -> None:
        self.reader.close()
        self.sock.close()

    def __enter__(self) -> Conversation:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class CommandLog:
    """The MAIL/RCPT arguments an upstream received, as text exactly as sent."""

    lines: list[str] = field(default_factory=list)


class RecordingSMTP(SMTP):
    def __init__(self, handler: Any, commands: CommandLog, **options: Any) -> None:
        super().__init__(handler, **options)
        self.commands = commands

    async def smtp_MAIL(self, arg: str | None) -> None:
        self.commands.lines.append(f"MAIL {arg}")
        await super().smtp_MAIL(arg)

    async def smtp_RCPT(self, arg: str | None) -> None:
        self.commands.lines.append(f"RCPT {arg}")
        await super().smtp_RCPT(arg)


class RecordingController(Controller):
    def __init__(self, handler: UpstreamHandler, commands: CommandLog, **options: Any) -> None:
        super().__init__(handler, hostname="127.0.0.1", port=free_port(), **options)
        self.commands = commands

    def factory(self) -> SMTP:
        return RecordingSMTP(self.handler, self.commands, **self.SMTP_kwargs)


class RecordingUpstream:
    """aiosmtpd upstream (with or without SMTPUTF8) that keeps the raw MAIL/RCPT lines."""

    def __init__(self, *, smtputf8: bool) -> None:
        self.handler = UpstreamHandler()
        self.commands = CommandLog()
        self.controller = RecordingController(self.handler, self.commands,
                                              enable_SMTPUTF8=smtputf8)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.controller.port}"

    def __enter__(self) -> RecordingUpstream:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()
