"""Builds for the search benchmark (bench/search.py): the collection, our
catalogue and index through the real ingest pipeline, a plain Whoosh index and
an SQLite FTS5 table of the same segments; with times and sizes, saved so a
--workdir is reused.
Also the per-stage summary of a profiled search."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.collection import generate_collection, open_catalogue, write_raw_index
from bench.search_fts5 import FTS5_FILE, TOKENIZER, build_fts5

BUILD_FILE = "build.json"
MB = 1_000_000
# As bench/ingest.py splits a plain-text transcript into its timecoded segments.


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / MB


def index_segments(index_dir: Path) -> int:
    """How many Whoosh segments the index has (each is searched separately)."""
    from whoosh import index

    from search.index import segment_count

    return segment_count(index.open_dir(str(index_dir)))


def working_copy(run_dir: Path, name: str) -> tuple[Path, dict[str, str]]:
    """A fresh copy of the build's data folder under run_dir/name, migrated to
    the newest catalogue, and the environment that points `testimony` at it
    (the build itself stays untouched for the next run)."""
    work = run_dir / name
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(run_dir / "data", work / "data")
    env = {**os.environ, "TESTIMONY_DATA_DIR": str(work / "data")}
    env.pop("TESTIMONY_DATABASE_URL", None)
    # the build may predate the newest migration
    subprocess.run([sys.executable, "-m", "web", "init"], env=env, check=True, capture_output=True)
    return work, env


def build_or_reuse(run_dir: Path, testimonies: int) -> dict:
    """The build in run_dir, made now unless a finished one of that size is
    there; our catalogue and index are made again when the schema changed."""
    from search.schema import SCHEMA_VERSION

    saved = run_dir / BUILD_FILE
    if saved.exists():
        build = json.loads(saved.read_text())
        if build["testimonies"] != testimonies:
            raise SystemExit(f"{run_dir} holds {build['testimonies']} testimonies")
        if build.get("schema_version") == SCHEMA_VERSION:
            return with_fts5(run_dir, {**build, "reused": True})
        return with_fts5(run_dir, rebuild_ours(run_dir, build))
    if run_dir.exists():
        shutil.rmtree(run_dir)  # an unfinished build
    run_dir.mkdir(parents=True)
    folder = run_dir / "collection"
    started = time.perf_counter()
    collection = generate_collection(folder, testimonies)
    build = {
        "testimonies": testimonies,
        "generate_seconds": time.perf_counter() - started,
        "words": collection.words,
        "segments": collection.segments,
        "transcript_mb": collection.transcript_bytes / MB,
    }
    print(f"generated {testimonies} testimonies in {build['generate_seconds']:.1f}s", flush=True)
    build |= build_ours(folder, run_dir / "data")
    build |= build_raw(folder, run_dir / "raw-index")
    build |= build_fts5(folder, run_dir / FTS5_FILE)
    build["schema_version"] = SCHEMA_VERSION
    saved.write_text(json.dumps(build, indent=1))
    return {**build, "reused": False}


def rebuild_ours(run_dir: Path, build: dict) -> dict:
    """Our catalogue and index again, for this schema; collection and raw index kept."""
    from search.schema import SCHEMA_VERSION

    print(f"index schema {build.get('schema_version')}, now {SCHEMA_VERSION}: rebuilding ours")
    shutil.rmtree(run_dir / "data", ignore_errors=True)
    build = build | build_ours(run_dir / "collection", run_dir / "data")
    build["schema_version"] = SCHEMA_VERSION
    (run_dir / BUILD_FILE).write_text(json.dumps(build, indent=1))
    return {**build, "reused": False}


def with_fts5(run_dir: Path, build: dict) -> dict:
    """The build with its FTS5 table, made now for a build that predates it."""
    if "fts5_seconds" in build and (run_dir / FTS5_FILE).exists():
        return build
    print("adding the FTS5 table to the build", flush=True)
    added = build_fts5(run_dir / "collection", run_dir / FTS5_FILE)
    saved = {key: value for key, value in build.items() if key != "reused"}
    (run_dir / BUILD_FILE).write_text(json.dumps(saved | added, indent=1))
    return build | added


def build_ours(folder: Path, data_dir: Path) -> dict:
    """run_ingest into a new catalogue; the catalogue's last testimony marks
    where indexing (update_index) starts."""
    from ingest.pipeline import run_ingest

    sessions, index_dir, engine = open_catalogue(data_dir)
    written = {"at": 0.0}

    def progress(_stage: str, done: int, total: int) -> None:
        written["at"] = time.perf_counter()
        if done % max(1, total // 10) == 0:
            print(f"  catalogue: {done}/{total} testimonies", flush=True)

    started = time.perf_counter()
    report = run_ingest(
        folder,
        sessions=sessions,
        index_dir=index_dir,
        progress=progress,
    )
    ended = time.perf_counter()
    engine.dispose()
    return {
        "ours_seconds": ended - started,
        "ours_index_seconds": ended - written["at"],
        "ours_indexed": report.indexed,
        "ours_problems": [str(p) for p in report.problems[:5]],
        "ours_index_mb": folder_mb(index_dir),
        "ours_segments": index_segments(index_dir),
        "catalogue_mb": folder_mb(data_dir) - folder_mb(index_dir),
    }


def build_raw(folder: Path, index_dir: Path) -> dict:
    """Plain schema, default analyzer, one writer, one commit; the text is
    stored so that the highlight kind can make snippets."""
    started = time.perf_counter()
    documents = write_raw_index(folder, index_dir, stored_text=True)
    return {
        "raw_seconds": time.perf_counter() - started,
        "raw_documents": documents,
        "raw_index_mb": folder_mb(index_dir),
        "raw_segments": index_segments(index_dir),
    }


def code_version() -> str:
    """The commit the benchmark runs and, when tracked files differ from it,
    a short hash of the difference (to tell runs of a changing tree apart)."""
    repo = Path(__file__).resolve().parents[1]
    try:
        commit, diff = (
            subprocess.run(
                ["git", "-C", str(repo), *command], capture_output=True, check=True
            ).stdout
            for command in (("rev-parse", "--short", "HEAD"), ("diff", "HEAD"))
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    changes = f" + uncommitted changes {hashlib.sha1(diff).hexdigest()[:8]}" if diff else ""
    return commit.decode().strip() + changes


def describe_build(build: dict) -> None:
    how = "reused from an earlier run" if build["reused"] else "built now"
    print(
        f"\ncollection: {build['testimonies']} testimonies, {build['words']:,} words, "
        f"{build['segments']:,} segments, {build['transcript_mb']:.0f} MB of transcripts "
        f"(generated in {build['generate_seconds']:.0f}s); indexes {how}"
    )
    print(
        f"ours: run_ingest {build['ours_seconds']:.0f}s (of which indexing about "
        f"{build['ours_index_seconds']:.0f}s), index {build['ours_index_mb']:.0f} MB in "
        f"{build['ours_segments']} Whoosh segment(s), catalogue {build['catalogue_mb']:.0f} MB, "
        f"{build['ours_indexed']} testimonies indexed, schema {build.get('schema_version')}"
    )
    print(
        f"whoosh: {build['raw_seconds']:.0f}s, index {build['raw_index_mb']:.0f} MB in "
        f"{build['raw_segments']} Whoosh segment(s), {build['raw_documents']:,} documents"
    )
    print(
        f"fts5: {build['fts5_seconds']:.0f}s, {build['fts5_mb']:.0f} MB, "
        f"{build['fts5_documents']:,} rows (tokenize '{TOKENIZER}', optimized)"
    )
    for problem in build["ours_problems"]:
        print(f"  ingest problem: {problem}")


# (label, path ending, function): where a search's time goes, per query.
STAGES = (
    ("search_testimonies", "search/searcher.py", "search_testimonies"),
    ("  facts_table (cached)", "search/facts_table.py", "facts_table"),
    ("  parse_user_query", "search/query.py", "parse_user_query"),
    ("  allowed_accessions", "search/filters.py", "allowed_accessions"),
    ("  bound_query", "search/bounds.py", "bound_query"),
    ("  _ranked_testimonies", "search/searcher.py", "_ranked_testimonies"),
    ("    _on_testimonies (words)", "search/searcher.py", "_on_testimonies"),
    ("    _on_segments (phrases)", "search/searcher.py", "_on_segments"),
    ("  whoosh phrase spans (both stages)", "whoosh/query/spans.py", "_find_next"),
    ("  _shown_hits (the page)", "search/searcher.py", "_shown_hits"),
    ("    _matches_of (moments)", "search/searcher.py", "_matches_of"),
    ("    testimony_hit", "search/hits.py", "testimony_hit"),
    ("      highlight snippet", "search/highlight.py", "snippet"),
    ("  count_facets", "search/facet_counts.py", "count_facets"),
    ("  suggest (did you mean)", "search/suggest.py", "suggest"),
)


def print_stages(stats, queries: int) -> None:
    """Cumulative ms per query of each stage (under cProfile, so inflated)."""
    print("\nstages, ms per query under cProfile (a name matching several functions: largest):")
    for label, path_end, name in STAGES:
        seconds = [
            row[3]
            for (filename, _line, function), row in stats.stats.items()
            if function == name and filename.replace("\\", "/").endswith(path_end)
        ]
        shown = f"{max(seconds) * 1000 / queries:9.2f}" if seconds else "      n/a"
        print(f"  {label:36}{shown}")
