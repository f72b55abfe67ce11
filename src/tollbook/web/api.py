"""The JSON API: everything the pages can do, for scripts (described at /api/openapi.json).

Sign in with ``POST /api/login``: the response sets the session cookie and returns the
CSRF token, which every change must send as the ``X-CSRF-Token`` header.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field, ValidationError, field_validator

from tollbook.model import OUTCOMES
from tollbook.reconcile.events import date_interval
from tollbook.store.lists import ClaimFilter, EventFilter
from tollbook.web import auth, listing
from tollbook.web.context import PER_PAGE, corpus, current_user, editor, page_of, viewer

router = APIRouter(prefix="/api", tags=["api"])
Csrf = Annotated[str | None, Header(alias="X-CSRF-Token", description="The CSRF token from POST /api/login.")]
Page = Annotated[int, Query(ge=1, le=1_000_000)]
PerPage = Annotated[int, Query(ge=1, le=200)]
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
EventId = Annotated[str, Path(min_length=1, max_length=40)]
Search = Annotated[str | None, Query(max_length=200)]
# Text fields of a correction; a form clears one with "-".
TEXT_FIELDS = ("group", "source", "part_of", "date", "place", "event")
DATE_HELP = ("The incident date: YYYY-MM-DD, YYYY-MM or YYYY (a real date); a date written with the month's name "
             "(\"3 Aug 2019\", \"August 3, 2019\", \"Aug 2019\") is saved as YYYY-MM-DD or YYYY-MM.")
DATE_ERROR = ("date must be a real date written YYYY-MM-DD, YYYY-MM or YYYY, or with the month's name "
              "(3 Aug 2019); all-number dates such as 03/08/2019 are ambiguous")

Model = TypeVar("Model", bound=BaseModel)
# The lists' filters and sort, the same for the pages and the API (listing.py).
ClaimWhere = Annotated[ClaimFilter, Depends(listing.claim_filter)]
ClaimOrder = Annotated[tuple[str, bool], Depends(listing.claim_sort)]
EventWhere = Annotated[EventFilter, Depends(listing.event_filter)]
EventOrder = Annotated[tuple[str, bool], Depends(listing.event_sort)]
Selected = Annotated[str | None, Query(max_length=4200, description="Event ids chosen to merge, comma-separated: "
                                                                   "carried from page to page.")]


def validated(model: type[Model], data: dict[str, Any]) -> Model:
    """A form's fields checked by the API's model of the same request: one set of rules for both.

    Errors are raised as the API's (RequestValidationError), and shown without the values sent.
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from None


def iso_date(value: str) -> str:
    """A typed date as YYYY-MM-DD, YYYY-MM or YYYY; ValueError naming the formats when it is none.

    Written dates with the month's name ("3 Aug 2019") are read by dateparser. Dates of numbers
    only are taken only as ISO: "03/08/2019" is the 3rd of August in London and March 8th in
    New York, and a recorder's record must not depend on a guess.
    """
    text = " ".join(value.split())
    if re.fullmatch(r"\d{4}(-\d{2}){0,2}", text):
        if date_interval(text):
            return text
        raise ValueError(DATE_ERROR)
    if not re.search(r"[A-Za-z]{3}", text) or not re.search(r"\b\d{4}\b", text):
        raise ValueError(DATE_ERROR)
    import dateparser  # imported on first use, as in extract/when.py

    words = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", text)
    for parts, form in ((["day", "month", "year"], "%Y-%m-%d"), (["month", "year"], "%Y-%m")):
        parsed = dateparser.parse(words, languages=["en"],
                                  settings={"REQUIRE_PARTS": parts, "PREFER_DATES_FROM": "past",
                                            "RETURN_AS_TIMEZONE_AWARE": False})
        if parsed is not None:
            return parsed.strftime(form)
    raise ValueError(DATE_ERROR)


class Login(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1000)


class Me(BaseModel):
    name: str
    role: str
    csrf: str


# What happened to the people (DESIGN.md, "The claim"); "casualties" is one figure for the
# killed together with the injured or the missing.
Outcome = Literal[OUTCOMES]
INDIVIDUAL_HELP = ("One person's outcome (\"a policeman was shot dead\"): low = high = 1. Setting it true sets "
                   "low, high and qualifier to 1, 1 and exact unless given; an individual claim with other bounds "
                   "is refused.")


