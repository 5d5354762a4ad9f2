"""Orders, the 30-day window, authorized senders and one review request per order.

The store is a real SQLite file; reports are imported with `vigile orders import`, and
review requests go through a running gateway over SMTP to an aiosmtpd upstream.
"""

from __future__ import annotations

import json
import smtplib
import threading
from email.message import EmailMessage
from pathlib import Path

import pytest

from gateway.config import Config
from tests.conftest import write_config
from tests.gateway.smtp_wire import RecordingUpstream
from tests.gateway.test_cli import vigile

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
UK_BUYER = "f6d2s9a4g7h1j3k@marketplace.amazon.co.uk"
SHIPPED_UK = "028-1111111-1111111"   # completed 2025-03-05T08:00Z (last update, Shipped)


def review_request(order_id: str, sender: str = "Halden & Moss <orders@shop.example>",
                   reply: bool = False) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = UK_BUYER
    message["Subject"] = f"Your order {order_id}"
    message["Message-ID"] = f"<review-{order_id}@shop.example>"
    if reply:
        message["In-Reply-To"] = "<buyer-question@marketplace.amazon.co.uk>"
    message.set_content(
        f"Hello,\n\nyour merino wool throw from order {order_id} was delivered last week. "
        "We hope it keeps you warm on cold evenings. If you have a moment, we would be "
        "grateful if you could leave a review of the product on Amazon, whether positive "
        "or negative: it helps other buyers decide.\n\nKind regards,\nHalden & Moss\n")
    return message.as_bytes()


def notice(order_id: str, reply: bool = False, sender: str = "orders@shop.example") -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = UK_BUYER
    message["Subject"] = f"Care instructions for order {order_id}"
    if reply:
        message["In-Reply-To"] = "<buyer-question@marketplace.amazon.co.uk>"
    message.set_content(
        f"Hello,\n\nfor the merino wool throw of order {order_id}: wash it by hand in cold "
        "water with a wool detergent, do not wring it, and dry it flat away from direct "
        "heat. This keeps the fibres soft and the size unchanged for many years.\n\n"
        "Kind regards,\nHalden & Moss\n")
    return message.as_bytes()


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return write_config(tmp_path, "")


def import_report(config: Path, name: str) -> str:
    run = vigile("--config", str(config), "orders", "import", str(FIXTURES / name))
    assert run.returncode == 0, run.stderr
    return run.stdout


def show(config: Path, order_id: str) -> dict:
    run = vigile("--config", str(config), "orders", "show", order_id, "--json")
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def check(config: Path, data: bytes, at: str, *extra: str) -> tuple[int, set[str]]:
    path = config.parent / "message.eml"
    path.write_bytes(data)
    run = vigile("--config", str(config), "check", str(path), "--at", at, "--json", *extra)
    assert run.returncode in (0, 3), run.stderr
    return run.returncode, {f["rule"] for f in json.loads(run.stdout)["findings"]}


# --- import ---------------------------------------------------------------------------

def test_import_all_orders_report(config: Path) -> None:
    out = import_report(config, "all-orders-report.txt")
    assert "All Orders Report, 3 orders imported" in out
    shipped = show(config, SHIPPED_UK)
    assert shipped["completed_at"] == "2025-03-05T08:00:00+00:00"
    assert shipped["status"] == "Shipped"
    assert show(config, "302-2222222-2222222")["completed_at"] is None   # still pending
    assert show(config, "171-3333333-3333333")["completed_at"] == "2025-02-03T18:45:00+01:00"


def test_import_seller_fulfilled_order_report(config: Path) -> None:
    out = import_report(config, "order-report.txt")
    assert "Order Report (seller-fulfilled), 2 orders imported" in out
    assert show(config, "405-4444444-4444444")["completed_at"] == "2025-04-04T18:00:00+02:00"
    assert show(config, "406-5555555-5555555")["completed_at"] is None


def test_reimport_updates_rows(config: Path, tmp_path: Path) -> None:
    import_report(config, "all-orders-report.txt")
    import_report(config, "all-orders-report.txt")
    changed = tmp_path / "update.txt"
    text = (FIXTURES / "all-orders-report.txt").read_text()
    changed.write_text(text.replace("2025-03-11T09:30:00+01:00\tPending",
                                    "2025-03-12T09:30:00+01:00\tShipped"))
    vigile("--config", str(config), "orders", "import", str(changed))
    assert show(config, "302-2222222-2222222")["completed_at"] == "2025-03-12T09:30:00+01:00"


