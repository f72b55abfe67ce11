"""Throughput, memory and linearity of ``tollbook.extract`` (single process).

    .venv/bin/python benchmarks/throughput.py                 # default run, < ~3 minutes
    .venv/bin/python benchmarks/throughput.py --limit 2000 --generated-mb 2 --linear-base 100000

Speed is characters / 1e6 per second ("MB/s" below), timed with ``time.perf_counter``
around ``extract`` only; reading and decompressing the corpus is not counted. The same
texts are also scanned by a bare ``re.finditer(r"\\d+", text)`` loop, the floor that any
extractor reading every character has to pay; the report gives extract-time /
baseline-time. Each timed section stops at ``--budget`` seconds and says which subset it
measured, so a slow extractor still finishes in bounded time.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import platform
import re
import resource
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import tollbook

try:
    from corpus import generate
except ImportError:  # run as ``python -m benchmarks.throughput``
    from benchmarks.corpus import generate

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared/bench/news.jsonl.gz"
DIGITS = re.compile(r"\d+")
TARGET_MBS = 2.0


def load_corpus(path: Path, limit: int | None) -> list[tuple[str, str | None]]:
    """(title + blank line + text, published) for the first ``limit`` articles of ``path``."""
    docs: list[tuple[str, str | None]] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if limit is not None and len(docs) >= limit:
                break
            record = json.loads(line)
            docs.append((f"{record.get('title') or ''}\n\n{record['text']}", record.get("published")))
    return docs


def maxrss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KB)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 if sys.platform != "darwin" else rss / 1024 / 1024


def run_extract(docs: Sequence[tuple[str, str | None]], budget: float) -> dict:
    """Time ``extract`` over ``docs`` in order, stopping once ``budget`` seconds are spent."""
    extract = tollbook.extract
    clock = time.perf_counter
    spent = 0.0
    chars = 0
    claims = 0
    outcomes: Counter[str] = Counter()
    slowest = (0.0, 0)
    done = 0
    gc.collect()
    for text, published in docs:
        t0 = clock()
        found = extract(text, published)
        dt = clock() - t0
        spent += dt
        chars += len(text)
        claims += len(found)
        for claim in found:
            outcomes[claim.outcome] += 1
        if dt > slowest[0]:
            slowest = (dt, len(text))
        done += 1
        if spent >= budget:
            break
    return {"docs": done, "chars": chars, "seconds": spent, "claims": claims,
            "outcomes": outcomes, "slowest": slowest, "stopped": done < len(docs)}


def run_baseline(docs: Sequence[tuple[str, str | None]], repeat: int = 3) -> tuple[float, int]:
    """Best-of-``repeat`` time of a bare ``re`` digit scan over ``docs``; and its match count."""
    best = float("inf")
    matches = 0
    finditer = DIGITS.finditer
    for _ in range(repeat):
        matches = 0
        t0 = time.perf_counter()
        for text, _published in docs:
            for _match in finditer(text):
                matches += 1
        best = min(best, time.perf_counter() - t0)
    return best, matches


def run_tracemalloc(docs: Sequence[tuple[str, str | None]], budget: float) -> tuple[int, int, float]:
    """tracemalloc peak (bytes) of the extraction loop over ``docs``; (peak, docs, chars MB)."""
    extract = tollbook.extract
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    t0 = time.perf_counter()
    done = 0
    chars = 0
    for text, published in docs:
        extract(text, published)
        done += 1
        chars += len(text)
        if time.perf_counter() - t0 >= budget:
            break
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, done, chars / 1e6


def mbs(chars: int, seconds: float) -> str:
    return f"{chars / 1e6 / seconds:10.2f} MB/s" if seconds > 0 else "       inf MB/s"


def report_section(name: str, docs: Sequence[tuple[str, str | None]], args: argparse.Namespace,
                   available: int) -> float | None:
    """Time extract and the baseline over ``docs``; print the section; return MB/s."""
    print(f"\n== {name} ==")
    result = run_extract(docs, args.budget)
    measured = docs[: result["docs"]]
    base_seconds, digit_runs = run_baseline(measured)
    subset = f"{result['docs']:,} of {available:,} documents"
    if result["stopped"]:
        subset += f" (stopped by --budget {args.budget:g} s)"
    print(f"subset measured      : {subset}, {result['chars'] / 1e6:.2f} M characters")
    print(f"extract              : {result['seconds']:8.2f} s {mbs(result['chars'], result['seconds'])}"
          f"   {result['docs'] / result['seconds'] if result['seconds'] else float('inf'):,.0f} docs/s")
    print(f"baseline re \\d+ scan : {base_seconds:8.3f} s {mbs(result['chars'], base_seconds)}"
          f"   ({digit_runs:,} digit runs)")
    ratio = result["seconds"] / base_seconds if base_seconds > 0 else float("inf")
    print(f"extract / baseline   : {ratio:8.1f} x")
    per_mb = result["claims"] / (result["chars"] / 1e6) if result["chars"] else 0.0
    print(f"claims found         : {result['claims']:,} ({per_mb:.1f} per M characters)")
    if result["outcomes"]:
        print("claims by outcome    : " + ", ".join(f"{k} {v:,}" for k, v in result["outcomes"].most_common()))
    slow_s, slow_len = result["slowest"]
    print(f"slowest document     : {slow_s * 1000:.1f} ms for {slow_len:,} characters")
    if not result["seconds"]:
        return None
    return result["chars"] / 1e6 / result["seconds"]


def report_memory(docs: Sequence[tuple[str, str | None]], args: argparse.Namespace) -> None:
    print("\n== memory ==")
    print(f"maxrss so far (whole process, corpus loaded): {maxrss_mb():.1f} MB")
    peak, done, mb = run_tracemalloc(docs, args.memory_budget)
    print(f"tracemalloc peak of the extraction loop: {peak / 1e6:.3f} MB ({peak:,} bytes) "
          f"over {done:,} real documents ({mb:.2f} M characters; "
          f"tracemalloc slows allocation, so this pass is not timed)")


def report_linearity(args: argparse.Namespace) -> list[float]:
    """Time one document made of a base text repeated 1x, 4x, 16x ...; return normalised ratios."""
    print("\n== linearity (one document per size) ==")
    base = "\n\n".join(generate(args.linear_base, args.seed + 1))
    factors = [int(f) for f in args.linear_factors.split(",")]
    rows: list[tuple[int, int, float, float]] = []
    started = time.perf_counter()
    def repeats(factor: int) -> int:
        return 3 if factor <= 4 else 1

    for i, factor in enumerate(factors):
        text = base * factor
        best = float("inf")
        claims = 0
        for _ in range(repeats(factor)):
            gc.collect()
            t0 = time.perf_counter()
            claims = len(tollbook.extract(text))
            best = min(best, time.perf_counter() - t0)
        rows.append((factor, len(text), best, claims))
        per_char = best / len(text)
        norm = per_char / (rows[0][2] / rows[0][1]) if rows[0][2] > 0 else float("nan")
        print(f"{factor:3d}x  {len(text) / 1e6:7.2f} M chars  {best:8.3f} s  "
              f"{mbs(len(text), best)}  time/size vs 1x: {norm:5.2f}  claims {claims:,}")
        # If time is linear, the next size costs ``best * next / factor`` per repeat; stop
        # rather than blow the budget when that would not fit.
        if i + 1 < len(factors):
            following = factors[i + 1]
            estimate = best * following / factor * repeats(following) * 1.2
            if time.perf_counter() - started + estimate > args.linear_budget:
                print(f"      (stopped: {following}x would exceed --linear-budget "
                      f"{args.linear_budget:g} s)")
                break
    if rows and rows[0][2] > 0:
        base_rate = rows[0][2] / rows[0][1]
        return [(t / n) / base_rate for _f, n, t, _c in rows]
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="news.jsonl.gz (default: %(default)s)")
    parser.add_argument("--limit", type=int, default=None,
                        help="read only the first N articles (default: all 21,563)")
    parser.add_argument("--budget", type=float, default=40.0,
                        help="seconds of extraction per corpus section before it stops (default: 40)")
    parser.add_argument("--generated-mb", type=float, default=20.0,
                        help="size of the generated corpus in M characters (default: 20)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated corpus")
    parser.add_argument("--memory-budget", type=float, default=15.0,
                        help="seconds for the tracemalloc pass over the real corpus (default: 15)")
    parser.add_argument("--linear-base", type=int, default=250_000,
                        help="characters of the 1x linearity document (default: 250,000)")
    parser.add_argument("--linear-factors", default="1,4,16",
                        help="comma-separated multiples of the base document (default: 1,4,16)")
    parser.add_argument("--linear-budget", type=float, default=45.0,
                        help="seconds for the linearity section (default: 45)")
    parser.add_argument("--skip-corpus", action="store_true", help="skip the real corpus")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    print("tollbook throughput benchmark")
    print(f"tollbook {tollbook.__version__}, Python {platform.python_version()}, "
          f"{platform.machine()}, single process")
    t0 = time.perf_counter()
    tollbook.extract("Warm-up: at least 3 people were killed, police said.", "2020-01-01")
    print(f"first call (loads lexicons): {(time.perf_counter() - t0) * 1000:.1f} ms")
    print(f"maxrss at start: {maxrss_mb():.1f} MB")

    speeds: dict[str, float | None] = {}
    real: list[tuple[str, str | None]] = []
    if not args.skip_corpus:
        if not args.corpus.exists():
            print(f"\n{args.corpus}: not found; use --corpus PATH or --skip-corpus")
            return 2
        t0 = time.perf_counter()
        real = load_corpus(args.corpus, args.limit)
        chars = sum(len(t) for t, _ in real)
        print(f"\nread {len(real):,} articles ({chars / 1e6:.2f} M characters, title + blank line + "
              f"text) from {args.corpus} in {time.perf_counter() - t0:.1f} s"
              + (f" (--limit {args.limit})" if args.limit is not None else " (all)"))
        speeds["real corpus"] = report_section("real corpus (news.jsonl.gz)", real, args, len(real))
        print(f"maxrss after real corpus: {maxrss_mb():.1f} MB")

    t0 = time.perf_counter()
    generated = [(doc, "2021-06-15") for doc in generate(int(args.generated_mb * 1e6), args.seed)]
    print(f"\ngenerated {len(generated):,} documents ({sum(len(t) for t, _ in generated) / 1e6:.2f} M "
          f"characters, seed {args.seed}) in {time.perf_counter() - t0:.1f} s")
    speeds["generated corpus"] = report_section("generated corpus (benchmarks/corpus.py)",
                                                generated, args, len(generated))
    del generated

    report_memory(real or [(d, None) for d in generate(2_000_000, args.seed + 2)], args)
    ratios = report_linearity(args)

    print("\n== summary ==")
    for name, speed in speeds.items():
        verdict = "n/a" if speed is None else ("ok" if speed >= TARGET_MBS else "BELOW TARGET")
        shown = "inf" if speed is None else f"{speed:.2f}"
        print(f"{name:17s}: {shown:>8} MB/s  (target >= {TARGET_MBS:g} MB/s per core: {verdict})")
    if ratios:
        worst = max(ratios)
        verdict = "ok" if worst <= 1.5 else "NOT LINEAR"
        print(f"linearity        : time/size up to {worst:.2f} x the 1x rate "
              f"(target ~1.0: {verdict})")
    print(f"peak maxrss      : {maxrss_mb():.1f} MB")
    print(f"total run time   : {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
