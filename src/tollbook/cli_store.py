"""Commands over a stored corpus: ``ingest``, ``claims``, ``reextract`` and ``db upgrade``.

Registered on the ``tollbook`` app by ``cli.py``; each one opens a ``Corpus`` and calls
one library function (``tollbook.runner`` or ``tollbook.store``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from itertools import islice
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from tollbook.cli import (
    INDIVIDUAL_COLUMN,
    _check_published,
    _console,
    _csv_cell,
    _debug,
    _report_error,
    app,
    individual_marker,
)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="TOLLBOOK_DB",
        metavar="URL",
        help="Database URL (sqlite:///path.db or postgresql+psycopg://...); default TOLLBOOK_DB, "
        "else sqlite:///tollbook.db in the working directory.",
    ),
]

db_app = typer.Typer(help="Manage the claims database.", no_args_is_help=True)
app.add_typer(db_app, name="db")


class ClaimStatus(StrEnum):
    """Review statuses ``tollbook claims --status`` selects (``reviewed``: any decision; ``all``: rejected too)."""

    unreviewed = "unreviewed"
    accepted = "accepted"
    corrected = "corrected"
    rejected = "rejected"
    added = "added"
    reviewed = "reviewed"
    all = "all"


STATUS_STYLES = {"accepted": "green", "corrected": "yellow", "rejected": "red strike", "added": "cyan",
                 "unreviewed": "dim"}


class StoredFormat(StrEnum):
    """Output formats of ``tollbook claims``."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def progress_bar(label: str, unit: str) -> Progress:
    """A Rich progress bar with a rate column (``rate`` task field), shown only on a terminal."""
    console = _console()
    return Progress(SpinnerColumn(), TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[rate]} " + unit), TimeElapsedColumn(), console=console,
                    transient=True, disable=not console.is_terminal)


def shown_url(db: str | None) -> str:
    """The database as messages name it: its URL with the password hidden (default: TOLLBOOK_DB or tollbook.db)."""
    from tollbook.store.schema import shown_url as shown

    return shown(db)


@contextmanager
def reported(ctx: typer.Context, where: str | None) -> Iterator[None]:
    """Turn any error of the block into one clear line on stderr and exit status 1."""
    try:
        yield
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:
        _report_error(exc, where or shown_url(None), _debug(ctx))
        raise typer.Exit(1) from None


def _stored_record(claim) -> dict:
    """A stored claim for export: ``Claim.to_dict()`` keys, ``document_id`` and the place chain."""
    from tollbook.extract.where import chain_of

    record = claim.to_dict()
    record["place_chain"] = chain_of(record)
    return record


