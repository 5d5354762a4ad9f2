"""The queue and one held message: what is held, why, and the reviewer's actions.

Actions, and the rewritten version shown, go through `gateway.quarantine.release` (the
code of `vigile quarantine release/delete`): a release claims the entry atomically
first, so a second click, a second browser or the CLI at the same moment is refused and
the message goes out once; each release and delete is an audit event naming the user.
Backend calls (files or PostgreSQL) run in threads, off the event loop of the mail.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from urllib.parse import urlencode

from aiohttp import web
from multidict import MultiDictProxy

from gateway.log import get_logger
from gateway.quarantine import EntryFilter, QuarantineEntry, QuarantineError
from gateway.quarantine.release import (
    AlreadyReleased,
    delete_entry,
    release_entry,
    rewritten_message,
)
from gateway.web.app import Review, render, review, session
from gateway.web.display import Highlight, Shown, highlighter, marked_detail, show_message
from policies.rules import all_rules
from policies.scope import MARKETPLACES

PAGE_SIZE = 50
STATES = ("held", "releasing", "released")
BULK_ACTIONS = ("release", "release-rewritten", "delete")


class FilterError(ValueError):
    """A queue filter value that is not one of the choices."""


def queue_filter(query: MultiDictProxy[str]) -> EntryFilter:
    """The queue's filters from the query string (absent or empty: no filter)."""
    rule = query.get("rule") or None
    if rule is not None and rule not in {r.id for r in all_rules()}:
        raise FilterError(f"no rule {rule!r}")
    marketplace = query.get("marketplace") or None
    if marketplace is not None and marketplace not in {m.code for m in MARKETPLACES.values()}:
        raise FilterError(f"no marketplace {marketplace!r}")
    state = query.get("state", "held")
    if state not in (*STATES, "all"):
        raise FilterError(f"no state {state!r}")
    since = None
    if query.get("since"):
        try:
            since = datetime.fromisoformat(query["since"]).replace(tzinfo=UTC)
        except ValueError as error:
            raise FilterError(f"since: {query['since']!r} is not a date (YYYY-MM-DD)") from error
    search = (query.get("q") or "").strip() or None
    return EntryFilter(rule=rule, since=since, state=None if state == "all" else state,
                       marketplace=marketplace, search=search)


