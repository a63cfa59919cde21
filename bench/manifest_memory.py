"""Manifest reading benchmark: peak memory and time of `load_collection` for
the same collection's manifest written as YAML, as JSON, and as YAML with one
misspelt country (a problem, so the lines of its fields are worked out).

Each reading runs in a fresh child process; it prints the resident memory
before reading (imports), the peak (VmHWM) and the seconds, which include
asking one field's line (the first question works out the lines). Figures only.
Issue 15 asks that an ingest's peak memory not grow with the collection:
reading the manifest is the first phase where it could.

    python bench/manifest_memory.py [--testimonies N] [--workdir DIR]
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

import yaml

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.collection import generate_collection

KINDS = ("yaml", "json", "yaml, one problem")


def write_variants(manifest: Path, into: Path) -> dict[str, Path]:
    """The manifest as it is, as JSON, and with its first testimony's first
    country misspelt; each alone in a folder (load_collection reads only it)."""
    text = manifest.read_text(encoding="utf-8")
    folders = {kind: into / kind.replace(", ", "-").replace(" ", "-") for kind in KINDS}
    for folder in folders.values():
        folder.mkdir(parents=True)
    (folders["yaml"] / "manifest.yaml").write_text(text, encoding="utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    (folders["json"] / "manifest.json").write_text(
        json.dumps(data, indent=2, default=str), encoding="utf-8"
    )
    start = text.index("\n  countries:\n", text.index("\ntestimonies:")) + len("\n  countries:\n")
    end = text.index("\n", start)
    (folders["yaml, one problem"] / "manifest.yaml").write_text(
        text[:start] + "  - Lybia" + text[end:], encoding="utf-8"
    )
    return folders


def high_water_mb() -> float:
    """This process's peak resident memory. Not ru_maxrss: Linux keeps that
    across exec, so a child would report its parent's peak (here the parent
    has read the whole manifest to write it as JSON)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux


def measure(folder: Path) -> dict:
    """In this process: read the collection at folder, ask one field's line."""
    from ingest.collection import load_collection

    before = high_water_mb()
    started = time.perf_counter()
    loaded = load_collection(folder)
    accessions = loaded.testimonies.accessions
    origin = loaded.origin(accessions[len(accessions) // 2])
    line = origin.at(("countries", 0)).line
    return {
        "seconds": time.perf_counter() - started,
        "before_mb": before,
        "peak_mb": high_water_mb(),
        "testimonies": len(loaded.testimonies),
        "problems": len(loaded.problems),
        "line_found": line is not None,
    }


def measure_in_child(folder: Path) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--measure", str(folder)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"reading {folder} failed (exit {result.returncode})")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--testimonies", type=int, default=1000, help="default 1000")
    parser.add_argument("--workdir", type=Path, help="where to write (default: a temp dir)")
    parser.add_argument("--collection", type=Path, help="a collection bench/search.py generated")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    run_dir = Path(tempfile.mkdtemp(prefix="testimony-manifest-", dir=args.workdir))
    try:
        if args.collection:
            manifest = args.collection / "manifest.yaml"
        else:
            generate_collection(run_dir / "collection", args.testimonies)
            manifest = run_dir / "collection" / "manifest.yaml"
        folders = write_variants(manifest, run_dir / "variants")
        print(
            f"{'manifest':<20}{'MB':>8}{'testimonies':>13}{'problems':>10}"
            f"{'seconds':>9}{'before MB':>11}{'peak MB':>9}{'growth MB':>11}"
        )
        for kind, folder in folders.items():
            found = measure_in_child(folder)
            size = next(folder.iterdir()).stat().st_size / 2**20
            print(
                f"{kind:<20}{size:8.1f}{found['testimonies']:13,}{found['problems']:10}"
                f"{found['seconds']:9.1f}{found['before_mb']:11.0f}{found['peak_mb']:9.0f}"
                f"{found['peak_mb'] - found['before_mb']:11.0f}"
            )
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
