"""The SMTP listener: aiosmtpd, with AUTH, STARTTLS and the no-open-relay rule.

Who may send: a client in `listen.trusted_networks` (loopback by default), or one
that authenticated. AUTH is offered only after STARTTLS, except to trusted clients.
The DATA hook hands the message to `Gateway.handle_message`, whose reply is the
client's answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
import ssl
from typing import Any

from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from gateway.auth import UsersFile
from gateway.config import Config, ListenConfig
from gateway.log import get_logger
from gateway.pipeline import Gateway, Submission


def peer_text(peer: Any) -> str:
    try:
        return f"{peer[0]}:{peer[1]}"
    except (TypeError, IndexError):
        return str(peer)


class GatewaySMTP(SMTP):
    """aiosmtpd's SMTP protocol, allowing AUTH without TLS to trusted clients only."""

    def __init__(self, handler: Any, *, listen: ListenConfig, **options: Any) -> None:
        super().__init__(handler, **options)
        self.listen = listen

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        first = self.transport is None
        super().connection_made(transport)
        if first:
            self._auth_require_tls = not self.listen.trusts(
                transport.get_extra_info("peername"))


class GatewayHandler:
    """aiosmtpd hooks: who may send, how many recipients, and what happens after DATA."""

    def __init__(self, gateway: Gateway, config: Config) -> None:
        self.gateway = gateway
        self.listen = config.listen
        self.max_recipients = config.listen.max_recipients
        self.log = get_logger()
        self.in_flight = 0

    async def handle_MAIL(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, mail_options: list[str]) -> str:
        if not (session.authenticated or self.listen.trusts(session.peer)):
            self.log.warning("relay_denied", client=peer_text(session.peer), sender=address)
            return "530 5.7.0 Authentication required"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 Ok"

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, rcpt_options: list[str]) -> str:
        if len(envelope.rcpt_tos) >= self.max_recipients:
            return f"452 4.5.3 Too many recipients (at most {self.max_recipients})"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        data = envelope.original_content
        assert isinstance(data, bytes)
        login = session.auth_data if session.authenticated else b""
        user = login.decode(errors="replace") if isinstance(login, bytes) else str(login or "")
        self.in_flight += 1
        try:
            return await self.gateway.handle_message(Submission(
                sender=envelope.mail_from or "", recipients=tuple(envelope.rcpt_tos),
                data=data, client=peer_text(session.peer), user=user))
        finally:
            self.in_flight -= 1


class Authenticator:
    """aiosmtpd authenticator: PLAIN and LOGIN against the users file."""

    def __init__(self, users: UsersFile) -> None:
        self.users = users
        self.log = get_logger()

    def __call__(self, server: SMTP, session: Session, envelope: Envelope, mechanism: str,
                 auth_data: Any) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user = auth_data.login.decode(errors="replace")
        ok = self.users.check(user, auth_data.password.decode(errors="replace"))
        self.log.info("auth", client=peer_text(session.peer), user=user, mechanism=mechanism,
                      success=ok)
        if not ok:
            return AuthResult(success=False, handled=False)
        return AuthResult(success=True, auth_data=auth_data.login)


def tls_context(config: Config) -> ssl.SSLContext | None:
    if not config.listen.tls_cert:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(config.path(config.listen.tls_cert),
                            config.path(config.listen.tls_key))
    return context


def smtp_factory(config: Config, handler: GatewayHandler) -> Any:
    """A callable that builds one SMTP protocol per connection."""
    users = UsersFile(config.path(config.listen.users_file)) if config.listen.users_file else None
    context = tls_context(config)
    hostname = config.listen.hostname or socket.gethostname()

    def build() -> SMTP:
        return GatewaySMTP(
            handler,
            listen=config.listen,
            data_size_limit=config.listen.max_message_size,
            enable_SMTPUTF8=True,
            hostname=hostname,
            ident="Vigile",
            tls_context=context,
            timeout=config.listen.timeout,
            authenticator=Authenticator(users) if users else None,
            auth_exclude_mechanism=None if users else ["LOGIN", "PLAIN"],
        )

    return build


async def serve(config: Config, gateway: Gateway, *, ready: asyncio.Event | None = None,
                stop: asyncio.Event | None = None) -> None:
    """Listen until SIGTERM/SIGINT (or `stop`), then drain in-flight messages and exit."""
    log = get_logger()
    handler = GatewayHandler(gateway, config)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(smtp_factory(config, handler), host=config.listen.host,
                                      port=config.listen.port, reuse_address=True)
    stop = stop or asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        # Only the main thread can handle signals (tests run the server in another).
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop.set)
    address = server.sockets[0].getsockname()
    log.info("listening", host=address[0], port=address[1], upstream=config.upstream.url,
             quarantine=str(config.path(config.quarantine.dir)))
    if ready is not None:
        ready.set()
    await stop.wait()
    log.info("stopping", in_flight=handler.in_flight)
    server.close()
    deadline = loop.time() + config.listen.timeout
    while handler.in_flight and loop.time() < deadline:
        await asyncio.sleep(0.05)
    await gateway.close()
    log.info("stopped")
