"""Signing in and out of the review page, with the users file of SMTP AUTH.

Failed sign-ins are throttled like failed AUTH: per client address, each failure adds
`listen.auth_failure_delay` seconds before the next attempt is answered, and
`listen.max_auth_failures` failures in ten minutes lock the address out. Sign-ins still
being checked count too, so many sent at once cannot slip past the lockout. The password
check (scrypt) runs in a thread, off the event loop that also carries the mail.
"""

from __future__ import annotations

import asyncio

from aiohttp import web

from gateway.auth import UsersFileError
from gateway.log import get_logger
from gateway.web.app import render, review, set_session_cookie


async def signin_form(request: web.Request) -> web.StreamResponse:
    current = request.get("session")
    if current is not None and current.user is not None:
        raise web.HTTPSeeOther("/queue")
    if current is None:
        # An anonymous session carries the sign-in form's CSRF token.
        current = review(request).sessions.new()
        request["session"] = current
    response = render(request, "signin.html", error=None)
    set_session_cookie(request, response, current)
    return response


async def signin(request: web.Request) -> web.StreamResponse:
    context = review(request)
    form = await request.post()
    user, password = str(form.get("user", "")), str(form.get("password", ""))
    address = request.remote or "?"
    log = get_logger()
    if not await context.throttle.begin(address):
        log.warning("web_sign_in", user=user, client=address, outcome="locked out")
        return render(request, "signin.html", status=429,
                      error="Too many failed sign-ins from this address. Try again later.")
    accepted = False
    try:
        await asyncio.sleep(context.throttle.delay(address))
        accepted = bool(user) and await asyncio.to_thread(context.users.check, user, password)
    except (OSError, UsersFileError) as error:
        log.error("web_sign_in", user=user, client=address, outcome="users file unreadable",
                  error=str(error))
        return render(request, "signin.html", status=503,
                      error="The users file cannot be read; ask the administrator.")
    finally:
        context.throttle.end(address, failed=not accepted)
    if not accepted:
        log.warning("web_sign_in", user=user, client=address, outcome="refused")
        return render(request, "signin.html", status=401, error="Wrong user name or password.")
    log.info("web_sign_in", user=user, client=address, outcome="accepted")
    fresh = context.sessions.sign_in(request.get("session"), user)
    response = web.HTTPSeeOther("/queue")
    set_session_cookie(request, response, fresh)
    raise response


async def signout(request: web.Request) -> web.StreamResponse:
    current = request["session"]
    review(request).sessions.end(current)
    get_logger().info("web_sign_out", user=current.user, client=request.remote)
    response = web.HTTPSeeOther("/signin")
    response.del_cookie("vigile_session", path="/")
    raise response


def add_routes(app: web.Application) -> None:
    app.router.add_get("/signin", signin_form)
    app.router.add_post("/signin", signin)
    app.router.add_post("/signout", signout)
