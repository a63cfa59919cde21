"""Pages benchmark: server time of every kind of public page over the bench build.

Uses the build of bench/search.py (DIR/search-N, made when missing) and works
on a copy of its catalogue and index (bench/search_build.working_copy), so the
build stays as it was. The site is `web.app.create_app` in this process, asked
through Flask's test client; a WSGI middleware times each request from the
moment it enters the app until the last byte of its body has been produced and
the response closed (the session teardown included): the time a WSGI server's
worker spends in our code, without an HTTP client, the loopback or a server's
parsing in the figure. In-process rather than `testimony serve` because on a
shared 2-core machine a client process and a server's threads add scheduling
noise larger than some of the pages, and because CPU time can be read for the
same thread (the figure that stays steady when others load the machine).

Every page kind is asked in turn, round after round (warm-up rounds first),
and p50/p95 of wall time, p50 of CPU time and the answer's size are printed
against issue 15's target (p95 <= 50 ms of server time). "First search after
start" runs a fresh Python process per sample that creates the app and times
its first search, then the same search again: imports and create_app are
timed apart from the request. Figures only: nothing here passes or fails.

    python bench/pages.py [--testimonies N] [--repeat R] [--workdir DIR]
                          [--fresh F] [--profile KIND]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.search import percentile
from bench.search_build import build_or_reuse, code_version, describe_build, folder_mb, working_copy
from bench.search_queries import TODAY, common_queries, rare_queries

TARGET_MS = 50.0
WARMUP_ROUNDS = 2
SEARCH_COMMON, SEARCH_RARE = "search (common word)", "search (rare word)"
_OAI_IDENTIFIER = re.compile(r"<identifier>(oai:[^<]+)</identifier>")
_OAI_TOKEN = re.compile(r"<resumptionToken[^>]*>([^<]+)</resumptionToken>")


class ServerClock:
    """WSGI middleware: wall and CPU (this thread's) milliseconds of the last
    request, from entering the app to its body produced and closed."""

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app
        self.last: tuple[float, float] = (0.0, 0.0)

    def __call__(self, environ, start_response):
        started, cpu = time.perf_counter(), time.thread_time()
        body = self.wsgi_app(environ, start_response)
        try:
            chunks = list(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        self.last = ((time.perf_counter() - started) * 1000, (time.thread_time() - cpu) * 1000)
        return chunks


def memory_mb(field: str = "VmHWM") -> float:
    """This process's peak (VmHWM) or current (VmRSS) resident memory. Not
    ru_maxrss: Linux carries that over exec from the parent, so a fresh child
    would report the benchmark's own peak."""
    status = Path("/proc/self/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE).group(1)) / 1024


def make_app(data_dir: Path):
    """The site over data_dir, as `testimony serve` makes it (not TESTING), its
    day fixed to the search bench's, the search rate limit off; and its clock."""
    from archive.settings import Settings
    from web.app import create_app

    environment = {"TESTIMONY_DATA_DIR": str(data_dir), "TESTIMONY_SEARCH_RATE_LIMIT": "off"}
    app = create_app(Settings.from_environ(environment), {"TESTIMONY_TODAY": TODAY})
    clock = ServerClock(app.wsgi_app)
    app.wsgi_app = clock
    return app, clock


def get(client, path: str) -> tuple[int, bytes]:
    response = client.get(path)
    return response.status_code, response.get_data()


def oai_paths(client) -> dict[str, str]:
    """ListRecords' first and last pages (the last one by following every
    resumption token, untimed) and GetRecord of the first record."""
    first = "/oai?verb=ListRecords&metadataPrefix=oai_dc"
    body = get(client, first)[1].decode()
    identifier = _OAI_IDENTIFIER.search(body).group(1)
    last = first
    while token := _OAI_TOKEN.search(body):
        last = "/oai?" + urlencode({"verb": "ListRecords", "resumptionToken": token.group(1)})
        body = get(client, last)[1].decode()
    record = urlencode({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": identifier})
    return {
        "OAI ListRecords p1": first,
        "OAI ListRecords last": last,
        "OAI GetRecord": f"/oai?{record}",
    }


def page_paths(client, index_dir: Path) -> dict[str, str]:
    """kind -> an address that shows it, with values taken from the build."""
    from bench.search_queries import facet_values
    from search.index import open_index

    values = facet_values(open_index(index_dir))
    common, rare = common_queries()[0], rare_queries()[0]
    found = json.loads(get(client, "/api/search?" + urlencode({"q": common}))[1])
    accession = found["results"][0]["accession"]
    speaker = json.loads(get(client, "/api/speakers")[1])["speakers"][0]["slug"]
    return {
        "home": "/",
        "testimony": f"/testimonies/{accession}",
        "testimony moment": f"/testimonies/{accession}?" + urlencode({"t": 600, "q": common}),
        "speaker finder": "/speakers/",
        "speaker": f"/speakers/{speaker}",
        "countries": "/countries/",
        "country": f"/countries/{values['country']}",
        "themes": "/themes/",
        "theme": f"/themes/{values['theme']}",
        "decades": "/decades/",
        "talks": "/talks/",
        "programmes": "/programmes/",
        "programme": "/programmes/bench-season",
        "API testimony": f"/api/testimonies/{accession}",
        "API speakers": "/api/speakers",
        **oai_paths(client),
        "sitemap.xml": "/sitemap.xml",
        SEARCH_RARE: "/search?" + urlencode({"q": rare}),
        SEARCH_COMMON: "/search?" + urlencode({"q": common}),
        "search (browse decade)": "/search?" + urlencode({"decade": values["decade"]}),
        "API search (common)": "/api/search?" + urlencode({"q": common}),
    }


def measure_pages(client, clock: ServerClock, paths: dict[str, str], repeat: int) -> dict:
    """kind -> its wall and CPU ms, status and size; every kind once per round."""
    for _round in range(WARMUP_ROUNDS):
        for path in paths.values():
            get(client, path)
    rows = {kind: {"wall": [], "cpu": [], "status": set(), "bytes": 0} for kind in paths}
    for _round in range(repeat):
        for kind, path in paths.items():
            status, body = get(client, path)
            wall, cpu = clock.last
            row = rows[kind]
            row["wall"].append(wall)
            row["cpu"].append(cpu)
            row["status"].add(status)
            row["bytes"] = len(body)
    return rows


def print_pages(rows: dict, paths: dict[str, str]) -> None:
    print(f"\n{'page kind':24}{'p50':>8}{'p95':>8}{'CPU p50':>9}{'KB':>7}  status  meets  address")
    for kind, row in rows.items():
        p95 = percentile(row["wall"], 0.95)
        status = ",".join(str(s) for s in sorted(row["status"]))
        meets = "yes" if p95 <= TARGET_MS else "NO"
        shown = paths[kind] if len(paths[kind]) <= 60 else paths[kind][:57] + "..."
        print(
            f"{kind:24}{statistics.median(row['wall']):8.1f}{p95:8.1f}"
            f"{statistics.median(row['cpu']):9.1f}{row['bytes'] / 1000:7.0f}  {status:6}  "
            f"{meets:5}  {shown}"
        )
    runs = len(next(iter(rows.values()))["wall"])
    print(
        f"ms of server time (request into the app to body closed); meets: p95 <= "
        f"{TARGET_MS:.0f} ms (issue 15's target, stated there for 10,000 testimonies); "
        f"{runs} runs per kind, kinds alternated round by round."
    )


def first_request(data_dir: Path, path: str) -> dict:
    """In a fresh process: imports + create_app, then path twice (server time)."""
    started = time.perf_counter()
    app, clock = make_app(data_dir)
    created = (time.perf_counter() - started) * 1000
    client = app.test_client()
    figures = {"create_ms": created}
    for turn in ("first", "second"):
        status, _body = get(client, path)
        figures[f"{turn}_ms"], figures[f"{turn}_cpu_ms"] = clock.last
        figures[f"{turn}_status"] = status
    figures["peak_rss_mb"] = memory_mb()
    return figures


def measure_first(data_dir: Path, paths: dict[str, str], fresh: int) -> None:
    """First request after start, for the searches and the home page, in
    `fresh` new processes each; the process's whole life is timed too."""
    print(f"\nfirst request after start ({fresh} fresh processes per address):")
    print(
        f"  {'page kind':24}{'process':>9}{'imports+app':>13}{'first':>8}{'(CPU)':>8}"
        f"{'second':>8}{'peak RSS MB':>13}"
    )
    for kind in (SEARCH_COMMON, SEARCH_RARE, "home"):
        samples = []
        for _sample in range(fresh):
            command = [sys.executable, __file__, "--first", str(data_dir), paths[kind]]
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, check=True)
            process_ms = (time.perf_counter() - started) * 1000
            samples.append({**json.loads(done.stdout.splitlines()[-1]), "process_ms": process_ms})
        median = {key: statistics.median(s[key] for s in samples) for key in samples[0]}
        print(
            f"  {kind:24}{median['process_ms']:9.0f}{median['create_ms']:13.0f}"
            f"{median['first_ms']:8.0f}{median['first_cpu_ms']:8.0f}{median['second_ms']:8.0f}"
            f"{median['peak_rss_mb']:13.0f}"
        )
    print(
        "  medians, ms; process: from spawning Python to its exit (imports, app, both "
        "requests, shutdown); imports+app: importing web.app and create_app; first and "
        "second: server time of the request (target for the first search: <= 300 ms). "
        "The OS file cache is warm (the index was just read by the rounds above)."
    )


def profile_page(client, path: str, repeat: int, top: int = 30) -> None:
    """One page kind under cProfile: the top functions by cumulative and self time."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _run in range(repeat):
        get(client, path)
    profiler.disable()
    print(f"\n== profile of {path}, {repeat} requests ==")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    for order in ("cumulative", "tottime"):
        print(f"\ntop {top} by {order}:")
        stats.sort_stats(order).print_stats(top)


def run_benchmark(args: argparse.Namespace) -> None:
    run_dir = args.workdir.resolve() / f"search-{args.testimonies}"
    build = build_or_reuse(run_dir, args.testimonies)
    describe_build(build)
    print(f"code: {code_version()}")
    work, _environment = working_copy(run_dir, "pages")
    data_dir = work / "data"
    app, clock = make_app(data_dir)
    client = app.test_client()
    paths = page_paths(client, data_dir / "index")
    if args.profile:
        if args.profile not in paths:
            raise SystemExit(f"--profile: one of {', '.join(map(repr, paths))}")
        paths = {args.profile: paths[args.profile]}
    print(f"index {folder_mb(data_dir / 'index'):.0f} MB; {os.cpu_count()} CPUs")
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    rows = measure_pages(client, clock, paths, args.repeat)
    print_pages(rows, paths)
    print(
        f"this process (one app, every page asked): {memory_mb('VmRSS'):.0f} MB resident, "
        f"peak {memory_mb():.0f} MB"
    )
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    if args.profile:
        profile_page(client, paths[args.profile], args.repeat)
    elif args.fresh:
        measure_first(data_dir, paths, args.fresh)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--testimonies", type=int, default=2000, help="default 2000")
    parser.add_argument("--repeat", type=int, default=20, help="runs per kind, default 20")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "tsb")
    parser.add_argument("--fresh", type=int, default=3, help="fresh processes per first request")
    parser.add_argument("--profile", metavar="KIND", help="measure and profile one page kind only")
    # The parent re-invokes this script with these to time a fresh process.
    parser.add_argument("--first", nargs=2, metavar=("DATA_DIR", "PATH"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.first:
        print(json.dumps(first_request(Path(args.first[0]), args.first[1])))
        return 0
    run_benchmark(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
