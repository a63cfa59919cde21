"""Load benchmark: `testimony serve --workers 2` (gunicorn) on the bench
collection, searched for 30 s by 16 concurrent keep-alive connections while an
ingest rewrites testimonies in another process.

Uses the build of bench/search.py (DIR/search-N, made when missing) and
works on a copy of its catalogue and index, so that build stays as it was.
The concurrent ingest is a second generated collection (another seed) over
the same accessions: every testimony it reaches is changed, so the index
deletes and adds documents while the searches run. Prints requests per
second, p50 and p99 latency, and the errors (target: none).

    python bench/load.py [--testimonies N] [--workdir DIR] [--seconds S]
                         [--connections C] [--workers W] [--rewrite R]
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.collection import generate_collection
from bench.search_build import build_or_reuse, working_copy
from bench.search_queries import KINDS, query_mix


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--testimonies", type=int, default=2000, help="default 2000")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "tsb")
    parser.add_argument("--seconds", type=float, default=30.0, help="default 30")
    parser.add_argument("--connections", type=int, default=16, help="default 16")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers, default 2")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker, default 4")
    parser.add_argument("--rewrite", type=int, default=200, help="testimonies the ingest rewrites")
    return parser.parse_args(argv)


def query_paths(run_dir: Path) -> list[str]:
    """The search mix of bench/search.py, as /api/search addresses."""
    from search.index import open_index

    mix = query_mix(open_index(run_dir / "data" / "index"), run_dir / "collection")
    paths = []
    for kind in KINDS:
        for case in mix[kind]:
            params = [("q", case.text)]
            params += [("country", c) for c in case.filters.countries]
            params += [("theme", t) for t in case.filters.themes]
            params += [("decade", d) for d in case.filters.decades]
            params += [("language", lang) for lang in case.filters.languages]
            if case.filters.year_from is not None:
                params += [("year_from", case.filters.year_from), ("year_to", case.filters.year_to)]
            paths.append("/api/search?" + urlencode(params))
    return paths


def start_server(data_dir: Path, port: int, workers: int, threads: int) -> subprocess.Popen:
    env = {**os.environ, "TESTIMONY_DATA_DIR": str(data_dir), "TESTIMONY_SEARCH_RATE_LIMIT": "off"}
    env.pop("TESTIMONY_DATABASE_URL", None)
    command = [sys.executable, "-m", "web", "serve", "--port", str(port)]
    command += ["--workers", str(workers), "--threads", str(threads)]
    process = subprocess.Popen(command, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/search?q=warmup")
            connection.getresponse().read()
            connection.close()
            return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("the server did not start")


def hammer(port: int, paths: list[str], seconds: float, connections: int) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        position = number
        while time.monotonic() < deadline:
            path = paths[position % len(paths)]
            position += connections
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
                problem = f"HTTP {response.status} for {path}"
            except (OSError, http.client.HTTPException) as error:
                ok, problem = False, f"{type(error).__name__} for {path}"
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed) if ok else errors.append(problem)
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"latencies": latencies, "errors": errors, "seconds": time.perf_counter() - started}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    run_dir = args.workdir / f"search-{args.testimonies}"
    build_or_reuse(run_dir, args.testimonies)
    work, env = working_copy(run_dir, "load")
    rewrite = generate_collection(work / "rewrite", args.rewrite, seed=2)
    paths = query_paths(run_dir)
    port = free_port()
    server = start_server(work / "data", port, args.workers, args.threads)
    try:
        ingest_log = (work / "ingest.log").open("w")
        ingest = subprocess.Popen(
            [sys.executable, "-m", "web", "ingest", str(rewrite.folder)],
            env=env,
            stdout=ingest_log,
            stderr=subprocess.STDOUT,
        )
        time.sleep(2)  # the ingest is under way before the first search
        result = hammer(port, paths, args.seconds, args.connections)
        still_running = ingest.poll() is None
        ingest_status = ingest.wait()
        ingest_log.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies, errors = result["latencies"], result["errors"]
    during = "the whole time" if still_running else "for part of the time"
    p50, p99 = percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000
    print(
        f"load: {args.workers} gunicorn workers x {args.threads} threads, "
        f"{args.connections} connections, {args.seconds:.0f} s, {len(paths)} distinct searches"
    )
    print(
        f"      {args.testimonies} testimonies; an ingest rewriting {args.rewrite} of them "
        f"ran {during} (exit {ingest_status})"
    )
    rate = len(latencies) / result["seconds"]
    print(f"requests: {len(latencies) + len(errors)}, {rate:.1f} per second")
    print(f"latency: p50 {p50:.0f} ms, p99 {p99:.0f} ms")
    print(f"errors: {len(errors)}")
    problems = [
        line.strip()
        for line in (work / "ingest.log").read_text().splitlines()
        if line.strip().startswith(("error:", "warning:")) or line.strip().endswith("warnings")
    ]
    print("ingest: " + ("; ".join(problems[:3] + problems[-1:]) if problems else "no problems"))
    for problem in sorted(set(errors))[:10]:
        print(f"  {problem}")
    print(f"load average after: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
