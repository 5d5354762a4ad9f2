"""The SMTP listener: aiosmtpd, with AUTH, STARTTLS, limits and the no-open-relay rule.

Who may send: a client in `listen.trusted_networks` (loopback by default), or one
that authenticated. AUTH is offered only after STARTTLS, except to trusted clients;
failed logins slow down and then lock out the client's address for a while. MAIL
and RCPT addresses are parsed once (gateway.address) and only the normalized form is
used from then on. DATA is read into one buffer with its line ends normalized
(gateway.smtpdata: what the policy judged is exactly what goes upstream); the DATA hook
checks the header limits and hands the message to `Gateway.handle_message`, whose reply
is the client's answer.

Behind a load balancer (`listen.proxy_protocol`), the client is the one the PROXY
header names: `session.peer` is replaced by it before the greeting, so trusted
networks, limits, the login lockout and the logs all see the real client.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import signal
import socket
import ssl
from collections import Counter
from typing import Any

from aiosmtpd.proxy_protocol import ProxyData
from aiosmtpd.smtp import MISSING, SMTP, AuthResult, Envelope, LoginPassword, Session

from gateway.address import Address, AddressError, parse_path, split_path
from gateway.auth import AuthThrottle, UsersFile
from gateway.config import Config, ListenConfig
from gateway.log import get_logger
from gateway.metrics import start_endpoint
from gateway.pipeline import Gateway, Submission
from gateway.relay import BODY_8BITMIME, SMTPUTF8
from gateway.smtpdata import read_data

# Seconds a balancer has to send its PROXY header (it sends it at once).
PROXY_HEADER_TIMEOUT = 10.0
TOO_MANY_CONNECTIONS = b"421 4.7.0 Too many connections from your address\r\n"
# Refusals that aiosmtpd itself sends when a client exceeds a limit.
LIMIT_REPLIES = re.compile(r"^(?:500 (?:Line|Command line) too long|421 .*too many|552 Error)",
                           re.IGNORECASE)


def peer_text(peer: Any) -> str:
    try:
        return f"{peer[0]}:{peer[1]}"
    except (TypeError, IndexError):
        return str(peer)


def peer_address(peer: Any) -> str:
    try:
        return str(peer[0])
    except (TypeError, IndexError):
        return str(peer)


class GatewayEnvelope(Envelope):
    """aiosmtpd's envelope plus the parsed addresses: the only ones used after MAIL/RCPT."""

    def __init__(self) -> None:
        super().__init__()
        self.sender: Address | None = None
        self.recipients: list[Address] = []


