"""`vigile web` as its own process, and the page over TLS (Secure cookie)."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import trustme
from playwright.sync_api import Browser, expect

from gateway.auth import set_password
from tests.conftest import free_port
from tests.web.conftest import PASSWORD, USER, sign_in

VIGILE = str(Path(sys.executable).with_name("vigile"))


def wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"vigile web does not listen on {port}")


def write_config(folder: Path, web: str) -> Path:
    set_password(folder / "users", USER, PASSWORD)
    config = folder / "vigile.toml"
    config.write_text(f'[listen]\nusers_file = "users"\n[web]\n{web}\n[log]\nfile = "vigile.log"\n',
                      encoding="utf-8")
    return config


def test_vigile_web_serves_over_tls_with_a_secure_cookie(tmp_path: Path, browser: Browser
                                                         ) -> None:
    authority = trustme.CA()
    certificate = authority.issue_cert("127.0.0.1")
    certificate.cert_chain_pems[0].write_to_path(str(tmp_path / "cert.pem"))
    certificate.private_key_pem.write_to_path(str(tmp_path / "key.pem"))
    port = free_port()
    config = write_config(tmp_path, 'tls_cert = "cert.pem"\ntls_key = "key.pem"')
    process = subprocess.Popen([VIGILE, "--config", str(config), "web", "--listen",
                                f"127.0.0.1:{port}"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    try:
        wait_for_port(port, process)
        context = browser.new_context(base_url=f"https://127.0.0.1:{port}",
                                      ignore_https_errors=True)
        page = context.new_page()
        sign_in(page)
        expect(page.locator("h1")).to_contain_text("Quarantine")
        expect(page.locator("tbody")).to_contain_text("Nothing held matches.")
        [cookie] = context.cookies()
        assert cookie["secure"] and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        context.close()
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    assert '"event": "web_listening"' in (tmp_path / "vigile.log").read_text()


def test_vigile_web_refuses_a_public_address_without_tls(tmp_path: Path) -> None:
    config = write_config(tmp_path, "")
    done = subprocess.run([VIGILE, "--config", str(config), "web", "--listen",
                           "0.0.0.0:8025"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "not a loopback address" in done.stderr
    assert "web.tls_cert" in done.stderr
