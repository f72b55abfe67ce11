"""The review web app: HTML pages (Jinja2, autoescaped) and the JSON API (``api.py``).

``create_app(db)`` opens the corpus once. Everything that changes data needs a signed-in
editor and the session's CSRF token; ``private=True`` needs a signed-in user for reading
too. Scripts, styles and charts are served from the package: the pages work offline, and
the Content-Security-Policy allows no script or style from anywhere else.
"""

from __future__ import annotations

import asyncio
import threading
from importlib.resources import files
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from tollbook.errors import StoreError, TollbookError
from tollbook.export.report import highlight_sentence, interval_chart, timeline_chart
from tollbook.model import OUTCOMES, QUALIFIERS
from tollbook.reconcile.vocab import SOURCE_TYPE_LABELS
from tollbook.web import auth
from tollbook.web.context import (
    PER_PAGE,
    LoginRequired,
    Settings,
    corpus,
    current_user,
    editor,
    page_of,
    viewer,
)

CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
_FOLDER = files("tollbook.web")
# Autoescaping on for every template: document text, titles, URLs and claimants are hostile input.
templates = Jinja2Templates(env=Environment(loader=FileSystemLoader(str(_FOLDER / "templates")), autoescape=True))
templates.env.globals.update(OUTCOMES=OUTCOMES, QUALIFIERS=QUALIFIERS, TYPE_LABELS=SOURCE_TYPE_LABELS)


def create_app(db: str | None = None, *, private: bool = False) -> FastAPI:
    """The app over the corpus at ``db`` (default: ``TOLLBOOK_DB`` or ``sqlite:///tollbook.db``)."""
    from tollbook.store import Corpus
    from tollbook.web.api import router

    app = FastAPI(title="tollbook", summary="Review casualty claims and events.", version=_version(),
                  docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    app.state.settings = Settings(db=db, private=private)
    app.state.corpus = Corpus(db)
    app.mount("/static", StaticFiles(directory=str(_FOLDER / "static")), name="static")
    app.include_router(router)
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(TollbookError, _tollbook_error)
    app.middleware("http")(_security_headers)
    app.router.on_shutdown.append(app.state.corpus.close)
    _pages(app)
    return app


def _version() -> str:
    import tollbook

    return tollbook.__version__


async def _security_headers(request: Request, call_next):
    response: Response = await call_next(request)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def _login_required(request: Request, _exc: LoginRequired) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": "sign in first (POST /api/login)"}, status_code=401)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target)}", status_code=303)


async def _http_error(request: Request, exc: HTTPException) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
    return templates.TemplateResponse(request, "error.html", {"user": current_user(request), "status": exc.status_code,
                                                               "message": exc.detail}, status_code=exc.status_code)


async def _tollbook_error(request: Request, exc: TollbookError) -> Response:
    status = 404 if str(exc).startswith("no ") else 400
    return await _http_error(request, HTTPException(status_code=status, detail=str(exc)))


def render(request: Request, name: str, **context: Any) -> HTMLResponse:
    context.setdefault("user", current_user(request))
    return templates.TemplateResponse(request, name, context)


