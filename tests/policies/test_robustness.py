"""The engine never crashes and never defers forever.

Reproducers of the crashes found on unseen mail (issue 11), a rule made to raise sent
through a running gateway (held as `malformed`, one log event, one metric), and the
generated mail of `tests/policies/mailgen.py` run through the engine and the rewrite.
"""

from __future__ import annotations

import email
import json
import os
import smtplib
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from email import policy
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

import policies.engine as engine
from policies.message import MessageView
from policies.model import Action, Decision, PolicyContext, Verdict
from policies.rule import Hit, Rule
from policies.rules import all_rules
from policies.text import html_to_text
from tests.conftest import free_port
from tests.policies.conftest import BUYERS, ORDER_ID, run_policy
from tests.policies.mailgen import generate

HEAD = (
    "From: Shop <support@shop.example>\r\n"
    f"To: {BUYERS['de']}\r\n"
    "Date: Mon, 14 Apr 2025 09:00:00 +0000\r\n"
    "Message-ID: <robust@shop.example>\r\n"
    "MIME-Version: 1.0\r\n"
)
DELAY = (f"Ihre Bestellung {ORDER_ID} verspätet sich leider um zwei Tage. "
         "Der neue Liefertermin ist Donnerstag, der 17. April.")
STYLED = f'<p style="text-align:center">{DELAY}</p>'



def message(subject: str, body_headers: str, body: str) -> bytes:
    return (HEAD + f"Subject: {subject}\r\n" + body_headers + "\r\n" + body).encode()


def assert_clean_rewrite(decision: Decision) -> None:
    """A rewrite that parses without defects and has nothing left to strip."""
    assert decision.error is None, decision.error
    assert decision.verdict is Verdict.REWRITE, decision.as_json()
    parsed = email.message_from_bytes(decision.message, policy=policy.default)
    for part in parsed.walk():
        assert not part.defects, (part.get_content_type(), part.defects)
    second = run_policy(decision.message, BUYERS["de"])
    assert second.error is None, second.error
    assert not [f for f in second.findings if f.action is Action.STRIP], second.as_json()


def test_folded_encoded_word_subject_is_rewritten() -> None:
    subject = ("=?utf-8?q?Ihre_Bestellung_" + ORDER_ID + "_=F0=9F=8E=81_?=\r\n"
               " =?utf-8?q?ist_unterwegs_=E2=9C=A8_und_kommt_bald?=")
    decision = run_policy(message(subject, "Content-Type: text/html; charset=utf-8\r\n",
                                  STYLED), BUYERS["de"])
    assert_clean_rewrite(decision)
    rewritten = email.message_from_bytes(decision.message, policy=policy.default)
    assert rewritten["Subject"] == f"Ihre Bestellung {ORDER_ID} ist unterwegs und kommt bald"


def test_bad_base64_in_subject_is_judged() -> None:
    decision = run_policy(message("=?utf-8?b?SGFsbG8*gV2VsdA?= " + ORDER_ID,
                                  "Content-Type: text/html; charset=utf-8\r\n", STYLED),
                          BUYERS["de"])
    assert decision.error is None
    assert decision.verdict is Verdict.REWRITE


def test_bad_base64_in_subject_through_the_gateway(start_gateway, upstream) -> None:
    """It was answered with a permanent 500 before the policy ran, and never logged."""
    gateway = start_gateway(upstream.url)
    raw = message("=?utf-8?b?SGFsbG8*gV2VsdA?= " + ORDER_ID,
                  "Content-Type: text/plain; charset=utf-8\r\n", DELAY + "\r\n")
    with smtplib.SMTP("127.0.0.1", gateway.port, timeout=30) as client:
        client.sendmail("support@shop.example", [BUYERS["de"]], raw)
    assert len(upstream.received) == 1
    events = [e for e in gateway.log_events() if e["event"] == "message"]
    assert events[0]["decision"] == "deliver" and events[0]["reply"].startswith("250")


def test_unquoted_boundary_with_equals_sign() -> None:
    boundary = "----=_NextPart_000_0001_01DB1234.56789ABC"
    body = (f"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            f"{DELAY}\r\n"
            f"--{boundary}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{STYLED}\r\n"
            f"--{boundary}--\r\n")
    headers = (f"Content-Type: multipart/alternative; boundary={boundary}\r\n")
    assert_clean_rewrite(run_policy(message(f"Bestellung {ORDER_ID}", headers, body),
                                    BUYERS["de"]))


def test_two_mailto_links_in_one_span() -> None:
    html = (f'<p>{DELAY}</p>'
            '<p><span>Schreiben Sie an <a href="mailto:info@shop.example">info@shop.example'
            '</a> oder <a href="mailto:hilfe@shop.example">hilfe@shop.example</a></span></p>')
    decision = run_policy(message(f"Bestellung {ORDER_ID}",
                                  "Content-Type: text/html; charset=utf-8\r\n", html),
                          BUYERS["de"])
    assert_clean_rewrite(decision)
    assert b"shop.example" not in decision.message.split(b"\r\n\r\n", 1)[1]