class ClaimFields(BaseModel):
    """One claim's values: every field of ``tollbook.model.Claim`` and its stored document."""

    document_id: int
    id: str = Field(description="The extractor's id within the document (c3), or r1... for a reviewer's.")
    figure: str = Field(description="The exact words of the count, or of the person for an individual victim.")
    start: int
    end: int
    low: int
    high: int | None = Field(description="null when open-ended (\"at least 30\").")
    qualifier: str
    outcome: Outcome
    group: str | None
    negated: bool
    vague: bool
    source: str | None
    source_key: str | None
    part_of: str | None
    sentence_start: int
    sentence_end: int
    date: str | None
    date_precision: str | None
    date_text: str | None
    place: str | None
    place_id: int | None
    place_name: str | None
    country: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    place_alternatives: list[int]
    individual: bool = Field(description=INDIVIDUAL_HELP)


class ClaimRecord(BaseModel):
    """A claim under review: the extractor's values, the review decision and the values in effect."""

    row_id: int
    document_id: int
    original: ClaimFields
    reviewed: dict[str, Any] | None = Field(description="The decision: status, corrected values, by, at.")
    effective: ClaimFields | None = Field(description="The values in effect; null when rejected.")
    status: Literal["unreviewed", "accepted", "corrected", "rejected", "added"]
    event: str | None


class ClaimPage(BaseModel):
    items: list[ClaimRecord]
    total: int
    page: int
    per_page: int


class DocumentClaims(BaseModel):
    id: int
    title: str | None
    url: str | None
    published: str | None
    text: str
    claims: list[ClaimRecord] = Field(description="The document's claims by position, at most the first "
                                                   "max_document_claims (settings.toml, 10,000).")
    claims_total: int = Field(description="How many claims the document has.")
    claims_truncated: bool = Field(description="True when ``claims`` lists only the first of them: page through "
                                               "all with /api/claims?document=ID.")


class Values(BaseModel):
    """Corrected fields; leave out what does not change. ``event`` moves the claim to another event."""

    low: int | None = Field(default=None, ge=0, le=10**12)
    high: int | None = Field(default=None, ge=0, le=10**12)
    high_open: bool = Field(default=False, description="Set high to open (no upper bound).")
    qualifier: str | None = Field(default=None, max_length=20)
    outcome: Outcome | None = None
    group: str | None = Field(default=None, max_length=100)
    source: str | None = Field(default=None, max_length=500)
    part_of: str | None = Field(default=None, max_length=20)
    negated: bool | None = None
    individual: bool | None = Field(default=None, description=INDIVIDUAL_HELP)
    date: str | None = Field(default=None, max_length=40, description=DATE_HELP)
    place: str | None = Field(default=None, max_length=200)
    place_id: int | None = Field(default=None, ge=1, le=2**31 - 1,
                                 description="A GeoNames id among the place's candidates (place_alternatives).")
    event: str | None = Field(default=None, max_length=40)

    @field_validator("date")
    @classmethod
    def _a_real_date(cls, value: str | None) -> str | None:
        return None if value is None else iso_date(value)

    def changed(self, cleared: Sequence[str] = ()) -> dict[str, Any]:
        """The values to set: those given, and None for the ``cleared`` text fields."""
        values = self.model_dump(exclude_none=True, exclude={"high_open"})
        if self.high_open:
            values["high"] = None
        values.update(dict.fromkeys(cleared))
        return values


class Review(BaseModel):
    action: Literal["accept", "correct", "reject", "reset"]
    values: Values | None = None
    note: str | None = Field(default=None, max_length=2000)

    def correction(self, cleared: Sequence[str] = ()) -> dict[str, Any] | None:
        """The corrected values (None unless the action is correct)."""
        if self.action != "correct":
            return None
        return (self.values or Values()).changed(cleared)


class NewClaim(Values):
    start: int = Field(ge=0, le=10**9, description="Offset of the figure's first character in the text.")
    end: int = Field(ge=1, le=10**9, description="Offset just after the figure.")
    note: str | None = Field(default=None, max_length=2000)

    def claim_values(self, cleared: Sequence[str] = ()) -> dict[str, Any]:
        """The new claim's values: its fields, its offsets, no note."""
        values = self.changed(cleared)
        values.pop("note", None)
        return values


class Merge(BaseModel):
    events: list[Annotated[str, Field(max_length=40)]] = Field(min_length=2, max_length=100)
    note: str | None = Field(default=None, max_length=2000)


class Undo(BaseModel):
    note: str | None = Field(default=None, max_length=2000)


class Override(BaseModel):
    """A reviewer's best figure, incident kind or source type for an event (give at least one)."""

    best_figure: int | None = Field(default=None, ge=0, le=2**53)
    outcome: str = Field(default="killed", max_length=40)
    kind: str | None = Field(default=None, max_length=40)
    source: str | None = Field(default=None, max_length=300)
    source_type: str | None = Field(default=None, max_length=40)
    note: str | None = Field(default=None, max_length=2000)


