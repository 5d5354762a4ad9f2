"""The review page's web application: aiohttp on the gateway's own event loop.

Why aiohttp: it is asyncio-native and well kept, so the page runs in the event loop of
`vigile serve` beside the SMTP server (one process, the same quarantine and store
handles) or alone under `vigile web`; pages are rendered on the server by Jinja2 with
autoescaping, so every action works as a plain HTML form without JavaScript.

Every response carries a strict Content-Security-Policy (nothing but this origin's
stylesheet and inline `data:` images; no scripts at all; no framing), `nosniff` and
`same-origin` referrers. Every page but the sign-in form needs a signed-in session, and
every POST needs the session's CSRF token and, when the browser sends one, our own Origin.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from aiohttp import web

from gateway.auth import AuthThrottle, UsersFile
from gateway.config import Config, web_tls
from gateway.log import get_logger
from gateway.quarantine import QuarantineBackend
from gateway.store import Store
from gateway.web.sessions import COOKIE, Session, Sessions

HERE = Path(__file__).resolve().parent
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-src 'self'; frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # same-origin, not no-referrer: with no-referrer, browsers post `Origin: null`.
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
# Paths a visitor may open without signing in.
PUBLIC = ("/signin", "/static/")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Review:
    """What every handler needs: the gateway's config, quarantine and store, the users
    file, sessions, sign-in throttle and templates."""

    config: Config
    quarantine: QuarantineBackend
    store: Store
    users: UsersFile
    sessions: Sessions
    throttle: AuthThrottle
    templates: jinja2.Environment
    secure: bool


REVIEW = web.AppKey("review", Review)


def review(request: web.Request) -> Review:
    return request.app[REVIEW]


def session(request: web.Request) -> Session:
    """The request's session (every page but the public ones has a signed-in one)."""
    found = request.get("session")
    assert isinstance(found, Session), "no session on this request"
    return found


def render(request: web.Request, template: str, *, status: int = 200,
           **values: Any) -> web.Response:
    """A page from a template, with the user, CSRF token and pending notices filled in."""
    current = request.get("session")
    page = review(request).templates.get_template(template).render(
        user=current.user if current else None, csrf=current.csrf if current else "",
        notices=current.take_notices() if current else [], path=request.path, **values)
    return web.Response(text=page, status=status, content_type="text/html", charset="utf-8")


def set_session_cookie(request: web.Request, response: web.StreamResponse,
                       current: Session) -> None:
    response.set_cookie(COOKIE, current.id, httponly=True, samesite="Strict",
                        secure=review(request).secure, path="/")


@web.middleware
async def check_session(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Signed-in session for private pages; CSRF token and Origin for every POST."""
    context = review(request)
    current = context.sessions.get(request.cookies.get(COOKIE))
    request["session"] = current
    public = request.path.startswith(PUBLIC)
    if not public and (current is None or current.user is None):
        if request.method == "GET":
            raise web.HTTPSeeOther("/signin")
        raise web.HTTPForbidden(text="sign in first\n")
    if request.method == "POST":
        origin = request.headers.get("Origin")
        # The host, not the scheme: behind a proxy that ends TLS the page sees http.
        if origin is not None and urlsplit(origin).netloc != request.host:
            raise web.HTTPForbidden(text="cross-site request refused\n")
        form = await request.post()
        token = form.get("csrf")
        if current is None or not current.csrf_ok(token if isinstance(token, str) else None):
            get_logger().warning("web_csrf_refused", path=request.path,
                                 client=request.remote, user=current.user if current else None)
            raise web.HTTPForbidden(text="missing or wrong form token: reload the page and "
                                         "try again\n")
    return await handler(request)


@web.middleware
async def log_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A bug answers 500 with a short page, and its traceback goes to the gateway's log."""
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except Exception:
        get_logger().exception("web_error", path=request.path, client=request.remote)
        return web.Response(status=500, content_type="text/plain",
                            text="Something went wrong; the gateway's log has the details.\n")


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.path.startswith("/static/"):
        # The preview frame is sandboxed (an opaque origin) and loads frame.css: the
        # stylesheets are public, so any origin may read them.
        response.headers.setdefault("Cross-Origin-Resource-Policy", "cross-origin")
    else:
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.headers.setdefault("Cache-Control", "no-store")


def create_app(config: Config, quarantine: QuarantineBackend, store: Store) -> web.Application:
    """The review page's application over a quarantine and store already open."""
    from gateway.web import draft, pages, signin  # the routes, which import this module

    app = web.Application(middlewares=[log_errors, check_session],
                          client_max_size=config.listen.max_message_size + 65536)
    app[REVIEW] = Review(
        config=config, quarantine=quarantine, store=store,
        users=UsersFile(config.path(config.listen.users_file)), sessions=Sessions(),
        throttle=AuthThrottle(delay=config.listen.auth_failure_delay,
                              limit=config.listen.max_auth_failures),
        templates=jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                                     autoescape=True, undefined=jinja2.StrictUndefined),
        secure=web_tls(config) is not None)
    app.on_response_prepare.append(add_security_headers)
    app.router.add_static("/static/", HERE / "static", append_version=False)
    signin.add_routes(app)
    pages.add_routes(app)
    draft.add_routes(app)
    return app


class WebServer:
    """The review page listening on its address, until `close`."""

    def __init__(self, runner: web.AppRunner, url: str) -> None:
        self.runner = runner
        self.url = url

    async def close(self) -> None:
        await self.runner.cleanup()


async def start_web(config: Config, quarantine: QuarantineBackend, store: Store, *,
                    default_listen: str = "") -> WebServer | None:
    """Serve the review page on `web.listen` (or `default_listen`); None when it is off."""
    address = config.web.address(default_listen)
    if address is None:
        return None
    host, port = address
    tls = web_tls(config)
    context = None
    if tls is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(tls[0], tls[1])
    runner = web.AppRunner(create_app(config, quarantine, store), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port, ssl_context=context, reuse_address=True)
    await site.start()
    scheme = "https" if context else "http"
    shown = f"[{host}]" if ":" in host else host
    url = f"{scheme}://{shown}:{port}/"
    get_logger().info("web_listening", url=url)
    return WebServer(runner, url)


async def run_forever(config: Config, quarantine: QuarantineBackend, store: Store,
                      default_listen: str, stop: asyncio.Event) -> None:
    """`vigile web`: the review page alone, until `stop` is set."""
    server = await start_web(config, quarantine, store, default_listen=default_listen)
    try:
        await stop.wait()
    finally:
        if server is not None:
            await server.close()