class GatewaySMTP(SMTP):
    """aiosmtpd's protocol with Vigile's connection policy.

    AUTH without TLS only for trusted clients; a connection limit per untrusted address;
    STARTTLS refused when plaintext commands were pipelined behind it (they would
    otherwise be read as if they came over TLS); every limit refusal logged; addresses
    split off their parameters here and parsed by the handler (gateway.address).
    """

    def __init__(self, handler: GatewayHandler, *, listen: ListenConfig, **options: Any
                 ) -> None:
        super().__init__(handler, **options)
        self.listen = listen
        self.gateway_handler = handler
        self.counted_address: str | None = None
        self.counted_open = False
        self.auth_attempt: str | None = None   # the address of a login being checked
        self.proxied_peer: Any = None           # the real client, from the PROXY header

    def _create_envelope(self) -> GatewayEnvelope:
        return GatewayEnvelope()

    def _getaddr(self, arg: str) -> tuple[str | None, str | None]:
        """The raw path and the parameters; the MAIL/RCPT hooks parse the path, so that
        a refusal names what is wrong (aiosmtpd's own parser is lenient)."""
        return split_path(arg) if arg else ("", "")

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        first = self.transport is None
        super().connection_made(transport)
        if not first:   # STARTTLS: aiosmtpd starts a new session from the transport's peer
            if self.proxied_peer is not None:
                self.session.peer = self.proxied_peer
            return
        self.gateway_handler.gateway.metrics.open_connections.inc()
        self.counted_open = True
        peer = transport.get_extra_info("peername")
        if self.listen.proxy_protocol:
            # The client is known from the PROXY header (GatewayHandler.handle_PROXY).
            self._auth_require_tls = True
            if not self.listen.is_balancer(peer):
                self.gateway_handler.log.warning("proxy_refused", peer=peer_text(peer),
                                                 reason="not in listen.proxy_networks")
                self._refuse(b"")
            return
        if not self.admit(peer):
            self._refuse(TOO_MANY_CONNECTIONS)

    def admit(self, peer: Any) -> bool:
        """Trust and count a client; False when it has too many connections open."""
        trusted = self.listen.trusts(peer)
        self._auth_require_tls = not trusted
        if trusted:
            return True
        address = peer_address(peer)
        connections = self.gateway_handler.connections
        if connections[address] >= self.listen.max_connections_per_client:
            self.gateway_handler.log.warning("limit", client=peer_text(peer),
                                             limit="max_connections_per_client")
            return False
        connections[address] += 1
        self.counted_address = address
        return True

    def _refuse(self, reply: bytes) -> None:
        if self._handler_coroutine is not None:
            self._handler_coroutine.cancel()
        assert self.transport is not None
        if reply:
            self.transport.write(reply)
        self.transport.close()

    def finish_auth_attempt(self, *, failed: bool) -> None:
        """The login begun in handle_AUTH was checked (or abandoned)."""
        if self.auth_attempt is not None:
            self.gateway_handler.throttle.end(self.auth_attempt, failed=failed)
            self.auth_attempt = None

    def connection_lost(self, error: Exception | None) -> None:
        self.finish_auth_attempt(failed=False)
        if self.counted_open:
            self.gateway_handler.gateway.metrics.open_connections.dec()
            self.counted_open = False
        if self.counted_address is not None:
            connections = self.gateway_handler.connections
            connections[self.counted_address] -= 1
            if connections[self.counted_address] <= 0:
                del connections[self.counted_address]
            self.counted_address = None
        super().connection_lost(error)

    async def smtp_STARTTLS(self, arg: str) -> None:
        if self._reader._buffer:  # type: ignore[attr-defined]
            self.gateway_handler.log.warning("starttls_pipelining",
                                             client=peer_text(self.session.peer))
            await self.push("554 5.5.1 Commands pipelined after STARTTLS; closing")
            assert self.transport is not None
            self.transport.close()
            return
        await super().smtp_STARTTLS(arg)

    async def smtp_DATA(self, arg: str) -> None:
        """aiosmtpd's DATA, reading the message into one buffer with its line ends
        normalized (gateway.smtpdata): a large message is held once, not three times."""
        if await self.check_helo_needed() or await self.check_auth_needed("DATA"):
            return
        assert self.envelope is not None
        if not self.envelope.rcpt_tos:
            await self.push("503 Error: need RCPT command")
            return
        if arg:
            await self.push("501 Syntax: DATA")
            return
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        try:
            received = await read_data(self._reader, size_limit=self.data_size_limit,
                                       line_length_limit=self.line_length_limit)
        except asyncio.CancelledError:   # the connection was lost during DATA
            self._writer.close()
            raise
        if received.refusal is not None:
            await self.push(received.refusal)
            self._set_post_data_state()
            return
        self.envelope.content = self.envelope.original_content = received.content
        status = await self._call_handler_hook("DATA")
        self._set_post_data_state()
        await self.push("250 OK" if status is MISSING else status)

    async def push(self, status: Any) -> None:
        text = status.decode(errors="replace") if isinstance(status, bytes) else str(status)
        if LIMIT_REPLIES.match(text) and self.session is not None:
            self.gateway_handler.log.warning("limit", client=peer_text(self.session.peer),
                                             reply=text)
        await super().push(status)


