"""Reconciliation benchmark: ``tollbook.reconcile.reconcile`` at 10k, 30k and 100k claims.

No database and no extraction: N claims are generated in memory (``Claim``, ``Mention``,
``DocumentInfo``), deterministically for ``--seed``:

- one place per ~30 claims ("Place0412"), a quarter of the incidents at a few busy
  places (1% of them); half the claims resolved by the "gazetteer" (``place_id``), the
  others written as "Place0412" or "the Place0412 market"; some claims without a place
  or a date; ~5% of the documents also mention another incident in passing;
- incidents spread over two years (2023-2024), 2-8 documents each, published on the
  incident day up to 3 days later, 3-8 claims per document;
- sources "the health ministry" (also "health ministry officials"), "the army",
  "witnesses", "the Red Cross", "local officials" and unattributed figures;
- outcomes killed, injured, displaced; groups children and women; figures exact,
  "at least N" (``high=None``), "about N" (a range), "N to M" and vague ("dozens");
  "including X children and Y women" breakdowns (``part_of``, a few exceed their total);
  tolls that rise from one document to the next from the same source, with "rose to";
- with ``--derived RATE`` (default 0.08), that share of the figures is given in parts
  instead: two groups in one sentence ("N civilians and M soldiers were killed", which
  add up) or an individual victim mentioned twice ("A policeman ... The policeman ...",
  one person); ``--derived 0`` generates exactly the corpus of earlier versions;
- every document gets an invented text (headline, its sentences, filler) and a MinHash
  ``signature``; ~10% of the documents are near-duplicate copies of another (same
  claims, a few words changed, another outlet), so ``reconcile`` sees syndication.

Each size runs in a fresh subprocess, which reports:

- ``signature`` time over all the documents (measured apart, not part of reconcile);
- the baseline: iterate the mentions and group them in a dict by (place, outcome), best
  of 3: the floor for anything that reads every claim once;
- ``reconcile(mentions, documents, signatures=...)``: seconds (best of ``--repeat``),
  claims per second, events built, and reconcile time as a multiple of the baseline;
- peak memory: the tracemalloc peak of one more, untimed ``reconcile`` call (tracemalloc
  slows allocation, so it is not the timed run), and the subprocess's maxrss;
- growth per claim: (seconds / claims) relative to the smallest size; near-linear
  stays close to x1.0 (the summary flags anything above x1.5).

A size that does not finish within ``--timeout`` seconds is reported as such.
``--profile N`` runs cProfile over one reconcile of N claims and prints the top functions.

    .venv/bin/python benchmarks/events.py [--sizes 10000,30000,100000] [--seed 1] [--derived 0.08]
                                          [--profile 100000]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from tollbook.model import Claim
from tollbook.reconcile import DocumentInfo, Mention, reconcile, signature

FIRST_DAY = date(2023, 1, 1).toordinal()
DAYS = 730
CLAIMS_PER_PLACE = 30
COPY_RATE = 0.10
DERIVED_RATE = 0.08
IN_PASSING_RATE = 0.05
SOURCES = ("the health ministry", "health ministry officials", "the army", "witnesses", "the Red Cross",
           "local officials", None)
SOURCE_WEIGHTS = (5, 1, 3, 2, 2, 2, 3)
INCIDENTS = {  # kind -> words for sentences and headlines
    "violence": ("shelling", "air strike", "bombing", "clashes", "ambush", "attack"),
    "disaster": ("floods", "earthquake", "landslide", "cyclone", "storm"),
    "accident": ("crash", "collision", "stampede", "fire", "ferry sinking"),
    "epidemic": ("cholera outbreak", "measles outbreak"),
}
OUTCOMES = (("killed", 6), ("injured", 3), ("displaced", 1))
VAGUE = (("dozens", 24, 99), ("scores", 40, 99), ("hundreds", 200, 999), ("several", 3, 9))
OUTLETS = 40
_SYLLABLES = ("ka", "lo", "mi", "ran", "tu", "vel", "sho", "dar", "ne", "pi", "zor", "ba", "qui", "ten", "ul", "ro")


def _filler_vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    words = {"".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(size * 2)}
    return sorted(words)[:size]


def _figure(n: int) -> str:
    return f"{n:,}"


@dataclass
class Corpus:
    mentions: list[Mention] = field(default_factory=list)
    documents: dict[int, DocumentInfo] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)
    by_document: dict[int, list[Mention]] = field(default_factory=dict)  # while generating (copies)
    copies: int = 0
    places_used: set[str] = field(default_factory=set)
    incidents: int = 0


class _Builder:
    """Builds one document's claims, offsets and sentences."""

    def __init__(self, doc: int) -> None:
        self.doc = doc
        self.claims: list[tuple[Claim, str]] = []
        self.offset = 0
        self.last = (0, 0)  # the latest sentence's offset and the end of its latest figure in it

    def add(self, figure: str, low: int, high: int | None, qualifier: str, outcome: str, group: str | None,
            source: str | None, sentence: str, place: tuple[str | None, int | None, str | None],
            day: str | None, part_of: str | None = None, individual: bool = False, together: bool = False) -> str:
        """One claim in a sentence of its own, or (``together``) in the latest sentence, after its last figure."""
        key = f"c{len(self.claims)}"
        base, after = self.last if together else (self.offset, 0)
        at = sentence.find(figure, after)
        start = base + at if at >= 0 else base
        written, place_id, place_name = place
        claim = Claim(
            id=key, figure=figure, start=start, end=start + len(figure), low=low, high=high, qualifier=qualifier,
            outcome=outcome, group=group, negated=False, vague=qualifier == "vague", source=source,
            source_key=source.lower().removeprefix("the ") if source else None, part_of=part_of,
            sentence_start=base, sentence_end=base + len(sentence), date=day,
            date_precision="day" if day else None, place=written, place_id=place_id, place_name=place_name,
            country="XX" if place_id else None, individual=individual,
        )
        self.claims.append((claim, sentence))
        self.last = (base, start - base + len(figure))
        if not together:
            self.offset += len(sentence) + 1
        return key


