"""Search benchmark: our full search against raw Whoosh top-10 on the same collection.

Generates a collection (bench/collection.py) and builds, in the same run:

  ours  `ingest.pipeline.run_ingest` into a new catalogue and index, searched
        with `search.searcher.search_testimonies` (grouped, faceted,
        highlighted, access-filtered, for a public user);
  raw   one document per transcript segment in a plain Whoosh schema,
        searched with `searcher.search(query, limit=10)` and the hits' ids
        read, on one searcher opened for the whole run (the floor).

Then it runs a fixed mix of query kinds through both, alternating ours and raw
query by query, and prints p50 and p95 per kind, the p95 ratio, and whether
ours meets the targets (p95 <= 100 ms and <= 1.5x raw), with build times and
sizes, and what opening a searcher costs on each index (paid once per thread
and per committed generation: ours searches through a SharedIndex, as the web
does). The query mix is in bench/search_queries.py. Figures
only: nothing here passes or fails.

    python bench/search.py [--testimonies N] [--repeat R] [--workdir DIR]
                           [--keep] [--profile KIND]

With --workdir the build goes to DIR/search-N and is reused by later runs
(kept when --keep is given or when it was already there).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.search_build import BUILD_FILE, build_or_reuse, code_version, describe_build
from bench.search_queries import KINDS, Case, query_mix

TARGET_MS = 100.0
TARGET_RATIO = 1.5
WARMUP_ROUNDS = 2


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile: p95 of 30 runs is the second slowest."""
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]


def ours_runner(ix) -> Callable[[Case], object]:
    """Our search API as the web calls it: on a SharedIndex, whose searcher
    stays open between calls (the web's threads each keep one)."""
    from search.searcher import search_testimonies

    def run(case: Case):
        return search_testimonies(
            ix, case.text, today=case.today, filters=case.filters, page=1, per_page=20
        )

    return run


def raw_runner(searcher) -> Callable[[Case], object]:
    """Raw Whoosh top 10; hits' ids read, and their snippets for the highlight kind.

    Words are ORed (factor 0.9) as in our plain mode, so both sides match the
    same segments."""
    from whoosh.qparser import OrGroup, QueryParser

    parser = QueryParser("text", searcher.schema, group=OrGroup.factory(0.9))

    def run(case: Case):
        results = searcher.search(parser.parse(case.text), limit=10)
        ids = [hit["id"] for hit in results]
        if case.raw_highlights:
            return ids, [hit.highlights("text") for hit in results]
        return ids

    return run


def timed_ms(run: Callable[[Case], object], case: Case) -> tuple[float, float]:
    """Wall and CPU milliseconds of one query."""
    started, cpu = time.perf_counter(), time.process_time()
    run(case)
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000


def measure_kind(cases: list[Case], repeat: int, ours, raw) -> dict[str, list[float]]:
    """`repeat` runs of the kind, cycling through its queries, ours then raw."""
    times: dict[str, list[float]] = {"ours": [], "raw": [], "ours cpu": [], "raw cpu": []}
    for run in range(repeat):
        case = cases[run % len(cases)]
        for side, runner in (("ours", ours), ("raw", raw)):
            wall, cpu = timed_ms(runner, case)
            times[side].append(wall)
            times[f"{side} cpu"].append(cpu)
    return times


def warm_up(mix: dict[str, list[Case]], ours, raw) -> None:
    """Every query of the mix on both sides: the facts table, caches and pages warm."""
    for _round in range(WARMUP_ROUNDS):
        for cases in mix.values():
            for case in cases:
                ours(case)
                raw(case)


def matches(cases: list[Case], ours, raw_searcher) -> str:
    """What the kind's first query finds: our testimonies, raw segments (untimed)."""
    from whoosh.qparser import OrGroup, QueryParser

    case = cases[0]
    found = ours(case)
    parser = QueryParser("text", raw_searcher.schema, group=OrGroup.factory(0.9))
    segments = sum(1 for _ in raw_searcher.docs_for_query(parser.parse(case.text)))
    return f"{found.total} testimonies / {segments} segments for {case.label}"


def open_cost(ix, runs: int = 7) -> str:
    """Median ms to open and to close a searcher on ix."""
    opened, closed = [], []
    for _run in range(runs):
        started = time.perf_counter()
        searcher = ix.searcher()
        middle = time.perf_counter()
        searcher.close()
        opened.append((middle - started) * 1000)
        closed.append((time.perf_counter() - middle) * 1000)
    return f"open {statistics.median(opened):.0f} ms + close {statistics.median(closed):.0f} ms"


