"""Ingest benchmark: the full pipeline against raw Whoosh indexing of the same text.

Generates a collection (bench/collection.py), then measures, each in a fresh
child process so that peak memory is that run's own:

  A  `ingest.pipeline.run_ingest` into a new SQLite catalogue and index;
  B  the same transcripts read, split into one document per timecoded segment
     and indexed straight into Whoosh with a plain schema, one writer, one
     commit (the floor A is compared with).

It prints wall and CPU seconds, transcript MB/s, testimonies per minute,
words per second and peak RSS for both, and A's speed as a ratio of B's
against issue 15's target of 1.0x (at least as fast as raw Whoosh). Figures
only: nothing here passes or fails.
--scaling runs A again at a quarter of N, to show whether peak memory follows
N; --profile runs A under cProfile in this process and prints its stages,
self time by package and the top 25 functions; --timeline times A's catalogue
and index steps call by call (bench/ingest_timeline.py) and prints their cost
per quarter of the run, to show a step that grows with the collection;
--no-raw leaves B out and --profile-only both A and B, for a profile or
timeline of a large N.

    python bench/ingest.py [--testimonies N] [--words W] [--segments S]
                           [--workdir DIR] [--keep] [--scaling] [--profile]
                           [--timeline] [--no-raw] [--profile-only]
                           [--collection DIR/search-N/collection]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.collection import (
    BenchCollection,
    generate_collection,
    open_catalogue,
    write_raw_index,
)

TARGET_RATIO = 1.0  # issue 15: at least as fast as raw single-writer Whoosh
MB = 1_000_000  # transcript throughput in decimal megabytes, as the issue states it


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """High-water mark of resident memory (ru_maxrss is KB on Linux); with
    RUSAGE_CHILDREN, that of the largest child, e.g. a Whoosh `procs` worker."""
    return resource.getrusage(who).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (Whoosh `procs` workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure_pipeline(folder: Path, data_dir: Path, timeline: bool = False) -> dict:
    """Measure A: run_ingest on a fresh catalogue; setting up the schema is not timed.
    timeline: time its steps call by call too (a wrapper per call: negligible)."""
    from bench.ingest_timeline import Timeline
    from ingest.pipeline import run_ingest

    steps = Timeline()
    if timeline:
        steps.install()
    sessions, index_dir, engine = open_catalogue(data_dir)
    baseline, cpu = peak_rss_mb(), cpu_seconds()
    started = time.perf_counter()
    report = run_ingest(folder, sessions=sessions, index_dir=index_dir)
    seconds = time.perf_counter() - started
    engine.dispose()
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds() - cpu,
        "baseline_mb": baseline,
        "peak_mb": peak_rss_mb(),
        "workers_peak_mb": peak_rss_mb(resource.RUSAGE_CHILDREN),
        "indexed": report.indexed,
        "problem_count": len(report.problems),
        "problems": [str(p) for p in report.problems[:10]],
        "timeline": steps.summary() if timeline else [],
    }


def measure_raw(folder: Path, index_dir: Path, timeline: bool = False) -> dict:
    """Measure B: plain schema, default analyzer, one writer, one commit."""
    baseline, cpu = peak_rss_mb(), cpu_seconds()
    started = time.perf_counter()
    documents = write_raw_index(folder, index_dir)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds() - cpu,
        "baseline_mb": baseline,
        "peak_mb": peak_rss_mb(),
        "workers_peak_mb": peak_rss_mb(resource.RUSAGE_CHILDREN),
        "documents": documents,
    }


MEASURES = {"pipeline": measure_pipeline, "raw": measure_raw}


def measure_in_child(kind: str, folder: Path, target: Path, timeline: bool = False) -> dict:
    """Run one measure in a fresh interpreter and return what it printed."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--measure",
        kind,
        "--folder",
        str(folder),
        "--target",
        str(target),
        *(["--timeline"] if timeline else []),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"the {kind} measure failed (exit {result.returncode})")
    return json.loads(result.stdout.strip().splitlines()[-1])


