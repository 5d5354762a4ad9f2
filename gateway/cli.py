"""The `vigile` command: serve, check, quarantine, passwd (DESIGN.md "Command line")."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses
from importlib.metadata import version as installed_version
from pathlib import Path

from tqdm import tqdm

from gateway import auth
from gateway.config import Config, ConfigError, load_config, store_path
from gateway.log import configure_logging
from gateway.orders import ReportError, count_lines, read_report, rows_for_store
from gateway.pipeline import Gateway
from gateway.quarantine import QuarantineBackend, QuarantineEntry, QuarantineError, open_quarantine
from gateway.quarantine.release import delete_entry, release_entry
from gateway.relay import open_upstream
from gateway.server import serve
from gateway.store import Store, StoreError, open_store
from gateway.store.sqlite import SqliteStore
from gateway.workers import decide
from policies.model import Decision, EmptyOrderBook, OrderBook, Verdict
from policies.text import html_to_text

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_QUARANTINE = 0, 1, 2, 3


class CommandError(Exception):
    """A user-facing failure: printed as `vigile: <message>`, exit code attached."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config)
        return int(args.run(args, config))
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

    check = commands.add_parser("check", help="show the decision for one message file")
    check.add_argument("file", type=Path, metavar="FILE.eml")
    check.add_argument("--rcpt", action="append", help="envelope recipient "
                       "(repeatable; default: the To header)")
    check.add_argument("--from", dest="sender", help="envelope sender (default: From header)")
    check.add_argument("--at", help="time of the check, ISO-8601 (default: now)")
    check.add_argument("--json", action="store_true", help="print the decision as JSON")
    check.set_defaults(run=run_check)

    quarantine = commands.add_parser("quarantine", help="review held messages")
    actions = quarantine.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, help_text, needs_id, run in (
        ("list", "list held messages", False, run_quarantine_list),
        ("show", "show one held message and why it was held", True, run_quarantine_show),
        ("release", "relay a held message upstream as it is", True, run_quarantine_release),
        ("delete", "delete a held message", True, run_quarantine_delete),
    ):
        action = actions.add_parser(name, help=help_text)
        if needs_id:
            action.add_argument("id")
        action.add_argument("--json", action="store_true")
        action.set_defaults(run=run)

    orders = commands.add_parser("orders", help="order data from Seller Central reports")
    order_actions = orders.add_subparsers(dest="action", required=True, metavar="ACTION")
    import_cmd = order_actions.add_parser(
        "import", help="load an All Orders Report or Order Report (tab-separated)")
    import_cmd.add_argument("file", type=Path)
    import_cmd.set_defaults(run=run_orders_import)
    show_order = order_actions.add_parser("show", help="what the store knows about an order")
    show_order.add_argument("order_id")
    show_order.add_argument("--json", action="store_true")
    show_order.set_defaults(run=run_orders_show)

    passwd = commands.add_parser("passwd", help="add a user or set a password for SMTP AUTH")
    passwd.add_argument("user")
    passwd.add_argument("--users-file", type=Path,
                        help="users file (default: listen.users_file from the config)")
    passwd.set_defaults(run=run_passwd)
    for sub in (serve_cmd, check, passwd, *actions.choices.values(),
                *order_actions.choices.values()):
        sub.add_argument("--config", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return parser


# --- serve -----------------------------------------------------------------------------

def run_serve(args: argparse.Namespace, config: Config) -> int:
    configure_logging(config)
    store = open_store(config.store.url, config.base_dir)
    quarantine = open_quarantine(config, store)
    try:
        quarantine.prepare()
    except OSError as error:
        store.close()
        raise CommandError(f"quarantine.dir: cannot create {quarantine.location}: "
                           f"{error.strerror}") from error

    async def run() -> None:
        gateway = Gateway(config, open_upstream(config), quarantine, store)
        await serve(config, gateway)

    try:
        asyncio.run(run())
    except OSError as error:
        raise CommandError(f"cannot listen on {config.listen.host}:{config.listen.port}: "
                           f"{error.strerror or error}") from error
    return EXIT_OK


# --- check -----------------------------------------------------------------------------

def run_check(args: argparse.Namespace, config: Config) -> int:
    try:
        data = args.file.read_bytes()
    except OSError as error:
        raise CommandError(f"cannot read {args.file}: {error.strerror}", EXIT_USAGE) from error
    headers = message_from_bytes(data, policy=policy.default)
    recipients = args.rcpt or _addresses(headers, "To", "Cc")
    if not recipients:
        raise CommandError(f"{args.file}: no To header; name the recipient with --rcpt",
                           EXIT_USAGE)
    sender = args.sender or next(iter(_addresses(headers, "From")), "")
    at = _parse_time(args.at) if args.at else datetime.now(UTC)
    decision = decide(config, _read_only_orders(config), sender, recipients, data, at)
    if args.json:
        print(json.dumps(decision.as_json(), ensure_ascii=False, indent=2))
    else:
        print(_describe(decision))
    return EXIT_QUARANTINE if decision.verdict is Verdict.QUARANTINE else EXIT_OK


def _read_only_orders(config: Config) -> OrderBook:
    """The store's orders when it exists; `check` never creates a SQLite file."""
    if not config.store.url.startswith("sqlite:///"):
        return open_store(config.store.url, config.base_dir)  # a shared server: it exists
    path = store_path(config)
    return SqliteStore(path) if path.is_file() else EmptyOrderBook()


def _addresses(message: EmailMessage, *names: str) -> list[str]:
    values = [str(v) for name in names for v in message.get_all(name, [])]
    return [address for _, address in getaddresses(values) if address]


def _parse_time(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise CommandError(f"--at: {value!r} is not an ISO-8601 time", EXIT_USAGE) from error
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _describe(decision: Decision) -> str:
    lines = [f"decision:    {decision.verdict}"]
    if decision.marketplace:
        lines += [f"marketplace: {decision.marketplace}", f"purpose:     {decision.purpose}",
                  f"language:    {decision.language or '-'}",
                  f"order ids:   {', '.join(decision.order_ids) or '-'}"]
    else:
        lines.append("scope:       no Amazon buyer among the recipients; relayed unchanged")
    for finding in decision.findings:
        lines.append(f"  {finding.rule} [{finding.action}] x{finding.count}: {finding.detail}")
    return "\n".join(lines)


# --- quarantine ------------------------------------------------------------------------

@contextmanager
def _quarantine(config: Config) -> Iterator[tuple[QuarantineBackend, Store]]:
    """The quarantine `store.url` selects (a folder, or the shared database), and the store."""
    store = open_store(config.store.url, config.base_dir)
    try:
        yield open_quarantine(config, store), store
    finally:
        store.close()


def _entry(quarantine: QuarantineBackend, entry_id: str) -> QuarantineEntry:
    try:
        return quarantine.get(entry_id)
    except QuarantineError as error:
        raise CommandError(str(error)) from error


def run_quarantine_list(args: argparse.Namespace, config: Config) -> int:
    with _quarantine(config) as (quarantine, _):
        entries = quarantine.entries()
    if args.json:
        print(json.dumps([e.as_json() for e in entries], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not entries:
        print("quarantine is empty")
    for e in entries:
        print(f"{e.id}  {e.held_at}  {e.state:9}  {','.join(e.rules):30}  "
              f"{','.join(e.recipients)}  {_safe(e.subject)[:60]}")
    return EXIT_OK


def run_quarantine_show(args: argparse.Namespace, config: Config) -> int:
    with _quarantine(config) as (quarantine, _):
        entry = _entry(quarantine, args.id)
        if args.json:
            print(json.dumps({**entry.decision, "entry": entry.as_json()}, ensure_ascii=False,
                             indent=2))
            return EXIT_OK
        data = quarantine.message(entry.id)
    message = message_from_bytes(data, policy=policy.default)
    lines = [f"id:          {entry.id}", f"held at:     {entry.held_at}",
             f"client:      {entry.client}", f"sender:      {entry.sender}",
             f"recipients:  {', '.join(entry.recipients)}",
             f"decision:    {entry.decision.get('decision')}",
             f"purpose:     {entry.decision.get('purpose')}"]
    lines += [f"  {f['rule']} [{f['action']}]: {_safe(f.get('detail', ''))}"
              for f in entry.decision.get("findings", [])]
    lines += [f"released:    {r['at']} ({_safe(r['upstream_reply'])})" for r in entry.released]
    lines.append("")
    for name in ("From", "To", "Subject", "Date"):
        lines.append(f"{name}: {_safe(str(message.get(name, '')))}")
    lines += ["", _safe(_body_text(message), keep_newlines=True)]
    print("\n".join(lines))
    return EXIT_OK


def _body_text(message: EmailMessage) -> str:
    """The message text for a terminal: plain text, or HTML as text (nothing fetched)."""
    try:
        body = message.get_body(preferencelist=("plain", "html"))
        if body is None:
            return "(no text part)"
        content = body.get_content()
    except (LookupError, ValueError, KeyError):
        return "(the text part cannot be decoded)"
    return html_to_text(content) if body.get_content_subtype() == "html" else content


def _safe(text: str, keep_newlines: bool = False) -> str:
    """Text with control characters (terminal escapes, stray CR) made visible."""
    allowed = {"\n", "\t"} if keep_newlines else set()
    return "".join(c if c.isprintable() or c in allowed else f"\\x{ord(c):02x}" for c in text)


def run_quarantine_release(args: argparse.Namespace, config: Config) -> int:
    configure_logging(config)
    with _quarantine(config) as (quarantine, store):
        try:
            outcome = asyncio.run(release_entry(config, quarantine, store, args.id,
                                                actor=getpass.getuser()))
        except QuarantineError as error:
            raise CommandError(str(error)) from error
    if args.json:
        print(json.dumps(outcome.entry.as_json(), ensure_ascii=False, indent=2))
    else:
        print(f"{args.id} released: upstream said {outcome.upstream_reply}")
    return EXIT_OK


def run_quarantine_delete(args: argparse.Namespace, config: Config) -> int:
    configure_logging(config)
    with _quarantine(config) as (quarantine, _):
        try:
            delete_entry(quarantine, args.id, actor=getpass.getuser())
        except QuarantineError as error:
            raise CommandError(str(error)) from error
    if args.json:
        print(json.dumps({"deleted": args.id}))
    else:
        print(f"{args.id} deleted")
    return EXIT_OK


# --- orders ----------------------------------------------------------------------------

def run_orders_import(args: argparse.Namespace, config: Config) -> int:
    path: Path = args.file
    total = count_lines(path) if path.is_file() else 0
    with tqdm(total=total, unit="row", desc=path.name, disable=not sys.stderr.isatty(),
              file=sys.stderr) as bar:
        try:
            kind, rows = read_report(path, progress=bar.update)
        except ReportError as error:
            raise CommandError(f"{error}; nothing imported") from error
    store = open_store(config.store.url, config.base_dir)
    try:
        store.upsert_orders(rows_for_store(rows))
    finally:
        store.close()
    print(f"{path}: {kind.name}, {len(rows)} orders imported")
    return EXIT_OK


def run_orders_show(args: argparse.Namespace, config: Config) -> int:
    orders = _read_only_orders(config)
    order = orders.order(args.order_id)
    review = orders.review_request(args.order_id)
    if order is None and review is None:
        raise CommandError(f"order {args.order_id} is not in the store")
    info = {
        "order_id": args.order_id,
        "purchased_at": order.purchased_at.isoformat() if order and order.purchased_at else None,
        "completed_at": order.completed_at.isoformat() if order and order.completed_at else None,
        "status": order.status if order else None,
        "buyer_language": order.buyer_language if order else None,
        "review_request": {"sent_at": review.sent_at.isoformat(),
                           "message_id": review.message_id} if review else None,
    }
    if args.json:
        print(json.dumps(info, indent=2))
    else:
        for key, value in info.items():
            shown = (f"sent {value['sent_at']} ({value['message_id']})"
                     if isinstance(value, dict) else value)
            print(f"{key.replace('_', ' ') + ':':16} {shown if shown is not None else '-'}")
    return EXIT_OK


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
