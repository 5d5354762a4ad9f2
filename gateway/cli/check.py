"""`vigile check FILE… | -`: the decision for message files, sending and recording nothing.

The tool a seller runs on a template before a campaign. It reads files or stdin, shows
the decision (and, on request, the message the buyer would receive, or its diff with
the draft) and exits 0 (delivered, rewritten or not), 3 (quarantined) or 2 (a usage
error or a file that could not be checked). Whatever the input, the answer is a
decision or one line naming the file and the problem, never a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from datetime import UTC, datetime
from email.message import Message
from email.utils import getaddresses

from gateway.cli.errors import EXIT_OK, EXIT_QUARANTINE, EXIT_USAGE, CommandError
from gateway.cli.orders import read_only_orders
from gateway.cli.terminal import visible
from gateway.config import Config
from gateway.headers import header_block
from gateway.quarantine import QuarantineError
from gateway.quarantine.release import rewritten_message
from gateway.workers import decide
from policies.model import Decision, OrderBook, Verdict


def add_parsers(commands: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    check = commands.add_parser("check", help="show the decision for message files")
    check.add_argument("files", nargs="+", metavar="FILE.eml",
                       help="message files; - reads one message from stdin")
    check.add_argument("--rcpt", action="append", help="envelope recipient "
                       "(repeatable; default: the To and Cc headers)")
    check.add_argument("--from", dest="sender", help="envelope sender (default: From header)")
    check.add_argument("--at", help="time of the check, ISO-8601 (default: now)")
    check.add_argument("--json", action="store_true", help="print the decision as JSON")
    shown = check.add_mutually_exclusive_group()
    shown.add_argument("--show-rewritten", action="store_true",
                       help="also print the message the buyer would receive")
    shown.add_argument("--diff", action="store_true",
                       help="also print what the policy changes, as a unified diff")
    check.set_defaults(run=run_check)
    return [check]


class Unreadable(Exception):
    """A file that cannot be checked; the message says why."""


def run_check(args: argparse.Namespace, config: Config) -> int:
    if args.files.count("-") > 1:
        raise CommandError("- (stdin) can be named once", EXIT_USAGE)
    at = parse_time(args.at) if args.at else datetime.now(UTC)
    orders = read_only_orders(config)
    several = len(args.files) > 1
    codes, results = [], []
    for number, name in enumerate(args.files):
        try:
            data = _read(name)
            result = _check(config, orders, args, data, at)
        except Unreadable as error:
            print(f"vigile: {visible(name)}: {error}", file=sys.stderr)
            codes.append(EXIT_USAGE)
            results.append({"file": name, "error": str(error)})
            continue
        decision, sent = result
        codes.append(EXIT_QUARANTINE if decision.verdict is Verdict.QUARANTINE else EXIT_OK)
        if args.json:
            record = {**({"file": name} if several else {}), **decision.as_json()}
            if args.show_rewritten or args.diff:
                record["sent"] = _text(sent) if sent is not None else None
            results.append(record)
            continue
        if several:
            print(f"{'' if number == 0 else chr(10)}==> {visible(name)} <==")
        print(describe(decision))
        if args.show_rewritten or args.diff:
            print(_shown(decision, data, sent, diff=args.diff))
    if args.json:
        print(json.dumps(results if several else results[0], ensure_ascii=False, indent=2))
    return max(codes, key=[EXIT_OK, EXIT_QUARANTINE, EXIT_USAGE].index)


def _read(name: str) -> bytes:
    try:
        data = sys.stdin.buffer.read() if name == "-" else open(name, "rb").read()  # noqa: SIM115
    except OSError as error:
        raise Unreadable(f"cannot read: {error.strerror or error}") from error
    if not data.strip():
        raise Unreadable("empty: no message to check")
    return data


def _check(config: Config, orders: OrderBook, args: argparse.Namespace, data: bytes,
           at: datetime) -> tuple[Decision, bytes | None]:
    """The decision, and the bytes the buyer would receive (None: nothing, it is held).
    For a held message the rewritten form is what `release --rewritten` would send."""
    # Read as the gateway's engine reads them (compat32: the values as they came, no
    # structured parse that raises on a group with a comment or an encoded newline).
    try:
        headers = header_block(data)
        recipients = args.rcpt or _addresses(headers, "To", "Cc")
        sender = args.sender or next(iter(_addresses(headers, "From")), "")
    except Exception as error:  # a header block the email package cannot read
        raise Unreadable(f"cannot read its headers: {error}") from error
    if not recipients:
        raise Unreadable("no recipient in the To or Cc headers; name the recipient with --rcpt")
    # The gateway normalizes every line ending to CRLF before the policy sees it.
    data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").replace(b"\n", b"\r\n")
    try:
        decision = decide(config, orders, sender, recipients, data, at)
        if not (args.show_rewritten or args.diff):
            return decision, None
        if decision.verdict is not Verdict.QUARANTINE:
            return decision, decision.message
        try:
            return decision, rewritten_message(config, orders, sender, recipients, at, data)
        except QuarantineError:
            return decision, None  # held, and not even the rewritten form would pass
    except Exception as error:  # whatever the input does to the engine: a line, not a trace
        raise Unreadable(f"cannot check: {type(error).__name__}: {error}") from error


def _addresses(message: Message, *names: str) -> list[str]:
    values = [str(v) for name in names for v in message.get_all(name, [])]
    return [address for _, address in getaddresses(values) if address]


def parse_time(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise CommandError(f"--at: {value!r} is not an ISO-8601 time", EXIT_USAGE) from error
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def describe(decision: Decision) -> str:
    lines = [f"decision:    {decision.verdict}"]
    if decision.marketplace:
        lines += [f"marketplace: {decision.marketplace}", f"purpose:     {decision.purpose}",
                  f"language:    {decision.language or '-'}",
                  f"order ids:   {', '.join(decision.order_ids) or '-'}"]
    else:
        lines.append("scope:       no Amazon buyer among the recipients; relayed unchanged")
    for finding in decision.findings:
        lines.append(f"  {finding.rule} [{finding.action}] x{finding.count}: "
                     f"{visible(finding.detail)}")
    return "\n".join(lines)


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n")


def _shown(decision: Decision, original: bytes, sent: bytes | None, diff: bool) -> str:
    """The message the buyer would receive, or the diff from the draft to it."""
    held = decision.verdict is Verdict.QUARANTINE
    if sent is None:
        return "\n(held: the buyer receives nothing, and the policy cannot rewrite it)"
    title = ("held: the buyer receives nothing; released rewritten, they would receive"
             if held else "the buyer receives")
    if not diff:
        return f"\n--- {title}:\n{visible(_text(sent), keep_newlines=True)}"
    changes = difflib.unified_diff(_text(original).splitlines(), _text(sent).splitlines(),
                                   "draft", "sent", lineterm="")
    body = "\n".join(visible(line) for line in changes) or "(no change)"
    return f"\n--- {title} (diff):\n{body}"
