"""Concurrent writers: separate processes adding the same documents at the same moment."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tollbook.store import Corpus

WORKER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import tollbook
    from tollbook.model import Document
    from tollbook.store import Corpus

    url, go, mode, worker = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    texts = [f"Officials in district {chr(65 + i % 26)}{i} said {i + 2} people were killed on Friday."
             for i in range(50)]
    work = [(Document(text=t, published="2024-05-06"), tollbook.extract(t, "2024-05-06")) for t in texts]
    if worker == 1:  # the second writer goes backwards, so the two meet on the same documents
        work.reverse()
    corpus = None if mode == "open" else Corpus(url)
    print("ready", flush=True)
    deadline = time.monotonic() + 60
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.001)
    if corpus is None:  # the database is empty: both processes race to set it up
        corpus = Corpus(url)
        print("revision", corpus.revision(), flush=True)
    else:
        new = sum(corpus.add(d, c, extractor_version="1")[1] for d, c in work)
        print("new", new, sum(len(c) for _, c in work), flush=True)
    corpus.close()
""")


def _race(db_url: str, tmp_path: Path, mode: str) -> list[str]:
    """Run two worker processes that start the same work at the same moment; return their output."""
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, db_url, str(go), mode, str(n)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
               for n in range(2)]
    try:
        for worker in workers:
            assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
        go.touch()
        results = [worker.communicate(timeout=240) for worker in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
    for worker, (_out, err) in zip(workers, results, strict=True):
        assert worker.returncode == 0, err
    return [out.strip() for out, _ in results]


def test_concurrent_writers_store_each_document_once(db_url: str, tmp_path: Path) -> None:
    Corpus(db_url).close()
    counts = [line.split() for line in _race(db_url, tmp_path, "add")]
    print("documents stored by each process:", [int(new) for _, new, _ in counts])
    assert sum(int(new) for _, new, _ in counts) == 50
    with Corpus(db_url, create=False) as corpus:
        assert corpus.count_documents() == 50
        assert len(list(corpus.claims())) == int(counts[0][2])


def test_concurrent_first_opens_set_up_the_schema_once(db_url: str, tmp_path: Path) -> None:
    assert _race(db_url, tmp_path, "open") == ["revision 0006", "revision 0006"]
