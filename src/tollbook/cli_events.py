"""Commands over events: ``events`` (list, merge, split), ``event ID`` and ``export``.

Events are rebuilt from the stored claims whenever claims, hand edits or the options
changed since the last build (``tollbook.runner.build_events``), so every command shows
the current state.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from tollbook.cli import _console, _report_error, app
from tollbook.cli_store import DbOption, _open, reported, shown_url
from tollbook.errors import TollbookError

events_app = typer.Typer(help="List reconciled events; merge and split them by hand.",
                         invoke_without_command=True)
app.add_typer(events_app, name="events")


class BestRule(StrEnum):
    median = "median"
    max = "max"
    min = "min"
    priority = "priority"


class ExportFormat(StrEnum):
    ged_csv = "ged-csv"
    jsonl = "jsonl"
    html = "html"


WindowOption = Annotated[int, typer.Option("--window", min=0, help="Days apart two reports of one incident may be.")]
BestOption = Annotated[BestRule, typer.Option("--best", case_sensitive=False,
                                              help="How `best` is chosen: median of the sources' latest point "
                                                   "figures, max, min, or priority (see --priority).")]
PriorityOption = Annotated[str | None, typer.Option(
    "--priority", metavar="KEYS", help="With --best priority: comma-separated source keys or types "
                                       "(government, armed, un_ngo, medical, media, witness), first wins.")]
AuthorOption = Annotated[str | None, typer.Option("--author", help="Who makes the change (default: your login name).")]
NoteOption = Annotated[str | None, typer.Option("--note", help="Why (kept with the change).")]


def _options(window: int, best: BestRule, priority: str | None):
    from tollbook.reconcile import Options

    keys = tuple(p.strip() for p in (priority or "").split(",") if p.strip())
    if best is BestRule.priority and not keys:
        raise typer.BadParameter("--best priority needs --priority KEYS", param_hint="--priority")
    return Options(window_days=window, best=best.value, priority=keys)


def _author(author: str | None) -> str:
    if author:
        return author
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER") or "unknown"


def _built(ctx: typer.Context, db: str | None, window: int, best: BestRule, priority: str | None, *,
           read_only: bool = False):
    """The corpus with its events up to date; ``read_only``: on a read-only database they are built in memory."""
    from tollbook.runner import build_events

    options = _options(window, best, priority)
    corpus = _open(db, ctx, create=False, read_only=read_only)
    with reported(ctx, shown_url(db)), _console().status("building events", spinner="dots"):
        build_events(corpus, options)
    return corpus, options


FromOption = Annotated[str | None, typer.Option(
    "--from", help="Events whose days reach this date or later (YYYY[-MM[-DD]]).")]
ToOption = Annotated[str | None, typer.Option("--to", help="Events that began on or before this date (YYYY[-MM[-DD]]).")]
CountryOption = Annotated[str | None, typer.Option(help="Country: ISO code (KE) or name (Kenya).")]
KindOption = Annotated[str | None, typer.Option(help="violence, disaster, accident, epidemic or unrest.")]
OutcomeOption = Annotated[str | None, typer.Option(help="Events with a figure of this outcome (killed, injured, ...).")]
ReviewedOnlyOption = Annotated[bool, typer.Option(
    "--reviewed-only", help="Only events every claim of which a reviewer accepted, corrected or added.")]


def _event_filter(date_from: str | None, date_to: str | None, country: str | None, kind: str | None,
                  outcome: str | None, reviewed_only: bool):
    from tollbook.export import EventFilter
    from tollbook.export.filters import country_code_of

    code = None
    if country is not None:
        code = country_code_of(country)
        if code is None:
            raise typer.BadParameter(f"unknown country {country!r}: give its ISO code (KE) or name (Kenya)",
                                     param_hint="--country")
    return EventFilter(date_from, date_to, code, kind, outcome, reviewed_only)


def _figures(event: dict, outcome: str = "killed") -> str:
    cell = next((r for r in event["ranges"] if r["outcome"] == outcome and r["group"] is None), None)
    if cell is None:
        return ""
    high = f"{cell['high']}+" if cell["high_open"] else str(cell["high"])
    return f"{cell['best']} ({cell['low']}–{high}){' derived' if cell.get('derived') else ''}"


def _other_outcomes(event: dict) -> str:
    """best of each outcome other than killed and injured, for people in general: "casualties 40"."""
    return ", ".join(f"{r['outcome']} {r['best']}{'*' if r.get('derived') else ''}" for r in event["ranges"]
                     if r["group"] is None and r["outcome"] not in ("killed", "injured"))


def _summed(source: dict) -> str:
    """The claims a derived figure adds up: "doc 3 c1, c2"."""
    by_document: dict[int, list[str]] = {}
    for claim in source.get("summed") or []:
        by_document.setdefault(claim["document_id"], []).append(claim["claim"])
    return "; ".join(f"doc {doc} {', '.join(keys)}" for doc, keys in by_document.items())


@events_app.callback()
def events(
    ctx: typer.Context,
    db: DbOption = None,
    window: WindowOption = 3,
    best: BestOption = BestRule.median,
    priority: PriorityOption = None,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many events.")] = None,
    search: Annotated[str | None, typer.Option("--search", help="Label or id contains this text.")] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    country: CountryOption = None,
    kind: KindOption = None,
    outcome: OutcomeOption = None,
    reviewed_only: ReviewedOnlyOption = False,
    output: Annotated[str, typer.Option("--format", help="table or jsonl.")] = "table",
) -> None:
    """List events with their killed and injured ranges, sources, conflicts and how much is reviewed."""
    if ctx.invoked_subcommand is not None:
        return
    if output not in ("table", "jsonl"):
        raise typer.BadParameter("use table or jsonl", param_hint="--format")
    keep = _event_filter(date_from, date_to, country, kind, outcome, reviewed_only)
    corpus, _ = _built(ctx, db, window, best, priority, read_only=True)
    with reported(ctx, shown_url(db)):
        found = list(islice(keep(corpus.events(text=search)), limit))
    if output == "jsonl":
        for event in found:
            typer.echo(json.dumps(event, ensure_ascii=False))
        return
    _console().print(events_table(found) if found else Text("no events: ingest some documents first", style="dim"))


def _reviewed(event: dict) -> Text:
    """ "2 of 9" claims reviewed (green when all are)."""
    from tollbook.export import reviewed_share

    done, total = reviewed_share(event)
    return Text(f"{done} of {total}", style="green" if total and done >= total else "dim" if not done else "")


def events_table(found: list[dict]) -> Table:
    """The events as a Rich table: id, label, dates, killed, injured and other outcomes, sources, documents,
    conflicts. A figure marked ``derived`` (``*`` among the other outcomes) rests on sums of parts or
    counts of individual victims."""
    table = Table(header_style="bold")
    for column in ("id", "event", "dates", "killed best (low–high)", "injured", "other", "sources", "docs",
                   "conflicts", "reviewed"):
        table.add_column(column)
    for event in found:
        dates = event["date_start"] or ""
        if event["date_end"] and event["date_end"] != event["date_start"]:
            dates += f" – {event['date_end']}"
        sources = len({s["key"] for r in event["ranges"] for s in r["sources"]})
        conflicts = len(event["conflicts"])
        table.add_row(event["id"], Text(event["label"]), dates, _figures(event), _figures(event, "injured"),
                      _other_outcomes(event), str(sources), str(len(event["documents"])),
                      Text(str(conflicts), style="bold red" if conflicts else ""), _reviewed(event))
    return table


@events_app.command("merge")
def merge(
    ctx: typer.Context,
    event_ids: Annotated[list[str], typer.Argument(metavar="EVENT_ID...", help="Two or more event ids.")],
    db: DbOption = None,
    author: AuthorOption = None,
    note: NoteOption = None,
    window: WindowOption = 3,
    best: BestOption = BestRule.median,
    priority: PriorityOption = None,
) -> None:
    """Merge events into one; the decision is kept and replayed on every rebuild."""
    from tollbook.runner import merge_events

    corpus, options = _built(ctx, db, window, best, priority)
    with reported(ctx, shown_url(db)):
        merged = merge_events(corpus, event_ids, _author(author), note, options)
    typer.echo(f"merged {', '.join(event_ids)} into {merged}")


@events_app.command("override")
def override(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(metavar="EVENT_ID", help="The event.")],
    best_value: Annotated[int | None, typer.Option(
        "--best-figure", min=0, help="Your best figure (within the range).")] = None,
    outcome: Annotated[str, typer.Option(help="The outcome --best-figure is for.")] = "killed",
    kind: KindOption = None,
    source: Annotated[str | None, typer.Option(help="A source's key (see `tollbook event ID`), for --type.")] = None,
    source_type: Annotated[str | None, typer.Option(
        "--type", help="The source's type: government, armed, un_ngo, medical, media, witness, unknown.")] = None,
    db: DbOption = None,
    author: AuthorOption = None,
    note: NoteOption = None,
    window: WindowOption = 3,
    best: BestOption = BestRule.median,
    priority: PriorityOption = None,
) -> None:
    """Put your own best figure, incident kind or source type on an event, with a note; kept across
    rebuilds, shown as an override in every output, and recorded in the audit log."""
    from tollbook.export.ged_csv import override_text
    from tollbook.runner import override_event

    if best_value is None and kind is None and source_type is None:
        raise typer.BadParameter("give --best-figure, --kind or --source with --type")
    if (source is None) != (source_type is None):
        raise typer.BadParameter("--type needs --source (and --source needs --type)")
    corpus, options = _built(ctx, db, window, best, priority)
    with reported(ctx, shown_url(db)):
        event = override_event(corpus, event_id, _author(author), best=best_value, outcome=outcome, kind=kind,
                               source=source, source_type=source_type, note=note, options=options)
    typer.echo(f"event {event_id}: " + "; ".join(override_text(o) for o in event.get("overrides", [])))


@events_app.command("split")
def split(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(metavar="EVENT_ID", help="The event to split.")],
    documents: Annotated[list[int], typer.Option("--document", "-d", metavar="ID",
                                                 help="Document whose claims leave the event (repeatable).")],
    db: DbOption = None,
    author: AuthorOption = None,
    note: NoteOption = None,
    window: WindowOption = 3,
    best: BestOption = BestRule.median,
    priority: PriorityOption = None,
) -> None:
    """Move some documents' claims out of an event into a new one; kept across rebuilds."""
    from tollbook.runner import split_event

    corpus, options = _built(ctx, db, window, best, priority)
    with reported(ctx, shown_url(db)):
        new = split_event(corpus, event_id, documents, _author(author), note, options)
    typer.echo(f"split documents {', '.join(map(str, documents))} out of {event_id} into {new}")


