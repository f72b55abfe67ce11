"""Commands for large corpora: ``batch`` (a Dask cluster) and ``load`` (Parquet shards into a store)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tollbook.cli import _check_published, _console, app
from tollbook.cli_store import DbOption, _open, progress_bar, reported


@app.command()
def batch(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(metavar="INPUT", help="Files and folders (JSONL, WARC, text, HTML).",
                                               show_default=False)],
    db: DbOption = None,
    workers: Annotated[int | None, typer.Option("--workers", min=1, help="Worker processes of a local Dask "
                                                "cluster (default: one per core).")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", metavar="tcp://HOST:PORT",
                                                  help="Run on this Dask scheduler instead of a local cluster.")]
    = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write Parquet shards to this folder instead of a "
                                             "database (bring them in later with `tollbook load`).")] = None,
    shard_mb: Annotated[float, typer.Option("--shard-mb", min=0.0001, help="Size of a JSONL shard in MB.")] = 16,
    published: Annotated[str | None, typer.Option("--published", metavar="YYYY-MM-DD", callback=_check_published,
                                                  help="Publication date for documents that do not carry one.")]
    = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language code for documents that lack one.")] = None,
) -> None:
    """Ingest and extract a large corpus on a Dask cluster, shard by shard (a rerun skips finished shards)."""
    from tollbook.batch import batch as run_batch

    if workers and scheduler:
        raise typer.BadParameter("give --workers or --scheduler, not both", param_hint="--workers")
    if out is None:
        _open(db, ctx).close()  # create or check the database before starting workers
    progress = progress_bar("batch", "docs/s")
    with progress:
        task = progress.add_task("batch", total=None, rate="0")

        def tick(summary, total: int) -> None:
            elapsed = progress.tasks[0].elapsed or 1e-9
            progress.update(task, total=total, advance=1, rate=f"{summary.documents / elapsed:,.0f}")

        with reported(ctx, db or "tollbook.db"):
            summary = run_batch(paths, db=db, out=out, workers=workers, scheduler=scheduler,
                                shard_bytes=int(shard_mb * 1024 * 1024), published=published, lang=lang,
                                on_shard=tick)
    for message in summary.failed_shards:
        typer.echo(f"error: shard failed: {message}", err=True)
    rate = summary.documents / summary.seconds if summary.seconds else 0
    where = f"Parquet shards in {out}" if out else "the database"
    _console().print(
        f"{summary.shards} shards ({summary.skipped} done before, {len(summary.failed_shards)} failed): "
        f"{summary.documents} documents ({summary.new} new, {summary.failed} bad records), {summary.claims} claims "
        f"into {where} in {summary.seconds:.1f} s ({rate:,.0f} docs/s)")
    if summary.failed_shards or summary.failed:
        raise typer.Exit(1)


@app.command()
def load(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="Folder of Parquet shards written by `tollbook batch --out`.",
                                           exists=True, file_okay=False)],
    db: DbOption = None,
) -> None:
    """Bring the Parquet shards of a batch run into the database (documents already there are skipped)."""
    from tollbook.batch import load as run_load

    corpus = _open(db, ctx)
    progress = progress_bar("load", "files")
    with progress:
        task = progress.add_task("load", total=None, rate="")

        def tick(done: int, total: int) -> None:
            progress.update(task, total=total, completed=done)

        with reported(ctx, str(folder)):
            summary = run_load(corpus, folder, on_file=tick)
    _console().print(f"{summary.shards} shards: {summary.new} new documents of {summary.documents}, "
                     f"{summary.claims} claims, {summary.failed} bad records")
    if summary.failed:
        raise typer.Exit(1)
