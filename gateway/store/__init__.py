"""The store: orders imported from Seller Central and the review-request ledger.

This module is the interface: `Store` (what the gateway and the rules use), `StoreError`,
the SQL both backends share, and `open_store`, which picks the backend from the url:
`sqlite.SqliteStore` is the embedded one (`[store] url = "sqlite:///vigile.db"`),
`postgres.PostgresStore` the shared one for several gateways
(`[store] url = "postgresql://user@host/db"`). The backends import this module, never
the other way round (the factory imports the chosen backend when it is called, so
psycopg is loaded only when PostgreSQL is used).

Schema migrations are numbered SQL scripts applied in order at open, each in its own
transaction. Backends raise `StoreError` for anything the database refuses or cannot do,
so callers need not know the driver.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from policies.model import OrderBook, ReviewRequest

POSTGRES_SCHEMES = ("postgresql://", "postgres://")

# Both backends' upsert of imported orders; `{p}` is the driver's placeholder. A later
# report that leaves out the completion or the buyer language keeps what was known.
UPSERT_ORDERS = (
    "INSERT INTO orders (order_id, purchased_at, completed_at, status, buyer_language, "
    "sales_channel, updated_at) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}) "
    "ON CONFLICT (order_id) DO UPDATE SET purchased_at = excluded.purchased_at, "
    "completed_at = coalesce(excluded.completed_at, orders.completed_at), "
    "status = excluded.status, "
    "buyer_language = coalesce(excluded.buyer_language, orders.buyer_language), "
    "sales_channel = excluded.sales_channel, updated_at = excluded.updated_at"
)

# A reservation older than this was left by a gateway that died between reserving a
# review request's slot and hearing the upstream's answer; another message may take it.
STALE_RESERVATION = timedelta(hours=1)


class StoreError(Exception):
    """The store could not be reached, read or written (the driver's error as the cause)."""


class Store(OrderBook, Protocol):
    """What the gateway needs from a store backend."""

    def upsert_orders(self, rows: list[tuple[object, ...]]) -> None: ...

    def reserve_review(self, order_id: str, token: str, message_id: str, at: datetime
                       ) -> ReviewRequest | None: ...

    def commit_review(self, order_id: str, token: str, at: datetime) -> None: ...

    def release_review(self, order_id: str, token: str) -> None: ...

    def ping(self) -> None:
        """Raise StoreError unless the database answers (for `/readyz`)."""

    def close(self) -> None: ...


def is_postgres(url: str) -> bool:
    return url.startswith(POSTGRES_SCHEMES)


def open_store(url: str, base_dir: Path) -> Store:
    """The backend the url names, migrated to the current schema."""
    if is_postgres(url):
        from gateway.store.postgres import PostgresStore  # psycopg only when used

        return PostgresStore(url)
    if not url.startswith("sqlite:///"):
        raise ValueError(f"unsupported store url {url!r}")
    from gateway.store.sqlite import SqliteStore

    return SqliteStore((base_dir / url.removeprefix("sqlite:///")).resolve())
