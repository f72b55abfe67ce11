"""The ``tollbook`` command: a thin Typer wrapper over the library (see STYLE.md).

Each command parses its options, calls one library function and prints with Rich.
Library errors (TollbookError) become one-line messages; tracebacks only with --debug.
"""

from __future__ import annotations

import json
import re
import sys
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import fields
from datetime import date
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

import tollbook
from tollbook.errors import TollbookError
from tollbook.ingest import read_stdin, read_text_file
from tollbook.masking import mask_text
from tollbook.model import Claim, Document

app = typer.Typer(
    name="tollbook",
    help="Turn news texts into an auditable table of casualty claims: "
    "who says how many people were killed, injured, missing, captured or displaced.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # locals would dump whole documents
)

CLAIM_KEYS = ["document", *(field.name for field in fields(Claim)), "place_chain"]
EXCERPT_CHARS = 90


class ClaimFormat(StrEnum):
    """Output formats of ``tollbook extract``."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class ReportFormat(StrEnum):
    """Output formats of ``tollbook evaluate``."""

    table = "table"
    json = "json"


@app.callback()
def _root(
    ctx: typer.Context,
    debug: Annotated[
        bool,
        typer.Option("--debug", help="Show full tracebacks instead of one-line error messages."),
    ] = False,
) -> None:
    """Turn news texts into an auditable table of casualty claims."""
    ctx.obj = {"debug": debug}


def _check_published(value: str | None) -> str | None:
    """Accept only a real calendar date written YYYY-MM-DD."""
    if value is None:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise typer.BadParameter(f"{value!r} is not a date written YYYY-MM-DD (e.g. 2024-03-13)")
    try:
        date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a calendar date (there is no {value[5:]} in {value[:4]})"
        ) from None
    return value


@app.command()
def extract(
    ctx: typer.Context,
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE",
            help="UTF-8 text files, one article each; '-' reads standard input.",
            show_default=False,
        ),
    ],
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            metavar="YYYY-MM-DD",
            callback=_check_published,
            help="Publication date of the texts; anchors relative dates such as 'on Tuesday'.",
        ),
    ] = None,
    output: Annotated[
        ClaimFormat,
        typer.Option(
            "--format",
            case_sensitive=False,
            help="table (for reading), json (one list), jsonl (one claim per line) or csv.",
        ),
    ] = ClaimFormat.table,
) -> None:
    """List the casualty claims in each FILE.

    Every file is processed even when another fails; a bad file prints an error and the command exits with status 1 at the end.
    """
    debug = _debug(ctx)
    failed = False
    rows: list[tuple[Document, Claim]] = []
    if output is ClaimFormat.csv:
        from tollbook.export.csv_cells import CsvWriter

        writer = CsvWriter(sys.stdout)  # text that starts like a formula is defused
        writer.writerow(CLAIM_KEYS)
    for path in files:
        try:
            document = read_stdin() if path == "-" else read_text_file(path)
            claims = tollbook.extract(document.text, published=published or document.published)
        except Exception as exc:  # one bad file never stops the batch (DESIGN.md)
            _report_error(exc, "<stdin>" if path == "-" else path, debug)
            failed = True
            continue
        if output is ClaimFormat.jsonl:
            for claim in claims:
                typer.echo(json.dumps(_claim_record(document, claim), ensure_ascii=False))
        elif output is ClaimFormat.csv:
            for claim in claims:
                writer.writerow(_csv_cell(v) for v in _claim_record(document, claim).values())
        else:
            rows.extend((document, claim) for claim in claims)
    if output is ClaimFormat.json:
        records = [_claim_record(document, claim) for document, claim in rows]
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
    elif output is ClaimFormat.table:
        console = _console()
        if rows:
            console.print(_claims_table(rows))
        else:
            console.print("no claims found", style="dim")
    if failed:
        raise typer.Exit(1)


DEMO_DB = "sqlite:///tollbook-demo.db"


@app.command()
def demo(
    ctx: typer.Context,
    db: Annotated[str, typer.Option("--db", metavar="URL", help="Where the demo stores its documents, claims "
                                    "and events.")] = DEMO_DB,
    report: Annotated[Path, typer.Option("--report", help="Where the demo writes its HTML report.")]
    = Path("tollbook-demo.html"),
) -> None:
    """Run tollbook over the example texts shipped with it: claims, stored events and an HTML report."""
    console = _console()
    failed = False
    examples = list(_examples())
    found: list[tuple[Document, list]] = []
    for name, document in examples:
        heading = document.title or name
        if document.published:
            heading += f" (published {document.published})"
        console.rule(Text(heading, style="bold"))
        console.print(Panel(Text(document.text.strip()), title=f"{name}.txt", title_align="left"))
        try:
            claims = tollbook.extract(document.text, published=document.published)
        except Exception as exc:
            _report_error(exc, name, _debug(ctx))
            failed = True
            continue
        found.append((document, claims))
        if claims:
            console.print(_claims_table((document, claim) for claim in claims))
        else:
            console.print("no claims found", style="dim")
        console.print()
    try:
        _demo_events(found, db, report, console)
    except Exception as exc:
        from tollbook.store.schema import shown_url

        _report_error(exc, shown_url(db), _debug(ctx))
        failed = True
    if failed:
        raise typer.Exit(1)


def _demo_events(found: list, db: str, report: Path, console: Console) -> None:
    """Store the examples, build their events, list them and write the HTML report."""
    from tollbook.cli_events import events_table, write_atomically
    from tollbook.export import render_report
    from tollbook.runner import build_events, extractor_version
    from tollbook.store import Corpus, Entry, schema

    if db == DEMO_DB:  # the demo's own file: bring one made by an older tollbook up to date
        with Corpus(db, check=False) as corpus:
            corpus.upgrade()
    with Corpus(db) as corpus:
        corpus.add_many([Entry(document, claims, extractor_version(), source_file="tollbook/examples",
                               source_record=document.id) for document, claims in found])
        build_events(corpus)
        events = corpus.events()
        documents = {d.id: {"title": d.title, "url": d.url, "published": d.published, "publisher": d.publisher}
                     for d in corpus.documents()}
    console.rule(Text(f"events in {schema.shown_url(db)}", style="bold"))
    console.print(events_table(events))
    write_atomically(report, lambda handle: handle.write(render_report(events, documents)))
    # the password stays hidden on screen: the user types it (or sets TOLLBOOK_DB) for the next command
    console.print(f"report: {report} (open it in a browser); next: tollbook event ID --db {schema.shown_url(db)}")


@app.command()
def evaluate(
    ctx: typer.Context,
    directory: Annotated[
        Path,
        typer.Argument(
            metavar="DIR",
            exists=True,
            file_okay=False,
            dir_okay=True,
            readable=True,
            help="Dataset directory with NAME.txt, NAME.meta.json and NAME.gold.jsonl files.",
            show_default=False,
        ),
    ],
    show_errors: Annotated[
        bool,
        typer.Option(
            "--show-errors",
            help="Also list each missed and spurious claim (table format only).",
        ),
    ] = False,
    output: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            case_sensitive=False,
            help="table (for reading) or json (the full report, for scripts).",
        ),
    ] = ReportFormat.table,
) -> None:
    """Score the extractor against the hand-labelled claims in DIR.

    Strict and lenient precision, recall and F1 over all claims, over counts only and over individual victims only (each kind paired on its own); attribute accuracy; scores per outcome.
    """
    debug = _debug(ctx)
    try:
        # Imported here so the other commands work even if the evaluate package is broken.
        from tollbook.evaluate import evaluate_dir, render_report

        report = evaluate_dir(directory)
        if output is ReportFormat.json:
            typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        else:
            render_report(report, _console(), show_errors=show_errors)
    except Exception as exc:
        _report_error(exc, str(directory), debug)
        raise typer.Exit(1) from None


@app.command()
def places(
    name: Annotated[str, typer.Argument(help="A place name as written, e.g. 'Aleppo' or 'Springfield'.")],
    country: Annotated[
        list[str] | None,
        typer.Option("--country", "-c", help="ISO country code to prefer among namesakes (repeatable), e.g. SY."),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many matches to show at most.")] = 10,
) -> None:
    """Look a name up in the offline gazetteer: countries, first-level regions (ISO 3166-2)
    and GeoNames places of 1,000+ people, each with its chain (place > region > country)."""
    from tollbook.extract.where import (
        admin_region,
        country_code,
        country_id,
        country_name,
        lookup,
        place_chain,
    )

    rows = []
    code = country_code(name)
    if code is not None and country_name(code):
        rows.append(("country", str(country_id(code)), country_name(code), code, "", "", "", country_name(code)))
    region = admin_region(name)
    if region is not None:
        rows.append(("region", region[0], region[2], region[1], "", "", "",
                     place_chain(region[2], region[2], region[0], region[1])))
    for match in lookup(name, frozenset(c.upper() for c in country or ())):
        rows.append(("town", str(match["geonameid"]), match["name"], match["countrycode"] or "",
                     f"{match['latitude']:.4f}", f"{match['longitude']:.4f}", f"{int(match['population'] or 0):,}",
                     place_chain(match["name"], match["name"], match["admin1code"], match["countrycode"])))
    if not rows:
        typer.echo(f"no place called {name!r} in the gazetteer; claims keep the name as written")
        raise typer.Exit(1)
    table = Table(title=f"{len(rows)} place(s) called {name!r}", header_style="bold")
    for column in ("kind", "id", "name", "country", "latitude", "longitude", "population", "chain"):
        table.add_column(column, justify="right" if column in ("latitude", "longitude", "population") else "left")
    for row in rows[:limit]:
        table.add_row(*(Text(cell) for cell in row))
    _console().print(table)


@app.command()
def version() -> None:
    """Print tollbook's version."""
    typer.echo(f"tollbook {tollbook.__version__}")


