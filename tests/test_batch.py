"""tollbook batch: the same documents and claims as a serial ingest, on a local cluster, on a
scheduler with two worker processes, to Parquet and back; resumable after a kill."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.ingest.conftest import make_page
from tests.ingest.test_store import _inputs
from tests.test_runner import make_inputs, snapshot

from tollbook import batch as batch_module
from tollbook.batch import batch, load, plan
from tollbook.model import Document
from tollbook.runner import ingest
from tollbook.store import Corpus

BIN = Path(sys.executable).parent
SHARD = 8 * 1024  # bytes: the test corpus becomes several JSONL ranges


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    folder = _inputs(tmp_path / "in", make_page)  # every file kind and every bad-record kind
    make_inputs(folder / "feeds", count=300)  # a JSONL file larger than a shard
    return folder


def serial(folder: Path, tmp_path: Path) -> tuple[list, int]:
    url = f"sqlite:///{tmp_path / 'serial.db'}"
    with Corpus(url) as corpus:
        summary = ingest(corpus, [str(folder)])
    return snapshot(url), summary.failed


def errors(url: str) -> int:
    with Corpus(url) as corpus:
        return len(corpus.errors())


def test_plan_cuts_jsonl_at_line_ends_and_keeps_line_numbers(tmp_path: Path) -> None:
    folder = make_inputs(tmp_path / "in", count=200)
    shards = plan([str(folder)], shard_bytes=2048)
    ranges = [s for s in shards if s.end is not None]
    assert len(ranges) > 3
    assert [s.start for s in ranges[1:]] == [s.end for s in ranges[:-1]]  # no gap, no overlap
    records = [r for s in ranges for r in batch_module._records(s, {})]
    from tollbook.ingest import iter_inputs

    whole = list(iter_inputs([str(folder / "feed.jsonl")]))
    assert [r.source_record for r in records] == [r.source_record for r in whole]
    assert plan([str(folder)], shard_bytes=2048) == shards  # deterministic keys


def test_local_cluster_matches_serial_ingest(db_url: str, corpus_dir: Path, tmp_path: Path) -> None:
    expected, failed = serial(corpus_dir, tmp_path)
    summary = batch([str(corpus_dir)], db=db_url, workers=2, shard_bytes=SHARD)
    assert summary.failed_shards == [] and summary.shards > 3
    assert snapshot(db_url) == expected
    assert summary.failed == failed == errors(db_url)
    again = batch([str(corpus_dir)], db=db_url, workers=2, shard_bytes=SHARD)
    assert (again.skipped, again.documents) == (summary.shards, 0)  # every shard was done


def test_parquet_shards_and_load(corpus_dir: Path, tmp_path: Path) -> None:
    expected, failed = serial(corpus_dir, tmp_path)
    out = tmp_path / "shards"
    summary = batch([str(corpus_dir)], out=out, workers=2, shard_bytes=SHARD)
    assert len(list(out.glob("shard-*.parquet"))) == summary.shards
    url = f"sqlite:///{tmp_path / 'loaded.db'}"
    with Corpus(url) as corpus:
        loaded = load(corpus, out)
    assert snapshot(url) == expected and loaded.failed == failed
    assert batch([str(corpus_dir)], out=out, workers=2, shard_bytes=SHARD).skipped == summary.shards


def test_a_failing_shard_is_retried_then_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dask.distributed import LocalCluster

    folder = make_inputs(tmp_path / "in", count=200)
    shards = plan([str(folder)], shard_bytes=2048)
    bad = next(s for s in shards if s.end is not None)
    tries: list[str] = []
    real = batch_module.extract_shard

    def flaky(shard, options):
        if shard.key == bad.key:
            tries.append(shard.key)
            raise OSError("disk went away")
        return real(shard, options)

    monkeypatch.setattr(batch_module, "extract_shard", flaky)
    url = f"sqlite:///{tmp_path / 'flaky.db'}"
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        summary = batch([str(folder)], db=url, scheduler=cluster.scheduler_address, shard_bytes=2048)
    assert len(tries) == 1 + batch_module.RETRIES
    assert len(summary.failed_shards) == 1 and "disk went away" in summary.failed_shards[0]
    with Corpus(url) as corpus:
        assert corpus.count_documents() > 150  # the other shards are all stored
        assert bad.key not in corpus.done_shards()


def test_a_killed_batch_resumes_without_loss_or_duplicates(corpus_dir: Path, tmp_path: Path) -> None:
    expected, _ = serial(corpus_dir, tmp_path)
    url = f"sqlite:///{tmp_path / 'killed.db'}"
    command = [str(BIN / "tollbook"), "batch", str(corpus_dir), "--db", url, "--workers", "2", "--shard-mb", "0.002"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    done = 0
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        if Path(url.removeprefix("sqlite:///")).exists():
            try:
                with Corpus(url) as corpus:
                    done = len(corpus.done_shards())
            except Exception:  # the schema is still being created
                continue
            if done >= 3:
                break
    os.killpg(process.pid, signal.SIGKILL)  # the client and its local cluster's worker processes
    process.wait()
    total = len(plan([str(corpus_dir)], shard_bytes=int(0.002 * 1024 * 1024)))
    assert 0 < done < total, (done, total)
    subprocess.run(command, capture_output=True, timeout=300, check=False)
    assert snapshot(url) == expected


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_two_workers_on_a_scheduler(postgres_url: str, corpus_dir: Path, tmp_path: Path) -> None:
    """A scheduler and two worker processes started apart, as on a real cluster (PostgreSQL store)."""
    expected, failed = serial(corpus_dir, tmp_path)
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    processes = [subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                   "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  env=env, start_new_session=True)]
    try:
        time.sleep(2)
        for _ in range(2):
            processes.append(subprocess.Popen([str(BIN / "dask"), "worker", address, "--nthreads", "1",
                                               "--nworkers", "1", "--no-dashboard", "--host", "127.0.0.1"],
                                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                                              start_new_session=True))
        from dask.distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
            assert len(client.scheduler_info()["workers"]) == 2
        result = subprocess.run([str(BIN / "tollbook"), "batch", str(corpus_dir), "--db", postgres_url,
                                 "--scheduler", address, "--shard-mb", "0.008"],
                                capture_output=True, text=True, timeout=300, check=False)
        assert "0 failed)" in result.stdout, result.stdout + result.stderr
        assert snapshot(postgres_url) == expected
        assert errors(postgres_url) == failed
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


# -- Parquet claims: the individual flag, older shards, bad rows --------------------------------

PERSON_TEXT = "Officials said 12 people were killed in Velmora on Monday. A policeman was shot dead."


def _person_entry(text: str = PERSON_TEXT):
    from tollbook.extract import extract
    from tollbook.store import Entry

    claims = [c for c in extract(text, "2024-03-12") if not c.individual]  # the person is made here
    at = text.index("A policeman")
    person = dataclasses.replace(claims[0], id="c9", figure="A policeman", start=at, end=at + 11, low=1, high=1,
                                 group="police", source=None, source_key=None, sentence_start=at,
                                 sentence_end=len(text), individual=True)
    return Entry(Document(text=text, published="2024-03-12", id="p1"), [*claims, person], "1", "feed.jsonl",
                 "line 1")


def test_parquet_keeps_individual_claims(db_url: str, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    entry = _person_entry()
    path = batch_module.write_parquet(batch_module.ShardResult("k" * 40, "feed.jsonl", [entry], documents=1),
                                      tmp_path / "out")
    (row,) = pq.read_table(path).to_pylist()
    assert [c["individual"] for c in json.loads(row["claims"])] == [False, True]
    with Corpus(db_url) as corpus:
        summary = load(corpus, tmp_path / "out")
        assert (summary.new, summary.claims, summary.failed) == (1, 2, 0)
        assert [(c.figure, c.individual) for c in corpus.claims()] == [("12", False), ("A policeman", True)]
        assert [c.to_claim() for c in corpus.claims()] == entry.claims


def _shard(folder: Path, claims: list[str]) -> Path:
    """A Parquet shard as `tollbook batch --out` writes it, with these claims JSON texts (one row each)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    rows = {"text": [f"Story {n}: {PERSON_TEXT}" for n in range(len(claims))], "title": [None] * len(claims),
            "url": [None] * len(claims), "published": ["2024-03-12"] * len(claims),
            "doc_id": [str(n) for n in range(len(claims))], "source_file": ["feed.jsonl"] * len(claims),
            "source_record": [f"line {n + 1}" for n in range(len(claims))], "raw_html": [None] * len(claims),
            "language": [None] * len(claims), "extractor_version": ["1"] * len(claims), "claims": claims}
    path = folder / "shard-0123456789abcdef.parquet"
    pq.write_table(pa.table(rows, schema=pa.schema([(name, pa.string()) for name in rows])), path)
    return path


