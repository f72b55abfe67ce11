"""What every request meets around the pages: allowed hosts, the body size limit, the security
headers, and the one handler that turns every error into a page (JSON under /api/).

The middleware is pure ASGI, so the headers reach every answer: error pages, Starlette's own
404 and 405, the 400 of a Host that is not allowed, the 413 of a large body. The 500 of an
unexpected error is sent outside the middleware (Starlette's ServerErrorMiddleware), so its
handler sets them itself. Validation errors name the field and the rule, never the value sent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tollbook.errors import TollbookError
from tollbook.web.context import LoginRequired, corpus
from tollbook.web.render import error_page

CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
LOCAL_HOSTS = ("localhost", "127.0.0.1")
MAX_NEXT = 2000  # characters of a page address to come back to after signing in
SERVER_ERROR = "something went wrong on the server; its log has the details"


def install(app: FastAPI, *, allowed_hosts: Sequence[str] | None, max_body: int) -> None:
    """Add the middleware and the error handlers to ``app``.

    Args:
        allowed_hosts: Host header values answered (others get 400); None answers any.
        max_body: the largest request body in bytes (larger ones get 413).
    """
    app.add_middleware(BodyLimit, limit=max_body)
    if allowed_hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts), www_redirect=False)
    app.add_middleware(SecurityHeaders)  # added last: the outermost, it sees every answer
    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(TollbookError, tollbook_error)
    app.add_exception_handler(Exception, server_error)


def allowed_hosts(bind: str, given: Sequence[str] | None) -> list[str]:
    """The Host headers ``tollbook serve`` answers: the given ones, else the bind address and this machine's."""
    return list(dict.fromkeys(given or [bind, *LOCAL_HOSTS]))


# -- middleware ----------------------------------------------------------------------------------

class SecurityHeaders:
    """Sets the security headers on every answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(SECURITY_HEADERS)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"the request body is larger than this server takes ({limit:,} "
                                                 "bytes; tollbook serve --max-body sets the limit)")


class BodyLimit:
    """Refuses a request body over ``limit`` bytes with 413 before anything parses it.

    A declared Content-Length over the limit is answered at once, without reading the body;
    a body without one (chunked) is counted as it arrives and stopped at the limit.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            response = await http_error(Request(scope), BodyTooLarge(self.limit))
            await response(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)  # an HTTPException: rendered by http_error
            return message

        await self.app(scope, counted, send)


# -- error handlers ------------------------------------------------------------------------------

def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def http_error(request: Request, exc: HTTPException) -> Response:
    """The one error handler: a JSON ``{"detail": ...}`` under /api/, else the error page."""
    if _wants_json(request):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
    return error_page(request, exc.status_code, str(exc.detail), headers=exc.headers)


async def tollbook_error(request: Request, exc: TollbookError) -> Response:
    status = 404 if str(exc).startswith("no ") else 400
    return await http_error(request, HTTPException(status_code=status, detail=str(exc)))


async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
    """422 under /api/ (404 for a page address that names nothing, else 400, for the pages).

    Each error keeps its type, field and rule; the value sent (``input``) and the rule's
    context (``ctx``) are dropped: a password, or 200 MB, must never come back.
    """
    errors = [{"type": e["type"], "loc": [_short(part) for part in e["loc"]], "msg": e["msg"]}
              for e in exc.errors()[:20]]
    if _wants_json(request):
        return JSONResponse({"detail": errors}, status_code=422)
    status = 404 if any(e["loc"][:1] == ["path"] for e in errors) else 400
    message = "; ".join(f"{_field(e['loc'])}: {e['msg']}" for e in errors)
    return await http_error(request, HTTPException(status_code=status, detail=message))


def _short(part: Any) -> Any:
    return part[:100] if isinstance(part, str) else part


def _field(loc: list) -> str:
    names = [part for part in loc if isinstance(part, str) and part not in ("body", "query", "path")]
    return names[-1] if names else "request"


async def server_error(request: Request, exc: Exception) -> Response:
    """500 for an unexpected error (logged with its traceback by the server, never shown)."""
    if _wants_json(request):
        response: Response = JSONResponse({"detail": SERVER_ERROR}, status_code=500)
    else:
        try:
            response = error_page(request, 500, SERVER_ERROR)
        except Exception:  # the error page itself failed: a bare one
            response = HTMLResponse(f"<!DOCTYPE html><title>500</title><h1>500</h1><p>{SERVER_ERROR}</p>",
                                    status_code=500)
    response.headers.update(SECURITY_HEADERS)
    return response


# -- signing in, and coming back -----------------------------------------------------------------

async def login_required(request: Request, _exc: LoginRequired) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": "sign in first (POST /api/login)"}, status_code=401)
    return RedirectResponse(f"/login?next={quote(return_to(request))}", status_code=303)


# A form post answers only POST: after signing in, its page is shown instead (a GET of the
# post's own address would be a 405).
_FORM_PAGES = [
    (re.compile(r"/documents/(\d{1,10})/claims"), "/documents/{0}"),
    (re.compile(r"/events/([^/]{1,40})/split"), "/events/{0}"),
    (re.compile(r"/events/merge"), "/events"),
]


def return_to(request: Request) -> str:
    """Where signing in leads back to: this page for a GET; for a form post, the page the form
    was on (its Referer, when on this site and a page) or the page of what it changes."""
    if request.method in ("GET", "HEAD"):
        query = f"?{request.url.query}" if request.url.query else ""
        return safe_next(request, request.url.path + query)
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.scheme in ("http", "https") and referer.netloc == request.url.netloc:
        target = safe_next(request, referer.path + (f"?{referer.query}" if referer.query else ""), default="")
        if target:
            return target
    path = request.url.path
    review = re.fullmatch(r"/claims/(\d{1,10})/review", path)
    if review and int(review[1]) < 2**31:
        found = corpus(request).claim_record(int(review[1]))
        return f"/documents/{found['document_id']}#claim-{review[1]}" if found else "/documents"
    for pattern, page in _FORM_PAGES:
        match = pattern.fullmatch(path)
        if match:
            return safe_next(request, page.format(*match.groups()))
    return "/documents"


def safe_next(request: Request, target: str | None, default: str = "/documents") -> str:
    """``target`` when it is a page of this site that a GET shows, else ``default``.

    Never another site ("//evil", "https://...", "/\\t/evil": browsers drop tabs and line
    breaks), never an address that answers only POST.
    """
    if (not target or len(target) > MAX_NEXT or not target.startswith("/") or target.startswith("//")
            or "\\" in target or any(ord(c) <= 0x20 or ord(c) == 0x7F for c in target)):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    scope = {"type": "http", "method": "GET", "path": parts.path, "root_path": "", "headers": []}
    if any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes):
        return target
    return default
