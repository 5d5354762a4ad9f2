"""Reading Seller Central order reports (tab-separated) into order rows for the store.

Two reports are recognized by their header line:

- the All Orders Report (`amazon-order-id`, `purchase-date`, `last-updated-date`,
  `order-status`, `sales-channel`, …), one line per item;
- the seller-fulfilled Order Report (`order-id`, `purchase-date`, `payments-date`, …,
  `buyer-email`, and often `delivery-end-date`), one line per item.

An order's completion (POLICY.md, settled detail 14) is its delivery date when the
report has one, else the last update of an order whose status is Shipped or Complete.
The whole file is checked before anything is stored: one bad row refuses the import.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from policies.message import ORDER_ID

COMPLETED_STATUSES = frozenset({"shipped", "complete", "completed", "delivered"})
DELIVERY_COLUMNS = ("delivery-date", "delivery-end-date", "actual-delivery-date")


class ReportError(ValueError):
    """A report that cannot be imported; names the file, the line and the problem."""


@dataclass(frozen=True, slots=True)
class OrderRow:
    order_id: str
    purchased_at: datetime
    completed_at: datetime | None
    status: str
    sales_channel: str
    buyer_language: str | None


@dataclass(frozen=True, slots=True)
class ReportKind:
    name: str
    id_column: str
    required: tuple[str, ...]


ALL_ORDERS = ReportKind("All Orders Report", "amazon-order-id",
                        ("amazon-order-id", "purchase-date", "last-updated-date", "order-status"))
SELLER_FULFILLED = ReportKind("Order Report (seller-fulfilled)", "order-id",
                              ("order-id", "purchase-date", "payments-date"))


def detect_kind(header: list[str]) -> ReportKind:
    columns = set(header)
    for kind in (ALL_ORDERS, SELLER_FULFILLED):
        if set(kind.required) <= columns:
            return kind
    raise ReportError(
        "header names neither report: expected the All Orders Report (amazon-order-id, "
        "purchase-date, last-updated-date, order-status) or the Order Report (order-id, "
        f"purchase-date, payments-date); found {', '.join(header[:8])}")


def read_report(path: Path, progress: Callable[[int], None] | None = None
                ) -> tuple[ReportKind, list[OrderRow]]:
    """Every order of a report, one row per order (items merged); raises ReportError."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise ReportError(f"{path}: cannot read: {error.strerror}") from error
    except UnicodeDecodeError:
        text = path.read_bytes().decode("windows-1252")
    reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    try:
        header = [column.strip().lower() for column in next(reader)]
    except StopIteration:
        raise ReportError(f"{path}: empty file") from None
    try:
        kind = detect_kind(header)
    except ReportError as error:
        raise ReportError(f"{path}:1: {error}") from None
    orders: dict[str, OrderRow] = {}
    for line_number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        record = dict(zip(header, (v.strip() for v in values), strict=False))
        try:
            row = _order_row(kind, record)
        except ReportError as error:
            raise ReportError(f"{path}:{line_number}: {error}") from None
        orders[row.order_id] = _merge(orders.get(row.order_id), row)
        if progress is not None:
            progress(1)
    return kind, list(orders.values())


def _order_row(kind: ReportKind, record: dict[str, str]) -> OrderRow:
    order_id = record.get(kind.id_column, "")
    if not order_id:
        raise ReportError(f"missing {kind.id_column}")
    if not ORDER_ID.fullmatch(order_id):
        raise ReportError(f"{kind.id_column} {order_id!r} is not an Amazon order id")
    purchased = _time(record, "purchase-date", required=True)
    assert purchased is not None
    status = record.get("order-status", "")
    delivered = next((t for t in (_time(record, c) for c in DELIVERY_COLUMNS) if t), None)
    completed = delivered
    if completed is None and kind is ALL_ORDERS and status.lower() in COMPLETED_STATUSES:
        completed = _time(record, "last-updated-date", required=True)
    return OrderRow(order_id=order_id, purchased_at=purchased, completed_at=completed,
                    status=status, sales_channel=record.get("sales-channel", ""),
                    buyer_language=_language(record.get("buyer-language", "")))


def _time(record: dict[str, str], column: str, required: bool = False) -> datetime | None:
    value = record.get(column, "")
    if not value:
        if required:
            raise ReportError(f"missing {column}")
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ReportError(f"{column} {value!r} is not an ISO-8601 date") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _language(value: str) -> str | None:
    code = value.split("_")[0].split("-")[0].lower()
    return code if len(code) == 2 and code.isalpha() else None


def _merge(previous: OrderRow | None, row: OrderRow) -> OrderRow:
    """Lines of one order (one per item): keep the latest completion and a known status."""
    if previous is None:
        return row
    completed = max((t for t in (previous.completed_at, row.completed_at) if t), default=None)
    return OrderRow(order_id=row.order_id, purchased_at=min(previous.purchased_at,
                                                            row.purchased_at),
                    completed_at=completed, status=row.status or previous.status,
                    sales_channel=row.sales_channel or previous.sales_channel,
                    buyer_language=row.buyer_language or previous.buyer_language)


def count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return max(0, sum(1 for _ in handle) - 1)


def rows_for_store(rows: Iterable[OrderRow]) -> list[tuple[object, ...]]:
    now = datetime.now(UTC).isoformat()
    return [(r.order_id, r.purchased_at.isoformat(),
             r.completed_at.isoformat() if r.completed_at else None, r.status,
             r.buyer_language, r.sales_channel, now) for r in rows]
