"""The two SMTP servers Vigile is measured against, each run as its own process.

`sink` stands in for the seller's real relay: it accepts every message and discards it.
`relay` is what a seller could run instead of Vigile: a bare pass-through that forwards
each message to the sink with aiosmtplib over a pool of reused connections, with no
policy at all. Each prints `ready` once it listens and stops on SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
from collections.abc import Sequence
from typing import Any

import aiosmtplib
from aiosmtpd.smtp import SMTP, Envelope, Session

MAX_MESSAGE_SIZE = 64 * 1024 * 1024


class SinkHandler:
    """Accepts and discards."""

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        return "250 2.0.0 Ok: discarded"


class PassThroughHandler:
    """Forwards each message upstream over a pool of reused connections (like Vigile's)."""

    def __init__(self, upstream_port: int, pool_size: int, timeout: float) -> None:
        self.upstream_port = upstream_port
        self.timeout = timeout
        self._idle: list[aiosmtplib.SMTP] = []
        self._slots = asyncio.Semaphore(pool_size)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        data = envelope.original_content
        assert isinstance(data, bytes)
        async with self._slots:
            client = self._idle.pop() if self._idle else await self._connect()
            try:
                _, text = await client.sendmail(envelope.mail_from or "", envelope.rcpt_tos,
                                                data)
            except aiosmtplib.SMTPResponseException as error:
                self._idle.append(client)
                return f"{error.code} {error.message}"
            except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
                client.close()
                return f"451 4.4.1 Upstream unavailable: {error}"
            self._idle.append(client)
        return f"250 2.0.0 Ok: relayed; upstream said {text}"

    async def _connect(self) -> aiosmtplib.SMTP:
        client = aiosmtplib.SMTP(hostname="127.0.0.1", port=self.upstream_port,
                                 timeout=self.timeout, local_hostname="bench-relay.invalid",
                                 start_tls=False)
        await client.connect()
        return client


async def serve(handler: Any, port: int) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="bench.invalid", data_size_limit=MAX_MESSAGE_SIZE),
        host="127.0.0.1", port=port)
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    print("ready", flush=True)
    await stop.wait()
    server.close()
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(server.wait_closed(), 5)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="role", required=True)
    sink = commands.add_parser("sink", help="accept and discard")
    sink.add_argument("--port", type=int, required=True)
    relay = commands.add_parser("relay", help="bare pass-through to the sink")
    relay.add_argument("--port", type=int, required=True)
    relay.add_argument("--upstream-port", type=int, required=True)
    relay.add_argument("--pool-size", type=int, default=4)
    relay.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args(argv)

    async def start() -> None:
        handler: Any = (SinkHandler() if args.role == "sink" else
                        PassThroughHandler(args.upstream_port, args.pool_size, args.timeout))
        await serve(handler, args.port)

    asyncio.run(start())


if __name__ == "__main__":
    main()
