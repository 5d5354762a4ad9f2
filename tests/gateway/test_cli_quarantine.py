"""`vigile quarantine` as an operator runs it, on a quarantine filled through the same
API the gateway holds with, and a real upstream: list (header, filters, decoded
subjects), show (escapes made visible, deep nesting), release (once, --force,
--rewritten, audited), delete, and output into a closed pipe."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from gateway.config import load_config
from gateway.quarantine import QuarantineEntry, open_quarantine
from gateway.store import open_store
from tests.conftest import UpstreamServer, write_config
from tests.gateway.test_cli import VIGILE, vigile
from tests.gateway.test_release import BUYER, DECISION, MESSAGE

SUBJECT_RAW = "Lieferverzögerung Bestellung 306-5528812-4470135".encode()


class Folder:
    """A config (SQLite store, Maildir quarantine, the test's upstream, a log file)."""

    def __init__(self, path: Path, upstream: UpstreamServer) -> None:
        self.path = path
        self.config_path = write_config(path, f"""
[upstream]
url = "{upstream.url}"
timeout = 5
[quarantine]
dir = "held"
[log]
file = "vigile.log"
""")

    def hold(self, message: bytes = MESSAGE, **details: Any) -> QuarantineEntry:
        config = load_config(self.config_path)
        store = open_store(config.store.url, config.base_dir)
        try:
            quarantine = open_quarantine(config, store)
            fields: dict[str, Any] = {
                "sender": "orders@shop.example", "recipients": [BUYER],
                "client": "127.0.0.1:4000", "message_id": "<gift@shop.example>",
                "subject": "", "decision": DECISION}
            return quarantine.hold(message, **{**fields, **details})
        finally:
            store.close()

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return vigile("--config", str(self.config_path), "quarantine", *args)

    def events(self, name: str) -> list[dict[str, Any]]:
        lines = (self.path / "vigile.log").read_text().splitlines()
        return [e for e in map(json.loads, lines) if e["event"] == name]


@pytest.fixture
def folder(tmp_path: Path, upstream: UpstreamServer) -> Folder:
    return Folder(tmp_path, upstream)


def test_release_once_then_refused_unless_forced(folder: Folder, upstream) -> None:
    entry = folder.hold()
    first = folder.run("release", entry.id)
    assert first.returncode == 0, first.stderr
    assert f"{entry.id} released: upstream said 250" in first.stdout
    second = folder.run("release", entry.id)
    assert second.returncode == 1
    assert f"{entry.id} was already released on" in second.stderr
    assert "--force" in second.stderr and "Traceback" not in second.stderr
    assert len(upstream.received) == 1
    forced = folder.run("release", "--again", entry.id, "--json")
    assert forced.returncode == 0, forced.stderr
    assert [r.data for r in upstream.received] == [MESSAGE, MESSAGE]
    assert len(json.loads(forced.stdout)[0]["released"]) == 2
    events = folder.events("quarantine_release")
    assert [(e["released"], e["forced"]) for e in events] == [
        (True, False), (False, False), (True, True)]
    assert all(e["quarantine_id"] == entry.id and e["actor"] and e["host"] for e in events)
    assert events[0]["upstream_reply"].startswith("250")
    shown = folder.run("show", entry.id).stdout
    assert "state:       released" in shown and shown.count("released:    ") == 2


def test_release_rewritten_strips_and_delete_is_audited(folder: Folder, upstream) -> None:
    entry = folder.hold()
    run = folder.run("release", "--rewritten", entry.id)
    assert run.returncode == 0, run.stderr
    assert "released rewritten" in run.stdout
    [received] = upstream.received
    assert b"/open/" in MESSAGE and b"/open/" not in received.data
    deleted = folder.run("delete", entry.id, "--json")
    assert json.loads(deleted.stdout) == {"deleted": [entry.id]}
    [event] = folder.events("quarantine_delete")
    assert event["quarantine_id"] == entry.id and event["state"] == "released"
    missing = folder.run("delete", entry.id)
    assert missing.returncode == 1 and "no quarantine entry" in missing.stderr


def test_release_refused_by_upstream_keeps_it_held(folder: Folder, upstream) -> None:
    entry = folder.hold()
    upstream.handler.data_reply = "554 5.7.1 No thanks"
    run = folder.run("release", entry.id)
    assert run.returncode == 1 and "not released" in run.stderr and "No thanks" in run.stderr
    listing = json.loads(folder.run("list", "--json").stdout)
    assert listing[0]["state"] == "held" and "No thanks" in listing[0]["upstream_reply"]


def test_list_has_a_header_aligned_columns_filters_and_decoded_subjects(folder: Folder
                                                                       ) -> None:
    german = folder.hold(MESSAGE.replace(b"Subject: ", b"Subject: " + SUBJECT_RAW + b" ", 1)
                         if b"Subject: " in MESSAGE else MESSAGE)
    other = folder.hold(decision={**DECISION, "findings": [
        {"rule": "promotional", "action": "quarantine", "count": 1, "detail": "x"}]})
    assert "Lieferverzögerung" in german.subject
    lines = folder.run("list").stdout.splitlines()
    assert lines[0].split() == ["ID", "HELD", "(UTC)", "STATE", "MKT", "RULES",
                                "RECIPIENTS", "SUBJECT"]
    starts = {line.index("held") for line in lines[1:]}
    assert len(lines) == 3 and len(starts) == 1, lines      # one column, however long
    assert lines[0].index("STATE") == starts.pop()
    assert "Lieferverzögerung" in folder.run("list").stdout
    listed = {e["id"]: e for e in json.loads(folder.run("list", "--json").stdout)}
    assert "Lieferverzögerung" in listed[german.id]["subject"]
    sidecar = (folder.path / "held" / "decisions" / f"{german.id}.json").read_text("utf-8")
    assert "Lieferverzögerung" in json.loads(sidecar)["subject"]
    by_rule = json.loads(folder.run("list", "--rule", "promotional", "--json").stdout)
    assert [e["id"] for e in by_rule] == [other.id]
    assert folder.run("list", "--since", "1h", "--json").stdout.count('"id"') == 2
    future = folder.run("list", "--since", "2999-01-01", "--json")
    assert json.loads(future.stdout) == []
    assert folder.run("list", "--state", "released").stdout.strip() == "no entries match"
    bad = folder.run("list", "--since", "yesterday")
    assert bad.returncode == 2 and "age like 30m" in bad.stderr


HOSTILE = (b"From: seller@shop.example\r\nTo: b@marketplace.amazon.de\r\n"
           b"Subject: =?utf-8?q?Rechnung=E2=80=AEfdp.exe?= \x1b]0;owned\x07\r\n\r\n"
           b"Text \x1b[2J with a clear-screen\r\n")


def test_list_and_show_make_terminal_escapes_and_bidi_visible(folder: Folder) -> None:
    entry = folder.hold(HOSTILE, sender='"\x1b[31mred\x07\x9b2J"@shop.example',
                        recipients=["\u202eb@marketplace.amazon.de"])
    for output in (folder.run("list").stdout, folder.run("show", entry.id).stdout,
                   folder.run("show", entry.id, "--raw").stdout):
        for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
            assert raw not in output
        assert "\\x1b" in output
    assert "\\x9b2J" in folder.run("show", entry.id).stdout
    shown = folder.run("show", entry.id).stdout
    assert "\\u202e" in shown and "Rechnung\\u202efdp.exe" in shown


def test_show_a_deeply_nested_message(folder: Folder) -> None:
    depth = 2000
    body = b"".join(b"Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n" % (i, i)
                    for i in range(depth))
    body += b"Content-Type: text/plain\r\n\r\nhello\r\n"
    body += b"".join(b"--b%d--\r\n" % i for i in reversed(range(depth)))
    deep = b"From: a@shop.example\r\nSubject: deep\r\nMIME-Version: 1.0\r\n" + body
    entry = folder.hold(deep)
    run = folder.run("show", entry.id)
    assert run.returncode == 0, run.stderr
    assert "nested too deeply" in run.stdout and "Subject: deep" in run.stdout
    assert "Traceback" not in run.stderr


def test_full_findings_in_show_and_json(folder: Folder) -> None:
    details = "; ".join(f"https://shop{i}.example/" for i in range(9))
    entry = folder.hold(decision={**DECISION, "findings": [
        {"rule": "unsafe-link", "action": "quarantine", "count": 9, "detail": details}]})
    assert details in folder.run("show", entry.id).stdout
    out = json.loads(folder.run("show", entry.id, "--json").stdout)
    assert out["findings"][0]["detail"] == details and out["entry"]["state"] == "held"


def test_output_into_a_closed_pipe_ends_quietly(folder: Folder) -> None:
    """More output than a pipe holds, read by `head`, which then exits."""
    entry = folder.hold(MESSAGE + b"long line of text\r\n" * 50_000)
    run = subprocess.run(f"'{VIGILE}' --config '{folder.config_path}' quarantine show "
                         f"{entry.id} --raw | head -c 10", shell=True, capture_output=True,
                         text=True, timeout=60)
    assert len(run.stdout) == 10
    assert "BrokenPipeError" not in run.stderr and "Traceback" not in run.stderr, run.stderr


def test_a_quarantine_folder_that_cannot_be_read_is_named(tmp_path: Path,
                                                          upstream: UpstreamServer) -> None:
    folder = Folder(tmp_path, upstream)
    (tmp_path / "held").write_text("a file, not a folder")
    run = folder.run("list")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.startswith("vigile: ") and "held" in run.stderr


def test_bytes_that_were_not_utf8_print_as_escapes(folder: Folder) -> None:
    entry = folder.hold(decision={**DECISION, "findings": [
        {"rule": "malformed", "action": "quarantine", "count": 1, "detail": "bad \udcff"}]})
    listed = folder.run("list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)[0]["decision"]["findings"][0]["detail"] == "bad \udcff"
    shown = folder.run("show", entry.id)
    assert shown.returncode == 0 and "bad \\udcff" in shown.stdout