@app.command("event")
def event(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(metavar="EVENT_ID", help="An event id from `tollbook events`.")],
    db: DbOption = None,
    window: WindowOption = 3,
    best: BestOption = BestRule.median,
    priority: PriorityOption = None,
    output: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """One event: the per-source table of each outcome, the conflicts and each source's timeline."""
    corpus, _ = _built(ctx, db, window, best, priority, read_only=True)
    with reported(ctx, shown_url(db)):
        found = corpus.event(event_id)
    if found is None:
        _report_error(TollbookError(f"no event {event_id!r} (see `tollbook events`)"), "event", False)
        raise typer.Exit(1)
    if output == "json":
        typer.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    console = _console()
    console.print(Text(f"{found['id']}  {found['label']}", style="bold"))
    console.print(Text(f"{found['date_start'] or '?'} – {found['date_end'] or '?'} ({found['date_precision']}); "
                       f"{len(found['documents'])} documents in {len(found['reports'])} reports"))
    for cell in found["ranges"]:
        high = f"{cell['high']} (open)" if cell["high_open"] else str(cell["high"])
        derived = f"; derived: {', '.join(cell['derived'])}" if cell.get("derived") else ""
        console.print(Text(f"\n{cell['group'] or 'people'} {cell['outcome']}: low {cell['low']}, "
                           f"best {cell['best']} ({cell['rule']}), high {high}{derived}", style="bold"))
        table = Table(header_style="bold")
        derived_rows = any(source.get("derived") for source in cell["sources"])
        columns = ("source", "type", "figure", "low", "high", "first seen", "last seen", "reports", "history")
        for column in columns + (("adds up",) if derived_rows else ()):
            table.add_column(column)
        for source in cell["sources"]:
            history = " → ".join(h["figure"] + (" (derived)" if h.get("derived") else "") for h in source["history"])
            figure = source["figure"] + (f" (derived: {source.get('derivation')})" if source.get("derived") else "")
            row = [Text(source["name"]), source["type"], Text(figure), str(source["low"]),
                   "open" if source["high"] is None else str(source["high"]), source["first_seen"] or "",
                   source["last_seen"] or "", str(source["reports"]), Text(history)]
            table.add_row(*row, *((_summed(source),) if derived_rows else ()))
        console.print(table)
        if cell.get("parts"):  # beside the range, never in it
            parts = "; ".join(f"{p['figure']} (doc {p['document_id']}{', ' + p['source'] if p.get('source') else ''})"
                              for p in cell["parts"])
            console.print(Text(f"parts and increments, not in the range: {parts}", style="dim"))
    if found.get("overrides"):
        from tollbook.export.ged_csv import override_text

        console.print(Text("\noverridden by a reviewer", style="bold yellow"))
        for item in found["overrides"]:
            console.print(Text(f"- {override_text(item)}"))
    if found.get("links"):
        console.print(Text("\nwhy these reports are one event", style="bold"))
        for link in found["links"]:
            console.print(Text(f"- {link}"))
    if found["conflicts"]:
        console.print(Text("\nconflicts", style="bold red"))
        for conflict in found["conflicts"]:
            console.print(Text(f"- [{conflict['kind']}] {conflict['explanation']}"))
            sentences: dict[tuple, list[dict]] = {}  # parts stated together share their sentence: shown once
            for claim in conflict["claims"]:
                sentences.setdefault((claim["document_id"], claim["sentence_start"]), []).append(claim)
            for (document_id, _), claims in sentences.items():
                keys = ", ".join(c["claim"] for c in claims)
                console.print(Text(f"    doc {document_id} {keys}: {claims[0]['sentence']}", style="dim"))