def _old_claim() -> dict:
    """A claim as a shard of tollbook before individual victims held it: no 'individual' key."""
    record = _person_entry().claims[0].to_dict()
    del record["individual"]
    return record


def test_an_older_shard_loads_its_claims_as_counts(tmp_path: Path) -> None:
    _shard(tmp_path / "out", [json.dumps([_old_claim()])])
    with Corpus(f"sqlite:///{tmp_path / 'old.db'}") as corpus:
        assert load(corpus, tmp_path / "out").failed == 0
        assert [(c.figure, c.individual) for c in corpus.claims()] == [("12", False)]


BAD_ROWS = [
    ("not json", "claims are not valid JSON"),
    ('{"figure": "12"}', "claims must be a JSON list, got dict"),
    ("[7]", "claim 1: expected a JSON object, got int"),
    (json.dumps([{**_old_claim(), "victims": 3}]), "claim 1: unknown key(s) victims"),
    (json.dumps([{k: v for k, v in _old_claim().items() if k != "outcome"}]), "claim 1: missing key(s) outcome"),
    (json.dumps([{**_old_claim(), "individual": "yes"}]), "claim 1: 'individual' must be true or false, got 'yes'"),
]


@pytest.mark.parametrize(("claims", "words"), BAD_ROWS)
def test_a_bad_parquet_row_is_reported_and_the_others_load(tmp_path: Path, claims: str, words: str) -> None:
    path = _shard(tmp_path / "out", [json.dumps([_old_claim()]), claims])
    with Corpus(f"sqlite:///{tmp_path / 'bad.db'}") as corpus:
        summary = load(corpus, tmp_path / "out")
        assert (summary.new, summary.failed) == (1, 1)
        (error,) = corpus.errors()
        assert (error["file"], error["record"]) == (str(path), "row 2")
        assert error["message"].startswith(f"{path} row 2: ") and words in error["message"]
        assert corpus.count_documents() == 1


def test_a_file_name_that_is_not_utf8_is_one_failure(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Floods killed 7 people in Dunmore on Tuesday, officials said.", encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), b"latin1-\xe9.txt"), "wb") as fh:
        fh.write(b"Shelling killed 12 people in Velmora on Monday, the army said.")
    (folder / "z.txt").write_text("A bus crash killed 9 people near Orlen on Sunday, police said.", encoding="utf-8")
    summary = batch([str(folder)], db=db_url, workers=1)
    assert summary.failed_shards == [] and summary.documents == 2 and summary.failed == 1
    with Corpus(db_url) as corpus:
        (error,) = corpus.errors()
    assert "latin1-\\xe9.txt" in error["message"]