def age(held_at: str, now: datetime) -> str:
    """How long ago a message was held, in the largest whole unit."""
    seconds = max(0, int((now - datetime.fromisoformat(held_at)).total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds // size} {unit}"
    return f"{seconds} s"


async def queue(request: web.Request) -> web.StreamResponse:
    context = review(request)
    try:
        filters = queue_filter(request.query)
        page = max(1, int(request.query.get("page", "1")))
    except (FilterError, ValueError) as error:
        raise web.HTTPBadRequest(text=f"{error}\n") from error

    def read() -> tuple[list[QuarantineEntry], int]:
        found = context.quarantine.entries(filters, limit=PAGE_SIZE,
                                           offset=(page - 1) * PAGE_SIZE, newest_first=True)
        return found, context.quarantine.count(filters)

    entries, total = await asyncio.to_thread(read)
    now = datetime.now(UTC)
    kept = {key: value for key, value in request.query.items() if key != "page" and value}
    pages = max(1, -(-total // PAGE_SIZE))
    return render(
        request, "queue.html", entries=entries, total=total, page=page, pages=pages,
        ages={e.id: age(e.held_at, now) for e in entries}, query=kept,
        page_link=lambda n: "/queue?" + urlencode({**kept, "page": n}),
        here="/queue?" + urlencode({**kept, "page": page}),
        rules=sorted(r.id for r in all_rules()),
        marketplaces=sorted(m.code for m in MARKETPLACES.values()),
        states=STATES, state=request.query.get("state", "held"))


async def message(request: web.Request) -> web.StreamResponse:
    context = review(request)
    entry, data = await _entry_and_message(context, request.match_info["id"])
    findings = entry.decision.get("findings", [])
    highlight = highlighter(findings)
    shown = await asyncio.to_thread(show_message, data, highlight)
    rewritten = None
    if any(f.get("action") == "strip" for f in findings):
        rewritten = await asyncio.to_thread(_rewritten, context, entry, data, highlight)
    return render(request, "message.html", entry=entry, shown=shown, rewritten=rewritten,
                  findings=findings, marked_detail=marked_detail)


async def download(request: web.Request) -> web.StreamResponse:
    context = review(request)
    entry, data = await _entry_and_message(context, request.match_info["id"])
    get_logger().info("quarantine_download", id=entry.id, user=session(request).user,
                      client=request.remote)
    return web.Response(body=data, content_type="application/octet-stream", headers={
        "Content-Disposition": f'attachment; filename="{entry.id}.eml"'})


async def release(request: web.Request) -> web.StreamResponse:
    entry_id = request.match_info["id"]
    form = await request.post()
    kind, text = await _act(
        request, entry_id, "release-rewritten" if form.get("rewritten") == "1" else "release")
    session(request).notify(kind, text)
    raise web.HTTPSeeOther(f"/message/{entry_id}")


async def delete(request: web.Request) -> web.StreamResponse:
    entry_id = request.match_info["id"]
    kind, text = await _act(request, entry_id, "delete")
    session(request).notify(kind, text)
    raise web.HTTPSeeOther("/queue" if kind == "ok" else f"/message/{entry_id}")


async def bulk(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    action = str(form.get("action", ""))
    if action not in BULK_ACTIONS:
        raise web.HTTPBadRequest(text=f"action must be one of {', '.join(BULK_ACTIONS)}\n")
    ids = [str(value) for value in form.getall("id", [])]
    current = session(request)
    if not ids:
        current.notify("error", "Nothing selected.")
    for entry_id in ids:
        current.notify(*await _act(request, entry_id, action))
    back = str(form.get("back", "/queue"))
    raise web.HTTPSeeOther(back if back.startswith("/queue") else "/queue")


async def _act(request: web.Request, entry_id: str, action: str) -> tuple[str, str]:
    """Do one action on one entry; the notice for the reviewer (kind, text)."""
    context = review(request)
    user = session(request).user or "?"
    try:
        if action == "delete":
            await asyncio.to_thread(delete_entry, context.quarantine, entry_id, actor=user)
            return "ok", f"{entry_id} deleted."
        outcome = await release_entry(context.config, context.quarantine, context.store,
                                      entry_id, actor=user,
                                      rewritten=action == "release-rewritten")
    except AlreadyReleased as error:
        return "error", f"Not released again: {error}"
    except QuarantineError as error:  # no such entry, no rewritten form, upstream refused
        return "error", str(error)
    how = "rewritten" if outcome.rewritten else "as it is"
    return "ok", f"{entry_id} released {how}; the upstream said {outcome.upstream_reply}"


def _rewritten(context: Review, entry: QuarantineEntry, data: bytes,
               highlight: Highlight | None) -> Shown | None:
    """The message as "release rewritten" would send it; None when nothing is stripped
    or the policy cannot rewrite it."""
    try:
        rewritten = rewritten_message(context.config, context.store, entry.sender,
                                      entry.recipients, datetime.fromisoformat(entry.held_at),
                                      data)
    except QuarantineError:
        return None
    return show_message(rewritten, highlight) if rewritten != data else None


async def _entry_and_message(context: Review, entry_id: str) -> tuple[QuarantineEntry, bytes]:
    def read() -> tuple[QuarantineEntry, bytes]:
        return context.quarantine.get(entry_id), context.quarantine.message(entry_id)

    try:
        return await asyncio.to_thread(read)
    except QuarantineError as error:
        raise web.HTTPNotFound(text=f"{error}\n") from error


def add_routes(app: web.Application) -> None:
    async def home(request: web.Request) -> web.StreamResponse:
        raise web.HTTPSeeOther("/queue")

    app.router.add_get("/", home)
    app.router.add_get("/queue", queue)
    app.router.add_post("/queue/bulk", bulk)
    app.router.add_get("/message/{id}", message)
    app.router.add_get("/message/{id}/eml", download)
    app.router.add_post("/message/{id}/release", release)
    app.router.add_post("/message/{id}/delete", delete)
