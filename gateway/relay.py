"""Relaying to the upstream: an SMTP relay (pooled connections) or a local Maildir.

The gateway behaves as a before-queue filter: the client hears `250` only once the
upstream accepted the message. Every failure is a `RelayError` carrying the SMTP reply
the client should get: temporary ones (unreachable, timeout, 4xx) as 4xx so the client
keeps the message and retries, permanent ones (5xx) as 5xx.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import aiosmtplib

from gateway import maildir
from gateway.config import Config, maildir_path


@dataclass(frozen=True, slots=True)
class RelayReply:
    """What the upstream said when it accepted the message."""

    code: int
    text: str

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class RelayError(Exception):
    """The upstream did not take the message; `reply` is what to tell the client."""

    def __init__(self, code: int, text: str) -> None:
        super().__init__(f"{code} {text}")
        self.code = code
        self.text = text

    @property
    def temporary(self) -> bool:
        return 400 <= self.code < 500

    @property
    def reply(self) -> str:
        return f"{self.code} {self.text}"


class Upstream(Protocol):
    async def relay_message(self, sender: str, recipients: Sequence[str], message: bytes
                            ) -> RelayReply: ...

    async def probe(self) -> None: ...

    async def close(self) -> None: ...


def open_upstream(config: Config) -> Upstream:
    folder = maildir_path(config)
    if folder is not None:
        return MaildirUpstream(folder)
    return SmtpUpstream(config)


class MaildirUpstream:
    """The embedded default: "relay" into a local Maildir, so the gateway runs alone."""

    def __init__(self, root: Path) -> None:
        self.root = root

    async def relay_message(self, sender: str, recipients: Sequence[str], message: bytes
                            ) -> RelayReply:
        envelope = (f"Return-Path: <{sender}>\r\n"
                    f"X-Vigile-Recipients: {', '.join(recipients)}\r\n").encode()
        try:
            name = await asyncio.to_thread(maildir.deliver, self.root, envelope + message)
        except OSError as error:
            raise RelayError(451, f"4.3.0 Local outbox not writable: {error.strerror}") from error
        return RelayReply(250, f"2.0.0 Ok: delivered to {self.root.name}/new/{name}")

    async def probe(self) -> None:
        await asyncio.to_thread(maildir.ensure_maildir, self.root)

    async def close(self) -> None:
        return None


class SmtpUpstream:
    """A pool of reusable connections to one SMTP relay."""

    def __init__(self, config: Config) -> None:
        upstream = config.upstream
        url = urlsplit(upstream.url)
        scheme = url.scheme.lower()
        self.hostname = url.hostname or "localhost"
        default_port = {"smtps": 465, "smtp+starttls": 587}.get(scheme, 25)
        self.port = url.port or default_port
        self.use_tls = scheme == "smtps"
        self.start_tls = scheme == "smtp+starttls"
        self.username = upstream.username or None
        self.password = config.upstream_password or None
        self.timeout = upstream.timeout
        ca_file = config.path(upstream.ca_file) if upstream.ca_file else None
        self.tls_context = (ssl.create_default_context(cafile=ca_file)
                            if upstream.tls_verify else None)
        self.validate_certs = upstream.tls_verify
        self.local_hostname = config.listen.hostname or None
        self._idle: asyncio.LifoQueue[aiosmtplib.SMTP] = asyncio.LifoQueue()
        self._slots = asyncio.Semaphore(upstream.pool_size)

    async def _connect(self) -> aiosmtplib.SMTP:
        client = aiosmtplib.SMTP(
            hostname=self.hostname, port=self.port, timeout=self.timeout,
            use_tls=self.use_tls, start_tls=self.start_tls, validate_certs=self.validate_certs,
            tls_context=self.tls_context if self.validate_certs else None,
            username=self.username, password=self.password,
            local_hostname=self.local_hostname,
        )
        await client.connect()
        return client

    async def relay_message(self, sender: str, recipients: Sequence[str], message: bytes
                            ) -> RelayReply:
        async with self._slots:
            try:
                reply, client = await self._send_reusing(sender, recipients, message)
            except aiosmtplib.SMTPResponseException as error:
                raise _relay_error(error.code, error.message) from error
            except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
                raise RelayError(451, f"4.4.1 Upstream {self.hostname}:{self.port} "
                                      f"unavailable: {error}") from error
            self._idle.put_nowait(client)
            return reply

    async def _send_reusing(self, sender: str, recipients: Sequence[str], message: bytes
                            ) -> tuple[RelayReply, aiosmtplib.SMTP]:
        """Send on an idle connection; if it went stale before MAIL, on a fresh one."""
        while not self._idle.empty():
            client = self._idle.get_nowait()
            if not client.is_connected:
                continue
            try:
                await client.mail(sender)
            except (aiosmtplib.SMTPServerDisconnected, OSError, TimeoutError):
                await _discard(client)
                continue
            except BaseException:
                await _discard(client)
                raise
            return await self._finish(client, recipients, message), client
        client = await self._connect()
        try:
            await client.mail(sender)
        except BaseException:
            await _discard(client)
            raise
        return await self._finish(client, recipients, message), client

    async def _finish(self, client: aiosmtplib.SMTP, recipients: Sequence[str], message: bytes
                      ) -> RelayReply:
        """RCPT for every recipient, then DATA: all recipients or none (the client retries)."""
        try:
            for recipient in recipients:
                await client.rcpt(recipient)
            response = await client.data(message)
        except aiosmtplib.SMTPResponseException:
            with contextlib.suppress(aiosmtplib.SMTPException, OSError, TimeoutError):
                await client.rset()
                self._idle.put_nowait(client)
            raise
        except BaseException:
            await _discard(client)
            raise
        return RelayReply(response.code, response.message)

    async def probe(self) -> None:
        client = await self._connect()
        await client.quit()

    async def close(self) -> None:
        while not self._idle.empty():
            client = self._idle.get_nowait()
            with contextlib.suppress(aiosmtplib.SMTPException, OSError, TimeoutError):
                await client.quit()


def _relay_error(code: int, text: str) -> RelayError:
    detail = " ".join(text.split())
    if 400 <= code < 500:
        return RelayError(451, f"4.4.1 Upstream deferred the message: {code} {detail}")
    return RelayError(code if 500 <= code < 600 else 554,
                      f"5.0.0 Upstream rejected the message: {code} {detail}")


async def _discard(client: aiosmtplib.SMTP) -> None:
    with contextlib.suppress(Exception):
        client.close()
