"""Scaling of ``tollbook batch`` (``tollbook.batch.batch``) over Dask worker processes.

What is measured:

- **generation**: about --mb M characters of text (default 200) from benchmarks/corpus.py,
  written as JSONL files of ~--file-mb MB (default 25), one record a line
  (``{"id", "text", "published"}``), in a temporary folder; timed on its own.
- **baseline**: --baseline-shards shards (default 1) run in this process without Dask,
  extract_shard and write_parquet timed apart: seconds per input MB, the most one worker
  can do.
- **one run per worker count** in --workers (default ``1,2``): this script starts its own
  ``LocalCluster(n_workers=N, threads_per_worker=1, processes=True)`` (not timed), warms
  every worker (``client.run``: one ``extract()`` call and an empty ``write_parquet``, so
  the gazetteer load and the pyarrow and pandas imports are not timed), then times ``batch(paths, out=<fresh folder>,
  scheduler=<that cluster>, shard_bytes=--shard-mb MiB)``: Parquet shards, so no database
  is in the way (``--db`` stores into a database instead). Printed: wall time (the whole
  ``batch()`` call: planning, connecting, all shards), documents/s, MB/s (10^6 characters
  of text per second, as in throughput.py) and input MB/s (JSONL bytes), peak RSS of each
  worker (read with ``client.run`` before the cluster is closed: VmHWM from /proc, as
  ru_maxrss survives exec and shows this process's peak in a spawned worker), and where
  the time went: worker busy share from the Dask task stream, compute seconds per MB of
  shard, CPU seconds of each worker and of this process (client + scheduler + nannies), and
  the CPU other processes used meanwhile (a warning when the machine was not quiet; before
  each run the script waits up to --quiet-wait seconds, default 60, for an idle machine).
- **scaling efficiency** = docs/s at N / (N x docs/s at 1), target >= 85 % at 2 workers
  (without 1 in --workers the smallest N is the base, per worker), split into its two
  factors: the share of time the workers were busy with shards (relative to the base run:
  what Dask, planning and an uneven end cost) and the per-shard speed (seconds per MB
  inside a task at the base / at N: CPU contention, turbo, a noisy machine); also the
  bound that whole shards put on it (each to the first free worker in submission order,
  time proportional to size).
- **memory**: peak RSS per worker against the target "flat": with --memory-check, each
  worker count also runs on the first quarter of the files, and the peaks are compared.

    .venv/bin/python benchmarks/scaling.py                       # 200 MB, 1 and 2 workers, ~9 min
    .venv/bin/python benchmarks/scaling.py --mb 20 --workers 1,2 --memory-check   # quick
    .venv/bin/python benchmarks/scaling.py --workers 1,2,4,8 --shard-mb 8   # a bigger machine
    .venv/bin/python benchmarks/scaling.py --db sqlite           # through a fresh SQLite file
    .venv/bin/python benchmarks/scaling.py --db postgresql+psycopg://user@host/postgres

With --db, SQLite gets a fresh file per run; for any other URL a fresh database
``tollbook_scaling_<run>`` is created on that server per run (CREATE DATABASE privilege) and
dropped afterwards (--keep-db keeps them); if it cannot be created the URL is used as it
is, and shards it already holds are skipped (reported).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import generate  # noqa: E402

TARGET_EFFICIENCY = 0.85
FLAT = 1.10  # peak RSS on the whole corpus at most 10 % above the quarter corpus
PUBLISHED = "2024-05-17"


# -- corpus --------------------------------------------------------------------------------

def write_corpus(folder: Path, mb: float, file_mb: float, seed: int) -> tuple[list[str], int, int]:
    """JSONL files of ~file_mb M characters each until mb M characters of text are written."""
    folder.mkdir(parents=True, exist_ok=True)
    total_chars, docs, paths = 0, 0, []
    target = int(mb * 1e6)
    number = 0
    while total_chars < target:
        chars = min(int(file_mb * 1e6), target - total_chars)
        texts = generate(chars, seed + number)
        path = folder / f"part-{number:03d}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for n, text in enumerate(texts):
                handle.write(json.dumps({"id": f"gen-{number}-{n}", "text": text, "published": PUBLISHED}) + "\n")
        total_chars += sum(map(len, texts))
        docs += len(texts)
        paths.append(str(path))
        number += 1
    return paths, docs, total_chars


# -- on the workers (run with client.run) ----------------------------------------------------

def warm() -> int:
    """Load what the first shard would otherwise pay for: the gazetteer, pyarrow (and pandas, which
    its first write imports), the extractor version."""
    from tollbook import extract
    from tollbook.batch import ShardResult, write_parquet
    from tollbook.runner import extractor_version

    extractor_version()
    with tempfile.TemporaryDirectory(prefix="tollbook-warm-") as folder:
        write_parquet(ShardResult("warm", "warm"), Path(folder))
    return len(extract("3 people were killed in Velmora.", PUBLISHED))


def peak_rss_kb() -> int:
    """Peak RSS of this process in KB: VmHWM on Linux, else ru_maxrss.

    Not ru_maxrss on Linux: Linux keeps it across exec, so a worker spawned (fork + exec)
    by a nanny in this process starts with this process's peak (after generating the corpus
    and the baseline shard: ~600 MB), which would hide the worker's own peak.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux, bytes on macOS


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# -- databases for --db ----------------------------------------------------------------------