def main() -> None:
    """Entry point of the ``tollbook`` console script."""
    app()


# -- helpers ---------------------------------------------------------------------------


def _debug(ctx: typer.Context) -> bool:
    obj = ctx.find_root().obj
    return bool(obj and obj.get("debug"))


def _console() -> Console:
    """Console for tables; wider than 80 columns when the output is not a terminal."""
    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = max(console.width, 160)
    return console


def _report_error(exc: BaseException, name: str, debug: bool) -> None:
    """Print ``error: <message>`` to stderr; the traceback only with --debug.

    Passwords are hidden in the name and the message (a database URL, a driver's connection
    string quoted in its error); only the --debug traceback shows them.
    """
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    if "://" in name:
        from tollbook.store.schema import shown_url

        name = shown_url(name)
    name = mask_text(name)
    if isinstance(exc, TollbookError):
        message = str(exc)
        if not message.startswith(name):
            message = f"{name}: {message}"
    elif isinstance(exc, OSError):
        message = f"{name}: {exc.strerror or exc}"
    else:
        message = (
            f"{name}: internal error ({type(exc).__name__}: {exc}); this is a bug in "
            "tollbook, please report it (rerun with --debug for the traceback)"
        )
    typer.echo(f"error: {mask_text(message)}", err=True)


