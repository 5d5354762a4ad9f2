"""`vigile web`: the review page alone, without the SMTP listener.

For a reviewer's machine or a second process beside `vigile serve` (with a PostgreSQL
store both see the same quarantine; with the Maildir quarantine, run it on the
gateway's machine and config). `vigile serve` also serves the page when `[web] listen`
is set; this command serves it on `web.listen`, `--listen`, or 127.0.0.1:8025.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import signal

from gateway.cli.errors import EXIT_OK, EXIT_USAGE, CommandError, require_users_file
from gateway.config import WEB_DEFAULT_LISTEN, Config, ConfigError, check
from gateway.log import configure_logging
from gateway.quarantine import open_quarantine
from gateway.store import open_store


def add_parsers(commands: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    web = commands.add_parser(
        "web", help="serve the review page (quarantine and draft check) in a browser")
    web.add_argument("--listen", metavar="HOST:PORT",
                     help=f"address (default: web.listen, else {WEB_DEFAULT_LISTEN})")
    web.set_defaults(run=run_web)
    return [web]


def run_web(args: argparse.Namespace, config: Config) -> int:
    listen = args.listen or config.web.listen or WEB_DEFAULT_LISTEN
    try:
        config = check(dataclasses.replace(
            config, web=dataclasses.replace(config.web, listen=listen)))
    except ConfigError as error:
        raise CommandError(str(error), EXIT_USAGE) from error
    require_users_file(config)
    from gateway.web.app import run_forever  # aiohttp only for this command

    configure_logging(config)
    store = open_store(config.store.url, config.base_dir)
    quarantine = open_quarantine(config, store)

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, stop.set)
        await run_forever(config, quarantine, store, listen, stop)

    try:
        asyncio.run(run())
    except OSError as error:
        raise CommandError(f"web: cannot listen on {listen}: {error.strerror or error}") \
            from error
    finally:
        store.close()
    return EXIT_OK