class Databases:
    """A fresh database per run: a new SQLite file, or CREATE DATABASE on the given server."""

    def __init__(self, url: str | None, tmp: Path, keep: bool) -> None:
        self.url, self.tmp, self.keep, self.created = url, tmp, keep, []

    def fresh(self, run: str) -> str | None:
        if self.url is None:
            return None
        if self.url == "sqlite" or self.url.startswith("sqlite"):
            return f"sqlite:///{self.tmp / f'scaling-{run}.db'}"
        import sqlalchemy
        from sqlalchemy.engine import make_url

        name = f"tollbook_scaling_{run}"
        try:
            self._admin(f'DROP DATABASE IF EXISTS "{name}"')
            self._admin(f'CREATE DATABASE "{name}"')
        except sqlalchemy.exc.SQLAlchemyError as exc:
            print(f"  (cannot create a database {name}: {str(exc).splitlines()[0]}; using {self.url} as it is)")
            return self.url
        self.created.append(name)
        return make_url(self.url).set(database=name).render_as_string(hide_password=False)

    def _admin(self, sql: str) -> None:
        import sqlalchemy

        engine = sqlalchemy.create_engine(self.url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql(sql)
        finally:
            engine.dispose()

    def drop(self) -> None:
        if self.keep:
            return
        for name in self.created:
            try:
                self._admin(f'DROP DATABASE IF EXISTS "{name}"')
            except Exception as exc:  # report, do not hide the figures
                print(f"(could not drop {name}: {exc})")


# -- one run ---------------------------------------------------------------------------------

def run(paths: list[str], workers: int, shard_bytes: int, tmp: Path, databases: Databases, label: str,
        quiet_wait: float) -> dict:
    import psutil
    from dask.distributed import Client, LocalCluster, get_task_stream

    from tollbook.batch import batch

    out = None
    db = databases.fresh(label)
    if db is None:
        out = tmp / f"out-{label}"
        shutil.rmtree(out, ignore_errors=True)
    me = psutil.Process()
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    try:
        with Client(cluster) as client:
            client.wait_for_workers(workers)
            client.run(warm)
            rss_warm = client.run(peak_rss_kb)
            quiet = wait_quiet(quiet_wait) if quiet_wait > 0 else ""
            cpu_before = client.run(cpu_seconds)
            my_cpu = me.cpu_times()
            machine = busy_cores()
            started_wall = time.time()
            start = time.perf_counter()
            with get_task_stream(client) as stream:
                summary = batch(paths, out=out, db=db, scheduler=cluster.scheduler_address, shard_bytes=shard_bytes)
            seconds = time.perf_counter() - start
            ended_wall = time.time()
            my_cpu_after = me.cpu_times()
            machine = busy_cores() - machine
            cpu_after = client.run(cpu_seconds)
            rss_peak = client.run(peak_rss_kb)
            tasks = stream.data
    finally:
        cluster.close()
    if out is not None:
        shutil.rmtree(out, ignore_errors=True)
    return {
        "label": label, "workers": workers, "seconds": seconds, "summary": summary,
        "rss_warm": rss_warm, "rss_peak": rss_peak,
        "worker_cpu": {w: cpu_after[w] - cpu_before[w] for w in cpu_after},
        "client_cpu": (my_cpu_after.user + my_cpu_after.system) - (my_cpu.user + my_cpu.system),
        "db": db, "quiet": quiet, "tasks": tasks, "t0": started_wall, "t1": ended_wall, "machine_cpu": machine,
    }


def task_figures(result: dict, shard_mb: dict[str, float]) -> dict:
    """Worker busy time, first start / last stop per worker, compute seconds per shard MB."""
    busy: dict[str, float] = {}
    first: dict[str, float] = {}
    last: dict[str, float] = {}
    compute = mb = 0.0
    rates: list[float] = []
    for task in result["tasks"]:
        spans = [s for s in task.get("startstops", ()) if s.get("action") == "compute"]
        if not spans:
            continue
        worker = task.get("worker")
        took = sum(s["stop"] - s["start"] for s in spans)
        busy[worker] = busy.get(worker, 0.0) + took
        first[worker] = min(first.get(worker, math.inf), min(s["start"] for s in spans))
        last[worker] = max(last.get(worker, 0.0), max(s["stop"] for s in spans))
        key = str(task.get("key", ""))
        if key in shard_mb:
            compute += took
            mb += shard_mb[key]
            rates.append(took / shard_mb[key])
    return {"busy": busy, "first": first, "last": last, "s_per_mb": compute / mb if mb else float("nan"),
            "rates": sorted(rates), "tasks": len(result["tasks"])}


def balance_bound(sizes: list[float], workers: int) -> float:
    """The efficiency whole shards allow when each goes, in submission order, to the first free
    worker (what batch() gets from Dask), time proportional to size, against a perfect split."""
    loads = [0.0] * workers
    for size in sizes:
        loads[loads.index(min(loads))] += size
    return sum(sizes) / (workers * max(loads)) if sizes else 1.0


def busy_cores() -> float:
    """CPU seconds used by the whole machine so far (all processes, all cores)."""
    import psutil

    t = psutil.cpu_times()
    return t.user + t.nice + t.system + getattr(t, "irq", 0) + getattr(t, "softirq", 0) + getattr(t, "steal", 0)


def wait_quiet(limit: float, sample: float = 2.0, idle: float = 0.15) -> str:
    """Wait up to ``limit`` seconds until the machine (our idle workers included) uses less than
    ``idle`` of a core over ``sample`` seconds; say how it went."""
    waited = 0.0
    while True:
        before = busy_cores()
        time.sleep(sample)
        load = (busy_cores() - before) / sample
        if load < idle:
            return f"machine quiet ({load:.2f} cores busy)" + (f" after waiting {waited:.0f} s" if waited else "")
        waited += sample
        if waited >= limit:
            return f"machine still busy ({load:.2f} cores) after waiting {waited:.0f} s (--quiet-wait): run anyway"


def in_process(shards: list, tmp: Path) -> tuple[float, float, float]:
    """Seconds per input MB of extract_shard and of write_parquet for these shards, here, without Dask."""
    from tollbook.batch import extract_shard, write_parquet

    extract_s = parquet_s = mb = 0.0
    for shard in shards:
        start = time.perf_counter()
        result = extract_shard(shard, {})
        middle = time.perf_counter()
        write_parquet(result, tmp / "baseline")
        parquet_s += time.perf_counter() - middle
        extract_s += middle - start
        mb += (shard.end - shard.start) / 1e6 if shard.end is not None else os.path.getsize(shard.path) / 1e6
    shutil.rmtree(tmp / "baseline", ignore_errors=True)
    return extract_s / mb, parquet_s / mb, mb


def mb_of(kb_by_worker: dict) -> list[float]:
    return [kb / 1024 for _, kb in sorted(kb_by_worker.items())]


def report(result: dict, chars: int, nbytes: int, shard_mb: dict[str, float]) -> None:
    s, seconds, n = result["summary"], result["seconds"], result["workers"]
    figures = task_figures(result, shard_mb)
    if result["quiet"]:
        print(f"  before the run: {result['quiet']}")
    print(f"  wall {seconds:7.1f} s   {s.documents / seconds:7.0f} docs/s   {chars / 1e6 / seconds:6.2f} MB/s text"
          f"   {nbytes / 1e6 / seconds:6.2f} MB/s input   ({s.documents:,} docs, {s.claims:,} claims, "
          f"{s.shards} shards, {s.failed} failed records, {len(s.failed_shards)} failed shards"
          f"{f', {s.skipped} skipped as already done' if s.skipped else ''})")
    for message in s.failed_shards[:5]:
        print(f"    failed shard: {message}")
    warm, peak = mb_of(result["rss_warm"]), mb_of(result["rss_peak"])
    print("  peak RSS per worker: " + ", ".join(f"{p:.0f} MB" for p in peak)
          + "   (after warm-up: " + ", ".join(f"{w:.0f} MB" for w in warm) + ")")
    busy = figures["busy"]
    t0, t1 = result["t0"], result["t1"]
    parts = []
    for worker in sorted(busy):
        parts.append(f"busy {busy[worker] / seconds:4.0%}, first task at +{figures['first'][worker] - t0:.1f} s, "
                     f"idle after last {t1 - figures['last'][worker]:.1f} s, "
                     f"CPU {result['worker_cpu'].get(worker, float('nan')):.0f} s")
    for number, part in enumerate(parts, start=1):
        print(f"  worker {number}: {part}")
    rates = figures["rates"] or [float("nan")]
    tail = sum(t1 - last for last in figures["last"].values()) / (n * seconds)
    start = sum(first - t0 for first in figures["first"].values()) / (n * seconds)
    result["tail"], result["start"] = tail, start
    result["busy_share"] = sum(busy.values()) / (n * seconds)
    result["s_per_mb"] = figures["s_per_mb"]
    print(f"  worker time lost: {start:.1%} before the first shard (planning, connecting), {tail:.1%} idle after "
          f"the last one (uneven end)")
    print(f"  compute per shard: {figures['s_per_mb']:.2f} s per input MB (shards {rates[0]:.2f}-{rates[-1]:.2f}; "
          f"the same at every N if workers get whole cores); this process (client + scheduler + nannies): {result['client_cpu']:.1f} s CPU "
          f"= {result['client_cpu'] / seconds:.0%} of a core")
    others = result["machine_cpu"] - result["client_cpu"] - sum(result["worker_cpu"].values())
    cores = os.cpu_count() or 1
    print(f"  other processes on the machine: {max(0.0, others):.1f} s CPU = {max(0.0, others) / seconds:.0%} of a core"
          + (" (a database server on this machine counts here)" if result["db"] else "")
          + ("   WARNING: the machine was not quiet, figures are low"
             if others > 0.05 * cores * seconds and not result["db"] else ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=200, help="M characters of text to generate (default 200)")
    parser.add_argument("--file-mb", type=float, default=25, help="M characters per JSONL file (default 25)")
    parser.add_argument("--workers", default="1,2", help="worker counts, e.g. 1,2,4,8 (default 1,2)")
    parser.add_argument("--shard-mb", type=float, default=None,
                        help="shard size in MiB (default: tollbook.batch.SHARD_BYTES, 16 MiB)")
    parser.add_argument("--db", help="store into a database instead of Parquet: 'sqlite' or a URL (see above)")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the databases created for --db")
    parser.add_argument("--memory-check", action="store_true",
                        help="also run each worker count on the first quarter of the files; compare peak RSS")
    parser.add_argument("--baseline-shards", type=int, default=1,
                        help="shards run in this process without Dask first, as a baseline (default 1; 0: none)")
    parser.add_argument("--quiet-wait", type=float, default=60,
                        help="before each run, wait up to this many seconds for other processes to go "
                             "idle (default 60; 0: do not wait)")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    import dask.distributed  # noqa: F401  (imports paid here, not in the first timed run)

    import tollbook.store  # noqa: F401
    from tollbook.batch import SHARD_BYTES, plan

    counts = sorted({int(w) for w in args.workers.split(",") if w.strip()})
    if not counts or counts[0] < 1:
        parser.error("--workers: positive integers, e.g. 1,2,4")
    shard_bytes = int(args.shard_mb * 1024 * 1024) if args.shard_mb else SHARD_BYTES
    began = time.perf_counter()
    print(f"machine: {os.cpu_count()} cores (os.cpu_count), {len(os.sched_getaffinity(0))} usable by this process; "
          f"Python {sys.version.split()[0]}")
    results: list[dict] = []
    quarters: dict[int, dict] = {}
    with tempfile.TemporaryDirectory(prefix="tollbook-scaling-") as tmp_name:
        tmp = Path(tmp_name)
        start = time.perf_counter()
        paths, docs, chars = write_corpus(tmp / "corpus", args.mb, args.file_mb, args.seed)
        generation = time.perf_counter() - start
        nbytes = sum(os.path.getsize(p) for p in paths)
        print(f"generated {docs:,} documents, {chars / 1e6:.1f} M characters of text, {len(paths)} JSONL files, "
              f"{nbytes / 1e6:.1f} MB on disk in {generation:.1f} s (not part of any figure below)")
        start = time.perf_counter()
        shards = plan(paths, shard_bytes)
        planning = time.perf_counter() - start
        sizes = [((s.end or os.path.getsize(s.path)) - s.start) / 1e6 for s in shards]
        shard_mb = {f"shard-{s.key}": size for s, size in zip(shards, sizes, strict=True)}
        print(f"shards: {len(shards)} of at most {shard_bytes / 2**20:.3g} MiB (sizes {min(sizes):.1f}-"
              f"{max(sizes):.1f} MB); planning them (serial, in this process, part of each wall time) "
              f"took {planning:.2f} s")
        if args.baseline_shards:
            warm()
            extract_mb, parquet_mb, sample = in_process(shards[:args.baseline_shards], tmp)
            print(f"in this process, no Dask, {sample:.1f} MB ({args.baseline_shards} shard"
                  f"{'s' if args.baseline_shards > 1 else ''}): extract_shard {extract_mb:.2f} s per input MB, "
                  f"write_parquet {parquet_mb:.3f} s per input MB ({parquet_mb / (extract_mb + parquet_mb):.1%} of a shard); "
                  f"the best one worker can do: {1 / (extract_mb + parquet_mb):.2f} input MB/s")
        print("each run: a fresh LocalCluster, workers warmed first (one extract() call and an empty "
              "write_parquet: the gazetteer load and the pyarrow/pandas imports are not timed); the timed part is the batch() call only; output: "
              + (f"database ({args.db})" if args.db else "Parquet shards in a fresh folder"))
        databases = Databases(args.db, tmp, args.keep_db)
        quarter_paths = paths[:max(1, len(paths) // 4)]
        try:
            for n in counts:
                print(f"\n{n} worker{'s' if n > 1 else ''}:")
                result = run(paths, n, shard_bytes, tmp, databases, f"w{n}", args.quiet_wait)
                report(result, chars, nbytes, shard_mb)
                results.append(result)
                if args.memory_check:
                    quarter = run(quarter_paths, n, shard_bytes, tmp, databases, f"w{n}_quarter",
                                  args.quiet_wait)
                    quarters[n] = quarter
                    print(f"  quarter corpus ({len(quarter_paths)} files, {quarter['summary'].documents:,} docs, "
                          f"{quarter['seconds']:.1f} s): peak RSS per worker "
                          + ", ".join(f"{p:.0f} MB" for p in mb_of(quarter["rss_peak"])))
        finally:
            databases.drop()

    print("\nsummary")
    base = results[0]
    base_rate = base["summary"].documents / base["seconds"] / base["workers"]
    if base["workers"] != 1:
        print(f"  (no 1-worker run: the base is {base['workers']} workers, per worker)")
    for result in results:
        n = result["workers"]
        rate = result["summary"].documents / result["seconds"]
        efficiency = rate / (n * base_rate)
        met = "met" if efficiency >= TARGET_EFFICIENCY else "NOT met"
        target = f" (target >= {TARGET_EFFICIENCY:.0%} at 2 workers: {met})" \
            if n == 2 and base["workers"] == 1 else " (the base)" if result is base else ""
        bound = balance_bound(sizes, n) / balance_bound(sizes, base["workers"])
        print(f"  {n:2d} workers: {rate:7.0f} docs/s, {chars / 1e6 / result['seconds']:6.2f} MB/s, speed-up "
              f"x{rate / (base_rate * base['workers']):.2f}, efficiency {efficiency:5.1%}{target}; "
              f"idle at the end {result['tail']:.1%} (whole shards in submission order would allow {bound:.0%})")
        if result is not base:
            busy = result["busy_share"] / base["busy_share"]
            speed = base["s_per_mb"] / result["s_per_mb"]
            print(f"      = workers busy {busy:5.1%} (Dask, planning, uneven end) x per-shard speed {speed:5.1%} "
                  f"(CPU contention, noise: {result['s_per_mb']:.2f} vs {base['s_per_mb']:.2f} s per MB)")
    for result in results:
        n, peak = result["workers"], max(mb_of(result["rss_peak"]))
        line = f"  {n:2d} workers: peak RSS of the largest worker {peak:.0f} MB"
        if n in quarters:
            small = max(mb_of(quarters[n]["rss_peak"]))
            verdict = "flat" if peak <= FLAT * small else "NOT flat"
            line += f"; on the quarter corpus {small:.0f} MB: x{peak / small:.2f}, {verdict} (<= x{FLAT:.2f})"
        else:
            line += " (--memory-check compares it with a quarter-size corpus)"
        print(line)
    for n in counts:
        if n > 1 and len(sizes) < 4 * n:
            print(f"  note: {len(sizes)} shards on {n} workers ({len(sizes) / n:.1f} each): the last shard alone can "
                  f"leave workers idle; try a smaller --shard-mb (here {nbytes / 2**20 / (8 * n):.1f} gives ~8 per worker)")
    if os.cpu_count() and counts[-1] >= (os.cpu_count() or 1):
        print(f"  note: {counts[-1]} workers on {os.cpu_count()} cores leave no core for this process "
              "(client, scheduler, nannies) nor the system")
    print(f"total run time {time.perf_counter() - began:.0f} s")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
