"""What every request needs: the corpus, the signed-in user, permission checks, paging."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import HTTPException, Request

from tollbook.web.auth import SESSION_COOKIE, Throttle, User, same, token_hash

PER_PAGE = 50
MAX_PER_PAGE = 200


@dataclass(slots=True)
class Settings:
    """One app's settings (``create_app``)."""

    db: str | None
    private: bool = False
    max_claims: int = 10_000  # claims listed on a document's page (settings.toml [web] max_document_claims)
    throttle: Throttle = field(default_factory=Throttle)


def corpus(request: Request):
    return request.app.state.corpus


def current_user(request: Request) -> User | None:
    """The signed-in user, or None (cached on the request)."""
    if hasattr(request.state, "user"):
        return request.state.user
    token = request.cookies.get(SESSION_COOKIE)
    user = None
    if token:
        found = corpus(request).session(token_hash(token))
        if found is not None:
            user = User(found["name"], found["role"], found["csrf"])
    request.state.user = user
    return user


class LoginRequired(Exception):
    """Raised for pages that need a signed-in user; HTML requests are sent to /login."""


def viewer(request: Request) -> User | None:
    """Read access: anyone, or a signed-in user when the app runs with --private."""
    user = current_user(request)
    if user is None and request.app.state.settings.private:
        raise LoginRequired()
    return user


def editor(request: Request, csrf: str | None) -> User:
    """Write access: a signed-in editor or admin whose request carries the session's CSRF token."""
    user = current_user(request)
    if user is None:
        raise LoginRequired()
    if not same(csrf, user.csrf):
        raise HTTPException(status_code=403, detail="missing or wrong CSRF token: reload the page and try again")
    if not user.can_edit:
        raise HTTPException(status_code=403, detail=f"{user.name} is a viewer and cannot change anything")
    return user


def page_of(page: int, per_page: int) -> tuple[int, int, int]:
    """(page, per_page, offset) within bounds."""
    page = max(1, page)
    per_page = min(MAX_PER_PAGE, max(1, per_page))
    return page, per_page, (page - 1) * per_page