def figures(measured: dict, collection: BenchCollection) -> dict:
    seconds = measured["seconds"]
    return {
        **measured,
        "mb_per_s": collection.transcript_bytes / MB / seconds,
        "testimonies_per_min": collection.testimonies * 60 / seconds,
        "words_per_s": collection.words / seconds,
    }


def print_table(pipeline: dict, raw: dict) -> None:
    print(
        f"\n{'':24}{'seconds':>9}{'CPU s':>8}{'MB/s':>8}{'testim./min':>13}{'words/s':>10}"
        f"{'peak RSS MB':>13}{'(before)':>10}"
    )
    for name, row in (("A full pipeline", pipeline), ("B raw Whoosh", raw)):
        print(
            f"{name:24}{row['seconds']:9.1f}{row['cpu_seconds']:8.1f}{row['mb_per_s']:8.3f}"
            f"{row['testimonies_per_min']:13,.0f}{row['words_per_s']:10,.0f}"
            f"{row['peak_mb']:13.0f}{row['baseline_mb']:10.0f}"
        )
    ratio = raw["seconds"] / pipeline["seconds"]
    cpu_ratio = raw["cpu_seconds"] / pipeline["cpu_seconds"]
    verdict = "meets" if ratio >= TARGET_RATIO else "below"
    print(
        f"\nA/B speed: {ratio:.2f}x by wall time ({verdict} the {TARGET_RATIO}x target); "
        f"{cpu_ratio:.2f}x by CPU time"
    )
    print(
        "  (CPU time is steadier when other processes share the machine; with Whoosh "
        "procs > 1 it adds the workers' time, so there wall time is the figure)"
    )
    print(
        f"peak RSS: A {pipeline['peak_mb']:.0f} MB, B {raw['peak_mb']:.0f} MB "
        f"(A/B {pipeline['peak_mb'] / raw['peak_mb']:.2f}); "
        "'before' is the process after imports and setup, before the timed work"
    )
    workers = {"A": pipeline["workers_peak_mb"], "B": raw["workers_peak_mb"]}
    if any(workers.values()):
        print(
            "largest worker process (e.g. Whoosh procs): "
            + ", ".join(f"{name} {mb:.0f} MB" for name, mb in workers.items())
        )


def print_problems(pipeline: dict) -> None:
    if not pipeline["problem_count"]:
        print("run_ingest reported no problems")
        return
    print(f"run_ingest reported {pipeline['problem_count']} problem(s), first ones:")
    for problem in pipeline["problems"]:
        print(f"  {problem}")


def describe(collection: BenchCollection, seconds: float) -> None:
    print(
        f"generated {collection.testimonies} testimonies in {seconds:.1f}s: "
        f"{collection.words:,} words, {collection.segments:,} segments, "
        f"{collection.transcript_bytes / MB:.1f} MB of transcripts, "
        f"{collection.audio_bytes / 1024:.0f} KB of audio"
    )


def generate(folder: Path, args: argparse.Namespace, testimonies: int) -> BenchCollection:
    started = time.perf_counter()
    collection = generate_collection(folder, testimonies, args.words, args.segments)
    describe(collection, time.perf_counter() - started)
    return collection


# (label, path ending, function): cumulative seconds of the pipeline's stages.
# Where one name matches several functions of a file, the largest is shown.
STAGES = (
    ("run_ingest", "ingest/pipeline.py", "run_ingest"),
    ("  manifest: read + validate", "ingest/collection.py", "load_collection"),
    ("  drafts: build_testimony", "ingest/drafting.py", "build_testimony"),
    ("    transcripts: read + parse", "ingest/transcripts/__init__.py", "read_transcript"),
    ("    audio: mutagen + sha256", "ingest/audio.py", "read_audio"),
    ("    draft_checksum (asdict+json+sha)", "archive/drafts.py", "draft_checksum"),
    ("  catalogue: save + commit", "ingest/pipeline.py", "_save_testimony"),
    ("    save_testimony (ORM objects)", "archive/testimonies/writes.py", "save_testimony"),
    ("    session flush", "sqlalchemy/orm/session.py", "flush"),
    ("  programmes and talks", "ingest/pipeline.py", "_write_programmes"),
    ("  index: update_index", "search/sync.py", "update_index"),
    ("    iter_testimonies (re-read)", "archive/testimonies/queries.py", "iter_testimonies"),
    ("    write_testimonies", "search/index.py", "write_testimonies"),
    ("      documents_for", "search/documents.py", "documents_for"),
    ("      add_document", "whoosh/writing.py", "add_document"),
    ("      writer commit", "whoosh/writing.py", "commit"),
    ("    mark_indexed", "archive/testimonies/writes.py", "mark_indexed"),
)