class Split(BaseModel):
    documents: list[Annotated[int, Field(ge=1, le=2**31 - 1)]] = Field(min_length=1, max_length=1000)
    note: str | None = Field(default=None, max_length=2000)


def _page(items: list, total: int, page: int, per_page: int) -> dict:
    return {"items": items, "total": total, "page": page, "per_page": per_page}


@router.post("/login", response_model=Me, responses={401: {}, 429: {}})
async def login(request: Request, body: Login, response: Response) -> Me:
    """Sign in: sets the session cookie; returns the CSRF token for changes."""
    from tollbook.web.app import set_session, sign_in

    user, wait = await sign_in(request, body.name, body.password)
    if user is None:
        if wait:
            raise HTTPException(status_code=429, detail=f"too many failed sign-ins: wait {wait:.0f} s",
                                headers={"Retry-After": str(int(wait) + 1)})
        raise HTTPException(status_code=401, detail="wrong name or password")
    csrf = set_session(request, response, user)
    return Me(name=user["name"], role=user["role"], csrf=csrf)


@router.post("/logout", status_code=204, responses={403: {}})
def logout(request: Request, response: Response, csrf: Csrf = None) -> Response:
    """End the session (refused, and nothing changes, without its CSRF token)."""
    from tollbook.web.app import end_session

    end_session(request, csrf)
    response = Response(status_code=204)
    response.delete_cookie(auth.SESSION_COOKIE)
    return response


@router.get("/me", response_model=Me | None)
def me(request: Request) -> Me | None:
    """The signed-in user (null when nobody is)."""
    user = current_user(request)
    return None if user is None else Me(name=user.name, role=user.role, csrf=user.csrf)


@router.get("/documents")
def documents(request: Request, q: Search = None,
              todo: Annotated[bool, Query(description="true: only documents with a claim not yet reviewed")] = False,
              page: Page = 1, per_page: PerPage = PER_PAGE) -> dict:
    """Documents, newest first, with their claims and how many are reviewed; ``q`` matches the title or URL."""
    viewer(request)
    page, per_page, offset = page_of(page, per_page)
    items, total = corpus(request).document_page(text=q, todo=todo, limit=per_page, offset=offset)
    return _page(items, total, page, per_page)


class AcceptRest(BaseModel):
    note: str | None = Field(default=None, max_length=2000)


@router.post("/documents/{document_id}/accept-rest", responses={401: {}, 403: {}, 404: {}})
def accept_rest(request: Request, document_id: Id, body: AcceptRest, csrf: Csrf = None) -> dict:
    """Accept every claim of the document not yet reviewed (one audit row each); returns how many."""
    user = editor(request, csrf)
    return {"document_id": document_id, "accepted": corpus(request).accept_rest(document_id, user.name, body.note)}


@router.get("/documents/{document_id}", response_model=DocumentClaims, responses={404: {}})
def document(request: Request, document_id: Id) -> dict:
    """One document with its text and every claim (extractor's values, review, effective values)."""
    viewer(request)
    stored = corpus(request).document(document_id)
    if stored is None:
        raise HTTPException(status_code=404, detail=f"no document {document_id}")
    claims, total = corpus(request).claim_records(document=document_id, limit=request.app.state.settings.max_claims)
    return {"id": stored.id, "title": stored.title, "url": stored.url, "published": stored.published,
            "text": stored.text, "claims": claims, "claims_total": total, "claims_truncated": total > len(claims)}


class ListedClaim(ClaimRecord):
    title: str | None = Field(description="The document's title.")


class ClaimList(BaseModel):
    items: list[ListedClaim]
    total: int
    page: int
    per_page: int


@router.get("/claims", response_model=ClaimList)
def claims(request: Request, where: ClaimWhere, order: ClaimOrder, page: Page = 1,
           per_page: PerPage = PER_PAGE) -> dict:
    """Claims with the terminal's filters (on the extractor's values here), by document and position or sorted
    (``sort``, ``dir``; ties keep that order). The pages' CSV download is /claims.csv."""
    viewer(request)
    page, per_page, offset = page_of(page, per_page)
    items, total = corpus(request).claim_list(where, sort=order[0], descending=order[1], limit=per_page,
                                              offset=offset)
    return _page(items, total, page, per_page)


