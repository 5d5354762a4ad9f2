"""The `vigile` command: serve, check, quarantine, orders, passwd (DESIGN.md "Command line").

`main` parses the arguments, loads the config and runs one command; every expected
failure is one `vigile: …` line on stderr and an exit code (errors.py), and output cut
short by a closed pipe (`| head`) ends quietly. The commands live in check.py,
quarantine.py and orders.py; serve and passwd are here.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import io
import os
import sys
from collections.abc import Sequence
from importlib.metadata import version as installed_version
from pathlib import Path

from gateway import auth
from gateway.cli import check, orders, quarantine, web
from gateway.cli.errors import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    require_users_file,
)
from gateway.config import Config, ConfigError, load_config
from gateway.log import configure_logging, get_logger
from gateway.pipeline import Gateway
from gateway.quarantine import open_quarantine
from gateway.relay import Upstream, open_upstream
from gateway.server import serve
from gateway.store import StoreError, open_store
from gateway.workers import WorkerStartError

__all__ = ["CommandError", "build_parser", "main"]

# Seconds the start-up check of the upstream may take before it is reported as down.
UPSTREAM_CHECK_TIMEOUT = 10.0


def main(argv: Sequence[str] | None = None) -> int:
    # Held messages can carry bytes that were not UTF-8 (lone surrogates once decoded):
    # printed as `\udcff`, which is also their escape inside JSON output.
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config)
        code = int(args.run(args, config))
        sys.stdout.flush()  # here, so a closed pipe is caught below
        return code
    except ConfigError as error:
        print(f"vigile: config error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except CommandError as error:
        print(f"vigile: {error}", file=sys.stderr)
        return error.code
    except StoreError as error:
        print(f"vigile: store.url: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (`| head`) has gone: stop writing, and keep Python from complaining
        # about the unflushed rest when it exits.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # as a shell reports a command ended by SIGPIPE
    except OSError as error:  # a folder or file the command needs: name it, no traceback
        where = f"{error.filename}: " if error.filename else ""
        print(f"vigile: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_FAILED


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vigile", description="SMTP gateway for Amazon Buyer-Seller Messaging.")
    parser.add_argument("--config", help="TOML config file (default: $VIGILE_CONFIG, "
                        "else the embedded defaults)")
    parser.add_argument("--version", action="version",
                        version=f"%(prog)s {installed_version('vigile')}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve_cmd = commands.add_parser("serve", help="run the gateway")
    serve_cmd.set_defaults(run=run_serve)
    subcommands = [serve_cmd, *check.add_parsers(commands),
                   *quarantine.add_parsers(commands), *orders.add_parsers(commands),
                   *web.add_parsers(commands)]

    passwd = commands.add_parser("passwd", help="add a user or set a password for SMTP AUTH")
    passwd.add_argument("user")
    passwd.add_argument("--users-file", type=Path,
                        help="users file (default: listen.users_file from the config)")
    passwd.set_defaults(run=run_passwd)
    for sub in (*subcommands, passwd):
        sub.add_argument("--config", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return parser


# --- serve -----------------------------------------------------------------------------

def run_serve(args: argparse.Namespace, config: Config) -> int:
    if config.listen.users_file:
        require_users_file(config)
    configure_logging(config)
    store = open_store(config.store.url, config.base_dir)
    held = open_quarantine(config, store)
    try:
        held.prepare()
    except OSError as error:
        store.close()
        raise CommandError(f"quarantine.dir: cannot create {held.location}: "
                           f"{error.strerror}") from error

    async def run() -> None:
        gateway = Gateway(config, open_upstream(config), held, store)
        check_upstream = asyncio.create_task(warn_if_upstream_down(config, gateway.upstream))
        try:
            await serve(config, gateway)
        finally:
            check_upstream.cancel()

    try:
        asyncio.run(run())
    except WorkerStartError as error:  # nothing listens yet: one line, not a traceback
        raise CommandError(f"cannot start the gateway: {error}") from error
    except OSError as error:
        raise CommandError(f"cannot listen on {config.listen.host}:{config.listen.port}: "
                           f"{error.strerror or error}") from error
    return EXIT_OK


async def warn_if_upstream_down(config: Config, upstream: Upstream) -> None:
    """Say at start when the upstream does not answer (a typo in its host, a firewall),
    rather than only when the first message gets 451. `/readyz` keeps saying it."""
    try:
        await asyncio.wait_for(upstream.probe(), UPSTREAM_CHECK_TIMEOUT)
    except Exception as error:  # any failure to connect is what this reports
        get_logger().warning("upstream_unreachable", upstream=config.upstream.url,
                             error=str(error) or type(error).__name__,
                             consequence="messages to relay are answered 451 until it answers")


# --- passwd ----------------------------------------------------------------------------

def run_passwd(args: argparse.Namespace, config: Config) -> int:
    path = args.users_file or (config.path(config.listen.users_file)
                               if config.listen.users_file else None)
    if path is None:
        raise CommandError("no users file: set listen.users_file or pass --users-file",
                           EXIT_USAGE)
    if sys.stdin.isatty():
        password = getpass.getpass(f"password for {args.user}: ")
        if password != getpass.getpass("again: "):
            raise CommandError("the passwords differ; nothing changed")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise CommandError("empty password; nothing changed", EXIT_USAGE)
    try:
        auth.set_password(Path(path), args.user, password)
    except (auth.UsersFileError, OSError) as error:
        raise CommandError(str(error)) from error
    print(f"{args.user}: password set in {path}")
    return EXIT_OK
