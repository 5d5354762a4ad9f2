"""`vigile orders import|show`: Seller Central order reports into the store."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tqdm import tqdm

from gateway.cli.errors import EXIT_OK, CommandError
from gateway.config import Config, store_path
from gateway.orders import ReportError, count_lines, read_report, rows_for_store
from gateway.store import is_postgres, open_store
from policies.model import EmptyOrderBook, OrderBook


def add_parsers(commands: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    orders = commands.add_parser("orders", help="order data from Seller Central reports")
    actions = orders.add_subparsers(dest="action", required=True, metavar="ACTION")
    import_cmd = actions.add_parser(
        "import", help="load an All Orders Report or Order Report (tab-separated)")
    import_cmd.add_argument("file", type=Path)
    import_cmd.set_defaults(run=run_import)
    show = actions.add_parser("show", help="what the store knows about an order")
    show.add_argument("order_id")
    show.add_argument("--json", action="store_true")
    show.set_defaults(run=run_show)
    return [import_cmd, show]


def read_only_orders(config: Config) -> OrderBook:
    """The store's orders when it exists; `check` and `orders show` never create a
    SQLite file."""
    if is_postgres(config.store.url):
        return open_store(config.store.url, config.base_dir)  # a shared server: it exists
    path = store_path(config)
    return open_store(config.store.url, config.base_dir) if path.is_file() \
        else EmptyOrderBook()


def run_import(args: argparse.Namespace, config: Config) -> int:
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


def run_show(args: argparse.Namespace, config: Config) -> int:
    orders = read_only_orders(config)
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
