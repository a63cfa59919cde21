"""Hostile-search benchmark: the costliest advanced searches we can write,
against `testimony serve` (waitress, 8 threads) on the bench collection, with
the search rate limit off.

Uses the build of bench/search.py (DIR/search-N, made when missing) on a copy
of its catalogue and index. First each hostile search alone: its time, status,
testimonies found and notices (the target: an answer within 2 s, with
results, a notice or a refusal). Then ten clients send hostile searches
without pause while one client sends ordinary searches every half second:
their times and hits (the target: 200 with hits within 2 s). Figures only:
nothing here passes or fails.

    python bench/hostile_search.py [--testimonies N] [--workdir DIR]
                                   [--seconds S] [--clients C]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.collection import common_words
from bench.load import free_port, percentile, start_server
from bench.search_build import build_or_reuse, working_copy

TARGET_SECONDS = 2.0
ORDINARY = ("Baghdad", "family", "school", '"my father"', "passport Tripoli", "Bagdad")


def hostile_searches() -> dict[str, str]:
    """Name -> advanced query text (at most 500 characters, the query limit)."""
    common = common_words(120)[40:]  # frequent words that are not stop words
    letters = "abcdefghilmnoprstw"
    return {
        "five *x* wildcards": "*x* *e* *a* *o* *i*",
        "lone *": "*",
        "leading ? and *": "?a* OR *ing OR ?o?",
        "one-letter prefixes ANDed": " ".join(f"{c}*" for c in "abcdefghst"),
        "one-letter prefixes ORed": " OR ".join(f"{c}*" for c in letters),
        "inner wildcards": "s*e*r* AND t*e* AND w*a* AND h*o*",
        "long prefix list": " OR ".join(f"{a}{b}*" for a in "bcmst" for b in "aeiou"),
        "many ORs": " OR ".join(common)[:500].rsplit(" OR ", 1)[0],
        "many phrases": " OR ".join(
            f'"{a} {b}"' for a, b in zip(common[::2], common[1::2], strict=False)
        )[:500].rsplit(" OR ", 1)[0],
        "prefixes NOT prefixes": "(s* OR t* OR w*) NOT (a* OR b* OR c*)",
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--testimonies", type=int, default=400, help="default 400")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "tsb")
    parser.add_argument("--seconds", type=float, default=20.0, help="of the flood, default 20")
    parser.add_argument("--clients", type=int, default=10, help="hostile clients, default 10")
    return parser.parse_args(argv)


def search_path(text: str, advanced: bool) -> str:
    return "/api/search?" + urlencode({"q": text, **({"advanced": "1"} if advanced else {})})


def ask(connection: http.client.HTTPConnection, path: str) -> tuple[float, int, dict]:
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    answer = json.loads(body) if response.status == 200 else {}
    return elapsed, response.status, answer


def alone(port: int, searches: dict[str, str], index_dir: Path) -> None:
    """Each search over HTTP, then in this process for its CPU time (what the
    time budget counts: on a machine busy with other work the clock says more)."""
    from datetime import date

    from archive.access import Asker
    from search.readers import SharedIndex
    from search.searcher import search_testimonies

    print(f"each hostile search alone (target: an answer within {TARGET_SECONDS:g} s)")
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    with SharedIndex(index_dir) as index:
        for name, text in searches.items():
            elapsed, status, answer = ask(connection, search_path(text, advanced=True))
            started = time.thread_time()
            search_testimonies(index, text, asker=Asker.public(date.today()), advanced=True)
            cpu = time.thread_time() - started
            notices = " | ".join(n[:60] for n in answer.get("notices", [])) or "-"
            print(
                f"  {name:26} {elapsed * 1000:6.0f} ms (CPU {cpu * 1000:4.0f} ms)  HTTP {status}"
                f"  {answer.get('total', '?'):>4} found  cut_short={answer.get('cut_short')}"
                f"  {notices}"
            )
    connection.close()


def flood(port: int, searches: dict[str, str], seconds: float, clients: int) -> None:
    paths = [search_path(text, advanced=True) for text in searches.values()]
    stop = threading.Event()
    answers: list[tuple[float, int, bool, bool]] = []  # seconds, status, cut short, busy
    lock = threading.Lock()

    def hostile(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        position = number
        while not stop.is_set():
            elapsed, status, answer = ask(connection, paths[position % len(paths)])
            position += 1
            busy = any("was not run" in n for n in answer.get("notices", []))
            with lock:
                answers.append((elapsed, status, bool(answer.get("cut_short")), busy))
        connection.close()

    threads = [threading.Thread(target=hostile, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)  # every hostile client has a search under way
    ordinary: list[tuple[float, int, int, str]] = []
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    deadline = time.monotonic() + seconds
    position = 0
    while time.monotonic() < deadline:
        text = ORDINARY[position % len(ORDINARY)]
        position += 1
        elapsed, status, answer = ask(connection, search_path(text, advanced=False))
        ordinary.append((elapsed, status, answer.get("total", 0), text))
        time.sleep(0.5)
    connection.close()
    stop.set()
    for thread in threads:
        thread.join()
    times = [a[0] for a in answers]
    busy = sum(a[3] for a in answers)
    budget = sum(a[2] and not a[3] for a in answers)
    print(f"{clients} hostile clients without pause for {seconds:.0f} s:")
    print(
        f"  hostile answers: {len(answers)}, statuses {sorted({a[1] for a in answers})}, "
        f"{busy} turned away (busy), {budget} cut short by the time budget; "
        f"p50 {percentile(times, 0.5) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms"
    )
    took = [o[0] for o in ordinary]
    print(
        f"  ordinary searches meanwhile (target: 200 with hits within {TARGET_SECONDS:g} s): "
        f"{len(ordinary)}, statuses {sorted({o[1] for o in ordinary})}, "
        f"without hits {sum(o[2] == 0 for o in ordinary)}, "
        f"p50 {percentile(took, 0.5) * 1000:.0f} ms, max {max(took) * 1000:.0f} ms"
    )
    slowest = max(ordinary)
    print(f"  slowest ordinary: {slowest[3]!r} {slowest[0] * 1000:.0f} ms, {slowest[2]} found")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    run_dir = args.workdir / f"search-{args.testimonies}"
    build_or_reuse(run_dir, args.testimonies)
    work, _env = working_copy(run_dir, "hostile")
    port = free_port()
    # one process as `testimony serve` runs it: waitress, 8 threads
    server = start_server(work / "data", port, workers=1, threads=8)
    try:
        searches = hostile_searches()
        print(f"{args.testimonies} testimonies, rate limit off, one waitress process of 8 threads")
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        alone(port, searches, work / "data" / "index")
        flood(port, searches, args.seconds, args.clients)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    print(f"load average after: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