def test_outlook_signature_table_with_phone_numbers() -> None:
    html = ('<div class="WordSection1"><p class="MsoNormal">Guten Tag,<o:p></o:p></p>'
            f'<p class="MsoNormal">{DELAY}<o:p></o:p>'
            '</p><table class="MsoNormalTable"><tr><td><p class="MsoNormal">'
            '<span style="font-size:9.0pt">Tel.: +49 30 1234567<o:p></o:p></span></p>'
            '<p class="MsoNormal"><span>E-Mail: <a href="mailto:a@shop.example">'
            'a@shop.example</a></span><span> | <a href="mailto:b@shop.example">'
            'b@shop.example</a></span><o:p></o:p></p></td></tr></table></div>')
    decision = run_policy(message(f"Bestellung {ORDER_ID}",
                                  "Content-Type: text/html; charset=utf-8\r\n", html),
                          BUYERS["de"])
    assert_clean_rewrite(decision)
    assert b"+49 30" not in decision.message


def test_only_a_disallowed_attachment_is_held_as_malformed() -> None:
    headers = ("Content-Type: application/x-msdownload; name=setup.exe\r\n"
               "Content-Disposition: attachment; filename=setup.exe\r\n"
               "Content-Transfer-Encoding: base64\r\n")
    decision = run_policy(message(f"Bestellung {ORDER_ID}", headers, "TVqQAAMAAAAEAAAA\r\n"),
                          BUYERS["de"])
    assert decision.verdict is Verdict.QUARANTINE
    assert "malformed" in decision.holding_rules


# --- a rule that raises --------------------------------------------------------------


class RaisingRule(Rule):
    """A rule with a bug: it raises on every message."""

    id = "test-raises"
    default_action = Action.QUARANTINE

    def inspect(self, message: object, context: PolicyContext) -> list[Hit]:
        raise KeyError("the bug under test")


@pytest.fixture
def raising_rule(monkeypatch: pytest.MonkeyPatch) -> Iterator[Rule]:
    """Registers `RaisingRule` beside the real rules for this test only."""
    rule = RaisingRule()
    rules = (*all_rules(), rule)
    monkeypatch.setattr(engine, "all_rules", lambda: rules)
    yield rule


def test_raising_rule_is_held_as_malformed_by_the_engine(raising_rule: Rule) -> None:
    decision = run_policy(message(f"Bestellung {ORDER_ID}", "", "Hallo.\r\n"), BUYERS["de"])
    assert decision.verdict is Verdict.QUARANTINE
    assert decision.rule_ids == ["malformed"]
    assert "test-raises" in decision.findings[0].detail
    assert "KeyError" in decision.findings[0].detail
    assert decision.error is not None and "the bug under test" in decision.error.traceback


def test_raising_rule_through_the_gateway(raising_rule: Rule, start_gateway) -> None:
    port = free_port()
    gateway = start_gateway(extra=f'[metrics]\nlisten = "127.0.0.1:{port}"\n')
    raw = message(f"Bestellung {ORDER_ID}", "", "Hallo, Ihre Bestellung ist unterwegs.\r\n")
    with (smtplib.SMTP("127.0.0.1", gateway.port, timeout=30) as client,
          pytest.raises(smtplib.SMTPDataError) as refused):
        client.sendmail("support@shop.example", [BUYERS["de"]], raw)
    assert refused.value.smtp_code == 550
    assert b"malformed" in refused.value.smtp_error
    events = gateway.log_events()
    errors = [e for e in events if e["event"] == "engine_error"]
    assert len(errors) == 1
    assert errors[0]["message_id"] == "<robust@shop.example>"
    assert errors[0]["rule"] == "test-raises"
    assert "the bug under test" in errors[0]["traceback"]
    held = [e for e in events if e["event"] == "message"]
    assert held[0]["decision"] == "quarantine" and held[0]["rules"] == ["malformed"]
    assert held[0]["quarantine_id"]
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=30) as answer:
        text = answer.read().decode()
    counted = {tuple(sorted(s.labels.items())): s.value
               for family in text_string_to_metric_families(text)
               for s in family.samples if s.name == "vigile_engine_errors_total"}
    assert counted == {(("rule", "test-raises"),): 1.0}


# --- HTML as mail clients read it ----------------------------------------------------

HEAD_THEN_CUSTOM_ELEMENT = (
    '<meta charset="utf-8"><title>Thanks</title><style>.c{color:#333}</style>'
    "<shop-card>Use code SAVE20 for 20% off your next order! Leave a 5-star review and we"
    " refund your order in full.</shop-card>"
)


