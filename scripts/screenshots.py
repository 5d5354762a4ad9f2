"""Screenshots of the review page for the README: the queue, one message, a draft check.

Starts a real `vigile serve` with the review page on loopback in a temporary folder,
holds some corpus messages by sending them over SMTP, signs in with Debian's chromium
(driven by Playwright, never a downloaded browser) and saves PNGs. Run from the
repository root:

    .venv/bin/python scripts/screenshots.py [--corpus tests/corpus] [--out docs/images]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
USER, PASSWORD = "reviewer", "screenshots only"
# Held corpus messages; the one whose subject is SHOWN is shown in full.
HELD = [
    "en-missing-order-id-delay.eml",
    "de-review-incentive-gift-card.eml",
    "en-wrong-language-to-de-buyer.eml",
    "en-review-removal-update-one-star-review.eml",
    "en-confirmation-only-shipped-tracking.eml",
    "en-review-incentive-refund-for-five-stars.eml",
    "en-x04-klaviyo-love-it-not-loving-it-buttons.eml",
]
SHOWN = "Hannah, how's your new night cream?"
DRAFT = ("Hello,\n\nthank you for your order. If you enjoy the lamp, leave us a 5-star "
         "review and we will send you a $10 gift card!\n\nCall us on +1 206 555 0142.\n\n"
         "The Brightwell team")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"vigile serve exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing listens on port {port} after {timeout} s")


def hold(smtp_port: int, corpus: Path) -> None:
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    with smtplib.SMTP("127.0.0.1", smtp_port) as smtp:
        for name in HELD:
            with contextlib.suppress(smtplib.SMTPDataError):   # 550: held, as intended
                smtp.sendmail("seller@shop.example", [labels[name]["rcpt"]],
                              (corpus / name).read_bytes())


def shoot(web_url: str, out: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=web_url, viewport={"width": 1280, "height": 860},
                                      device_scale_factor=1)
        page = context.new_page()
        page.goto("/signin")
        page.get_by_label("User").fill(USER)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/queue")
        save(page, out / "queue.png")
        page.get_by_role("link", name=SHOWN).click()
        page.wait_for_url("**/message/*")
        show_frames(page)
        save(page, out / "message.png")
        page.goto("/draft")
        page.get_by_label("Marketplace").select_option("us")
        page.get_by_label("Order id (optional)").fill("114-3941689-8772232")
        page.get_by_label("Subject").fill("Your Brightwell lamp")
        page.get_by_label("Draft", exact=True).fill(DRAFT)
        page.get_by_role("button", name="Check").click()
        page.locator(".verdict").wait_for()
        show_frames(page)
        save(page, out / "draft.png")
        phone = browser.new_context(base_url=web_url, viewport={"width": 390, "height": 844},
                                    storage_state=context.storage_state(),
                                    device_scale_factor=1)
        phone_page = phone.new_page()
        phone_page.goto("/queue")
        save(phone_page, out / "queue-phone.png")
        browser.close()


def show_frames(page: Page) -> None:
    """Make the viewport as tall as the page: Chromium paints a sandboxed frame only
    once it is on screen, and a full-page screenshot would show it blank."""
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": page.viewport_size["width"] if page.viewport_size
                            else 1280, "height": int(height)})
    page.wait_for_timeout(500)


def save(page: Page, path: Path, full_page: bool = False) -> None:
    page.screenshot(path=str(path), full_page=full_page)
    print(f"wrote {path}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "tests" / "corpus")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    vigile = str(Path(sys.executable).with_name("vigile"))
    with tempfile.TemporaryDirectory(prefix="vigile-screenshots-") as folder:
        smtp_port, web_port = free_port(), free_port()
        config = Path(folder) / "vigile.toml"
        config.write_text(f"""
[listen]
port = {smtp_port}
users_file = "users"
[web]
listen = "127.0.0.1:{web_port}"
[policy]
workers = 0
[log]
file = "vigile.log"
""", encoding="utf-8")
        subprocess.run([vigile, "--config", str(config), "passwd", USER, "--users-file",
                        str(Path(folder) / "users")], input=f"{PASSWORD}\n".encode(),
                       check=True, capture_output=True)
        server = subprocess.Popen([vigile, "--config", str(config), "serve"], cwd=folder)
        try:
            wait_for_port(web_port, server)
            wait_for_port(smtp_port, server)
            hold(smtp_port, args.corpus)
            shoot(f"http://127.0.0.1:{web_port}", args.out)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