@app.command("export")
def export(
    ctx: typer.Context,
    output: Annotated[ExportFormat, typer.Option("--format", case_sensitive=False,
                                                 help="ged-csv, jsonl or html.")],
    out: Annotated[Path | None, typer.Option("--out", help="Write here (default: standard output).")] = None,
    db: DbOption = None,
    window: WindowOption = 3,
    best: BestOption = BestRule.median,
    priority: PriorityOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    country: CountryOption = None,
    kind: KindOption = None,
    outcome: OutcomeOption = None,
    reviewed_only: ReviewedOnlyOption = False,
) -> None:
    """Export the events: UCDP GED-style CSV, JSON lines with full provenance, or an HTML report.
    Every output uses the reviewed values; the filters choose the events."""
    from tollbook.export import render_report, write_ged_csv, write_jsonl

    keep = _event_filter(date_from, date_to, country, kind, outcome, reviewed_only)
    corpus, _ = _built(ctx, db, window, best, priority, read_only=True)
    with reported(ctx, str(out) if out else "export"):
        found = list(keep(corpus.events()))
        documents = {d.id: {"title": d.title, "url": d.url, "published": d.published, "publisher": d.publisher}
                     for d in corpus.documents_by_id({d for e in found for d in e["documents"]})}
        if output is ExportFormat.html:
            write_atomically(out, lambda handle: handle.write(render_report(found, documents)))
        elif output is ExportFormat.ged_csv:
            write_atomically(out, lambda handle: write_ged_csv(found, documents, handle))
        else:
            held = {tuple(k) for e in found for k in e["claims"]}
            claims = {(c.document_id, c.id): c.to_dict() for c in corpus.claims() if (c.document_id, c.id) in held}
            write_atomically(out, lambda handle: write_jsonl(found, documents, claims, handle))
    if out is not None:
        typer.echo(f"{len(found)} events written to {out}", err=True)


def write_atomically(out: Path | None, write) -> None:
    """Write to the file atomically (a temporary file renamed into place), or to stdout."""
    if out is None:
        write(sys.stdout)
        return
    partial = out.with_name(out.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as handle:
            write(handle)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