def print_table(rows: dict[str, dict[str, list[float]]], notes: dict[str, str]) -> None:
    print(
        f"\n{'kind':12}{'ours p50':>10}{'ours p95':>10}{'raw p50':>10}{'raw p95':>10}"
        f"{'ratio p95':>11}  meets {'CPU p50 ours/raw':>17}   first query: ours found / raw matched"
    )
    for kind, times in rows.items():
        ours95, raw95 = percentile(times["ours"], 0.95), percentile(times["raw"], 0.95)
        ratio = ours95 / raw95
        meets = "yes" if ours95 <= TARGET_MS and ratio <= TARGET_RATIO else "NO"
        print(
            f"{kind:12}{statistics.median(times['ours']):10.1f}{ours95:10.1f}"
            f"{statistics.median(times['raw']):10.1f}{raw95:10.1f}{ratio:10.2f}x"
            f"  {meets:5}{statistics.median(times['ours cpu']):9.0f} /"
            f"{statistics.median(times['raw cpu']):6.0f}   {notes.get(kind, '')}"
        )
    print(
        f"ms of wall time unless CPU; meets: ours p95 <= {TARGET_MS:.0f} ms and <= "
        f"{TARGET_RATIO}x raw p95; {len(next(iter(rows.values()))['ours'])} runs per kind "
        "and side. CPU time is steadier when other processes share the machine."
    )


def profile_kind(cases: list[Case], repeat: int, ours, top: int = 30) -> None:
    """Our side of one kind under cProfile: stages, then the top functions."""
    import cProfile
    import pstats

    from bench.search_build import print_stages

    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for run in range(repeat):
        ours(cases[run % len(cases)])
    profiler.disable()
    total = time.perf_counter() - started
    print(f"\n== profile of ours, {cases[0].kind}: {repeat} queries in {total:.2f}s ==")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    print_stages(stats, repeat)
    for order in ("cumulative", "tottime"):
        print(f"\ntop {top} by {order}:")
        stats.sort_stats(order).print_stats(top)


def run_benchmark(args: argparse.Namespace, run_dir: Path) -> None:
    from whoosh import index

    from search.index import open_index
    from search.readers import SharedIndex

    build = build_or_reuse(run_dir, args.testimonies)
    describe_build(build)
    print(f"code: {code_version()}")
    ours_ix = open_index(run_dir / "data" / "index")
    raw_ix = index.open_dir(str(run_dir / "raw-index"))
    print(f"searcher: ours {open_cost(ours_ix)}; raw {open_cost(raw_ix)}")
    print(f"load average before the queries: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    mix = query_mix(ours_ix, run_dir / "collection")
    ours_ix = SharedIndex(run_dir / "data" / "index")
    if args.profile:
        mix = {args.profile: mix[args.profile]}
    rows, notes = {}, {}
    with raw_ix.searcher() as raw_searcher:
        ours, raw = ours_runner(ours_ix), raw_runner(raw_searcher)
        warm_up(mix, ours, raw)
        for kind, cases in mix.items():
            print(f"  measuring {kind} ...", flush=True)
            rows[kind] = measure_kind(cases, args.repeat, ours, raw)
            notes[kind] = matches(cases, ours, raw_searcher)
    print_table(rows, notes)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    if args.profile:
        profile_kind(mix[args.profile], args.repeat, ours)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--testimonies", type=int, default=2000, help="default 2000")
    parser.add_argument("--repeat", type=int, default=30, help="runs per kind, default 30")
    parser.add_argument("--workdir", type=Path, help="build in (and reuse) DIR/search-N")
    parser.add_argument("--keep", action="store_true", help="keep the generated build")
    parser.add_argument("--profile", choices=KINDS, help="measure and profile one kind only")
    return parser.parse_args(argv)


def run_dir_for(args: argparse.Namespace) -> tuple[Path, bool]:
    """Where this run builds, and whether to remove it at the end."""
    if args.workdir is None:
        run_dir = Path(tempfile.mkdtemp(prefix="testimony-search-bench-"))
        return run_dir, not args.keep
    run_dir = args.workdir.resolve() / f"search-{args.testimonies}"
    reused = (run_dir / BUILD_FILE).exists()
    return run_dir, not (args.keep or reused)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    run_dir, remove = run_dir_for(args)
    try:
        run_benchmark(args, run_dir)
    finally:
        if remove:
            shutil.rmtree(run_dir, ignore_errors=True)
        else:
            print(f"\nkept {run_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