def stage_seconds(stats, path_end: str, name: str) -> float | None:
    matches = [
        row[3]
        for (filename, _line, function), row in stats.stats.items()
        if function == name and filename.replace("\\", "/").endswith(path_end)
    ]
    return max(matches) if matches else None


def package_of(filename: str, function: str) -> str:
    """Where a profiled function lives: a project package, a library, or a C module."""
    if filename == "~":
        for name in ("sqlite3", "json", "hashlib", "re.", "pickle", "zlib", "struct"):
            if name in function:
                return f"{name.rstrip('.')} (C)"
        return "builtins (C)"
    path = filename.replace("\\", "/")
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1].split("/", 1)[0]
    root = Path(__file__).resolve().parents[1].as_posix()
    for package in ("archive", "search", "ingest", "web", "bench"):
        if path.startswith((f"{root}/{package}/", f"{package}/")):
            return package
    return "stdlib " + Path(path).stem


def print_profile_summary(stats, total: float) -> None:
    print(f"\nstages (cumulative seconds, % of {total:.1f}s):")
    for label, path_end, name in STAGES:
        seconds = stage_seconds(stats, path_end, name)
        shown = "n/a" if seconds is None else f"{seconds:8.2f}  {100 * seconds / total:5.1f}%"
        print(f"  {label:40}{shown}")
    by_package: dict[str, float] = {}
    for (filename, _line, function), row in stats.stats.items():
        key = package_of(filename, function)
        by_package[key] = by_package.get(key, 0.0) + row[2]
    print("\nself time by package (tottime):")
    for key, seconds in sorted(by_package.items(), key=lambda item: -item[1])[:14]:
        print(f"  {key:40}{seconds:8.2f}  {100 * seconds / total:5.1f}%")


def profile_pipeline(folder: Path, data_dir: Path, timeline: bool, top: int = 25) -> None:
    """Run A in this process under cProfile; print stages and the top functions
    (and, with timeline, its steps per quarter of the run, under the profiler)."""
    import cProfile
    import pstats

    from bench.ingest_timeline import Timeline
    from ingest.pipeline import run_ingest

    steps = Timeline()
    if timeline:
        steps.install()
    sessions, index_dir, engine = open_catalogue(data_dir)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    run_ingest(folder, sessions=sessions, index_dir=index_dir)
    profiler.disable()
    total = time.perf_counter() - started
    engine.dispose()
    print(f"\n== profile of the full pipeline ({total:.1f}s under cProfile) ==")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    print_profile_summary(stats, total)
    if timeline:
        print("\ntimeline of the profiled run (ms per call, by quarter; inflated by cProfile):")
        print("\n".join(f"  {line}" for line in steps.summary()))
    for order in ("cumulative", "tottime"):
        print(f"\ntop {top} by {order}:")
        stats.sort_stats(order).print_stats(top)