def _claim_record(document: Document, claim: Claim) -> dict[str, Any]:
    """A claim as a flat record: ``document``, the keys of ``Claim.to_dict()`` and the place's
    chain ("Kenosha > Wisconsin > United States")."""
    from tollbook.extract.where import chain_of

    record = {"document": document.id, **claim.to_dict()}
    record["place_chain"] = chain_of(record)
    return record


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    return value


def _claims_table(rows: Iterable[tuple[Document, Claim]]) -> Table:
    """A Rich table of claims, one row per claim, with the sentence around the figure."""
    table = Table(show_lines=False, header_style="bold")
    for column in ("doc", "figure", INDIVIDUAL_COLUMN, "outcome", "group", "low", "high", "qualifier"):
        table.add_column(column, no_wrap=column in ("low", "high", INDIVIDUAL_COLUMN))
    table.add_column("source")
    table.add_column("part_of")
    table.add_column("date")
    table.add_column("place")
    table.add_column("sentence excerpt", ratio=1, min_width=30)
    for document, claim in rows:
        table.add_row(
            Text(document.id or ""),
            Text(claim.figure, style="bold"),
            individual_marker(claim.individual),
            Text(f"{claim.outcome} (negated)" if claim.negated else claim.outcome),
            Text(claim.group or ""),
            Text(str(claim.low)),
            Text("open" if claim.high is None else str(claim.high)),
            Text(claim.qualifier),
            Text(claim.source or ""),
            Text(claim.part_of or ""),
            Text(claim.date or ""),
            Text(claim.place + (f" ({claim.country})" if claim.country else "") if claim.place else ""),
            _excerpt(document.text, claim),
        )
    return table


# Tables mark an individual victim (one person, low = high = 1) in a column of its own, so that
# "a policeman" is not read as a count of one.
INDIVIDUAL_COLUMN = "individual"


def individual_marker(individual: bool) -> Text:
    """The cell of the ``individual`` column: ``yes`` for one person's outcome, empty for a count."""
    return Text("yes", style="bold") if individual else Text("")


def _excerpt(text: str, claim: Claim) -> Text:
    """The claim's sentence, cut to a window around the figure, with the figure in bold."""
    start = max(claim.sentence_start, claim.start - EXCERPT_CHARS // 2)
    end = min(claim.sentence_end, claim.end + EXCERPT_CHARS // 2)
    if not (0 <= start <= claim.start <= claim.end <= end <= len(text)):
        return Text(claim.figure)  # spans outside the text: show what we can, never crash
    excerpt = Text("…" if start > claim.sentence_start else "")
    excerpt.append(_one_line(text[start : claim.start]))
    excerpt.append(_one_line(text[claim.start : claim.end]), style="bold")
    excerpt.append(_one_line(text[claim.end : end]))
    if end < claim.sentence_end:
        excerpt.append("…")
    return excerpt


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _examples() -> Iterator[tuple[str, Document]]:
    """The example texts shipped in ``tollbook/examples`` with their metadata."""
    folder = resources.files("tollbook") / "examples"
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".txt"):
            continue
        name = entry.name.removesuffix(".txt")
        meta_file = folder / f"{name}.json"
        meta = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.is_file() else {}
        text = entry.read_text(encoding="utf-8")
        yield name, Document(
            text=text, title=meta.get("title"), published=meta.get("published"), id=name
        )


# the commands over a stored corpus (ingest, claims, reextract, db, events, event, export)
# register themselves on `app`
from tollbook import cli_batch, cli_events, cli_store, cli_web  # noqa: E402, F401

if __name__ == "__main__":
    main()
