"""The metrics and health endpoint, scraped over loopback from a running gateway."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from prometheus_client.parser import text_string_to_metric_families

from gateway.config import ConfigError, config_from_dict
from tests.conftest import free_port
from tests.gateway.test_cli import vigile
from tests.gateway.test_orders_ledger import SHIPPED_UK, notice, review_request, submit


def get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def with_metrics(start_gateway, upstream_url: str):
    port = free_port()
    gateway = start_gateway(upstream_url, extra=f'[metrics]\nlisten = "127.0.0.1:{port}"\n')
    return gateway, port


def test_metrics_count_what_went_through(start_gateway, upstream) -> None:
    gateway, port = with_metrics(start_gateway, upstream.url)
    assert submit(gateway.port, notice(SHIPPED_UK))[0] == 250
    assert submit(gateway.port, review_request(SHIPPED_UK))[0] == 250
    assert submit(gateway.port, review_request(SHIPPED_UK))[0] == 550
    upstream.handler.data_reply = "554 5.7.1 No thanks"
    assert submit(gateway.port, notice(SHIPPED_UK))[0] == 554
    upstream.stop()
    assert submit(gateway.port, notice(SHIPPED_UK))[0] == 451
    status, text = get(port, "/metrics")
    assert status == 200
    found = samples(text)
    delivered = sum(value for (name, labels), value in found.items()
                    if name == "vigile_messages_total" and ("decision", "deliver") in labels)
    assert delivered == 4
    held = ("vigile_messages_total", (("decision", "quarantine"),
                                      ("purpose", "review-request")))
    assert found[held] == 1
    assert found[("vigile_findings_total", (("rule", "review-repeat"),))] == 1
    assert found[("vigile_upstream_replies_total", (("class", "2xx"),))] == 2
    assert found[("vigile_upstream_replies_total", (("class", "5xx"),))] == 1
    assert found[("vigile_upstream_replies_total", (("class", "unreachable"),))] == 1
    assert found[("vigile_policy_seconds_count", ())] == 5
    assert found[("vigile_relay_seconds_count", ())] == 4
    assert found[("vigile_quarantine_messages", ())] == 1
    assert found[("vigile_open_connections", ())] == 0


def test_health_and_readiness(start_gateway, upstream) -> None:
    _, port = with_metrics(start_gateway, upstream.url)
    assert get(port, "/healthz") == (200, "ok\n")
    assert get(port, "/readyz") == (200, "ready\n")
    upstream.stop()
    status, text = get(port, "/readyz")
    assert status == 503 and text.startswith("upstream:")
    assert get(port, "/healthz")[0] == 200
    assert get(port, "/other")[0] == 404


def test_readiness_follows_the_store(start_gateway, postgres_server) -> None:
    url = postgres_server.create_database()
    database = url.rsplit("/", 1)[1]
    port = free_port()
    start_gateway("maildir:outbox", store_url=url,
                  extra=f'[metrics]\nlisten = "127.0.0.1:{port}"\n')
    assert get(port, "/readyz")[0] == 200
    with psycopg.connect(postgres_server.url(), autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = %s", (database,))
        status, text = get(port, "/readyz")
        assert status == 503 and text.startswith("store:")
        admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
    assert get(port, "/readyz")[0] == 200   # the pool reconnects by itself
    assert get(port, "/healthz")[0] == 200


def test_endpoint_is_off_by_default(start_gateway) -> None:
    gateway = start_gateway()
    assert gateway.config.metrics.address() is None


@pytest.mark.parametrize("value", ["9125", "localhost", "127.0.0.1:port", "[::1]"])
def test_bad_listen_address_names_the_key(value: str) -> None:
    with pytest.raises(ConfigError, match=r"metrics\.listen"):
        config_from_dict({"metrics": {"listen": value}}, base_dir=Path.cwd())


def test_ipv6_listen_address() -> None:
    config = config_from_dict({"metrics": {"listen": "[::1]:9125"}}, base_dir=Path.cwd())
    assert config.metrics.address() == ("::1", 9125)


def test_quarantine_gauge_counts_what_is_still_held(start_gateway, upstream) -> None:
    """A released message needs no one's attention: the alert on the gauge clears."""
    gateway, port = with_metrics(start_gateway, upstream.url)
    replies = [submit(gateway.port, notice("(no order id)")) for _ in range(2)]
    assert [code for code, _ in replies] == [550, 550]
    held = [reply.rsplit(" ", 1)[-1] for _, reply in replies]
    assert samples(get(port, "/metrics")[1])[("vigile_quarantine_messages", ())] == 2
    assert gateway.config.source is not None
    run = vigile("--config", str(gateway.config.source), "quarantine", "release", held[0])
    assert run.returncode == 0, run.stderr
    assert samples(get(port, "/metrics")[1])[("vigile_quarantine_messages", ())] == 1
