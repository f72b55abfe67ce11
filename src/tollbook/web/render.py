"""The Jinja2 templates (autoescaped) and the two ways pages are made: ``render`` and ``error_page``."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from tollbook.errors import TollbookError
from tollbook.model import OUTCOMES, QUALIFIERS
from tollbook.reconcile.vocab import SOURCE_TYPE_LABELS
from tollbook.web.context import current_user

FOLDER = files("tollbook.web")
# Autoescaping on for every template: document text, titles, URLs and claimants are hostile input.
templates = Jinja2Templates(env=Environment(loader=FileSystemLoader(str(FOLDER / "templates")), autoescape=True))
templates.env.globals.update(OUTCOMES=OUTCOMES, QUALIFIERS=QUALIFIERS, TYPE_LABELS=SOURCE_TYPE_LABELS)


def resolved_place(claim: dict | None) -> str:
    """Where the gazetteer put a claim's place: "Greece → Greece > New York > United States"
    (the name as written, then the chain it resolved to), or the name alone when unresolved."""
    from tollbook.extract.where import chain_of

    if not claim or not claim.get("place"):
        return ""
    chain = chain_of(claim) if claim.get("place_name") or claim.get("country") else None
    return f"{claim['place']} → {chain}" if chain and chain != claim["place"] else claim["place"]


templates.env.filters["resolved_place"] = resolved_place


def _place_candidates(claim: dict | None) -> list[tuple[int, str]]:
    from tollbook.extract.where import place_candidates

    return place_candidates(claim) if claim and claim.get("place_id") else []


templates.env.globals["place_candidates"] = _place_candidates


def render(request: Request, name: str, **context: Any) -> HTMLResponse:
    context.setdefault("user", current_user(request))
    return templates.TemplateResponse(request, name, context)


def error_page(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> HTMLResponse:
    """The error page: the status and one message (never the values a request carried)."""
    try:
        user = current_user(request)
    except TollbookError:  # the database is what failed: the page still shows
        user = None
    return templates.TemplateResponse(request, "error.html", {"user": user, "status": status, "message": message},
                                      status_code=status, headers=headers)