def _open(url: str | None, ctx: typer.Context, *, create: bool = True, read_only: bool = False):
    """The corpus at ``url``; ``read_only`` for commands that only read (a read-only SQLite file works)."""
    from tollbook.store import Corpus

    try:
        return Corpus(url, create=create, read_only=read_only)
    except Exception as exc:
        _report_error(exc, shown_url(url), _debug(ctx))
        raise typer.Exit(1) from None


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context, db: DbOption = None) -> None:
    """Create or migrate the database schema to this version of tollbook."""
    from tollbook.store import Corpus

    try:
        corpus = Corpus(db, create=False, check=False)
        revision = corpus.upgrade()
    except Exception as exc:
        _report_error(exc, shown_url(db), _debug(ctx))
        raise typer.Exit(1) from None
    typer.echo(f"database at revision {revision}")


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[str],
        typer.Argument(metavar="PATH", help="Files, folders (read recursively), http(s) URLs or '-' for stdin.",
                       show_default=False),
    ],
    db: DbOption = None,
    published: Annotated[
        str | None,
        typer.Option("--published", metavar="YYYY-MM-DD", callback=_check_published,
                     help="Publication date for documents that do not carry one."),
    ] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language code for documents that lack one.")] = None,
    text_field: Annotated[str, typer.Option("--text-field", help="JSONL field holding the text.")] = "text",
    title_field: Annotated[str, typer.Option("--title-field", help="JSONL field holding the title.")] = "title",
    url_field: Annotated[str, typer.Option("--url-field", help="JSONL field holding the URL.")] = "url",
    published_field: Annotated[
        str, typer.Option("--published-field", help="JSONL field holding the publication date.")
    ] = "published",
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first record that fails.")] = False,
    batch: Annotated[int, typer.Option("--batch", min=1, help="Documents per commit (each document is stored "
                                       "whole; a killed run redoes at most one batch).")] = 200,
) -> None:
    """Read texts, HTML, JSONL and WARC files or URLs, extract their claims and store both.

    Each document is stored whole with its claims, in batches; a document seen before (same text) is skipped, so a stopped run can simply be started again. Bad records are stored as ingest errors and listed at the end; the exit status is 1 when any failed.
    """
    from tollbook.runner import StrictStop
    from tollbook.runner import ingest as run_ingest

    corpus = _open(db, ctx)
    fields = {"text": text_field, "title": title_field, "url": url_field, "published": published_field}
    progress = progress_bar("ingest", "docs/s")
    with progress:
        task = progress.add_task("ingest", total=None, rate="0")

        def tick(summary) -> None:
            elapsed = progress.tasks[0].elapsed or 1e-9
            progress.update(task, completed=summary.seen, rate=f"{summary.seen / elapsed:,.0f}")

        try:
            summary = run_ingest(corpus, paths, published=published, lang=lang, fields=fields, strict=strict,
                                 on_record=tick, batch=batch)
        except StrictStop as exc:
            _report_error(exc, "ingest", _debug(ctx))
            raise typer.Exit(1) from None
        except Exception as exc:
            _report_error(exc, db or "tollbook.db", _debug(ctx))
            raise typer.Exit(1) from None
    for message in summary.failures[:50]:
        typer.echo(f"error: {message}", err=True)
    if len(summary.failures) > 50:
        typer.echo(f"error: ... and {len(summary.failures) - 50} more (see the ingest_errors table)", err=True)
    for message in (m for m in summary.stopped if m not in summary.failures[:50]):
        typer.echo(f"error: {message}", err=True)  # a file not read to its end is always said
    console = _console()
    console.print(f"{summary.new} new, {summary.duplicate} duplicate, {summary.failed} failed documents; "
                  f"{summary.claims} claims found")
    for note in summary.notes:
        console.print(note, markup=False, soft_wrap=True)
    if summary.duplicate and not summary.new:
        console.print("nothing new: every document was already in the database", style="dim")
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def claims(
    ctx: typer.Context,
    db: DbOption = None,
    outcome: Annotated[str | None, typer.Option(help="killed, injured, casualties, missing, ...")] = None,
    group: Annotated[str | None, typer.Option(help="Victim group, e.g. children.")] = None,
    source: Annotated[str | None, typer.Option(help="Claimant contains this text.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Incident date on or after (YYYY[-MM[-DD]]).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Incident date on or before (YYYY[-MM[-DD]]).")] = None,
    place: Annotated[str | None, typer.Option(help="Place contains this text.")] = None,
    document: Annotated[int | None, typer.Option(help="Only this stored document id.")] = None,
    text: Annotated[str | None, typer.Option("--text", help="The claim's sentence contains this text.")] = None,
    individual: Annotated[bool | None, typer.Option(
        "--individual/--counts",
        help="Only individual victims (one person's outcome), or only counts; default both.",
        show_default=False)] = None,
    country: Annotated[str | None, typer.Option(help="Country: ISO code (KE) or name (Kenya).")] = None,
    kind: Annotated[str | None, typer.Option(
        help="Only claims of events of this kind (violence, disaster, accident, epidemic, unrest); "
             "reads the events `tollbook events` built.")] = None,
    status: Annotated[ClaimStatus | None, typer.Option(
        case_sensitive=False, help="Review status; default every claim but the rejected ones.",
        show_default=False)] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many claims.")] = None,
    output: Annotated[StoredFormat, typer.Option("--format", case_sensitive=False,
                                                 help="table, json (one list), jsonl or csv.")] = StoredFormat.table,
) -> None:
    """Query the stored claims, with their review applied (corrected values, a status column)."""
    corpus = _open(db, ctx, create=False, read_only=True)
    filters = {"outcome": outcome, "group": group, "source": source, "date_from": date_from, "date_to": date_to,
               "place": place, "country": country, "document": document, "text": text, "individual": individual,
               "status": status.value if status else None}
    with reported(ctx, shown_url(db)):
        found = corpus.claims(**{k: v for k, v in filters.items() if v is not None})
        if kind is not None:
            found = _of_kind(corpus, found, kind)
        _print_claims(found if limit is None else islice(found, limit), output)