class GatewayHandler:
    """aiosmtpd hooks: who may send, how many recipients, and what happens after DATA."""

    def __init__(self, gateway: Gateway, config: Config, throttle: AuthThrottle) -> None:
        self.gateway = gateway
        self.listen = config.listen
        self.throttle = throttle
        self.log = get_logger()
        self.in_flight = 0
        self.connections: Counter[str] = Counter()

    async def handle_PROXY(self, server: SMTP, session: Session, envelope: Envelope,
                           proxy: ProxyData) -> bool:
        """Take the real client from the PROXY header (the peer is a trusted balancer:
        GatewaySMTP.connection_made closed every other connection)."""
        assert isinstance(server, GatewaySMTP)
        if proxy.src_addr is not None and proxy.src_port is not None:
            session.peer = server.proxied_peer = (str(proxy.src_addr), proxy.src_port)
        if server.admit(session.peer):
            return True
        assert server.transport is not None
        server.transport.write(TOO_MANY_CONNECTIONS)
        return False

    async def handle_AUTH(self, server: SMTP, session: Session, envelope: Envelope,
                          args: list[str]) -> Any:
        """Slow down and then refuse logins from an address that keeps failing; logins
        being checked count, so parallel attempts cannot all slip in before a lockout."""
        assert isinstance(server, GatewaySMTP)
        server.finish_auth_attempt(failed=False)   # an earlier one the client abandoned
        address = peer_address(session.peer)
        if not await self.throttle.begin(address):
            self.log.warning("limit", client=peer_text(session.peer), limit="auth_failures")
            return "421 4.7.0 Too many failed logins; try again later"
        server.auth_attempt = address
        await asyncio.sleep(self.throttle.delay(address))
        return MISSING

    async def handle_MAIL(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, mail_options: list[str]) -> str:
        if not (session.authenticated or self.listen.trusts(session.peer)):
            self.log.warning("relay_denied", client=peer_text(session.peer),
                             sender=ascii(address))
            return "530 5.7.0 Authentication required"
        assert isinstance(envelope, GatewayEnvelope)
        try:
            sender = parse_path(address, smtputf8=envelope.smtp_utf8, null_allowed=True)
        except AddressError as error:
            return self._refused_address(session, "MAIL", address, error)
        envelope.sender = sender
        envelope.mail_from = sender.text or "<>"   # aiosmtpd needs it non-empty
        envelope.mail_options.extend(o for o in mail_options if o == BODY_8BITMIME)
        return "250 2.1.0 Ok"

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, rcpt_options: list[str]) -> str:
        assert isinstance(envelope, GatewayEnvelope)
        if len(envelope.recipients) >= self.listen.max_recipients:
            self.log.warning("limit", client=peer_text(session.peer), limit="max_recipients")
            return f"452 4.5.3 Too many recipients (at most {self.listen.max_recipients})"
        try:
            recipient = parse_path(address, smtputf8=envelope.smtp_utf8, null_allowed=False)
        except AddressError as error:
            return self._refused_address(session, "RCPT", address, error)
        envelope.recipients.append(recipient)
        envelope.rcpt_tos.append(recipient.text)
        return "250 2.1.5 Ok"

    def _refused_address(self, session: Session, command: str, path: str,
                         error: AddressError) -> str:
        # ascii(): the refused path may hold the very controls it was refused for.
        self.log.warning("address_refused", client=peer_text(session.peer), command=command,
                         address=ascii(path), reason=error.reason)
        return error.reply

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        # Un-stuffed, bare CR and LF already normalized to CRLF (GatewaySMTP.smtp_DATA).
        data = envelope.original_content
        assert isinstance(data, bytes)
        refusal = self._header_refusal(data)
        if refusal:
            self.log.warning("limit", client=peer_text(session.peer), reply=refusal)
            return refusal
        login = session.auth_data if session.authenticated else b""
        user = login.decode(errors="replace") if isinstance(login, bytes) else str(login or "")
        assert isinstance(envelope, GatewayEnvelope) and envelope.sender is not None
        options = tuple(envelope.mail_options) + ((SMTPUTF8,) if envelope.smtp_utf8 else ())
        self.in_flight += 1
        try:
            return await self.gateway.handle_message(Submission(
                sender=envelope.sender.text,
                recipients=tuple(r.text for r in envelope.recipients),
                data=data, client=peer_text(session.peer), user=user, options=options))
        finally:
            self.in_flight -= 1

    def _header_refusal(self, data: bytes) -> str | None:
        end = data.find(b"\r\n\r\n")
        block = data if end < 0 else data[:end + 2]
        lines = block.split(b"\r\n")
        count, longest, current = 0, 0, 0
        for line in lines:
            if line[:1] in (b" ", b"\t"):
                current += len(line) + 2
            else:
                count += 1
                current = len(line) + 2
            longest = max(longest, current)
        if count > self.listen.max_header_count:
            return f"552 5.3.4 Too many header lines (at most {self.listen.max_header_count})"
        if longest > self.listen.max_header_size:
            return f"552 5.3.4 Header too long (at most {self.listen.max_header_size} bytes)"
        return None


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
        (self.log.info if ok else self.log.warning)(
            "auth", client=peer_text(session.peer), user=user, mechanism=mechanism, success=ok)
        if isinstance(server, GatewaySMTP):
            server.finish_auth_attempt(failed=not ok)
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


