"""`vigile quarantine list|show|release|delete`: reviewing held messages in a terminal.

Release and delete go through gateway/quarantine/release.py, as the review page does:
a release happens once (a second is refused unless `--force`), and each action is an
audit log event naming the entry, the operator (user and host) and the upstream's
answer. Everything a stranger wrote is shown through `visible`.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.errors import HeaderParseError
from email.message import EmailMessage

from gateway.cli.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, CommandError
from gateway.cli.terminal import shorten, table, visible
from gateway.config import Config
from gateway.headers import display_headers
from gateway.log import configure_logging
from gateway.quarantine import (
    STATES,
    EntryFilter,
    QuarantineBackend,
    QuarantineEntry,
    QuarantineError,
    open_quarantine,
)
from gateway.quarantine.release import delete_entry, release_entry
from gateway.store import Store, open_store
from policies.text import html_to_text


def add_parsers(commands: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    quarantine = commands.add_parser("quarantine", help="review held messages")
    actions = quarantine.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="list held messages, oldest first")
    listing.add_argument("--rule", help="only messages held by this rule")
    listing.add_argument("--since", type=parse_since, metavar="TIME",
                         help="only messages held since TIME: ISO-8601, or 30m, 12h, 7d ago")
    listing.add_argument("--state", choices=STATES, help="only entries in this state")
    listing.add_argument("--limit", type=int, metavar="N", help="at most N entries")
    listing.set_defaults(run=run_list)
    show = actions.add_parser("show", help="show one held message and why it was held")
    show.add_argument("id")
    show.add_argument("--raw", action="store_true", help="the message source, not its text")
    show.set_defaults(run=run_show)
    release = actions.add_parser("release", help="relay held messages upstream, once")
    release.add_argument("ids", nargs="+", metavar="ID")
    release.add_argument("--rewritten", action="store_true",
                         help="relay the message as the policy rewrites it (strip rules "
                         "applied, the rules that held it ignored), not as it was sent")
    release.add_argument("--force", "--again", action="store_true",
                         help="release even if it was released before (sends it again)")
    release.set_defaults(run=run_release)
    delete = actions.add_parser("delete", help="delete held messages")
    delete.add_argument("ids", nargs="+", metavar="ID")
    delete.set_defaults(run=run_delete)
    for action in actions.choices.values():
        action.add_argument("--json", action="store_true", help="print JSON")
    return list(actions.choices.values())


def parse_since(value: str) -> datetime:
    ago = re.fullmatch(r"(\d+)([mhd])", value.strip())
    if ago:
        unit = {"m": "minutes", "h": "hours", "d": "days"}[ago.group(2)]
        return datetime.now(UTC) - timedelta(**{unit: int(ago.group(1))})
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is neither an ISO-8601 time nor an age like 30m, 12h or 7d") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def actor() -> str:
    """Who runs the command, for the audit trail."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


@contextmanager
def _opened(config: Config) -> Iterator[tuple[QuarantineBackend, Store]]:
    """The quarantine `store.url` selects (a folder, or the shared database), and the store."""
    store = open_store(config.store.url, config.base_dir)
    try:
        yield open_quarantine(config, store), store
    finally:
        store.close()


