"""Batch runs over large corpora on a Dask cluster (``tollbook batch``), and ``tollbook load``.

The inputs are cut into shards: byte ranges of plain JSONL files (cut at line ends, so
records keep their ``line N``), whole WARC and gzip files, and groups of small text and
HTML files. Each shard is read and extracted on a Dask worker. The results go:

- to PostgreSQL straight from the workers (many writers are what it is for);
- to SQLite through this process, the one writer SQLite wants;
- with ``out``, to one Parquet file per shard (pyarrow), which ``load`` brings into a
  store later: for runs too large to write to a database as they go.

A shard is recorded as done only after all its documents are committed (or its Parquet
file is in place), so a killed batch started again redoes only unfinished shards; the
documents of a shard that was half stored are deduplicated by content hash. A failing
shard is retried, then reported with its error, and never stops the others.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tollbook.errors import TollbookError

SHARD_BYTES = 16 * 1024 * 1024  # a JSONL range: big enough to amortise a task, small enough to retry
SHARD_FILES = 200  # text and HTML files per shard
RETRIES = 2
_BLOCK = 1024 * 1024


class BatchError(TollbookError):
    """A batch cannot start (bad inputs, no cluster)."""


@dataclass(frozen=True, slots=True)
class Shard:
    """A piece of the input read by one task."""

    key: str
    path: str  # the file (for a group of files: the first one)
    files: tuple[str, ...] = ()  # a group of small files
    start: int = 0  # a byte range of a plain JSONL file
    end: int | None = None
    first_line: int = 1

    @property
    def label(self) -> str:
        """The shard as one storable line (a name that is not UTF-8 shows its bytes as \\xe9)."""
        from tollbook.ingest.records import storable

        path = storable(self.path)
        if self.files:
            return f"{path} (+{len(self.files) - 1} files)" if len(self.files) > 1 else path
        if self.end is not None:
            return f"{path} bytes {self.start}-{self.end}"
        return path


@dataclass(slots=True)
class ShardResult:
    key: str
    label: str
    entries: list = field(default_factory=list)  # tollbook.store.Entry, when this process writes
    failures: list[tuple[str, str | None, str]] = field(default_factory=list)
    documents: int = 0
    new: int = 0
    claims: int = 0
    stored: bool = False  # the worker stored it (PostgreSQL, Parquet)


@dataclass(slots=True)
class BatchSummary:
    shards: int = 0
    skipped: int = 0  # done in an earlier run
    failed_shards: list[str] = field(default_factory=list)
    documents: int = 0
    new: int = 0
    claims: int = 0
    failed: int = 0
    seconds: float = 0.0


# -- planning -------------------------------------------------------------------------------

def _files(paths: Iterable[str]) -> Iterator[str]:
    for path in paths:
        if path == "-" or path.lower().startswith(("http://", "https://")):
            raise BatchError(f"{path}: tollbook batch reads files and folders; use `tollbook ingest` for "
                             "standard input and URLs")
        if os.path.isdir(path):
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(n for n in names if not n.startswith(".")):
                    yield os.path.join(folder, name)
        elif os.path.exists(path):
            yield path
        else:
            raise BatchError(f"{path}: no such file or folder")


def _key(*parts: object) -> str:
    # a file name that is not UTF-8 keeps its bytes (Python holds them as surrogates)
    return hashlib.sha1("|".join(map(str, parts)).encode("utf-8", "surrogateescape")).hexdigest()


def _signature(path: str) -> str:
    info = os.stat(path)
    return f"{os.path.abspath(path)}:{info.st_size}:{info.st_mtime_ns}"


def plan(paths: Iterable[str], shard_bytes: int = SHARD_BYTES, shard_files: int = SHARD_FILES) -> list[Shard]:
    """Cut the inputs into shards (deterministic: the same files give the same keys)."""
    from tollbook.ingest.inputs import kind_of

    shards: list[Shard] = []
    group: list[str] = []

    def close_group() -> None:
        if group:
            shards.append(Shard(_key("files", *map(_signature, group)), group[0], files=tuple(group)))
            group.clear()

    for path in _files(paths):
        kind = kind_of(path)
        if kind == "jsonl" and not path.lower().endswith(".gz") and os.path.getsize(path) > shard_bytes:
            close_group()
            shards.extend(_ranges(path, shard_bytes))
        elif kind in ("jsonl", "warc"):
            close_group()
            shards.append(Shard(_key("file", _signature(path)), path))
        else:
            group.append(path)
            if len(group) >= shard_files:
                close_group()
    close_group()
    return shards


def _ranges(path: str, shard_bytes: int) -> Iterator[Shard]:
    """Byte ranges of a JSONL file, each ending at a line end, with the number of its first line."""
    signature = _signature(path)
    size = os.path.getsize(path)
    start, line = 0, 1
    with open(path, "rb") as handle:
        while start < size:
            handle.seek(min(size, start + shard_bytes))
            handle.readline()  # to the end of the line the cut falls in
            end = min(size, handle.tell()) if start + shard_bytes < size else size
            yield Shard(_key("range", signature, start, end), path, start=start, end=end, first_line=line)
            handle.seek(start)
            remaining = end - start
            while remaining > 0:
                block = handle.read(min(_BLOCK, remaining))
                if not block:
                    break
                line += block.count(b"\n")
                remaining -= len(block)
            start = end


# -- one shard, on a worker ----------------------------------------------------------------

def _records(shard: Shard, options: dict) -> Iterator[Any]:
    from tollbook.ingest import iter_inputs
    from tollbook.ingest.inputs import apply_defaults
    from tollbook.ingest.jsonl import JsonlFields, iter_jsonl_stream
    from tollbook.ingest.records import Item

    published, lang, fields = options.get("published"), options.get("lang"), options.get("fields")
    if shard.end is None:
        yield from iter_inputs(shard.files or [shard.path], published=published, lang=lang, fields=fields)
        return
    with open(shard.path, "rb") as handle:
        handle.seek(shard.start)
        data = handle.read(shard.end - shard.start)
    names = JsonlFields.from_mapping(fields)
    for record in iter_jsonl_stream(io.BytesIO(data), shard.path, names, shard.first_line):
        yield apply_defaults(record, published, lang) if isinstance(record, Item) else record


def extract_shard(shard: Shard, options: dict) -> ShardResult:
    """Read and extract one shard; the entries come back to be stored."""
    from tollbook.extract import extract
    from tollbook.ingest import Failure
    from tollbook.runner import extractor_version
    from tollbook.store import Entry

    version = extractor_version()
    result = ShardResult(shard.key, shard.label)
    for record in _records(shard, options):
        if isinstance(record, Failure):
            result.failures.append((record.source_file, record.source_record, record.message))
            continue
        document = record.document
        try:
            claims = extract(document.text, document.published)
        except TollbookError as exc:
            result.failures.append((record.source_file, record.source_record, str(exc)))
            continue
        result.entries.append(Entry(document, claims, version, record.source_file, record.source_record,
                                    record.raw_html, None, record.language or options.get("lang")))
        result.documents += 1
        result.claims += len(claims)
    return result


_CORPORA: dict[str, Any] = {}  # one open corpus per database per worker process


def _corpus(url: str):
    from tollbook.store import Corpus

    if url not in _CORPORA:
        _CORPORA[url] = Corpus(url)
    return _CORPORA[url]


def run_shard(shard: Shard, options: dict, db: str | None, out: str | None) -> ShardResult:
    """A task: extract a shard, then store it here (PostgreSQL, Parquet) or send it back (SQLite)."""
    result = extract_shard(shard, options)
    if out is not None:
        write_parquet(result, Path(out))
        result.entries, result.stored = [], True
    elif db is not None and not db.startswith("sqlite"):
        corpus = _corpus(db)
        store_result(corpus, result)
        corpus.finish_shard(shard.key, shard.label, "done", result.documents, result.claims, len(result.failures))
        result.entries, result.stored = [], True
    return result


def store_result(corpus, result: ShardResult) -> None:
    """Store a shard's documents (in batches, as ``tollbook ingest`` does) and its failures."""
    from tollbook.runner import BATCH_DOCUMENTS

    for start in range(0, len(result.entries), BATCH_DOCUMENTS):
        chunk = result.entries[start:start + BATCH_DOCUMENTS]
        try:
            outcomes = corpus.add_many(chunk)
        except TollbookError:
            outcomes = []
            for entry in chunk:
                try:
                    outcomes.extend(corpus.add_many([entry]))
                except TollbookError as exc:
                    outcomes.append((0, False))
                    result.failures.append((entry.source_file or "", entry.source_record, str(exc)))
        result.new += sum(1 for _, new in outcomes if new)
    for file, record, message in result.failures:
        corpus.record_error(file, record, message)


