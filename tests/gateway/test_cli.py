"""The `vigile` command as a user runs it: check, quarantine, passwd, serve, config errors."""

from __future__ import annotations

import json
import os
import pty
import signal
import smtplib
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gateway.auth import read_users, verify_password
from tests.conftest import CORPUS, corpus_labels, free_port, write_config

VIGILE = str(Path(sys.executable).with_name("vigile"))
LABELS = corpus_labels()


def vigile(*args: str, cwd: Path | None = None, stdin: str = "",
           env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([VIGILE, *args], capture_output=True, text=True, input=stdin,
                          cwd=cwd, env={**os.environ, **(env or {})}, timeout=60)


def check(name: str, *extra: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    label = LABELS[name]
    return vigile("check", str(CORPUS / name), "--rcpt", label["rcpt"], "--at", label["at"],
                  *extra, cwd=cwd)


def test_check_json_for_a_quarantined_message(tmp_path: Path) -> None:
    run = check("en-missing-order-id-delay.eml", "--json", cwd=tmp_path)
    assert run.returncode == 3, run.stderr
    out = json.loads(run.stdout)
    assert out["decision"] == "quarantine"
    assert set(out) == {"decision", "purpose", "marketplace", "language", "order_ids",
                        "findings"}
    assert out["findings"][0] == {"rule": "missing-order-id", "action": "quarantine",
                                  "count": 1, "detail": out["findings"][0]["detail"]}
    assert not (tmp_path / "vigile.db").exists(), "check must record nothing"


def test_check_exit_0_for_rewrite_and_deliver(tmp_path: Path) -> None:
    run = check("en-rewrite-tracking-pixel-sendgrid.eml", "--json", cwd=tmp_path)
    assert run.returncode == 0
    assert json.loads(run.stdout)["decision"] == "rewrite"
    run = check("it-delay-notice.eml", cwd=tmp_path)
    assert run.returncode == 0 and "decision:    deliver" in run.stdout


def test_check_rcpt_defaults_to_the_to_header(tmp_path: Path) -> None:
    run = vigile("check", str(CORPUS / "en-missing-order-id-delay.eml"), "--json", cwd=tmp_path)
    assert run.returncode == 3
    assert json.loads(run.stdout)["marketplace"] == "uk"


def test_check_usage_errors_exit_2(tmp_path: Path) -> None:
    run = vigile("check", str(tmp_path / "missing.eml"))
    assert run.returncode == 2 and "cannot read" in run.stderr
    run = vigile("check", str(CORPUS / "it-delay-notice.eml"), "--at", "yesterday")
    assert run.returncode == 2 and "--at" in run.stderr
    assert vigile("check").returncode == 2


def test_check_several_files_and_stdin(tmp_path: Path) -> None:
    held, rewritten = CORPUS / "en-missing-order-id-delay.eml", \
        CORPUS / "en-rewrite-tracking-pixel-sendgrid.eml"
    run = vigile("check", str(held), str(rewritten), "--json", cwd=tmp_path)
    assert run.returncode == 3, run.stderr
    out = json.loads(run.stdout)
    assert [(o["file"], o["decision"]) for o in out] == [(str(held), "quarantine"),
                                                         (str(rewritten), "rewrite")]
    text = vigile("check", str(rewritten), str(held), cwd=tmp_path).stdout
    assert f"==> {rewritten} <==" in text and f"==> {held} <==" in text
    piped = vigile("check", "-", "--json", cwd=tmp_path, stdin=rewritten.read_text())
    assert piped.returncode == 0 and json.loads(piped.stdout)["decision"] == "rewrite"


def test_check_show_rewritten_and_diff(tmp_path: Path) -> None:
    name = "en-rewrite-tracking-pixel-sendgrid.eml"
    shown = check(name, "--show-rewritten", cwd=tmp_path)
    assert shown.returncode == 0
    assert "--- the buyer receives:" in shown.stdout
    body = shown.stdout.split("--- the buyer receives:", 1)[1]
    assert "Subject:" in body and "\r" not in body
    diff = check(name, "--diff", cwd=tmp_path)
    removed = [line for line in diff.stdout.splitlines() if line.startswith("-") and
               not line.startswith("---")]
    assert removed and any("<img" in line for line in removed), diff.stdout
    held = check("de-review-incentive-gift-card.eml", "--show-rewritten", cwd=tmp_path)
    assert held.returncode == 3
    assert "held: the buyer receives nothing; released rewritten" in held.stdout
    data = json.loads(check(name, "--json", "--show-rewritten", cwd=tmp_path).stdout)
    assert "Subject:" in data["sent"]


@pytest.mark.parametrize("content", [
    b"", b"\x00\xff\xfe" * 1000, b"To: b@marketplace.amazon.de\n\n" + b"\xff" * 100,
    b"To: <<<\x00>>>\nSubject: =?x?q?\n\n", b"To: b@marketplace.amazon.de\nContent-Type: "
    b"multipart/mixed; boundary=x\n\n" + b"--x\nContent-Type: multipart/mixed; "
    b"boundary=x\n\n" * 3000])
def test_check_never_prints_a_traceback(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "input.eml"
    path.write_bytes(content)
    for args in ([str(path)], ["-", "--show-rewritten"], [str(tmp_path)]):
        run = subprocess.run([VIGILE, "check", *args], input=content, capture_output=True,
                             timeout=120, cwd=tmp_path)
        assert b"Traceback" not in run.stderr, run.stderr[-2000:]
        assert run.returncode in (0, 2, 3)
        if run.returncode == 2:
            assert run.stderr.startswith(b"vigile: ") and len(run.stderr.splitlines()) == 1


def test_check_gives_every_detail_of_a_finding(tmp_path: Path) -> None:
    """No "and 3 more": the full reason is what a reviewer needs."""
    links = " ".join(f'<a href="https://a{i}.example/x">a</a>' for i in range(8))
    path = tmp_path / "links.eml"
    path.write_text("From: seller@shop.example\nTo: g1h6j2k7l3z8x4c@marketplace.amazon.de\n"
                    "Subject: Bestellung 306-5528812-4470135\nContent-Type: text/html\n\n"
                    f"<p>Ihre Bestellung 306-5528812-4470135 ist unterwegs.</p><p>{links}</p>\n")
    run = vigile("check", str(path), "--json", cwd=tmp_path)
    [links_found] = [f for f in json.loads(run.stdout)["findings"]
                     if f["rule"] == "unsafe-link"]
    assert all(f"a{i}.example" in links_found["detail"] for i in range(8))
    assert "more" not in links_found["detail"]


def test_passwd_creates_the_users_file_the_config_names(tmp_path: Path) -> None:
    config = write_config(tmp_path, '[listen]\nusers_file = "etc/users"\n')
    run = vigile("--config", str(config), "passwd", "seller", stdin="s3cret\n")
    assert run.returncode == 0, run.stderr
    assert verify_password("s3cret", read_users(tmp_path / "etc" / "users")["seller"])
    (tmp_path / "etc" / "users").unlink()
    serve = vigile("--config", str(config), "serve")
    assert serve.returncode == 2 and "vigile passwd" in serve.stderr


def test_serve_warns_at_start_when_the_upstream_does_not_answer(tmp_path: Path) -> None:
    port, closed = free_port(), free_port()
    config = write_config(tmp_path, f"[listen]\nport = {port}\n[upstream]\nurl = "
                          f'"smtp://127.0.0.1:{closed}"\n[policy]\nworkers = 0\n'
                          "[log]\nfile = 'vigile.log'\n")
    process = subprocess.Popen([VIGILE, "--config", str(config), "serve"], cwd=tmp_path,
                               stderr=subprocess.DEVNULL)
    try:
        log = tmp_path / "vigile.log"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (
                not log.exists() or "upstream_unreachable" not in log.read_text()):
            time.sleep(0.1)
    finally:
        process.terminate()
        process.wait(timeout=30)
    events = [json.loads(line) for line in log.read_text().splitlines()]
    [warning] = [e for e in events if e["event"] == "upstream_unreachable"]
    assert warning["level"] == "warning" and str(closed) in warning["upstream"]


def test_config_error_names_the_key(tmp_path: Path) -> None:
    config = write_config(tmp_path, '[upstream]\nurl = "ftp://relay"\n')
    run = vigile("--config", str(config), "serve")
    assert run.returncode == 2
    assert "upstream.url" in run.stderr
    config = write_config(tmp_path, "[listen]\nport = 'x'\n")
    run = vigile("serve", "--config", str(config))
    assert run.returncode == 2 and "listen.port: must be a whole number" in run.stderr
    config = write_config(tmp_path, "[policy.rules.no-such-rule]\naction = 'off'\n")
    run = vigile("check", str(CORPUS / "it-delay-notice.eml"), env={"VIGILE_CONFIG": str(config)})
    assert run.returncode == 2 and "policy.rules.no-such-rule: no such rule" in run.stderr
    config = write_config(tmp_path, "[policy.rules.missing-order-id]\naction = 'strip'\n")
    run = vigile("--config", str(config), "check", str(CORPUS / "it-delay-notice.eml"))
    assert run.returncode == 2 and "must be one of quarantine, off" in run.stderr
    config = write_config(tmp_path, "[listen\n")
    run = vigile("--config", str(config), "serve")
    assert run.returncode == 2 and "not valid TOML" in run.stderr


def test_rule_action_off_from_config(tmp_path: Path) -> None:
    config = write_config(tmp_path, "[policy.rules.missing-order-id]\naction = 'off'\n")
    run = check("en-missing-order-id-delay.eml", "--config", str(config), "--json")
    assert "missing-order-id" not in {f["rule"] for f in json.loads(run.stdout)["findings"]}


def test_passwd_writes_a_salted_hash(tmp_path: Path) -> None:
    users = tmp_path / "users"
    run = vigile("passwd", "seller", "--users-file", str(users), stdin="s3cret\n")
    assert run.returncode == 0, run.stderr
    stored = read_users(users)["seller"]
    assert "s3cret" not in users.read_text() and verify_password("s3cret", stored)
    vigile("passwd", "seller", "--users-file", str(users), stdin="other\n")
    assert verify_password("other", read_users(users)["seller"])
    assert oct(users.stat().st_mode & 0o777) == "0o600"
    run = vigile("passwd", "seller", cwd=tmp_path, stdin="x\n")
    assert run.returncode == 2 and "no users file" in run.stderr


@pytest.fixture
def served(tmp_path: Path):
    """`vigile serve` as a subprocess on the embedded default (maildir outbox)."""
    port = free_port()
    config = write_config(tmp_path, f"[listen]\nport = {port}\n[log]\nfile = 'vigile.log'\n")
    process = subprocess.Popen([VIGILE, "--config", str(config), "serve"], cwd=tmp_path,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            smtplib.SMTP("127.0.0.1", port, timeout=5).quit()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(process.stderr.read() if process.stderr else "serve exited")
            time.sleep(0.1)
    yield port, tmp_path, config, process
    if process.poll() is None:
        process.kill()
        process.wait()


def send_file(port: int, name: str) -> tuple[int, str]:
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
        client.ehlo("client.test")
        client.mail("seller@shop.example")
        client.rcpt(LABELS[name]["rcpt"])
        code, reply = client.data((CORPUS / name).read_bytes())
    return code, reply.decode()


def test_serve_quarantine_list_show_release_delete(served) -> None:
    port, folder, config, _ = served
    code, reply = send_file(port, "en-missing-order-id-delay.eml")
    assert code == 550
    entry_id = reply.rsplit(" ", 1)[-1]

    listing = vigile("--config", str(config), "quarantine", "list", "--json")
    assert [e["id"] for e in json.loads(listing.stdout)] == [entry_id]
    assert entry_id in vigile("--config", str(config), "quarantine", "list").stdout

    shown = vigile("--config", str(config), "quarantine", "show", entry_id, "--json")
    out = json.loads(shown.stdout)
    assert out["decision"] == "quarantine" and out["entry"]["id"] == entry_id
    text = vigile("--config", str(config), "quarantine", "show", entry_id).stdout
    assert "missing-order-id" in text and "Subject:" in text

    released = vigile("--config", str(config), "quarantine", "release", entry_id)
    assert released.returncode == 0, released.stderr
    outbox = list((folder / "outbox" / "new").iterdir())
    assert len(outbox) == 1
    assert outbox[0].read_bytes().endswith(
        (CORPUS / "en-missing-order-id-delay.eml").read_bytes())
    out = json.loads(vigile("--config", str(config), "quarantine", "show", entry_id,
                            "--json").stdout)
    assert out["entry"]["released"][0]["upstream_reply"].startswith("250")

    assert vigile("--config", str(config), "quarantine", "delete", entry_id).returncode == 0
    assert json.loads(vigile("--config", str(config), "quarantine", "list",
                             "--json").stdout) == []
    missing = vigile("--config", str(config), "quarantine", "show", entry_id)
    assert missing.returncode == 1 and "no quarantine entry" in missing.stderr
    bad = vigile("--config", str(config), "quarantine", "show", "../../etc/passwd")
    assert bad.returncode == 1 and "is not a quarantine id" in bad.stderr


def test_serve_stops_cleanly_on_sigterm(served) -> None:
    port, folder, _, process = served
    assert send_file(port, "it-delay-notice.eml")[0] == 250
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    events = [json.loads(line) for line in (folder / "vigile.log").read_text().splitlines()]
    assert [e["event"] for e in events][-2:] == ["stopping", "stopped"]


def test_logs_are_human_readable_on_a_terminal(tmp_path: Path) -> None:
    """On a terminal the same events are shown for people; redirected, they are JSON."""
    port = free_port()
    config = write_config(tmp_path, f"[listen]\nport = {port}\n[policy]\nworkers = 0\n")
    leader, follower = pty.openpty()
    process = subprocess.Popen([VIGILE, "--config", str(config), "serve"], cwd=tmp_path,
                               stderr=follower, stdout=subprocess.DEVNULL)
    os.close(follower)
    try:
        output = b""
        deadline = time.monotonic() + 120   # workers = 0 builds the engine before listening
        while b"listening" not in output and time.monotonic() < deadline:
            output += os.read(leader, 4096)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        os.close(leader)
    line = next(raw for raw in output.splitlines() if b"listening" in raw)
    assert not line.lstrip().startswith(b"{"), line
    assert b"port" in line and str(port).encode() in line
