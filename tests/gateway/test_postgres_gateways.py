"""Two gateways sharing one PostgreSQL database behave as one: one review-request ledger,
and one quarantine that either gateway's `vigile quarantine` lists, shows and releases."""

from __future__ import annotations

import json
import smtplib
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from tests.conftest import CORPUS, RunningGateway, UpstreamServer, free_port
from tests.gateway.test_cli import vigile
from tests.gateway.test_faults import start_serve
from tests.gateway.test_metrics import get, samples
from tests.gateway.test_orders_ledger import SHIPPED_UK, UK_BUYER, review_request, submit
from tests.gateway.test_smtp_flow import NO_ORDER_ID, send
from tests.postgres import PostgresServer


def two_gateways(start_gateway, upstream: UpstreamServer, postgres_url: str
                 ) -> tuple[RunningGateway, RunningGateway]:
    return (start_gateway(upstream.url, store_url=postgres_url),
            start_gateway(upstream.url, store_url=postgres_url))


def test_repeat_through_the_other_gateway_is_held(start_gateway, upstream,
                                                  postgres_url: str) -> None:
    first, second = two_gateways(start_gateway, upstream, postgres_url)
    assert submit(first.port, review_request(SHIPPED_UK))[0] == 250
    code, reply = submit(second.port, review_request(SHIPPED_UK))
    assert code == 550 and "review-repeat" in reply
    assert len(upstream.received) == 1