# -- Parquet shards -------------------------------------------------------------------------

def _claim_json(claims: Sequence) -> str:
    """Claims as JSON; a shallow dict per claim (``dataclasses.asdict`` deep-copies, 60 % of the write)."""
    from tollbook.store.records import CLAIM_FIELDS

    return json.dumps([{name: getattr(c, name) for name in CLAIM_FIELDS} for c in claims], ensure_ascii=False)


def shard_claims(raw: str | None) -> list:
    """The claims of one Parquet row (JSON, keys of ``Claim``); BatchError says what is wrong.

    Shards written before a field existed lack its key: it takes the field's default
    (``individual`` false: every claim was a count).
    """
    from dataclasses import MISSING, fields

    from tollbook.model import Claim

    try:
        found = json.loads(raw or "[]")
    except json.JSONDecodeError as exc:
        raise BatchError(f"claims are not valid JSON ({exc.msg}, column {exc.colno})") from None
    if not isinstance(found, list):
        raise BatchError(f"claims must be a JSON list, got {type(found).__name__}")
    known = {f.name: f for f in fields(Claim)}
    required = [name for name, f in known.items() if f.default is MISSING]
    claims = []
    for number, item in enumerate(found, start=1):
        where = f"claim {number}"
        if not isinstance(item, dict):
            raise BatchError(f"{where}: expected a JSON object, got {type(item).__name__}")
        unknown = sorted(set(item) - set(known))
        if unknown:
            raise BatchError(f"{where}: unknown key(s) {', '.join(unknown)}; was the shard written by a newer "
                             "tollbook? load it with that version")
        missing = [name for name in required if name not in item]
        if missing:
            raise BatchError(f"{where}: missing key(s) {', '.join(missing)}")
        for name in ("negated", "vague", "individual"):
            if name in item and not isinstance(item[name], bool):
                raise BatchError(f"{where}: {name!r} must be true or false, got {item[name]!r}")
        claims.append(Claim(**{**item, "place_alternatives": tuple(item.get("place_alternatives") or ())}))
    return claims


