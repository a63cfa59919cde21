"""Long-transcript page benchmark: size and build time of a testimony page
whose transcript is tens of megabytes (issue 12 §6: a 45 MB transcript made a
134 MB page that took 18 s to build).

Generates one testimony (bench/collection.py) with a transcript of about
--mb megabytes, ingests it through the real pipeline into a SQLite catalogue
(kept in --workdir, so another checkout of the code can be measured on the
same data), then asks the real Flask app for its page: as first opened, at a
moment in the middle (?part=1&t=), and the transcript download for comparison.
Prints megabytes and the best of --repeat wall and CPU times. Figures only: nothing here
passes or fails.

    python bench/long_transcript.py [--mb 45] [--segments 30000] [--workdir DIR] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import yaml

from bench.collection import generate_collection, open_catalogue

MB = 1_000_000
BYTES_PER_WORD = 6.4  # of the generated pseudo-English, spaces and timecodes included
ACCESSION = "BENCH-00001"


def build(workdir: Path, mb: float, segments: int) -> Path:
    """The catalogue in workdir/data, ingested now unless already there."""
    data = workdir / "data"
    done = workdir / "ingested"
    if done.exists():
        return data
    from ingest.pipeline import run_ingest

    folder = workdir / "collection"
    made = generate_collection(
        folder, testimonies=1, words=int(mb * MB / BYTES_PER_WORD), segments=segments
    )
    manifest_path = folder / "manifest.yaml"
    manifest = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
    for entry in manifest["testimonies"]:  # the page asked for is the public's
        entry["access"] = "public"
        entry.pop("embargo_until", None)
    manifest_path.write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")
    print(f"transcript: {made.transcript_bytes / MB:.1f} MB, {made.segments} segments")
    sessions, index_dir, _engine = open_catalogue(data)
    started = time.perf_counter()
    report = run_ingest(folder, sessions=sessions, index_dir=index_dir)
    print(f"ingest: {time.perf_counter() - started:.1f} s, {len(report.problems)} problems")
    for problem in report.problems:
        print(f"  {problem}")
    done.write_text("ok\n")
    return data


def measure(data: Path, repeat: int) -> None:
    from archive.settings import Settings
    from web.app import create_app

    settings = Settings.from_environ(
        {"TESTIMONY_DATA_DIR": str(data), "TESTIMONY_SECRET_KEY": "bench"}
    )
    client = create_app(settings, {"TESTING": True}).test_client()
    middle = _middle_start(data)
    base = f"/testimonies/{ACCESSION}"
    # CPU seconds beside wall seconds: on a shared machine the wall time
    # also counts other people's work.
    print(f"{'request':<42} {'status':>6} {'MB':>8} {'wall s':>8} {'CPU s':>8}")
    for url in (base, f"{base}?part=1&t={middle}", f"{base}/transcript.txt"):
        walls, cpus = [], []
        for _ in range(repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            body = response.get_data()
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        print(
            f"{url:<42} {response.status_code:>6} {len(body) / MB:>8.2f}"
            f" {min(walls):>8.3f} {min(cpus):>8.3f}"
        )


def _middle_start(data: Path) -> float:
    """The start of the transcript's middle segment: a moment deep in the page."""
    from archive.access import Asker
    from archive.testimonies.queries import get_testimony

    sessions, _index_dir, _engine = open_catalogue(data)
    with sessions() as session:
        asker = Asker.staff_member(date.today())
        segments = get_testimony(session, ACCESSION, asker=asker).segments
    return segments[len(segments) // 2].start if segments else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=45.0, help="transcript size (MB)")
    parser.add_argument("--segments", type=int, default=30000)
    parser.add_argument("--workdir", type=Path, help="kept, and reused when already built")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        measure(build(args.workdir, args.mb, args.segments), args.repeat)
    else:
        with tempfile.TemporaryDirectory() as folder:
            measure(build(Path(folder), args.mb, args.segments), args.repeat)


if __name__ == "__main__":
    main()