def run_scaling(args: argparse.Namespace, run_dir: Path, full: dict) -> None:
    """A again at a quarter of the testimonies: peak memory should not follow N."""
    quarter = max(1, args.testimonies // 4)
    print(f"\nscaling: the pipeline again with {quarter} testimonies")
    collection = generate(run_dir / f"collection-{quarter}", args, quarter)
    small = figures(
        measure_in_child("pipeline", collection.folder, run_dir / "pipeline-quarter"), collection
    )
    print(
        f"peak RSS of A: {small['peak_mb']:.0f} MB at N={quarter} "
        f"({small['peak_mb'] - small['baseline_mb']:.0f} MB above start), "
        f"{full['peak_mb']:.0f} MB at N={args.testimonies} "
        f"({full['peak_mb'] - full['baseline_mb']:.0f} MB above start); "
        f"speed {small['mb_per_s']:.3f} vs {full['mb_per_s']:.3f} MB/s"
    )


def existing(folder: Path) -> BenchCollection:
    """A collection bench/search.py generated (--collection), described by its
    build.json beside it, so a 10,000-testimony collection is generated once."""
    build = json.loads((folder.parent / "build.json").read_text())
    audio = sum(p.stat().st_size for p in folder.rglob("*.wav"))
    collection = BenchCollection(
        folder,
        build["testimonies"],
        build["words"],
        build["segments"],
        int(build["transcript_mb"] * MB),
        audio,
    )
    describe(collection, build["generate_seconds"])
    return collection


def run_benchmark(args: argparse.Namespace, run_dir: Path) -> None:
    if args.collection:
        collection = existing(args.collection)
    else:
        collection = generate(run_dir / "collection", args, args.testimonies)
    if args.profile_only:
        profile_pipeline(collection.folder, run_dir / "profiled", args.timeline)
        return
    print("measuring A, the full pipeline ...", flush=True)
    pipeline = measure_in_child("pipeline", collection.folder, run_dir / "pipeline", args.timeline)
    pipeline = figures(pipeline, collection)
    if args.no_raw:
        print(
            f"A: {pipeline['seconds']:.1f} s, CPU {pipeline['cpu_seconds']:.1f} s, "
            f"peak RSS {pipeline['peak_mb']:.0f} MB (B not measured: --no-raw)"
        )
    else:
        print("measuring B, raw Whoosh ...", flush=True)
        raw = figures(measure_in_child("raw", collection.folder, run_dir / "raw-index"), collection)
        print_table(pipeline, raw)
        print(
            f"index documents: A {pipeline['indexed']} testimonies "
            f"(one document each, plus one per chapter and per segment), B {raw['documents']:,}"
        )
    print_problems(pipeline)
    if pipeline["timeline"]:
        print(f"\ntimeline of A, {collection.testimonies} testimonies (ms per call, by quarter):")
        print("\n".join(f"  {line}" for line in pipeline["timeline"]))
    if args.scaling:
        run_scaling(args, run_dir, pipeline)
    if args.profile:
        profile_pipeline(collection.folder, run_dir / "profiled", args.timeline)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--testimonies", type=int, default=1000, help="default 1000")
    parser.add_argument("--words", type=int, default=12000, help="per testimony, default 12000")
    parser.add_argument("--segments", type=int, default=80, help="per testimony, default 80")
    parser.add_argument("--workdir", type=Path, help="where the run's temporary folder goes")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument(
        "--collection",
        type=Path,
        help="ingest this collection of a bench/search.py build (DIR/search-N/collection) "
        "instead of generating one; --testimonies is then the build's",
    )
    parser.add_argument("--scaling", action="store_true", help="also run A at N/4")
    parser.add_argument("--profile", action="store_true", help="also run A under cProfile")
    parser.add_argument("--timeline", action="store_true", help="A's steps per quarter of the run")
    parser.add_argument("--no-raw", action="store_true", help="do not measure B")
    parser.add_argument("--profile-only", action="store_true", help="only A under cProfile")
    # The parent re-invokes this script with these to measure in a fresh process.
    parser.add_argument("--measure", choices=sorted(MEASURES), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--target", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.measure:
        print(json.dumps(MEASURES[args.measure](args.folder, args.target, args.timeline)))
        return 0
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    run_dir = Path(tempfile.mkdtemp(prefix="testimony-bench-", dir=args.workdir))
    try:
        run_benchmark(args, run_dir)
    finally:
        if args.keep:
            print(f"\nkept {run_dir}")
        else:
            shutil.rmtree(run_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