def write_parquet(result: ShardResult, out: Path) -> Path:
    """One Parquet file per shard (documents with their claims as JSON), written atomically."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    rows = {
        "text": [e.document.text for e in result.entries],
        "title": [e.document.title for e in result.entries],
        "url": [e.document.url for e in result.entries],
        "published": [e.document.published for e in result.entries],
        "doc_id": [e.document.id for e in result.entries],
        "source_file": [e.source_file for e in result.entries],
        "source_record": [e.source_record for e in result.entries],
        "raw_html": [e.raw_html for e in result.entries],
        "language": [e.language for e in result.entries],
        "extractor_version": [e.extractor_version for e in result.entries],
        "claims": [_claim_json(e.claims) for e in result.entries],
    }
    table = pa.table(rows, schema=pa.schema([(name, pa.string()) for name in rows]))
    table = table.replace_schema_metadata({"tollbook_failures": json.dumps(result.failures, ensure_ascii=False),
                                           "tollbook_shard": result.label})
    target = out / f"shard-{result.key[:16]}.parquet"
    partial = target.with_suffix(".parquet.partial")
    pq.write_table(table, partial)
    partial.replace(target)
    return target


def done_parquet(out: Path) -> set[str]:
    return {p.name.removeprefix("shard-").removesuffix(".parquet") for p in out.glob("shard-*.parquet")}


def load(corpus, folder: Path, on_file: Callable[[int, int], None] | None = None) -> BatchSummary:
    """Store the Parquet shards of a batch run (``tollbook load``); already stored documents are skipped."""
    import pyarrow.parquet as pq

    from tollbook.model import Document
    from tollbook.store import Entry

    summary = BatchSummary()
    files = sorted(folder.glob("shard-*.parquet"))
    if not files:
        raise BatchError(f"{folder}: no shard-*.parquet files (written by `tollbook batch --out`)")
    for number, path in enumerate(files, start=1):
        table = pq.read_table(path)
        failures = json.loads((table.schema.metadata or {}).get(b"tollbook_failures", b"[]"))
        result = ShardResult(path.stem, str(path), failures=[tuple(f) for f in failures])
        for number, row in enumerate(table.to_pylist(), start=1):
            try:
                claims = shard_claims(row["claims"])
            except BatchError as exc:  # one bad row never loses the rest of the shard
                result.failures.append((str(path), f"row {number}", f"{path} row {number}: {exc}; row skipped"))
                continue
            document = Document(text=row["text"], title=row["title"], published=row["published"], url=row["url"],
                                id=row["doc_id"])
            result.entries.append(Entry(document, claims, row["extractor_version"], row["source_file"],
                                        row["source_record"], row["raw_html"], None, row["language"]))
            result.documents += 1
            result.claims += len(claims)
        store_result(corpus, result)
        _add(summary, result)
        if on_file is not None:
            on_file(number, len(files))
    summary.shards = len(files)
    return summary


def _add(summary: BatchSummary, result: ShardResult) -> None:
    summary.documents += result.documents
    summary.new += result.new
    summary.claims += result.claims
    summary.failed += len(result.failures)


# -- the run --------------------------------------------------------------------------------

def batch(
    paths: Sequence[str],
    *,
    db: str | None = None,
    out: Path | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    shard_bytes: int = SHARD_BYTES,
    shard_files: int = SHARD_FILES,
    published: str | None = None,
    lang: str | None = None,
    fields: dict | None = None,
    on_shard: Callable[[BatchSummary, int], None] | None = None,
) -> BatchSummary:
    """Run ingest and extraction over the inputs on a Dask cluster (see the module docstring).

    Args:
        db: database URL (results stored as they come); ignored with ``out``.
        out: folder for Parquet shards instead of a database.
        workers: worker processes of a local cluster (default: one per core).
        scheduler: address of a running Dask scheduler (``tcp://host:8786``) instead.
        on_shard: called after each shard with the summary so far and the number of shards.
    """
    from dask.distributed import Client, LocalCluster, as_completed

    from tollbook.store import Corpus

    started = time.perf_counter()
    shards = plan(paths, shard_bytes, shard_files)
    summary = BatchSummary(shards=len(shards))
    corpus = None if out is not None else Corpus(db)
    try:
        done = done_parquet(out) if out is not None else corpus.done_shards()
        todo = [s for s in shards if (s.key[:16] if out is not None else s.key) not in done]
        summary.skipped = len(shards) - len(todo)
        if not todo:
            return summary
        options = {"published": published, "lang": lang, "fields": fields}
        target_db = corpus.connection_url() if corpus is not None else None
        cluster = None
        try:
            if scheduler:
                client = Client(scheduler, timeout="30s")
            else:
                cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                                       processes=True, dashboard_address=None)
                client = Client(cluster)
        except OSError as exc:
            raise BatchError(f"cannot reach the Dask scheduler {scheduler or '(local)'}: {exc}") from None
        with client:
            futures = {client.submit(run_shard, shard, options, target_db, str(out) if out else None,
                                     retries=RETRIES, pure=False, key=f"shard-{shard.key}"): shard for shard in todo}
            for future in as_completed(futures):
                shard = futures[future]
                try:
                    result: ShardResult = future.result()
                except Exception as exc:  # the task failed on every try: report it, go on with the others
                    message = f"{shard.label}: {type(exc).__name__}: {exc}"
                    summary.failed_shards.append(message)
                    if corpus is not None:
                        corpus.finish_shard(shard.key, shard.label, "failed", 0, 0, 0, message)
                else:
                    if not result.stored and corpus is not None:
                        store_result(corpus, result)
                        corpus.finish_shard(shard.key, shard.label, "done", result.documents, result.claims,
                                            len(result.failures))
                    elif out is not None:
                        result.new = result.documents
                    _add(summary, result)
                if on_shard is not None:
                    on_shard(summary, len(todo))
        if cluster is not None:
            cluster.close()
    finally:
        if corpus is not None:
            corpus.close()
        summary.seconds = time.perf_counter() - started
    return summary
