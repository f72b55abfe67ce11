"""Ingest benchmark: documents per second into SQLite and PostgreSQL, against extraction alone.

A generated corpus (benchmarks/corpus.py) of --docs documents is written as one JSONL
file; the run measures, in the same process:

- extraction alone over the same texts (the baseline);
- ``tollbook.runner.ingest`` into a fresh SQLite file, and into PostgreSQL when a URL is
  given with --pg or a throwaway server can be started (Debian's postgresql package);
- the store overhead: ingest time / extraction time - 1 (target: at most 30%);
- peak memory (maxrss) after 5,000 documents and at the end (target: flat).

    .venv/bin/python benchmarks/ingest.py [--docs 20000] [--pg postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import generate  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_corpus(path: Path, docs: int, seed: int) -> list[str]:
    texts: list[str] = []
    size = 2_000 * docs
    while len(texts) < docs:
        texts.extend(generate(size, seed + len(texts)))
    texts = texts[:docs]
    with path.open("w", encoding="utf-8") as handle:
        for n, text in enumerate(texts):
            handle.write(json.dumps({"id": f"gen-{n}", "text": text, "published": "2024-05-17"}) + "\n")
    return texts


def extraction_alone(texts: list[str]) -> tuple[float, int]:
    from tollbook import extract

    start = time.perf_counter()
    claims = sum(len(extract(t, "2024-05-17")) for t in texts)
    return time.perf_counter() - start, claims


def run_ingest(url: str, corpus_file: Path) -> dict:
    from tollbook.runner import ingest
    from tollbook.store import Corpus

    marks: dict[int, float] = {}

    def tick(summary) -> None:
        if summary.seen in (5_000, 20_000):
            marks[summary.seen] = rss_mb()

    with Corpus(url) as corpus:
        start = time.perf_counter()
        summary = ingest(corpus, [str(corpus_file)], on_record=tick)
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "new": summary.new, "failed": summary.failed, "claims": summary.claims,
            "rss": marks, "rss_end": rss_mb()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pg", help="PostgreSQL URL (an empty database); default: start a throwaway server")
    args = parser.parse_args()

    from tollbook import extract

    extract("Warm-up: 3 people were killed in the town of Velmora on Monday.", "2024-05-17")
    with tempfile.TemporaryDirectory() as tmp:
        corpus_file = Path(tmp) / "corpus.jsonl"
        texts = write_corpus(corpus_file, args.docs, args.seed)
        chars = sum(map(len, texts))
        print(f"generated {len(texts):,} documents, {chars / 1e6:.1f} M characters")
        base, claims = extraction_alone(texts)
        results = {"sqlite": run_ingest(f"sqlite:///{Path(tmp) / 'bench.db'}", corpus_file)}
        pg_url, server = args.pg, None
        if pg_url is None:
            try:
                from tests.conftest import _Server  # the test suite's throwaway server

                server = _Server()
                pg_url = server.start()
            except Exception as exc:  # no server: report it, still print SQLite figures
                print(f"PostgreSQL       : not measured ({exc})")
        if pg_url:
            try:
                results["postgresql"] = run_ingest(pg_url, corpus_file)
            finally:
                if server is not None:
                    server.stop()
        again, _ = extraction_alone(texts)  # once more after the ingests: the faster run is the baseline
        base = min(base, again)
    print(f"extraction alone : {base:7.2f} s  {len(texts) / base:8.0f} docs/s  ({claims:,} claims; "
          f"the faster of a run before and after the ingests)")
    for name, r in results.items():
        overhead = r["seconds"] / base - 1
        marks = ", ".join(f"{k:,} docs {v:.0f} MB" for k, v in sorted(r["rss"].items()))
        print(f"ingest {name:10}: {r['seconds']:7.2f} s  {r['new'] / r['seconds']:8.0f} docs/s  "
              f"store overhead {overhead:+.0%} (target <= +30%)  maxrss {marks or '-'}; end {r['rss_end']:.0f} MB")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
