"""Relaying to the upstream: an SMTP relay (pooled connections) or a local Maildir.

The gateway behaves as a before-queue filter: the client hears `250` only once the
upstream accepted the message. Every failure is a `RelayError` carrying the SMTP reply
the client should get: temporary ones (unreachable, timeout, 4xx) as 4xx so the client
keeps the message and retries, permanent ones (5xx) as 5xx. A timeout or a lost
connection after the final dot is an unknown outcome (`outcome_unknown`): the upstream
may have taken the message.

MAIL FROM and RCPT TO are written here from the gateway's normalized addresses
(gateway.address), never re-parsed, so the upstream gets exactly what was judged.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import ssl
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import aiosmtplib

from gateway import maildir
from gateway.config import Config, maildir_path

SMTPUTF8 = "SMTPUTF8"
BODY_8BITMIME = "BODY=8BITMIME"
LINE_ENDS = re.compile(rb"\r\n|\r|\n")
FINAL_DOT = b".\r\n"
# Bytes of the message stuffed and written to the upstream at a time.
CHUNK_SIZE = 256 * 1024


def one_line(text: str) -> str:
    """An upstream's (possibly multi-line) text as one reply line: no CR, LF or controls."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


@dataclass(frozen=True, slots=True)
class RelayReply:
    """What the upstream said when it accepted the message (on one line)."""

    code: int
    text: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", one_line(self.text))

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


@dataclass(slots=True)
class RelayAttempt:
    """How far one relay got: after the final dot, an interruption leaves the outcome
    unknown (the caller reads this when the relay is cancelled)."""

    final_dot_sent: bool = False


class RelayError(Exception):
    """The upstream did not take the message; `reply` is what to tell the client."""

    def __init__(self, code: int, text: str, *, outcome_unknown: bool = False) -> None:
        text = one_line(text)
        super().__init__(f"{code} {text}")
        self.code = code
        self.text = text
        self.outcome_unknown = outcome_unknown

    @property
    def temporary(self) -> bool:
        return 400 <= self.code < 500

    @property
    def reply(self) -> str:
        return f"{self.code} {self.text}"


class Upstream(Protocol):
    async def relay_message(self, sender: str, recipients: Sequence[str], message: bytes, *,
                            options: Sequence[str] = (), attempt: RelayAttempt | None = None
                            ) -> RelayReply:
        """Relay to normalized addresses (`sender` "" is the null sender); `options` are
        the client's MAIL parameters to pass on (SMTPUTF8, BODY=8BITMIME)."""

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

    async def relay_message(self, sender: str, recipients: Sequence[str], message: bytes, *,
                            options: Sequence[str] = (), attempt: RelayAttempt | None = None
                            ) -> RelayReply:
        # The addresses were validated (no CR or LF), so they cannot add header lines.
        envelope = (f"Return-Path: <{sender}>\r\n"
                    f"X-Vigile-Recipients: {', '.join(recipients)}\r\n").encode()
        try:
            name = await asyncio.to_thread(maildir.deliver, self.root, (envelope, message))
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
        self.data_timeout = upstream.data_timeout
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

    async def relay_message(self, sender: str, recipients: Sequence[str], message: bytes, *,
                            options: Sequence[str] = (), attempt: RelayAttempt | None = None
                            ) -> RelayReply:
        attempt = attempt or RelayAttempt()
        transaction = _Transaction(sender, tuple(recipients), message, tuple(options), attempt)
        async with self._slots:
            try:
                reply, client = await self._send_reusing(transaction)
            except aiosmtplib.SMTPResponseException as error:
                raise _relay_error(error.code, error.message) from error
            except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
                if attempt.final_dot_sent:
                    raise RelayError(451, f"4.4.1 Upstream {self.hostname}:{self.port} gave no "
                                          f"final reply ({error}); outcome unknown",
                                     outcome_unknown=True) from error
                raise RelayError(451, f"4.4.1 Upstream {self.hostname}:{self.port} "
                                      f"unavailable: {error}") from error
            self._idle.put_nowait(client)
            return reply

    async def _send_reusing(self, transaction: _Transaction
                            ) -> tuple[RelayReply, aiosmtplib.SMTP]:
        """Send on an idle connection; if it went stale before MAIL, on a fresh one."""
        while not self._idle.empty():
            client = self._idle.get_nowait()
            if not client.is_connected:
                continue
            try:
                await self._mail(client, transaction)
            except (aiosmtplib.SMTPServerDisconnected, OSError, TimeoutError):
                await _discard(client)
                continue
            except BaseException:
                await _discard(client)
                raise
            return await self._finish(client, transaction), client
        client = await self._connect()
        try:
            await self._mail(client, transaction)
        except BaseException:
            await _discard(client)
            raise
        return await self._finish(client, transaction), client

    async def _mail(self, client: aiosmtplib.SMTP, transaction: _Transaction) -> None:
        """MAIL FROM with the normalized sender, and the parameters the upstream knows."""
        if client.is_ehlo_or_helo_needed:
            await client.ehlo()
        options = []
        if SMTPUTF8 in transaction.options or not transaction.ascii_addresses():
            if client.supports_extension("smtputf8"):
                options.append(SMTPUTF8)
            elif transaction.needs_smtputf8():
                raise RelayError(550, f"5.6.7 Upstream {self.hostname}:{self.port} does not "
                                      "support SMTPUTF8, which this message's non-ASCII "
                                      "addresses or headers need")
        if BODY_8BITMIME in transaction.options and client.supports_extension("8bitmime"):
            options.append(BODY_8BITMIME)
        response = await client.execute_command(
            b"MAIL", b"FROM:<" + transaction.sender.encode() + b">",
            *(option.encode() for option in options))
        if response.code != 250:
            raise aiosmtplib.SMTPSenderRefused(response.code, response.message,
                                               transaction.sender)

    async def _finish(self, client: aiosmtplib.SMTP, transaction: _Transaction) -> RelayReply:
        """RCPT for every recipient, then DATA: all recipients or none (the client retries)."""
        try:
            for recipient in transaction.recipients:
                response = await client.execute_command(
                    b"RCPT", b"TO:<" + recipient.encode() + b">")
                if response.code not in (250, 251):
                    raise aiosmtplib.SMTPRecipientRefused(response.code, response.message,
                                                          recipient)
            response = await self._data(client, transaction)
        except aiosmtplib.SMTPResponseException:
            with contextlib.suppress(aiosmtplib.SMTPException, OSError, TimeoutError):
                await client.rset()
                self._idle.put_nowait(client)
            raise
        except BaseException:
            await _discard(client)
            raise
        return RelayReply(response.code, response.message)

    async def _data(self, client: aiosmtplib.SMTP, transaction: _Transaction
                    ) -> aiosmtplib.SMTPResponse:
        """DATA within `timeout`; the final reply within `data_timeout` (RFC 5321
        4.5.3.2.6), and from the final dot on, `attempt.final_dot_sent` is set."""
        start = await client.execute_command(b"DATA")
        if start.code != 354:
            raise aiosmtplib.SMTPDataError(start.code, start.message)
        protocol = client.protocol
        if protocol is None:
            raise aiosmtplib.SMTPServerDisconnected("Connection lost before the message")
        for chunk in dot_stuffed_chunks(transaction.message):
            protocol.write(chunk)
            # Wait while the socket is behind, so no more than a chunk is copied into
            # the transport's buffer (aiosmtplib has no public drain).
            async with asyncio.timeout(self.timeout):
                await protocol._drain_helper()
        protocol.write(FINAL_DOT)
        transaction.attempt.final_dot_sent = True
        try:
            response = await protocol.read_response(timeout=self.data_timeout)
        except BaseException:
            client.close()   # the connection is out of step with the upstream now
            raise
        if response.code != 250:
            raise aiosmtplib.SMTPDataError(response.code, response.message)
        return response

    async def probe(self) -> None:
        client = await self._connect()
        await client.quit()

    async def close(self) -> None:
        while not self._idle.empty():
            client = self._idle.get_nowait()
            with contextlib.suppress(aiosmtplib.SMTPException, OSError, TimeoutError):
                await client.quit()