def generate(n_claims: int, seed: int, derived: float = DERIVED_RATE) -> Corpus:
    """``n_claims`` claims in documents about incidents (see the module docstring); the same seed, the same corpus."""
    rng = random.Random(seed)
    vocabulary = _filler_vocabulary(rng)
    places = [f"Place{i:04d}" for i in range(max(1, n_claims // CLAIMS_PER_PLACE))]
    busy = places[:max(1, len(places) // 100)]
    corpus = Corpus()
    next_doc = 1

    def where(name: str, resolved: bool) -> tuple[str | None, int | None, str | None]:
        if resolved:
            return name, 100_000 + int(name[5:]), name
        return (f"the {name} market" if rng.random() < 0.3 else name), None, None

    while len(corpus.mentions) < n_claims:
        corpus.incidents += 1
        place = rng.choice(busy) if rng.random() < 0.25 else rng.choice(places)
        corpus.places_used.add(place)
        resolved = rng.random() < 0.5
        day = FIRST_DAY + rng.randrange(DAYS)
        kind = rng.choice(list(INCIDENTS))
        words = INCIDENTS[kind]
        word = rng.choice(words)
        toll = max(1, int(rng.lognormvariate(2.5, 1.2)))
        n_docs = rng.randint(2, 8)
        delays = sorted(rng.randint(0, 3) for _ in range(n_docs))
        originals: list[int] = []
        for k, delay in enumerate(delays):
            doc = next_doc
            next_doc += 1
            published = date.fromordinal(day + delay).isoformat()
            outlet = rng.randrange(OUTLETS)
            if originals and rng.random() < COPY_RATE / 0.8:  # ~4 documents in 5 can be a copy
                # a syndicated copy of an earlier document of the incident: same claims, a few words changed
                source_doc = rng.choice(originals)
                corpus.copies += 1
                _copy(corpus, source_doc, doc, published, outlet, rng, vocabulary)
                continue
            originals.append(doc)
            progress = 0.5 + 0.5 * (k + 1) / n_docs  # early reports give lower tolls
            builder = _Builder(doc)
            _document_claims(builder, rng, toll, progress, k, word, place, where(place, resolved), day, derived)
            if rng.random() < IN_PASSING_RATE:  # another incident mentioned in passing
                other = rng.choice(places)
                other_day = date.fromordinal(day - rng.randint(20, 300)).isoformat()
                n = rng.randint(2, 60)
                builder.add(_figure(n), n, n, "exact", "killed", None, None,
                            f"In {other_day[:7]} a {rng.choice(words)} in {other} killed {_figure(n)} people.",
                            where(other, rng.random() < 0.5), other_day)
            title = f"{word.capitalize()} in {place}: toll rises"
            _emit(corpus, builder, doc, published, outlet, title, rng, vocabulary)
    corpus.by_document.clear()
    excess = len(corpus.mentions) - n_claims
    if excess:  # trim the last document to land on n_claims exactly
        corpus.mentions = corpus.mentions[:n_claims]
        kept = {m.document_id for m in corpus.mentions}
        for doc in [d for d in corpus.documents if d not in kept]:
            del corpus.documents[doc]
            del corpus.texts[doc]
    return corpus


def _document_claims(builder: _Builder, rng: random.Random, toll: int, progress: float, k: int, word: str,
                     place: str, place_info: tuple, day: int, derived: float) -> None:
    n_claims = rng.randint(3, 8)
    sources = rng.sample(range(len(SOURCES)), k=2)
    weights = [SOURCE_WEIGHTS[i] for i in sources]
    when = date.fromordinal(day).isoformat()
    bias = {SOURCES[i]: rng.choice((0.8, 0.9, 1.0, 1.0, 1.1, 1.25)) for i in sources}  # sources disagree a little
    while len(builder.claims) < n_claims:
        source = SOURCES[rng.choices(sources, weights)[0]]
        said = f", {source} said" if source else ""
        claim_place = place_info if not builder.claims or rng.random() < 0.8 else (None, None, None)
        claim_day = when if rng.random() < 0.7 else None
        outcome = rng.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])[0]
        scale = {"killed": 1, "injured": 2, "displaced": 40}[outcome]
        rising = source in ("the health ministry", "health ministry officials")
        noise = 1.0 if rising else bias[source]
        n = max(1, round(toll * scale * progress * noise))
        if outcome == "killed" and rng.random() < 0.2 and len(builder.claims) + 3 <= n_claims:
            # a total and its breakdown: "including X children and Y women"
            total = builder.add(_figure(n), n, n, "exact", "killed", None, source,
                                f"{_figure(n)} people were killed in the {word} in {place}{said}.",
                                claim_place, claim_day)
            share = rng.uniform(0.3, 0.9) if rng.random() > 0.05 else rng.uniform(1.1, 1.6)  # a few exceed it
            children = max(1, round(n * share * 0.6))
            women = max(1, round(n * share * 0.4))
            sentence = f"The dead include {_figure(children)} children and {_figure(women)} women."
            builder.add(_figure(children), children, children, "exact", "killed", "children", source, sentence,
                        claim_place, claim_day, part_of=total)
            builder.add(_figure(women), women, women, "exact", "killed", "women", source, sentence,
                        claim_place, claim_day, part_of=total)
            continue
        if derived and rng.random() < derived and len(builder.claims) + 2 <= n_claims:
            _in_parts(builder, rng, n, outcome, source, said, word, place, claim_place, claim_day)
            continue
        group = rng.choice(("children", "women")) if rng.random() < 0.15 else None
        who = group or "people"
        roll = rng.random()
        if roll < 0.6:
            figure, low, high, qualifier = _figure(n), n, n, "exact"
        elif roll < 0.75:
            figure, low, high, qualifier = f"at least {_figure(n)}", n, None, "at_least"
        elif roll < 0.85:
            figure, low, high, qualifier = f"about {_figure(n)}", max(0, round(n * 0.9)), round(n * 1.1) + 1, "about"
        elif roll < 0.92:
            high = round(n * 1.3) + 1
            figure, low, qualifier = f"{_figure(n)} to {_figure(high)}", n, "between"
        else:
            figure, low, high = rng.choice(VAGUE)
            qualifier = "vague"
        verb = "rose to" if rising and k > 0 and rng.random() < 0.5 else "reached" if rng.random() < 0.1 else "stood at"
        sentence = f"The number of {who} {outcome} in the {word} in {place} {verb} {figure}{said}."
        builder.add(figure, low, high, qualifier, outcome, group, source, sentence, claim_place, claim_day)


def _in_parts(builder: _Builder, rng: random.Random, n: int, outcome: str, source: str | None, said: str, word: str,
              place: str, claim_place: tuple, claim_day: str | None) -> None:
    """A figure given in parts: two groups in one sentence, or one person mentioned twice."""
    if rng.random() < 0.5:
        civilians = max(1, round(n * rng.uniform(0.5, 0.9)))
        soldiers = max(1, n - civilians)
        sentence = (f"{_figure(civilians)} civilians and {_figure(soldiers)} soldiers were {outcome} in the {word} "
                    f"in {place}{said}.")
        builder.add(_figure(civilians), civilians, civilians, "exact", outcome, "civilians", source, sentence,
                    claim_place, claim_day)
        builder.add(_figure(soldiers), soldiers, soldiers, "exact", outcome, "soldiers", source, sentence,
                    claim_place, claim_day, together=True)
        return
    builder.add("A policeman", 1, 1, "exact", outcome, "police", source,
                f"A policeman was {outcome} in the {word} in {place}{said}.", claim_place, claim_day, individual=True)
    builder.add("The policeman", 1, 1, "exact", outcome, "police", source,
                f"The policeman was {outcome} on duty{said}.", claim_place, claim_day, individual=True)


def _emit(corpus: Corpus, builder: _Builder, doc: int, published: str, outlet: int, title: str,
          rng: random.Random, vocabulary: list[str]) -> None:
    mentions = [Mention(doc, claim, sentence) for claim, sentence in builder.claims]
    corpus.mentions.extend(mentions)
    corpus.by_document[doc] = mentions
    filler = [" ".join(rng.choices(vocabulary, k=rng.randint(8, 20))) + "." for _ in range(rng.randint(8, 20))]
    sentences = {claim.sentence_start: sentence for claim, sentence in builder.claims}  # parts share one
    body = list(sentences.values()) + filler
    rng.shuffle(body)
    corpus.texts[doc] = title + "\n\n" + " ".join(body)
    corpus.documents[doc] = DocumentInfo(
        id=doc, content_hash=hashlib.sha256(f"doc {doc}".encode()).hexdigest(), published=published, title=title,
        url=f"https://outlet{outlet}.example/news/{doc}", publisher=None)


def _copy(corpus: Corpus, source_doc: int, doc: int, published: str, outlet: int, rng: random.Random,
          vocabulary: list[str]) -> None:
    original = corpus.documents[source_doc]
    for mention in corpus.by_document[source_doc]:
        corpus.mentions.append(Mention(doc, mention.claim, mention.sentence))
    corpus.by_document[doc] = corpus.by_document[source_doc]
    words = corpus.texts[source_doc].split(" ")
    for _ in range(max(1, len(words) // 100)):  # ~1% of the words changed
        words[rng.randrange(len(words))] = rng.choice(vocabulary)
    corpus.texts[doc] = " ".join(words) + f" Reporting by outlet{outlet} staff."
    corpus.documents[doc] = DocumentInfo(
        id=doc, content_hash=hashlib.sha256(f"doc {doc}".encode()).hexdigest(), published=published,
        title=original.title, url=f"https://outlet{outlet}.example/wire/{doc}", publisher=None)


def baseline(mentions: list[Mention]) -> float:
    """Best of 3: group the mentions in a dict by (place, outcome)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        groups: dict[tuple, list[Mention]] = defaultdict(list)
        for mention in mentions:
            groups[(mention.claim.place, mention.claim.outcome)].append(mention)
        best = min(best, time.perf_counter() - start)
    return best


def _warm_up() -> None:
    small = generate(60, 0, DERIVED_RATE)
    reconcile(small.mentions, small.documents, signatures={d: signature(t) for d, t in small.texts.items()})


def worker(size: int, seed: int, repeat: int, memory: bool, derived: float = DERIVED_RATE) -> dict:
    """One size, in this (fresh) process: returns the figures as a dict."""
    _warm_up()
    start = time.perf_counter()
    corpus = generate(size, seed, derived)
    generated = time.perf_counter() - start
    start = time.perf_counter()
    signatures = {doc: signature(text) for doc, text in corpus.texts.items()}
    signing = time.perf_counter() - start
    chars = sum(map(len, corpus.texts.values()))
    corpus.texts.clear()
    mentions, documents = corpus.mentions, corpus.documents
    base = baseline(mentions)
    seconds, events = float("inf"), []
    for _ in range(repeat):
        events = []
        start = time.perf_counter()
        events = reconcile(mentions, documents, signatures=signatures)
        seconds = min(seconds, time.perf_counter() - start)
    copies_found = sum(1 for e in events for docs in e.reports.values() for _ in docs[1:])
    figures = {
        "claims": len(mentions), "documents": len(documents), "incidents": corpus.incidents,
        "places": len(corpus.places_used), "copies": corpus.copies, "copies_found": copies_found,
        "events": len(events), "ranges": sum(len(e.ranges) for e in events),
        "conflicts": sum(len(e.conflicts) for e in events),
        "biggest_event": max((len(e.claims) for e in events), default=0),
        "generate_s": generated, "signature_s": signing, "chars": chars, "baseline_s": base, "seconds": seconds,
    }
    del events
    if memory:
        tracemalloc.start()
        start = time.perf_counter()
        reconcile(mentions, documents, signatures=signatures)
        figures["traced_s"] = time.perf_counter() - start
        figures["peak_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    figures["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def profile(size: int, seed: int, top: int, derived: float = DERIVED_RATE) -> None:
    import cProfile
    import pstats

    _warm_up()
    corpus = generate(size, seed, derived)
    signatures = {doc: signature(text) for doc, text in corpus.texts.items()}
    profiler = cProfile.Profile()
    profiler.enable()
    reconcile(corpus.mentions, corpus.documents, signatures=signatures)
    profiler.disable()
    print(f"cProfile of reconcile, {size:,} claims (times inflated by the profiler)")
    stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def _run_size(size: int, args: argparse.Namespace) -> dict | str:
    command = [sys.executable, os.path.abspath(__file__), "--worker", str(size), "--seed", str(args.seed),
               "--repeat", str(args.repeat), "--derived", str(args.derived)]
    if args.no_memory:
        command.append("--no-memory")
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout,
                              env=dict(os.environ, PYTHONHASHSEED="0"))
    except subprocess.TimeoutExpired:
        return f"did not finish within --timeout {args.timeout:.0f} s"
    if done.returncode != 0:
        return f"worker failed (exit {done.returncode}): {done.stderr.strip()[-2000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,30000,100000", help="claims per run, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="timed reconcile calls per size (best is reported)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds allowed per size (subprocess)")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc pass")
    parser.add_argument("--profile", type=int, metavar="N", help="only cProfile one reconcile of N claims")
    parser.add_argument("--top", type=int, default=25, help="functions shown by --profile")
    parser.add_argument("--derived", type=float, default=DERIVED_RATE,
                        help="share of figures given in parts or as individual victims (0: none, as before)")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker is not None:
        print(json.dumps(worker(args.worker, args.seed, args.repeat, not args.no_memory, args.derived)))
        return 0
    if args.profile is not None:
        profile(args.profile, args.seed, args.top, args.derived)
        return 0

    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    began = time.perf_counter()
    print(f"tollbook reconcile benchmark: seed {args.seed}, sizes {', '.join(f'{s:,}' for s in sizes)}, "
          f"derived {args.derived:g}, "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; one fresh subprocess per size")
    results: dict[int, dict | str] = {}
    for size in sizes:
        results[size] = result = _run_size(size, args)
        if isinstance(result, str):
            print(f"\n{size:,} claims: {result}")
            continue
        r = result
        first = next((results[s] for s in sizes if isinstance(results.get(s), dict)), r)
        growth = (r["seconds"] / r["claims"]) / (first["seconds"] / first["claims"])
        peak = f"{r['peak_mb']:.0f} MB (traced run {r['traced_s']:.1f} s)" if "peak_mb" in r else "not measured"
        print(f"\n{r['claims']:,} claims")
        print(f"  corpus      : {r['documents']:,} documents ({r['copies']:,} near-duplicate copies), "
              f"{r['incidents']:,} incidents, {r['places']:,} places; generated in {r['generate_s']:.1f} s")
        print(f"  signature   : {r['signature_s']:6.2f} s  {r['documents'] / r['signature_s']:8,.0f} docs/s  "
              f"({r['chars'] / 1e6:.1f} M characters; not part of reconcile)")
        print(f"  baseline    : {r['baseline_s'] * 1000:6.1f} ms (group mentions by (place, outcome), best of 3)")
        print(f"  reconcile   : {r['seconds']:6.2f} s  {r['claims'] / r['seconds']:8,.0f} claims/s  "
              f"= {r['seconds'] / r['baseline_s']:,.0f} x baseline")
        print(f"  events      : {r['events']:,} built, {r['ranges']:,} ranges, {r['conflicts']:,} conflicts, "
              f"largest {r['biggest_event']:,} claims; {r['copies_found']:,} documents grouped as copies")
        print(f"  memory      : tracemalloc peak {peak}; subprocess maxrss {r['maxrss_mb']:.0f} MB")
        print(f"  growth per claim vs {sizes[0] // 1000}k: x{growth:.2f}")
    done = {s: r for s, r in results.items() if isinstance(r, dict)}
    print("\nsummary")
    print(f"  {'claims':>9} {'documents':>9} {'events':>7} {'seconds':>8} {'claims/s':>9} {'peak MB':>8} "
          f"{'x baseline':>10} {'growth/claim':>12}")
    first = next(iter(done.values()), None)
    worst = 1.0
    for size in sizes:
        r = results[size]
        if isinstance(r, str):
            print(f"  {size:>9,} {r}")
            continue
        growth = (r["seconds"] / r["claims"]) / (first["seconds"] / first["claims"])
        worst = max(worst, growth)
        peak = f"{r['peak_mb']:.0f}" if "peak_mb" in r else "-"
        print(f"  {r['claims']:>9,} {r['documents']:>9,} {r['events']:>7,} {r['seconds']:>8.2f} "
              f"{r['claims'] / r['seconds']:>9,.0f} {peak:>8} {r['seconds'] / r['baseline_s']:>10,.0f} "
              f"{'x' + format(growth, '.2f'):>12}")
    verdict = "near-linear" if worst <= 1.5 else f"SUPER-LINEAR (> x1.5): try --profile {max(done)}"
    print(f"  worst growth per claim: x{worst:.2f} ({verdict}); total {time.perf_counter() - began:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
