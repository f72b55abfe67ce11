"""Review UI on a large corpus: page times with 50,000 documents (SQLite, in one process).

Builds a corpus of --docs documents (generated texts from benchmarks/corpus.py, each made
unique; their claims extracted once per template text, so building it is quick), then
times the pages and API calls a reviewer uses, through FastAPI's TestClient, with the
same calls on a 1,000-document corpus as the baseline: usable means the large corpus's
pages take about as long as the small one's (server-side paging, indexed queries).

    .venv/bin/python benchmarks/web.py [--docs 50000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import generate  # noqa: E402


def build(url: str, docs: int, templates: list[tuple[str, list]]) -> float:
    from tollbook.model import Document
    from tollbook.store import Corpus, Entry

    start = time.perf_counter()
    with Corpus(url) as corpus:
        batch = []
        for n in range(docs):
            text, claims = templates[n % len(templates)]
            document = Document(text=f"{text}\n\n(copy {n})", title=f"Report {n} on {text[:40]}",
                                published=f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}", url=f"https://news.example/{n}")
            batch.append(Entry(document, claims, "bench", "bench.jsonl", f"line {n + 1}"))
            if len(batch) == 500:
                corpus.add_many(batch)
                batch.clear()
        corpus.add_many(batch)
    return time.perf_counter() - start


def timings(url: str, docs: int) -> dict[str, float]:
    from fastapi.testclient import TestClient

    from tollbook.web import create_app

    middle, last = docs // 2, max(1, docs // 50)
    calls = {
        "documents, page 1": "/documents",
        "documents, last page": f"/documents?page={last}",
        "documents, title search": "/documents?q=report%2012",
        "one document with claims": f"/documents/{middle}",
        "claims, page 1": "/claims",
        "claims, killed, page 100": "/claims?outcome=killed&page=100",
        "claims, unreviewed, page 500": "/claims?status=unreviewed&page=500",
        "API claims of a document": f"/api/claims?document={middle}",
        "audit log": "/audit",
    }
    found: dict[str, float] = {}
    with TestClient(create_app(url)) as client:
        for name, path in calls.items():
            client.get(path)  # warm
            runs = []
            for _ in range(5):
                start = time.perf_counter()
                response = client.get(path)
                runs.append(time.perf_counter() - start)
                assert response.status_code == 200, (path, response.status_code)
            found[name] = statistics.median(runs) * 1000
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--baseline", type=int, default=1_000)
    args = parser.parse_args()

    from tollbook import extract
    from tollbook.runner import build_events
    from tollbook.store import Corpus

    texts = generate(1_000_000, 3)[:400]
    templates = [(t, extract(t, "2024-05-17")) for t in texts]
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for docs in (args.baseline, args.docs):
            url = f"sqlite:///{Path(tmp) / f'web-{docs}.db'}"
            seconds = build(url, docs, templates)
            with Corpus(url) as corpus:
                claims = corpus.count_claims()
                start = time.perf_counter()
                events, _ = build_events(corpus)
                rebuild = time.perf_counter() - start
            print(f"{docs:,} documents, {claims:,} claims: stored in {seconds:.1f} s; events built in {rebuild:.1f} s "
                  f"({events:,} events)")
            results[docs] = timings(url, docs)
    print(f"\n{'page (median of 5, ms)':34} {args.baseline:>10,} {args.docs:>10,}   ratio")
    for name in results[args.docs]:
        small, large = results[args.baseline][name], results[args.docs][name]
        print(f"{name:34} {small:10.1f} {large:10.1f}   x{large / small:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