def run_list(args: argparse.Namespace, config: Config) -> int:
    if args.limit is not None and args.limit < 0:
        raise CommandError("--limit: must be 0 or more", EXIT_USAGE)
    filters = EntryFilter(rule=args.rule, since=args.since, state=args.state)
    with _opened(config) as (quarantine, _):
        entries = quarantine.entries(filters, limit=args.limit)
    if args.json:
        print(json.dumps([e.as_json() for e in entries], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not entries:
        print("no entries match" if filters != EntryFilter() else "quarantine is empty")
        return EXIT_OK
    rows = [[e.id, e.held_at.replace("T", " ")[:16], e.state,
             e.decision.get("marketplace") or "-", ",".join(e.rules) or "-",
             shorten(visible(", ".join(e.recipients)), 40), shorten(visible(e.subject), 60)]
            for e in entries]
    print(table(["ID", "HELD (UTC)", "STATE", "MKT", "RULES", "RECIPIENTS", "SUBJECT"],
                rows))
    return EXIT_OK


def run_show(args: argparse.Namespace, config: Config) -> int:
    with _opened(config) as (quarantine, _):
        entry = _get(quarantine, args.id)
        data = b"" if args.json else quarantine.message(entry.id)
    if args.json:
        print(json.dumps({**entry.decision, "entry": entry.as_json()}, ensure_ascii=False,
                         indent=2))
        return EXIT_OK
    lines = [f"id:          {entry.id}", f"held at:     {entry.held_at}",
             f"state:       {entry.state}", f"client:      {visible(entry.client)}",
             f"sender:      {visible(entry.sender)}",
             f"recipients:  {visible(', '.join(entry.recipients))}",
             f"subject:     {visible(entry.subject)}",
             f"decision:    {entry.decision.get('decision')}",
             f"marketplace: {entry.decision.get('marketplace') or '-'}",
             f"purpose:     {entry.decision.get('purpose')}",
             f"order ids:   {', '.join(entry.decision.get('order_ids') or []) or '-'}",
             "findings:"]
    lines += [f"  {f['rule']} [{f['action']}] x{f.get('count', 1)}: "
              f"{visible(f.get('detail', ''))}" for f in entry.decision.get("findings", [])]
    if entry.state == "releasing":
        lines.append(f"releasing:   by {visible(entry.claimed_by or '?')} since "
                     f"{entry.claimed_at}")
    lines += [f"released:    {r['at']} by {visible(str(r.get('by', '?')))}"
              f"{' (rewritten)' if r.get('rewritten') else ''}: "
              f"{visible(str(r['upstream_reply']))}" for r in entry.released]
    if entry.upstream_reply and entry.state == "held":
        lines.append(f"last try:    upstream said {visible(entry.upstream_reply)}")
    lines += ["", _message_text(data, raw=args.raw)]
    print("\n".join(lines))
    return EXIT_OK


def _get(quarantine: QuarantineBackend, entry_id: str) -> QuarantineEntry:
    try:
        return quarantine.get(entry_id)
    except QuarantineError as error:
        raise CommandError(str(error)) from error


def _message_text(data: bytes, raw: bool) -> str:
    """The held message for a terminal: its headers and text (HTML as text, nothing
    fetched), or its source with `raw`."""
    if raw:
        return visible(data.decode("utf-8", errors="replace"), keep_newlines=True)
    # The headers as the engine reads them (gateway/headers.py): the email package's
    # structured headers raise on a group with a comment or an encoded newline.
    headers = "\n".join(f"{name}: {visible(value)}" for name, value in
                        display_headers(data, ("From", "To", "Subject", "Date")))
    try:
        text = visible(_body_text(message_from_bytes(data, policy=policy.default)),
                       keep_newlines=True)
    except RecursionError:
        text = ("(the message's parts are nested too deeply to show its text; "
                "--raw prints its source)")
    return f"{headers}\n\n{text}"


def _body_text(message: EmailMessage) -> str:
    try:
        body = message.get_body(preferencelist=("plain", "html"))
        if body is None:
            return "(no text part)"
        content = body.get_content()
    except (LookupError, ValueError, KeyError, AttributeError, IndexError, HeaderParseError):
        return "(the text part cannot be decoded; --raw prints the source)"
    return html_to_text(content) if body.get_content_subtype() == "html" else content


def run_release(args: argparse.Namespace, config: Config) -> int:
    configure_logging(config)
    failed, done = [], []
    with _opened(config) as (quarantine, store):
        for entry_id in args.ids:
            try:
                outcome = asyncio.run(release_entry(
                    config, quarantine, store, entry_id, actor=actor(),
                    rewritten=args.rewritten, force=args.force))
            except QuarantineError as error:
                failed.append(entry_id)
                print(f"vigile: {error}", file=sys.stderr)
                continue
            done.append(outcome.entry.as_json())
            if not args.json:
                print(f"{entry_id} released{' rewritten' if args.rewritten else ''}: "
                      f"upstream said {visible(outcome.upstream_reply)}")
    if args.json:
        print(json.dumps(done, ensure_ascii=False, indent=2))
    return EXIT_FAILED if failed else EXIT_OK


def run_delete(args: argparse.Namespace, config: Config) -> int:
    configure_logging(config)
    failed, done = [], []
    with _opened(config) as (quarantine, _):
        for entry_id in args.ids:
            try:
                delete_entry(quarantine, entry_id, actor=actor())
            except QuarantineError as error:
                failed.append(entry_id)
                print(f"vigile: {error}", file=sys.stderr)
                continue
            done.append(entry_id)
            if not args.json:
                print(f"{entry_id} deleted")
    if args.json:
        print(json.dumps({"deleted": done}))
    return EXIT_FAILED if failed else EXIT_OK