@pytest.mark.parametrize(("broken", "message"), [
    ("028-1111111-1111111\t", "\t"),
    ("2025-02-03T18:45:00+01:00", "3rd of February"),
])
def test_bad_row_refuses_the_whole_import(config: Path, tmp_path: Path, broken: str,
                                          message: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text((FIXTURES / "all-orders-report.txt").read_text().replace(broken, message))
    run = vigile("--config", str(config), "orders", "import", str(bad))
    assert run.returncode == 1
    assert f"{bad}:" in run.stderr and "nothing imported" in run.stderr
    line = 2 if "amazon-order-id" in run.stderr or "missing" in run.stderr else 5
    assert f"bad.txt:{line}:" in run.stderr
    missing = vigile("--config", str(config), "orders", "show", "302-2222222-2222222")
    assert missing.returncode == 1 and "not in the store" in missing.stderr


def test_unknown_report_is_refused(config: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("sku\tprice\nA\t1\n")
    run = vigile("--config", str(config), "orders", "import", str(other))
    assert run.returncode == 1 and "header names neither report" in run.stderr


# --- outside-window -------------------------------------------------------------------

def test_window_boundaries(config: Path) -> None:
    import_report(config, "all-orders-report.txt")
    assert "outside-window" not in check(config, notice(SHIPPED_UK), "2025-04-03T08:00:00Z")[1]
    code, rules = check(config, notice(SHIPPED_UK), "2025-04-05T08:00:00Z")
    assert code == 3 and "outside-window" in rules


def test_replies_are_exempt_from_the_window(config: Path) -> None:
    import_report(config, "all-orders-report.txt")
    rules = check(config, notice(SHIPPED_UK, reply=True), "2025-06-01T08:00:00Z")[1]
    assert "outside-window" not in rules


def test_unknown_orders_follow_the_setting(tmp_path: Path) -> None:
    default = write_config(tmp_path, "")
    assert "outside-window" not in check(default, notice("026-9999999-9999999"),
                                         "2025-06-01T08:00:00Z")[1]
    strict = write_config(tmp_path, "[policy]\nunknown_order = 'quarantine'\n")
    code, rules = check(strict, notice("026-9999999-9999999"), "2025-06-01T08:00:00Z")
    assert code == 3 and "outside-window" in rules


def test_window_length_is_configurable(tmp_path: Path) -> None:
    config = write_config(tmp_path, "[policy]\nwindow_days = 60\n")
    import_report(config, "all-orders-report.txt")
    assert "outside-window" not in check(config, notice(SHIPPED_UK), "2025-04-20T08:00:00Z")[1]


# --- unauthorized-sender ----------------------------------------------------------------

def test_authorized_senders_ignore_case_and_display_names(tmp_path: Path) -> None:
    config = write_config(tmp_path, "[policy]\nauthorized_senders = ['Orders@Shop.Example']\n")
    data = notice(SHIPPED_UK, sender='"Halden & Moss" <ORDERS@shop.example>')
    assert "unauthorized-sender" not in check(config, data, "2025-03-07T08:00:00Z",
                                              "--from", "orders@SHOP.example")[1]
    code, rules = check(config, notice(SHIPPED_UK, sender="Helpdesk <help@shop.example>"),
                        "2025-03-07T08:00:00Z", "--from", "orders@shop.example")
    assert code == 3 and "unauthorized-sender" in rules
    code, rules = check(config, data, "2025-03-07T08:00:00Z", "--from", "bounce@mailer.example")
    assert code == 3 and "unauthorized-sender" in rules


# --- review-repeat over SMTP ----------------------------------------------------------

def submit(port: int, data: bytes, sender: str = "orders@shop.example") -> tuple[int, str]:
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as client:
        client.ehlo("client.test")
        client.mail(sender)
        client.rcpt(UK_BUYER)
        code, reply = client.data(data)
    return code, reply.decode()


def test_second_review_request_is_held_naming_the_first(start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url)
    assert submit(gateway.port, review_request(SHIPPED_UK))[0] == 250
    code, reply = submit(gateway.port, review_request(SHIPPED_UK))
    assert code == 550 and "review-repeat" in reply
    entry = gateway.quarantine.entries()[0]
    detail = next(f["detail"] for f in entry.decision["findings"]
                  if f["rule"] == "review-repeat")
    assert f"order {SHIPPED_UK} was already sent on" in detail
    assert len(upstream.received) == 1
    events = [e for e in gateway.log_events() if e["event"] == "message"]
    assert [e.get("ledger") for e in events] == ["sent", "repeat"]
    assert events[0]["order_id"] == SHIPPED_UK


def test_twenty_concurrent_requests_deliver_exactly_one(start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url)
    replies: list[int] = []
    barrier = threading.Barrier(20)

    def one() -> None:
        with smtplib.SMTP("127.0.0.1", gateway.port, timeout=60) as client:
            client.ehlo("client.test")
            client.mail("orders@shop.example")
            client.rcpt(UK_BUYER)
            barrier.wait(timeout=30)
            replies.append(client.data(review_request(SHIPPED_UK))[0])

    threads = [threading.Thread(target=one) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(replies) == [250] + [550] * 19
    assert len(upstream.received) == 1
    assert len(gateway.quarantine.entries()) == 19


def test_ledger_survives_a_restart(start_gateway, upstream) -> None:
    first = start_gateway(upstream.url)
    assert submit(first.port, review_request(SHIPPED_UK))[0] == 250
    first.stop()
    second = start_gateway(upstream.url)
    assert submit(second.port, review_request(SHIPPED_UK))[0] == 550
    assert len(upstream.received) == 1


def test_upstream_failure_releases_the_slot(start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url)
    upstream.handler.data_reply = "451 4.3.0 Try again later"
    assert submit(gateway.port, review_request(SHIPPED_UK))[0] == 451
    upstream.handler.data_reply = None
    assert submit(gateway.port, review_request(SHIPPED_UK))[0] == 250
    events = [e for e in gateway.log_events() if e["event"] == "message"]
    assert [e.get("ledger") for e in events] == ["released", "sent"]


def test_released_review_request_counts(start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url,
                            extra="[policy]\nauthorized_senders = ['orders@shop.example']")
    code, reply = submit(gateway.port, review_request(SHIPPED_UK, sender="help@shop.example"),
                         sender="help@shop.example")
    assert code == 550 and "unauthorized-sender" in reply
    entry_id = reply.rsplit(" ", 1)[-1]
    config = gateway.config.source
    assert config is not None
    released = vigile("--config", str(config), "quarantine", "release", entry_id)
    assert released.returncode == 0, released.stderr
    code, reply = submit(gateway.port, review_request(SHIPPED_UK))
    assert code == 550 and "review-repeat" in reply
    assert show(config, SHIPPED_UK)["review_request"] is not None


# --- unknown outcomes and failures (issue 10) -------------------------------------------

@pytest.mark.parametrize("failure", ["no final reply in time", "connection lost after the dot"])
def test_unknown_outcome_after_the_final_dot_keeps_the_slot(start_gateway, upstream,
                                                            failure: str) -> None:
    """The upstream may have the request: a retry is held, never sent a second time."""
    gateway = start_gateway(upstream.url, upstream_extra="data_timeout = 1")
    if failure == "no final reply in time":
        upstream.handler.delay = 3.0    # past data_timeout, within upstream.timeout (5 s)
    else:
        upstream.handler.drop = True
    code, reply = submit(gateway.port, review_request(SHIPPED_UK))
    assert code == 451 and "outcome unknown" in reply, reply
    upstream.handler.delay, upstream.handler.drop = 0.0, False
    code, reply = submit(gateway.port, review_request(SHIPPED_UK))
    assert code == 550 and "review-repeat" in reply, reply
    events = [e for e in gateway.log_events() if e["event"] == "message"]
    assert [e.get("ledger") for e in events] == ["kept: outcome unknown", "repeat"]
    assert events[0]["outcome"] == "unknown" and events[0]["level"] == "warning"
    assert len(upstream.received) <= 1


def test_final_reply_timeout_is_rfc_5321s_ten_minutes_by_default() -> None:
    upstream = Config().upstream
    assert (upstream.timeout, upstream.data_timeout) == (60.0, 600.0)


def test_failed_review_request_frees_its_slot_and_is_logged(start_gateway) -> None:
    """An upstream without SMTPUTF8 cannot take a non-ASCII sender: a clear 5.6.7, one
    `message` event, and the order's slot free for the next request."""
    with RecordingUpstream(smtputf8=False) as upstream:
        gateway = start_gateway(upstream.url)
        replies = [submit_utf8(gateway.port, review_request(SHIPPED_UK)),
                   submit(gateway.port, review_request(SHIPPED_UK))]
    assert replies[0][0] == 550 and "5.6.7" in replies[0][1], replies
    assert replies[1][0] == 250, replies
    events = [e for e in gateway.log_events() if e["event"] == "message"]
    assert [e.get("ledger") for e in events] == ["released", "sent"]
    assert len(upstream.handler.received) == 1


def submit_utf8(port: int, data: bytes) -> tuple[int, str]:
    """Submit from a non-ASCII sender, with SMTPUTF8."""
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as client:
        client.ehlo("client.test")
        client.mail("verkäufer@shop.example", ["SMTPUTF8"])
        client.rcpt(UK_BUYER)
        code, reply = client.data(data)
    return code, reply.decode()