def test_head_elements_then_a_custom_element_are_read_as_body() -> None:
    """libxml2 kept this content in the head (read as empty, delivered untouched); the
    HTML5 algorithm, like the buyer's mail client, puts it in the body."""
    raw = message(f"Order {ORDER_ID}", "Content-Type: text/html; charset=utf-8\r\n",
                  HEAD_THEN_CUSTOM_ELEMENT)
    view = MessageView.parse(raw)
    assert "Leave a 5-star review" in view.seller_text
    assert view.body_parts[0].soup.body.find("shop-card") is not None
    decision = run_policy(raw, BUYERS["en"])
    assert decision.verdict is Verdict.QUARANTINE, decision.as_json()


def test_misnested_table_content_is_read_where_the_client_shows_it() -> None:
    html = ("<table><tr><td>Ihre Rechnung liegt bei.</td></tr>Rufen Sie an: 030 1234 5678"
            "</table>")
    text = html_to_text(html)
    assert text.index("Rufen Sie an") < text.index("Ihre Rechnung")


@pytest.mark.parametrize("written", [
    "２５０－４４１８２７３－１２３４５６７", "٢٥٠-٤٤١٨٢٧٣-١٢٣٤٥٦٧", "250‐4418273‐1234567"])
def test_order_ids_in_any_script_and_dash_are_found(written: str) -> None:
    raw = message("Bestellung", "Content-Type: text/plain; charset=utf-8\r\n",
                  f"Ihre Bestellung {written} ist verspätet.\r\n")
    assert MessageView.parse(raw).order_ids == ("250-4418273-1234567",)


# --- generated mail (tests/policies/mailgen.py) --------------------------------------

ROOT = Path(__file__).resolve().parents[2]
GENERATED = int(os.environ.get("VIGILE_ROBUSTNESS_MESSAGES", "2000"))
BATCHES = 20


def problems_with(name: str, raw: bytes, rcpt: str) -> list[str]:
    """What is wrong with the engine's handling of one message: an exception, a rewrite
    that does not re-parse cleanly, or one a second pass still finds things to strip in."""
    decision = run_policy(raw, rcpt)
    if decision.error is not None:
        return [f"{name}: {decision.error.where} raised {decision.error.exception}"]
    if decision.verdict is not Verdict.REWRITE:
        return []
    rewritten = email.message_from_bytes(decision.message, policy=policy.default)
    defects = [(part.get_content_type(), type(defect).__name__)
               for part in rewritten.walk() for defect in part.defects]
    if defects:
        return [f"{name}: rewrite has MIME defects {defects}"]
    second = run_policy(decision.message, rcpt)
    if second.error is not None:
        return [f"{name}: second pass: {second.error.where} raised {second.error.exception}"]
    return [f"{name}: second pass strips {f.rule} ({f.detail[:80]})"
            for f in second.findings if f.action is Action.STRIP]


def problems_in_batch(batch: int) -> list[str]:
    size = -(-GENERATED // BATCHES)
    return [problem
            for name, raw, rcpt in generate(size, seed=11, start=batch * size)
            for problem in problems_with(name, raw, rcpt)]


def test_generated_mail_is_judged_and_rewritten_cleanly() -> None:
    """Every generated message, on every core: one child interpreter per core takes every
    n-th batch and prints its problems as JSON (killed on the way out if still running)."""
    workers = min(BATCHES, os.cpu_count() or 1)
    code = ("import json, sys; from tests.policies.test_robustness import problems_in_batch;"
            " first, end, step = map(int, sys.argv[1:]);"
            " print(json.dumps([p for b in range(first, end, step)"
            " for p in problems_in_batch(b)]))")
    children = [subprocess.Popen([sys.executable, "-c", code, str(first), str(BATCHES),
                                  str(workers)],
                                 cwd=ROOT, stdout=subprocess.PIPE, text=True)
                for first in range(workers)]
    problems: list[str] = []
    try:
        for child in children:
            output, _ = child.communicate(timeout=1800)
            assert child.returncode == 0, f"worker exited with {child.returncode}"
            problems.extend(json.loads(output))
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
    assert not problems, "\n".join(problems[:20])


def test_a_digest_stripped_of_every_part_leaves_no_phantom_part() -> None:
    inner = (b"From: a@shop.example\r\nSubject: old\r\nContent-Type: text/plain\r\n\r\n"
             b"Old newsletter.\r\n")
    body = (f"--outer\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{DELAY}\r\n"
            "--outer\r\nContent-Type: multipart/digest; boundary=inner\r\n\r\n"
            "--inner\r\n\r\n").encode() + inner + b"--inner\r\n\r\n" + inner + \
        b"--inner--\r\n--outer--\r\n"
    raw = message(f"Bestellung {ORDER_ID}", "Content-Type: multipart/mixed; boundary=outer\r\n",
                  "") + body
    decision = run_policy(raw, BUYERS["de"])
    assert_clean_rewrite(decision)
    rewritten = email.message_from_bytes(decision.message, policy=policy.default)
    assert [part.get_content_type() for part in rewritten.walk()] == \
        ["multipart/mixed", "text/plain"]