@dataclass(frozen=True, slots=True)
class _Transaction:
    """One message on its way upstream."""

    sender: str
    recipients: tuple[str, ...]
    message: bytes
    options: tuple[str, ...]
    attempt: RelayAttempt

    def ascii_addresses(self) -> bool:
        return self.sender.isascii() and all(r.isascii() for r in self.recipients)

    def needs_smtputf8(self) -> bool:
        """Non-ASCII in an address, or in the header block of a message the client sent
        with SMTPUTF8 (RFC 6531, 6532). Raw 8-bit headers sent without SMTPUTF8 (old
        mailers do) are relayed as they came, as before."""
        if not self.ascii_addresses():
            return True
        if SMTPUTF8 not in self.options:
            return False
        end = self.message.find(b"\r\n\r\n")
        return not self.message[:end if end >= 0 else len(self.message)].isascii()


def dot_stuffed_chunks(message: bytes, size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """The DATA payload without its final dot line, in pieces of about `size` bytes:
    CRLF line ends, leading dots doubled, a line end at the very end.

    A 25 MB message is stuffed and sent a piece at a time instead of as two more whole
    copies. Every piece but the last ends just after an LF, so no CRLF pair is split and
    each piece starts at the start of a line, where a leading dot is doubled: the pieces
    are exactly the whole message stuffed at once."""
    start, total = 0, len(message)
    while start < total:
        end = total
        if start + size < total:
            end = message.rfind(b"\n", start, start + size) + 1
            if end <= start:   # a line longer than the piece: up to its end
                found = message.find(b"\n", start + size)
                end = total if found < 0 else found + 1
        piece = _stuffed(message[start:end])
        if end == total and not piece.endswith(b"\r\n"):
            piece += b"\r\n"
        yield piece
        start = end
    if not total:
        yield b"\r\n"


def _stuffed(piece: bytes) -> bytes:
    """CRLF line ends and leading dots doubled, for a piece that starts a line: C-level
    counts and replaces (a regex would scan byte by byte in Python's engine)."""
    pairs = piece.count(b"\r\n")
    if piece.count(b"\r") != pairs or piece.count(b"\n") != pairs:
        piece = LINE_ENDS.sub(b"\r\n", piece)
    if piece.startswith(b"."):
        piece = b"." + piece
    return piece.replace(b"\n.", b"\n..")


def _relay_error(code: int, text: str) -> RelayError:
    detail = one_line(text)
    if 400 <= code < 500:
        return RelayError(451, f"4.4.1 Upstream deferred the message: {code} {detail}")
    return RelayError(code if 500 <= code < 600 else 554,
                      f"5.0.0 Upstream rejected the message: {code} {detail}")


async def _discard(client: aiosmtplib.SMTP) -> None:
    with contextlib.suppress(Exception):
        client.close()
