"""Prometheus metrics and health checks over HTTP (`[metrics] listen = "127.0.0.1:9125"`).

Every gateway counts into its own registry (so two gateways in one process, as in the
tests, never mix); the endpoint that serves it is off by default. Three paths:

- `/metrics`: the Prometheus text format;
- `/healthz`: 200 while the process runs (a liveness probe: restart it if this fails);
- `/readyz`: 200 when the store answers and the upstream accepts a connection, else
  503 naming what failed (a load balancer's check: send no mail here until it passes).

The endpoint is a small asyncio HTTP/1.0 responder on the gateway's own event loop, so
the readiness check uses the gateway's live store and upstream, and needs no framework.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

import aiosmtplib
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest

from gateway.quarantine import QuarantineBackend
from gateway.store import StoreError

if TYPE_CHECKING:
    from gateway.config import Config
    from gateway.relay import RelayError, Upstream
    from gateway.store import Store

# Seconds a readiness check may take, and a client may take to send its request.
CHECK_TIMEOUT = 10.0
# Policy decisions take milliseconds; relaying takes as long as the upstream does.
POLICY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
RELAY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class Metrics:
    """The gateway's counters, gauges and histograms, in a registry of its own."""

    def __init__(self, quarantine: QuarantineBackend) -> None:
        self.registry = CollectorRegistry()
        registry = self.registry
        self.messages = Counter(
            "vigile_messages", "Messages handled, by decision and purpose",
            ["decision", "purpose"], registry=registry)
        self.findings = Counter(
            "vigile_findings", "Rule findings in handled messages, by rule", ["rule"],
            registry=registry)
        self.upstream_replies = Counter(
            "vigile_upstream_replies",
            "Upstream answers to relayed messages by class (2xx, 4xx, 5xx), or unreachable",
            ["class"], registry=registry)
        self.policy_seconds = Histogram(
            "vigile_policy_seconds", "Time to reach a policy decision for one message",
            buckets=POLICY_BUCKETS, registry=registry)
        self.relay_seconds = Histogram(
            "vigile_relay_seconds", "Time for the upstream to accept or refuse one message",
            buckets=RELAY_BUCKETS, registry=registry)
        self.engine_errors = Counter(
            "vigile_engine_errors",
            "Messages held as malformed because a rule or engine stage raised (a bug), by"
            " rule or stage", ["rule"], registry=registry)
        self.open_connections = Gauge(
            "vigile_open_connections", "SMTP client connections open now", registry=registry)
        quarantine_size = Gauge(
            "vigile_quarantine_messages", "Messages held in the quarantine now (not released)",
            registry=registry)
        quarantine_size.set_function(lambda: _held(quarantine))

    def record_message(self, event: Mapping[str, Any]) -> None:
        """Count one handled message from its `message` log event (the same facts)."""
        self.messages.labels(decision=str(event.get("decision") or "none"),
                             purpose=str(event.get("purpose") or "none")).inc()
        for rule in event.get("rules") or ():
            self.findings.labels(rule=str(rule)).inc()

    def record_upstream(self, code: int) -> None:
        self.upstream_replies.labels(**{"class": f"{code // 100}xx"}).inc()

    def record_upstream_error(self, error: RelayError) -> None:
        """A refusal counts by its class; no answer at all (down, timeout) as unreachable."""
        if isinstance(error.__cause__, aiosmtplib.SMTPResponseException):
            self.record_upstream(error.__cause__.code)
        else:
            self.upstream_replies.labels(**{"class": "unreachable"}).inc()

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


def _held(quarantine: QuarantineBackend) -> float:
    """The quarantine's size, or NaN while it cannot be counted (its database is down):
    the rest of the scrape still answers, and `/readyz` says what is wrong."""
    try:
        return quarantine.size()
    except (OSError, StoreError):
        return math.nan


class Observed(Protocol):
    """What the endpoint looks at: the gateway's store, upstream and counters. A
    protocol, so this module needs nothing from the pipeline (which imports it)."""

    store: Store
    upstream: Upstream
    metrics: Metrics


async def readiness(gateway: Observed) -> list[str]:
    """What keeps the gateway from handling mail now; empty when it is ready."""
    problems = []
    try:
        await asyncio.wait_for(asyncio.to_thread(gateway.store.ping), CHECK_TIMEOUT)
    except Exception as error:  # any failure means not ready, and is reported as such
        problems.append(f"store: {error or type(error).__name__}")
    try:
        await asyncio.wait_for(gateway.upstream.probe(), CHECK_TIMEOUT)
    except Exception as error:
        problems.append(f"upstream: {error or type(error).__name__}")
    return problems


async def start_endpoint(config: Config, gateway: Observed) -> asyncio.Server | None:
    """Serve /metrics, /healthz and /readyz when `metrics.listen` is set."""
    address = config.metrics.address()
    if address is None:
        return None

    async def respond(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            status, content_type, body = await _answer(reader, gateway)
            writer.write(f"HTTP/1.0 {status}\r\nContent-Type: {content_type}\r\n"
                         f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                         + body)
            await writer.drain()
        except (OSError, TimeoutError, ValueError):
            pass  # the scraper went away or sent garbage: nothing to answer
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

    return await asyncio.start_server(respond, host=address[0], port=address[1],
                                      reuse_address=True)


async def _answer(reader: asyncio.StreamReader, gateway: Observed
                  ) -> tuple[str, str, bytes]:
    request = await asyncio.wait_for(reader.readline(), CHECK_TIMEOUT)
    while (await asyncio.wait_for(reader.readline(), CHECK_TIMEOUT)).strip():
        pass  # headers: none matter here
    parts = request.decode("latin-1").split()
    if len(parts) < 2 or parts[0] not in ("GET", "HEAD"):
        return "405 Method Not Allowed", "text/plain", b"GET only\n"
    path = parts[1].split("?", 1)[0]
    if path == "/metrics":
        body = await asyncio.to_thread(gateway.metrics.exposition)  # counts held messages
        return "200 OK", CONTENT_TYPE_LATEST, body
    if path == "/healthz":
        return "200 OK", "text/plain", b"ok\n"
    if path == "/readyz":
        problems = await readiness(gateway)
        if problems:
            return "503 Service Unavailable", "text/plain", "\n".join(problems).encode() + b"\n"
        return "200 OK", "text/plain", b"ready\n"
    return "404 Not Found", "text/plain", b"/metrics, /healthz or /readyz\n"