def test_twenty_requests_split_across_two_gateways_deliver_one(start_gateway, upstream,
                                                               postgres_url: str) -> None:
    gateways = two_gateways(start_gateway, upstream, postgres_url)
    replies: list[int] = []
    barrier = threading.Barrier(20)

    def one(port: int) -> None:
        with smtplib.SMTP("127.0.0.1", port, timeout=60) as client:
            client.ehlo("client.test")
            client.mail("orders@shop.example")
            client.rcpt(UK_BUYER)
            barrier.wait(timeout=30)
            replies.append(client.data(review_request(SHIPPED_UK))[0])

    threads = [threading.Thread(target=one, args=(gateways[i % 2].port,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(replies) == [250] + [550] * 19
    assert len(upstream.received) == 1


def test_two_gateway_processes_deliver_one_of_twenty_requests(tmp_path: Path, upstream,
                                                              postgres_url: str) -> None:
    """The guarantee holds through the database, not a lock in one process: two
    `vigile serve` processes (each with its worker processes) share the ledger."""
    store = f'[store]\nurl = "{postgres_url}"\n'
    first, first_port, _ = start_serve(tmp_path / "a", upstream.url, store)
    second, second_port, _ = start_serve(tmp_path / "b", upstream.url, store)
    try:
        codes: list[int] = []
        barrier = threading.Barrier(20)

        def one(port: int) -> None:
            with smtplib.SMTP("127.0.0.1", port, timeout=60) as client:
                client.ehlo("client.test")
                client.mail("orders@shop.example")
                client.rcpt(UK_BUYER)
                barrier.wait(timeout=30)
                codes.append(client.data(review_request(SHIPPED_UK))[0])

        threads = [threading.Thread(target=one, args=((first_port, second_port)[n % 2],))
                   for n in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        for process in (first, second):
            process.terminate()
            process.wait(timeout=30)
    assert sorted(codes) == [250] + [550] * 19
    assert len(upstream.received) == 1


def test_upstream_failure_on_one_gateway_frees_the_slot_for_the_other(
        start_gateway, upstream, postgres_url: str) -> None:
    first, second = two_gateways(start_gateway, upstream, postgres_url)
    upstream.handler.data_reply = "451 4.3.0 Try again later"
    assert submit(first.port, review_request(SHIPPED_UK))[0] == 451
    upstream.handler.data_reply = None
    assert submit(second.port, review_request(SHIPPED_UK))[0] == 250
    assert submit(first.port, review_request(SHIPPED_UK))[0] == 550


# --- one quarantine for all gateways ---------------------------------------------------

StartIn = Callable[..., RunningGateway]


@pytest.fixture
def start_in(start_gateway, postgres_url: str) -> StartIn:
    """Starts gateways on the test's database, each in a folder of its own (config,
    `quarantine.dir`, log), as on separate machines; stops them after the test."""

    def start(folder: Path, upstream_url: str, extra: str = "") -> RunningGateway:
        return start_gateway(upstream_url, extra=extra, folder=folder, store_url=postgres_url)

    return start


@pytest.fixture
def upstream_b() -> Iterator[UpstreamServer]:
    """Gateway B's own relay, so a release through B is seen to go out through B."""
    server = UpstreamServer()
    server.start()
    yield server
    server.stop()


def cli(gateway: RunningGateway, *args: str) -> str:
    """`vigile --config <that gateway's config> ARGS`; its stdout (it must succeed)."""
    assert gateway.config.source is not None
    run = vigile("--config", str(gateway.config.source), *args)
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_held_by_one_gateway_is_listed_shown_and_released_through_the_other(
        start_in: StartIn, upstream: UpstreamServer, upstream_b: UpstreamServer,
        tmp_path: Path) -> None:
    metrics_port = free_port()
    a = start_in(tmp_path / "a", upstream.url,
                 "authorized_senders = ['orders@shop.example']")
    b = start_in(tmp_path / "b", upstream_b.url,
                 f'[metrics]\nlisten = "127.0.0.1:{metrics_port}"')
    held = review_request(SHIPPED_UK, sender="help@shop.example")
    code, reply = submit(a.port, held, sender="help@shop.example")
    assert code == 550 and "unauthorized-sender" in reply
    entry_id = reply.rsplit(" ", 1)[-1]

    assert [e["id"] for e in json.loads(cli(b, "quarantine", "list", "--json"))] == [entry_id]
    assert entry_id in cli(b, "quarantine", "list")
    shown = json.loads(cli(b, "quarantine", "show", entry_id, "--json"))
    assert shown["entry"]["id"] == entry_id and shown["entry"]["sender"] == "help@shop.example"
    assert "unauthorized-sender" in {f["rule"] for f in shown["findings"]}
    assert f"Subject: Your order {SHIPPED_UK}" in cli(b, "quarantine", "show", entry_id)
    status, text = get(metrics_port, "/metrics")
    assert status == 200 and samples(text)[("vigile_quarantine_messages", ())] == 1

    assert "released: upstream said 250" in cli(b, "quarantine", "release", entry_id)
    assert not upstream.received, "A's relay saw nothing"
    [released] = upstream_b.received
    assert released.sender == "help@shop.example" and released.recipients == [UK_BUYER]
    assert released.data == a.quarantine.message(entry_id)
    assert b"from order " + SHIPPED_UK.encode() in released.data
    [entry] = json.loads(cli(a, "quarantine", "list", "--json"))
    assert [r["upstream_reply"] for r in entry["released"]] == [
        "250 2.0.0 Ok: queued as TEST"]
    assert entry["state"] == "released"
    # Released once, whichever gateway is asked next.
    again = vigile("--config", str(a.config.source), "quarantine", "release", entry_id)
    assert again.returncode == 1 and "already released" in again.stderr
    assert len(upstream_b.received) == 1 and not upstream.received
    # The release spent the order's review-request slot in the shared ledger.
    code, reply = submit(a.port, review_request(SHIPPED_UK))
    assert code == 550 and "review-repeat" in reply
    repeat_id = reply.rsplit(" ", 1)[-1]

    cli(a, "quarantine", "delete", entry_id)
    assert [e["id"] for e in json.loads(cli(b, "quarantine", "list", "--json"))] == [
        repeat_id]
    for folder in ("a", "b"):   # nothing went to a Maildir folder
        assert not (tmp_path / folder / "quarantine").exists()


def test_quarantine_survives_a_gateway_restart(start_in: StartIn, upstream: UpstreamServer,
                                               tmp_path: Path) -> None:
    first = start_in(tmp_path / "a", upstream.url)
    code, reply = send(first.port, NO_ORDER_ID)
    assert code == 550
    entry_id = reply.rsplit(" ", 1)[-1]
    first.stop()
    assert [e["id"] for e in json.loads(cli(first, "quarantine", "list", "--json"))] == [
        entry_id]
    again = start_in(tmp_path / "a", upstream.url)
    assert [e.id for e in again.quarantine.entries()] == [entry_id]
    assert again.quarantine.message(entry_id) == (CORPUS / NO_ORDER_ID).read_bytes()


def test_database_down_gives_451_and_holds_nothing(start_in: StartIn, upstream: UpstreamServer,
                                                   postgres_server: PostgresServer,
                                                   postgres_url: str, tmp_path: Path) -> None:
    gateway = start_in(tmp_path / "a", upstream.url)
    database = postgres_url.rsplit("/", 1)[1]
    with psycopg.connect(postgres_server.url(), autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = %s", (database,))
        code, reply = send(gateway.port, NO_ORDER_ID)
        assert code == 451 and "4.3.0" in reply, reply
        admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
    assert gateway.quarantine.entries() == []
    [event] = [e for e in gateway.log_events() if e["event"] == "message"]
    assert event["decision"] == "quarantine" and event["quarantine_error"]
    # The client kept the message; its retry is held once the database is back.
    code, reply = send(gateway.port, NO_ORDER_ID)
    assert code == 550
    assert [e.id for e in gateway.quarantine.entries()] == [reply.rsplit(" ", 1)[-1]]
    assert not upstream.received