@router.get("/claims/{row_id}", response_model=ClaimRecord, responses={404: {}})
def claim(request: Request, row_id: Id) -> dict:
    viewer(request)
    found = corpus(request).claim_record(row_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no claim {row_id}")
    return found


@router.post("/claims/{row_id}/review", response_model=ClaimRecord, responses={400: {}, 401: {}, 403: {}, 404: {}})
def review(request: Request, row_id: Id, body: Review,
           csrf: Csrf = None) -> dict:
    """Accept, correct, reject or reset a claim; the change is an audit row."""
    user = editor(request, csrf)
    return corpus(request).review_claim(row_id, body.action, user.name, body.correction(), body.note)


@router.post("/documents/{document_id}/claims", response_model=ClaimRecord,
             responses={400: {}, 401: {}, 403: {}, 404: {}})
def add_claim(request: Request, document_id: Id, body: NewClaim,
              csrf: Csrf = None) -> dict:
    """Add a claim the extractor missed (the figure's offsets in the text, and its fields)."""
    user = editor(request, csrf)
    return corpus(request).add_claim(document_id, body.claim_values(), user.name, body.note)


@router.get("/events")
def events(request: Request, where: EventWhere, order: EventOrder, page: Page = 1,
           per_page: PerPage = PER_PAGE) -> dict:
    """Events with their ranges, sources and conflicts (rebuilt when claims changed), by date or
    sorted (``sort``: killed is the killed best figure; ``dir``). The pages' CSV is /events.csv."""
    from tollbook.web.app import build

    viewer(request)
    build(request)
    page, per_page, offset = page_of(page, per_page)
    items, total = corpus(request).event_list(where, sort=order[0], descending=order[1], limit=per_page,
                                              offset=offset)
    return _page(items, total, page, per_page)


@router.get("/events/merge/preview", responses={400: {}, 404: {}})
def merge_preview(request: Request, event: Annotated[list[str], Query(max_length=100)]) -> dict:
    """What merging the events would make, writing nothing: ``events`` and the ``merged`` event."""
    from tollbook.runner import preview_merge
    from tollbook.web.app import build

    viewer(request)
    build(request)
    body = validated(Merge, {"events": event})
    return preview_merge(corpus(request), body.events)


@router.get("/events/{event_id}", responses={303: {"description": "merged away: the event that holds it now"},
                                              404: {}})
def event(request: Request, event_id: EventId) -> Any:
    from tollbook.runner import moved_to
    from tollbook.web.app import build

    viewer(request)
    build(request)
    found = corpus(request).event(event_id)
    if found is None:
        holder = moved_to(corpus(request), event_id)
        if holder is not None:
            return RedirectResponse(f"/api/events/{holder}", status_code=303)
        raise HTTPException(status_code=404, detail=f"no event {event_id}")
    return found


@router.post("/events/merge", responses={400: {}, 401: {}, 403: {}, 404: {}})
def merge(request: Request, body: Merge, csrf: Csrf = None) -> dict:
    """Merge events into one (kept across rebuilds); returns the merged event's id."""
    from tollbook.runner import merge_events

    user = editor(request, csrf)
    return {"event": merge_events(corpus(request), body.events, user.name, body.note)}


@router.post("/events/{event_id}/split", responses={400: {}, 401: {}, 403: {}, 404: {}})
def split(request: Request, event_id: EventId, body: Split, csrf: Csrf = None) -> dict:
    """Move documents' claims out of an event into a new one; returns the new event's id."""
    from tollbook.runner import split_event

    user = editor(request, csrf)
    return {"event": split_event(corpus(request), event_id, body.documents, user.name, body.note)}


@router.post("/events/{event_id}/override", responses={400: {}, 401: {}, 403: {}, 404: {}})
def override(request: Request, event_id: EventId, body: Override, csrf: Csrf = None) -> dict:
    """Put a reviewer's best figure, kind or source type on an event (an audit row each); returns the event."""
    from tollbook.runner import override_event

    user = editor(request, csrf)
    return override_event(corpus(request), event_id, user.name, best=body.best_figure, outcome=body.outcome,
                          kind=body.kind, source=body.source, source_type=body.source_type, note=body.note)


@router.post("/events/edits/{edit_id}/undo", responses={400: {}, 401: {}, 403: {}, 404: {}})
def undo(request: Request, edit_id: Id, body: Undo, csrf: Csrf = None) -> dict:
    """Undo a merge or split (its id is ``after.edit`` of its audit row); returns the event that
    now holds the edit's first claims."""
    from tollbook.runner import undo_event_edit

    user = editor(request, csrf)
    return {"event": undo_event_edit(corpus(request), edit_id, user.name, body.note)}


@router.get("/audit")
def audit(request: Request, target: Annotated[str | None, Query(max_length=100)] = None,
          event: Annotated[str | None, Query(max_length=40, description="rows naming this event id, merged-away "
                                                                       "ids included")] = None,
          page: Page = 1, per_page: PerPage = PER_PAGE) -> dict:
    """Who changed what and when, newest first."""
    viewer(request)
    page, per_page, offset = page_of(page, per_page)
    items, total = corpus(request).audit_of(target=target, event=event, limit=per_page, offset=offset)
    return _page(items, total, page, per_page)