def safe_next(target: str | None) -> str:
    """Only a path on this site: never another host ("//evil", "https://...")."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/documents"
    return target


def document_segments(text: str, claims: list[dict]) -> list[tuple[str, dict | None, str]]:
    """The text cut at each figure and claimant: (piece, claim or None, kind: text|figure|source)."""
    marks: list[tuple[int, int, dict, str]] = []
    for record in claims:
        claim = record["effective"] or record["original"]
        marks.append((claim["start"], claim["end"], record, "figure"))
        source = claim.get("source")
        if source:
            at = text.find(source, claim["sentence_start"], claim["sentence_end"])
            if at >= 0:
                marks.append((at, at + len(source), record, "source"))
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
        response = render(request, "login.html", csrf=token, next=safe_next(next), error=None)
        response.set_cookie(auth.LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")
        return response

    @app.post("/login", include_in_schema=False)
    async def login(request: Request, name: Annotated[str, Form()], password: Annotated[str, Form()],
                    csrf: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/documents") -> Response:
        if not auth.same(csrf, request.cookies.get(auth.LOGIN_CSRF_COOKIE)):
            raise HTTPException(status_code=403, detail="missing or wrong CSRF token: reload the login page")
        user, wait = await sign_in(request, name, password)
        if user is None:
            token = auth.new_token()
            message = (f"too many failed sign-ins: wait {wait:.0f} s" if wait else "wrong name or password")
            response = render(request, "login.html", csrf=token, next=safe_next(next), error=message)
            response.status_code = 429 if wait else 401
            response.set_cookie(auth.LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict")
            return response
        response = RedirectResponse(safe_next(next), status_code=303)
        set_session(request, response, user)
        return response

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
        user = current_user(request)
        if user is not None and auth.same(csrf, user.csrf):
            corpus(request).end_session(auth.token_hash(request.cookies.get(auth.SESSION_COOKIE, "")))
        response = RedirectResponse("/documents", status_code=303)
        response.delete_cookie(auth.SESSION_COOKIE)
        return response

    @app.get("/documents", include_in_schema=False)
    def documents(request: Request, q: str | None = None, page: int = 1) -> HTMLResponse:
        viewer(request)
        page, per_page, offset = page_of(page, PER_PAGE)
        items, total = corpus(request).document_page(text=q, limit=per_page, offset=offset)
        return render(request, "documents.html", items=items, total=total, q=q or "",
                      pager=_pager(request, page, per_page, total))

    @app.get("/documents/{document_id}", include_in_schema=False)
    def document(request: Request, document_id: int) -> HTMLResponse:
        viewer(request)
        stored = corpus(request).document(document_id)
        if stored is None:
            raise HTTPException(status_code=404, detail=f"no document {document_id}")
        claims, _ = corpus(request).claim_records(document=document_id, limit=10_000)
        return render(request, "document.html", document=stored, claims=claims,
                      segments=document_segments(stored.text, claims))

    @app.get("/claims", include_in_schema=False)
    def claims(request: Request, outcome: str | None = None, status: str | None = None, source: str | None = None,
               kind: str | None = None, page: int = 1) -> HTMLResponse:
        viewer(request)
        page, per_page, offset = page_of(page, PER_PAGE)
        individual = {"individual": True, "count": False}.get(kind or "")
        items, total = corpus(request).claim_records(outcome=outcome or None, status=status or None,
                                                     source=source or None, individual=individual, limit=per_page,
                                                     offset=offset)
        return render(request, "claims.html", items=items, total=total, outcome=outcome or "",
                      status=status or "", source=source or "", kind=kind if individual is not None else "",
                      pager=_pager(request, page, per_page, total))

    @app.get("/events", include_in_schema=False)
    def events(request: Request, q: str | None = None, page: int = 1) -> HTMLResponse:
        viewer(request)
        updating = build(request)
        page, per_page, offset = page_of(page, PER_PAGE)
        items = corpus(request).events(limit=per_page, offset=offset, text=q or None)
        total = corpus(request).count_events(text=q or None)
        return render(request, "events.html", items=items, total=total, q=q or "", updating=updating,
                      pager=_pager(request, page, per_page, total))

    @app.get("/events/{event_id}", include_in_schema=False)
    def event(request: Request, event_id: str) -> HTMLResponse:
        viewer(request)
        updating = build(request)
        found = corpus(request).event(event_id)
        if found is None:
            raise HTTPException(status_code=404, detail=f"no event {event_id}")
        charts = [(cell, _chart(interval_chart(cell)), _chart(timeline_chart(cell))) for cell in found["ranges"]]
        docs = {d.id: d for d in corpus(request).documents_by_id(found["documents"])}
        return render(request, "event.html", event=found, charts=charts, documents=docs, updating=updating,
                      highlight=lambda claim: Markup(highlight_sentence(claim)))  # noqa: S704 - escaped there

    @app.get("/audit", include_in_schema=False)
    def audit(request: Request, target: str | None = None, page: int = 1) -> HTMLResponse:
        viewer(request)
        page, per_page, offset = page_of(page, PER_PAGE)
        items, total = corpus(request).audit(target=target or None, limit=per_page, offset=offset)
        return render(request, "audit.html", items=items, total=total, target=target or "",
                      pager=_pager(request, page, per_page, total))

    # -- form posts: every one needs an editor and the CSRF token -------------------------

    @app.post("/claims/{row_id}/review", include_in_schema=False)
    async def review(request: Request, row_id: int) -> Response:
        form = await request.form()
        user = editor(request, form.get("csrf"))
        action = str(form.get("action", ""))
        values = _form_values(form) if action == "correct" else None
        record = corpus(request).review_claim(row_id, action, user.name, values, str(form.get("note") or "") or None)
        return RedirectResponse(f"/documents/{record['document_id']}#claim-{row_id}", status_code=303)

    @app.post("/documents/{document_id}/claims", include_in_schema=False)
    async def add_claim(request: Request, document_id: int) -> Response:
        form = await request.form()
        user = editor(request, form.get("csrf"))
        values = _form_values(form)
        for key in ("start", "end"):
            values[key] = _int(form.get(key), key)
        record = corpus(request).add_claim(document_id, values, user.name, str(form.get("note") or "") or None)
        return RedirectResponse(f"/documents/{document_id}#claim-{record['row_id']}", status_code=303)

    @app.post("/events/merge", include_in_schema=False)
    async def merge(request: Request) -> Response:
        from tollbook.runner import merge_events

        form = await request.form()
        user = editor(request, form.get("csrf"))
        merged = merge_events(corpus(request), [str(v) for v in form.getlist("event")], user.name,
                              str(form.get("note") or "") or None)
        return RedirectResponse(f"/events/{merged}", status_code=303)

    @app.post("/events/{event_id}/split", include_in_schema=False)
    async def split(request: Request, event_id: str) -> Response:
        from tollbook.runner import split_event

        form = await request.form()
        user = editor(request, form.get("csrf"))
        documents = [_int(v, "document") for v in form.getlist("document")]
        new = split_event(corpus(request), event_id, documents, user.name, str(form.get("note") or "") or None)
        return RedirectResponse(f"/events/{new}", status_code=303)


def _int(value: Any, name: str) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise StoreError(f"{name} must be a whole number (got {value!r})") from None


def _form_values(form: Any) -> dict[str, Any]:
    """Corrected fields from a form: empty fields are left alone; "-" clears a text field."""
    values: dict[str, Any] = {}
    for key in ("low", "high"):
        raw = str(form.get(key) or "").strip()
        if raw == "open" and key == "high":
            values[key] = None
        elif raw:
            values[key] = _int(raw, key)
    for key in ("qualifier", "outcome", "group", "source", "part_of", "date", "place", "event"):
        raw = str(form.get(key) or "").strip()
        if raw:
            values[key] = None if raw == "-" else raw
    for key in ("negated", "individual"):
        if form.get(key) in ("true", "false"):
            values[key] = form.get(key) == "true"
    return values


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
    """Start a session for the user; set its cookie on the response; return its CSRF token."""
    token, csrf = auth.new_token(), auth.new_token()
    corpus(request).create_session(user["id"], auth.token_hash(token), csrf, auth.expiry())
    response.set_cookie(auth.SESSION_COOKIE, token, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https", max_age=auth.SESSION_DAYS * 86400)
    response.delete_cookie(auth.LOGIN_CSRF_COOKIE)
    return csrf