def command_limits(listen: ListenConfig) -> dict[str, int]:
    """Commands allowed per connection: many transactions, few of anything else."""
    per_message = listen.max_commands_per_connection
    return {"*": max(20, per_message // 10), "MAIL": per_message, "RCPT": per_message * 10,
            "DATA": per_message, "RSET": per_message, "NOOP": per_message}


def smtp_factory(config: Config, handler: GatewayHandler) -> Any:
    """A callable that builds one SMTP protocol per connection."""
    listen = config.listen
    users = UsersFile(config.path(listen.users_file)) if listen.users_file else None
    context = tls_context(config)
    hostname = listen.hostname or socket.gethostname()
    authenticator = Authenticator(users) if users else None

    def build() -> SMTP:
        return GatewaySMTP(
            handler,
            listen=listen,
            data_size_limit=listen.max_message_size,
            enable_SMTPUTF8=True,
            hostname=hostname,
            ident="Vigile",
            tls_context=context,
            timeout=listen.timeout,
            authenticator=authenticator,
            auth_exclude_mechanism=None if users else ["LOGIN", "PLAIN"],
            command_call_limit=command_limits(listen),
            proxy_protocol_timeout=PROXY_HEADER_TIMEOUT if listen.proxy_protocol else None,
        )

    return build


async def serve(config: Config, gateway: Gateway, *, ready: asyncio.Event | None = None,
                stop: asyncio.Event | None = None) -> None:
    """Listen until SIGTERM/SIGINT (or `stop`), then drain in-flight messages and exit."""
    log = get_logger()
    throttle = AuthThrottle(delay=config.listen.auth_failure_delay,
                            limit=config.listen.max_auth_failures)
    handler = GatewayHandler(gateway, config, throttle)
    await gateway.workers.warm_up()
    loop = asyncio.get_running_loop()
    # The review page, when `[web] listen` is set: same loop, quarantine and store. Started
    # first, so a page that cannot listen leaves no SMTP socket accepting unanswered.
    # aiohttp and jinja2 (~10 MB) are loaded only then (and never by `vigile check`).
    review_page = None
    if config.web.address() is not None:
        from gateway.web.app import start_web

        review_page = await start_web(config, gateway.quarantine, gateway.store)
    server = await loop.create_server(smtp_factory(config, handler), host=config.listen.host,
                                      port=config.listen.port, reuse_address=True)
    endpoint = await start_endpoint(config, gateway)
    stop = stop or asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        # Only the main thread can handle signals (tests run the server in another).
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop.set)
    address = server.sockets[0].getsockname()
    log.info("listening", host=address[0], port=address[1], upstream=config.upstream.url,
             quarantine=gateway.quarantine.location)
    if ready is not None:
        ready.set()
    await stop.wait()
    log.info("stopping", in_flight=handler.in_flight)
    server.close()
    if endpoint is not None:
        endpoint.close()
    if review_page is not None:
        await review_page.close()
    deadline = loop.time() + config.listen.timeout
    while handler.in_flight and loop.time() < deadline:
        await asyncio.sleep(0.05)
    await gateway.close()
    log.info("stopped")
