"""Two gateways sharing one PostgreSQL database behave as one review-request ledger."""

from __future__ import annotations

import smtplib
import threading

from tests.conftest import RunningGateway, UpstreamServer
from tests.gateway.test_orders_ledger import SHIPPED_UK, UK_BUYER, review_request, submit


def two_gateways(start_gateway, upstream: UpstreamServer, postgres_url: str
                 ) -> tuple[RunningGateway, RunningGateway]:
    store = f'[store]\nurl = "{postgres_url}"\n'
    return start_gateway(upstream.url, extra=store), start_gateway(upstream.url, extra=store)


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


def test_upstream_failure_on_one_gateway_frees_the_slot_for_the_other(
        start_gateway, upstream, postgres_url: str) -> None:
    first, second = two_gateways(start_gateway, upstream, postgres_url)
    upstream.handler.data_reply = "451 4.3.0 Try again later"
    assert submit(first.port, review_request(SHIPPED_UK))[0] == 451
    upstream.handler.data_reply = None
    assert submit(second.port, review_request(SHIPPED_UK))[0] == 250
    assert submit(first.port, review_request(SHIPPED_UK))[0] == 550
