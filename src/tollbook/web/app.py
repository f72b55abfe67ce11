"""The review web app: HTML pages (Jinja2, autoescaped) and the JSON API (``api.py``).

``create_app(db)`` opens the corpus once. Everything that changes data needs a signed-in
editor and the session's CSRF token; ``private=True`` needs a signed-in user for reading
too. Scripts, styles and charts are served from the package: the pages work offline, and
the Content-Security-Policy allows no script or style from anywhere else.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from importlib.resources import files
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import FastAPI, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from markupsafe import Markup

from tollbook.export.report import highlight_sentence, interval_chart, timeline_chart
from tollbook.settings import settings
from tollbook.web import auth, listing
from tollbook.web.api import (
    TEXT_FIELDS,
    AcceptRest,
    ClaimOrder,
    ClaimWhere,
    EventId,
    EventOrder,
    EventWhere,
    Id,
    Login,
    Merge,
    NewClaim,
    Override,
    Page,
    PerPage,
    Review,
    Search,
    Selected,
    Split,
    Undo,
    router,
    validated,
)
from tollbook.web.context import PER_PAGE, Settings, corpus, current_user, editor, page_of, viewer
from tollbook.web.guard import CSP, install, safe_next
from tollbook.web.render import FOLDER, render, templates

__all__ = ["CSP", "create_app", "render", "templates"]


def create_app(db: str | None = None, *, private: bool = False, allowed_hosts: Sequence[str] | None = None,
               max_body: int | None = None, max_claims: int | None = None) -> FastAPI:
    """The app over the corpus at ``db`` (default: ``TOLLBOOK_DB`` or ``sqlite:///tollbook.db``).

    Args:
        private: reading needs a signed-in user too.
        allowed_hosts: the Host headers answered, against DNS rebinding (None: any;
            ``tollbook serve`` passes its bind address, localhost and 127.0.0.1 by default).
        max_body: the largest request body in bytes (default ``settings().max_body_bytes``).
        max_claims: the most claims a document's page lists (default ``settings().max_document_claims``).
    """
    from tollbook.store import Corpus

    app = FastAPI(title="tollbook", summary="Review casualty claims and events.", version=_version(),
                  docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    app.state.settings = Settings(db=db, private=private,
                                  max_claims=max_claims or settings().max_document_claims)
    app.state.corpus = Corpus(db)
    app.mount("/static", StaticFiles(directory=str(FOLDER / "static")), name="static")
    app.include_router(router)
    install(app, allowed_hosts=allowed_hosts, max_body=max_body or settings().max_body_bytes)
    app.router.on_shutdown.append(app.state.corpus.close)
    _pages(app)
    return app


def _version() -> str:
    import tollbook

    return tollbook.__version__


def document_segments(text: str, claims: list[dict]) -> list[tuple[str, dict | None, str]]:
    """The text cut at each figure, claimant, date and place words.

    (piece, claim or None, kind: text|figure|source|date|place). The date and place words are the
    extractor's (``date_text``, ``place``): looked for in the claim's sentence, else anywhere in the text.
    """
    marks: list[tuple[int, int, dict, str]] = []
    for record in claims:
        claim = record["effective"] or record["original"]
        marks.append((claim["start"], claim["end"], record, "figure"))
        source = claim.get("source")
        if source:
            at = text.find(source, claim["sentence_start"], claim["sentence_end"])
            if at >= 0:
                marks.append((at, at + len(source), record, "source"))
        original = record["original"]
        for words, kind in ((original.get("date_text"), "date"), (original.get("place"), "place")):
            if words:
                at = text.find(words, claim["sentence_start"], claim["sentence_end"])
                at = at if at >= 0 else text.find(words)
                if at >= 0:
                    marks.append((at, at + len(words), record, kind))
    marks.sort(key=lambda m: (m[0], m[3] != "figure"))
    pieces: list[tuple[str, dict | None, str]] = []
    cursor = 0
    for start, end, record, kind in marks:
        if start < cursor or end > len(text):
            continue  # overlapping marks: the first one wins
        if start > cursor:
            pieces.append((text[cursor:start], None, "text"))
        pieces.append((text[start:end], record, kind))
        cursor = end
    if cursor < len(text):
        pieces.append((text[cursor:], None, "text"))
    return pieces


def _chart(svg: str) -> Markup:
    """SVG made by tollbook.export.report: every piece of text in it is escaped there."""
    return Markup(svg)  # noqa: S704 - generated, escaped SVG


# Up to this many claims, events are rebuilt before the page is shown (well under a
# second per 10,000 claims); above it, in the background while the page shows the last
# build with a notice, so that a large corpus stays usable after every review.
SYNC_REBUILD_CLAIMS = 20_000
_building = threading.Lock()


def build(request: Request) -> bool:
    """Bring the stored events up to date; return True while a background rebuild is running."""
    from tollbook.runner import build_events, events_current

    store = corpus(request)
    if events_current(store):
        return False
    if store.count_claims() <= SYNC_REBUILD_CLAIMS:
        with _building:
            build_events(store)
        return False
    if _building.acquire(blocking=False):
        def run() -> None:
            try:
                build_events(store)
            finally:
                _building.release()

        threading.Thread(target=run, name="tollbook-events", daemon=True).start()
    return True


def _pages(app: FastAPI) -> None:
    """The HTML pages."""

    @app.get("/report.css", include_in_schema=False)
    def report_css() -> Response:
        css = (files("tollbook.export") / "static" / "report.css").read_text(encoding="utf-8")
        return Response(css, media_type="text/css")

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/documents", status_code=303)

    @app.get("/login", include_in_schema=False)
    def login_form(request: Request, next: str | None = None) -> HTMLResponse:
        token = auth.new_token()
        response = render(request, "login.html", csrf=token, next=safe_next(request, next), error=None)
        response.set_cookie(auth.LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")
        return response

    @app.post("/login", include_in_schema=False)
    async def login(request: Request, name: Annotated[str, Form()], password: Annotated[str, Form()],
                    csrf: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/documents") -> Response:
        if not auth.same(csrf, request.cookies.get(auth.LOGIN_CSRF_COOKIE)):
            raise HTTPException(status_code=403, detail="missing or wrong CSRF token: reload the login page")
        body = validated(Login, {"name": name, "password": password})
        user, wait = await sign_in(request, body.name, body.password)
        if user is None:
            token = auth.new_token()
            message = (f"too many failed sign-ins: wait {wait:.0f} s" if wait else "wrong name or password")
            response = render(request, "login.html", csrf=token, next=safe_next(request, next), error=message)
            response.status_code = 429 if wait else 401
            response.set_cookie(auth.LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict")
            return response
        response = RedirectResponse(safe_next(request, next), status_code=303)
        set_session(request, response, user)
        return response

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
        end_session(request, csrf)
        response = RedirectResponse("/documents", status_code=303)
        response.delete_cookie(auth.SESSION_COOKIE)
        return response

    @app.get("/documents", include_in_schema=False)
    def documents(request: Request, q: Search = None, todo: Search = None, page: Page = 1) -> HTMLResponse:
        viewer(request)
        page, per_page, offset = page_of(page, PER_PAGE)
        still = (todo or "").lower() in ("1", "true", "on", "yes")  # the "still to review" box
        items, total = corpus(request).document_page(text=q, todo=still, limit=per_page, offset=offset)
        return render(request, "documents.html", items=items, total=total, q=q or "", todo=still,
                      progress=corpus(request).review_progress(), pager=_pager(request, page, per_page, total))

    @app.get("/documents/{document_id}", include_in_schema=False)
    def document(request: Request, document_id: Id) -> HTMLResponse:
        viewer(request)
        stored = corpus(request).document(document_id)
        if stored is None:
            raise HTTPException(status_code=404, detail=f"no document {document_id}")
        claims, total = corpus(request).claim_records(document=document_id,
                                                      limit=request.app.state.settings.max_claims)
        return render(request, "document.html", document=stored, claims=claims, claims_total=total,
                      segments=document_segments(stored.text, claims),
                      progress=corpus(request).document_progress(document_id))

    @app.get("/next-unreviewed", include_in_schema=False)
    def next_document(request: Request, after: Annotated[int | None, Query(ge=0, le=2**31 - 1)] = None,
                      ) -> RedirectResponse:
        """The next document (after ``after``, wrapping round) with a claim not yet reviewed."""
        viewer(request)
        found = corpus(request).next_unreviewed_document(after)
        return RedirectResponse("/documents?todo=1" if found is None else f"/documents/{found}", status_code=303)

    @app.get("/claims", include_in_schema=False)
    def claims(request: Request, where: ClaimWhere, order: ClaimOrder, page: Page = 1,
               per_page: PerPage = PER_PAGE) -> HTMLResponse:
        viewer(request)
        page, per_page, offset = page_of(page, per_page)
        items, total = corpus(request).claim_list(where, sort=order[0], descending=order[1], limit=per_page,
                                                  offset=offset)
        return render(request, "claims.html", items=items, total=total, form=_form(request), sort=order,
                      sorts=listing.sort_links(request.query_params.multi_items(), *order, "/claims"),
                      csv=listing.csv_link(request.query_params.multi_items(), "/claims"),
                      pager=_pager(request, page, per_page, total))

    @app.get("/claims.csv", include_in_schema=False)
    def claims_csv(request: Request, where: ClaimWhere, order: ClaimOrder) -> Response:
        viewer(request)
        rows = corpus(request).iter_claim_list(where, sort=order[0], descending=order[1])
        return listing.csv_response("claims.csv", listing.CLAIM_COLUMNS, map(listing.claim_row, rows))

    @app.get("/events", include_in_schema=False)
    def events(request: Request, where: EventWhere, order: EventOrder, page: Page = 1, per_page: PerPage = PER_PAGE,
               selected: Selected = None, event: Annotated[list[str] | None, Query(max_length=100)] = None
               ) -> Response:
        viewer(request)
        if event is not None:  # "keep the ticked": the ticked events become the selection carried along
            kept = [(k, v) for k, v in request.query_params.multi_items() if k not in ("event", "selected", "with")]
            chosen = listing.event_ids(*event, request.query_params.get("with"))
            return RedirectResponse(f"/events?{urlencode([*kept, ('selected', ','.join(chosen))])}", status_code=303)
        updating = build(request)
        page, per_page, offset = page_of(page, per_page)
        items, total = corpus(request).event_list(where, sort=order[0], descending=order[1], limit=per_page,
                                                  offset=offset)
        chosen = listing.event_ids(selected)
        return render(request, "events.html", items=items, total=total, form=_form(request), updating=updating,
                      kinds=corpus(request).event_kinds(), sort=order, selected=chosen,
                      sorts=listing.sort_links(request.query_params.multi_items(), *order, "/events"),
                      csv=listing.csv_link(request.query_params.multi_items(), "/events"),
                      pager=_pager(request, page, per_page, total))

    @app.get("/events.csv", include_in_schema=False)
    def events_csv(request: Request, where: EventWhere, order: EventOrder) -> Response:
        viewer(request)
        build(request)
        rows = corpus(request).iter_event_list(where, sort=order[0], descending=order[1])
        return listing.csv_response("events.csv", listing.EVENT_COLUMNS, map(listing.event_row, rows))

    @app.get("/events/merge", include_in_schema=False)
    def merge_preview(request: Request, event: Annotated[list[str] | None, Query(max_length=100)] = None,
                      with_: Annotated[str | None, Query(alias="with", max_length=4200)] = None) -> HTMLResponse:
        """What a merge would make, before anything is written: the confirm button posts it."""
        from tollbook.runner import preview_merge

        viewer(request)
        chosen = listing.event_ids(*(event or []), with_)
        body = validated(Merge, {"events": chosen})
        preview = preview_merge(corpus(request), body.events)
        merged = preview["merged"]
        charts = [(cell, _chart(interval_chart(cell))) for cell in merged["ranges"]]
        return render(request, "merge.html", events=preview["events"], merged=merged, charts=charts,
                      highlight=lambda claim: Markup(highlight_sentence(claim)))  # noqa: S704 - escaped there

    @app.get("/events/{event_id}", include_in_schema=False)
    def event(request: Request, event_id: EventId) -> Response:
        from tollbook.runner import moved_to

        viewer(request)
        updating = build(request)
        found = corpus(request).event(event_id)
        if found is None:
            holder = moved_to(corpus(request), event_id)
            if holder is not None:  # merged away: 303, not 301, since the merge can be undone
                return RedirectResponse(f"/events/{holder}", status_code=303)
            raise HTTPException(status_code=404, detail=f"no event {event_id}")
        charts = [(cell, _chart(interval_chart(cell)), _chart(timeline_chart(cell))) for cell in found["ranges"]]
        docs = {d.id: d for d in corpus(request).documents_by_id(found["documents"])}
        units = set(found["units"])
        edits = [e for e in corpus(request).event_edits() if units & set(e["units"])]
        return render(request, "event.html", event=found, charts=charts, documents=docs, updating=updating,
                      edits=edits, highlight=lambda claim: Markup(highlight_sentence(claim)))  # noqa: S704

    @app.get("/audit", include_in_schema=False)
    def audit(request: Request, target: Search = None, event: Search = None, page: Page = 1) -> HTMLResponse:
        viewer(request)
        page, per_page, offset = page_of(page, PER_PAGE)
        items, total = corpus(request).audit_of(target=target or None, event=event or None, limit=per_page,
                                                offset=offset)
        live = {e["id"] for e in corpus(request).event_edits()}
        return render(request, "audit.html", items=items, total=total, target=target or "", event=event or "",
                      live_edits=live, pager=_pager(request, page, per_page, total))

    # -- form posts: every one needs an editor and the CSRF token, and is checked by the
    # -- API's model of the same request (``validated``): one set of rules for both ------

    @app.post("/claims/{row_id}/review", include_in_schema=False)
    async def review(request: Request, row_id: Id) -> Response:
        form = await request.form()
        user = editor(request, form.get("csrf"))
        values, cleared = _correction(form)
        # Enter in a field of the correction form sends no button's action: it is a correction.
        body = validated(Review, {"action": form.get("action") or "correct", "values": values, "note": _note(form)})
        record = corpus(request).review_claim(row_id, body.action, user.name, body.correction(cleared), body.note)
        return RedirectResponse(f"/documents/{record['document_id']}#claim-{row_id}", status_code=303)

    @app.post("/documents/{document_id}/accept-rest", include_in_schema=False)
    async def accept_rest(request: Request, document_id: Id) -> Response:
        form = await request.form()
        user = editor(request, form.get("csrf"))
        body = validated(AcceptRest, {"note": _note(form)})
        corpus(request).accept_rest(document_id, user.name, body.note)
        return RedirectResponse(f"/documents/{document_id}", status_code=303)

    @app.post("/documents/{document_id}/claims", include_in_schema=False)
    async def add_claim(request: Request, document_id: Id) -> Response:
        form = await request.form()
        user = editor(request, form.get("csrf"))
        values, cleared = _correction(form)
        body = validated(NewClaim, {**values, "start": form.get("start"), "end": form.get("end"),
                                    "note": _note(form)})
        record = corpus(request).add_claim(document_id, body.claim_values(cleared), user.name, body.note)
        return RedirectResponse(f"/documents/{document_id}#claim-{record['row_id']}", status_code=303)

    @app.post("/events/merge", include_in_schema=False)
    async def merge(request: Request) -> Response:
        from tollbook.runner import merge_events

        form = await request.form()
        user = editor(request, form.get("csrf"))
        body = validated(Merge, {"events": form.getlist("event"), "note": _note(form)})
        merged = merge_events(corpus(request), body.events, user.name, body.note)
        return RedirectResponse(f"/events/{merged}", status_code=303)

    @app.post("/events/edits/{edit_id}/undo", include_in_schema=False)
    async def undo(request: Request, edit_id: Id) -> Response:
        from tollbook.runner import undo_event_edit

        form = await request.form()
        user = editor(request, form.get("csrf"))
        body = validated(Undo, {"note": _note(form)})
        event_id = undo_event_edit(corpus(request), edit_id, user.name, body.note)
        return RedirectResponse(f"/events/{event_id}", status_code=303)

    @app.post("/events/{event_id}/override", include_in_schema=False)
    async def override(request: Request, event_id: EventId) -> Response:
        from tollbook.runner import override_event

        form = await request.form()
        user = editor(request, form.get("csrf"))
        fields = {key: form.get(key) or None for key in ("best_figure", "kind", "source", "source_type")}
        body = validated(Override, {**fields, "outcome": form.get("outcome") or "killed", "note": _note(form)})
        override_event(corpus(request), event_id, user.name, best=body.best_figure, outcome=body.outcome,
                       kind=body.kind, source=body.source, source_type=body.source_type, note=body.note)
        return RedirectResponse(f"/events/{event_id}#overrides", status_code=303)

    @app.post("/events/{event_id}/split", include_in_schema=False)
    async def split(request: Request, event_id: EventId) -> Response:
        from tollbook.runner import split_event

        form = await request.form()
        user = editor(request, form.get("csrf"))
        body = validated(Split, {"documents": form.getlist("document"), "note": _note(form)})
        new = split_event(corpus(request), event_id, body.documents, user.name, body.note)
        return RedirectResponse(f"/events/{new}", status_code=303)


def _note(form: Any) -> Any:
    return form.get("note") or None


def _correction(form: Any) -> tuple[dict[str, Any], list[str]]:
    """A form's corrected fields, as the API's ``Values`` takes them, and the text fields it clears.

    Empty fields are left alone; "-" clears a text field; "open" leaves high open.
    """
    values: dict[str, Any] = {}
    cleared: list[str] = []
    for key in ("low", "high", "qualifier", "outcome", *TEXT_FIELDS, "place_id", "negated", "individual"):
        raw = form.get(key)
        raw = raw.strip() if isinstance(raw, str) else raw
        if not raw:
            continue
        if key == "high" and raw == "open":
            values["high_open"] = True
        elif key in TEXT_FIELDS and raw == "-":
            cleared.append(key)
        else:
            values[key] = raw
    return values, cleared


def _form(request: Request) -> dict[str, str]:
    """The list's query as its filter form shows it back (one value per field)."""
    return dict(request.query_params.items())


def _pager(request: Request, page: int, per_page: int, total: int) -> dict[str, Any]:
    last = max(1, -(-total // per_page))
    params = {k: v for k, v in request.query_params.items() if k != "page"}

    def link(n: int) -> str:
        return f"{request.url.path}?{urlencode({**params, 'page': n})}"

    return {"page": page, "last": last, "total": total, "prev": link(page - 1) if page > 1 else None,
            "next": link(page + 1) if page < last else None}


async def sign_in(request: Request, name: str, password: str) -> tuple[dict | None, float]:
    """Check a name and password, slowing down repeated failures; (user or None, seconds to wait)."""
    throttle = request.app.state.settings.throttle
    client = request.client.host if request.client else "unknown"
    keys = (f"name:{name}", f"client:{client}")
    wait = throttle.wait(*keys)
    if wait > 0:
        return None, wait
    found = corpus(request).user(name)
    if not auth.check_password(found["password_hash"] if found else None, password):
        throttle.failed(*keys)
        await asyncio.sleep(0.3)  # every failure costs the guesser time
        return None, 0.0
    throttle.succeeded(*keys)
    return found, 0.0


def set_session(request: Request, response: Response, user: dict) -> str:
    """Start a session for the user (ending the one the browser had); set its cookie; return its CSRF token."""
    previous = request.cookies.get(auth.SESSION_COOKIE)
    if previous:
        corpus(request).end_session(auth.token_hash(previous))
    token, csrf = auth.new_token(), auth.new_token()
    corpus(request).create_session(user["id"], auth.token_hash(token), csrf, auth.expiry())
    response.set_cookie(auth.SESSION_COOKIE, token, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https", max_age=auth.SESSION_DAYS * 86400)
    response.delete_cookie(auth.LOGIN_CSRF_COOKIE)
    return csrf



def end_session(request: Request, csrf: str | None) -> None:
    """Sign out: end the browser's session on the server.

    A signed-in user's request without the session's CSRF token is refused (403) and nothing
    changes: a page on another site cannot sign anyone out, and a refused sign-out never looks
    like one that worked. A cookie of no valid session is simply forgotten.
    """
    user = current_user(request)
    if user is not None and not auth.same(csrf, user.csrf):
        raise HTTPException(status_code=403, detail="missing or wrong CSRF token: you are not signed out; reload "
                                                    "the page and sign out again")
    token = request.cookies.get(auth.SESSION_COOKIE)
    if token:
        corpus(request).end_session(auth.token_hash(token))