def _of_kind(corpus, found, kind: str):
    """The claims that belong to an event of this kind (from the stored events)."""
    from tollbook.errors import StoreError

    events = corpus.events()
    if not events:
        raise StoreError("no events are built yet: run `tollbook events` first to filter claims by --kind")
    held = {(d, k) for e in events if e.get("kind") == kind for d, k in e["claims"]}
    return (c for c in found if (c.document_id, c.id) in held)


def _print_claims(found, output: StoredFormat) -> None:
    """Write the claims as they are read, in the chosen format."""
    if output is StoredFormat.jsonl:
        for claim in found:
            typer.echo(json.dumps(_stored_record(claim), ensure_ascii=False))
        return
    if output is StoredFormat.json:
        # Written as it is read: a large corpus is never held in memory.
        typer.echo("[", nl=False)
        for number, claim in enumerate(found):
            typer.echo(("," if number else "") + "\n" + json.dumps(_stored_record(claim), ensure_ascii=False), nl=False)
        typer.echo("\n]")
        return
    if output is StoredFormat.csv:
        from tollbook.export.csv_cells import CsvWriter

        writer = None
        for claim in found:
            record = _stored_record(claim)
            if writer is None:
                writer = CsvWriter(sys.stdout)  # text that starts like a formula is defused
                writer.writerow(list(record))
            writer.writerow(_csv_cell(v) for v in record.values())
        return
    table = Table(header_style="bold")
    for column in ("doc", "id", "figure", INDIVIDUAL_COLUMN, "outcome", "group", "low", "high", "source", "date",
                   "place", "status"):
        table.add_column(column, no_wrap=column == INDIVIDUAL_COLUMN)
    count = 0
    for claim in found:
        record = claim.to_dict()
        count += 1
        table.add_row(str(record["document_id"]), record["id"], Text(record["figure"]),
                      individual_marker(record["individual"]),
                      record["outcome"] + (" (negated)" if record["negated"] else ""), record["group"] or "",
                      str(record["low"]), "open" if record["high"] is None else str(record["high"]),
                      Text(record["source"] or ""), record["date"] or "", Text(record["place"] or ""),
                      Text(record["status"], style=STATUS_STYLES.get(record["status"], "")))
    console = _console()
    console.print(table if count else Text("no claims match", style="dim"))


@app.command()
def reextract(ctx: typer.Context, db: DbOption = None) -> None:
    """Re-run the current extractor over stored documents read by an older one (reviewed values are kept)."""
    from tollbook.runner import extractor_version
    from tollbook.runner import reextract as run_reextract

    corpus = _open(db, ctx, create=False)
    try:
        documents, found = run_reextract(corpus)
    except Exception as exc:
        _report_error(exc, shown_url(db), _debug(ctx))
        raise typer.Exit(1) from None
    typer.echo(f"{documents} documents re-read with extractor {extractor_version()}; {found} claims stored")
