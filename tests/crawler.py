"""Walk a running site as a visitor would, following every same-site link, and record each answer."""

from __future__ import annotations

import html
import re
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, deque
from dataclasses import dataclass, field

# Where a visitor starts besides home and the sitemap: searches with hits in the
# sample collection, a misspelling ("did you mean"), a phrase, a search with two
# pages of results, no hits, and malformed advanced queries.
SEARCHES = (
    "q=Baghdad",
    "q=family",
    "q=passport",
    "q=Bagdad",
    "q=1948",
    "q=%22the+airport%22",
    "q=family+OR+father+OR+mother+OR+Jewish&advanced=1",
    "q=zzyzx+quetzalcoatl",
    "q=%28%28%22unclosed+AND+OR&advanced=1",
    "q=country%3A+year%3A19xx-&advanced=1",
)
LINK = re.compile(r'(?:href|src|action)="([^"]+)"|<loc>([^<]+)</loc>')
# What the crawl does not follow, so that it ends (every combination of facets,
# sort orders and queries would not), while each kind of link is still visited:
# - from a search page, links to searches with more than one filter or sort
#   order (each facet value and each order of a search is visited);
# - from a search the crawl did not start with (a place or keyword linked from a
#   testimony page), anything: the page itself is visited, its moments and facets
#   are those of the searches it did start with;
# - from a moment (a testimony page with t= or q=), anything: its links are the
#   testimony page's own, and that page is visited without them.
NOT_FILTERS = {"q", "advanced", "page"}


@dataclass
class Crawl:
    base: str
    statuses: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    truncated: bool = False  # stopped at the limit with pages left to visit

    def counts(self) -> Counter[int]:
        return Counter(self.statuses.values())

    def visited(self, pattern: str) -> list[str]:
        """The visited paths matching a regular expression."""
        return [path for path in self.statuses if re.search(pattern, path)]


def crawl(base: str, limit: int = 5000) -> Crawl:
    """Visit every page reachable from home, the sitemap and SEARCHES; staff pages,
    static files and audio are left out (the browser tests visit those)."""
    result = Crawl(base)
    host = urllib.parse.urlsplit(base).netloc
    started = {_query(query) for query in SEARCHES} | {""}
    queue = deque([("/", "start"), ("/sitemap.xml", "start")])
    queue.extend(("/search?" + query, "start") for query in SEARCHES)
    while queue and len(result.statuses) < limit:
        path, parent = queue.popleft()
        if path in result.statuses:
            continue
        status, body = _fetch(base + path)
        result.statuses[path] = status
        if status >= 500:
            result.errors.append(f"{status} {path} (linked from {parent})")
        if status != 200:
            continue
        for target in _links(body, base + path, host):
            if target not in result.statuses and _follows(path, target, started):
                queue.append((target, path))
    result.truncated = bool(queue)
    return result


def _fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except OSError as error:  # a dropped connection is a server failure too
        return 599, repr(error)


def _follows(page: str, target: str, started: set[str]) -> bool:
    """Whether the crawl follows a link from page to target (the rules above)."""
    source, goal = urllib.parse.urlsplit(page), urllib.parse.urlsplit(target)
    if source.path.startswith("/testimonies/"):
        return not {"t", "q"} & {name for name, _ in urllib.parse.parse_qsl(source.query)}
    if source.path != "/search":
        return True
    if _query(source.query) not in started:
        return False
    if goal.path != "/search":
        return True
    names = [name for name, _ in urllib.parse.parse_qsl(goal.query)]
    return sum(name not in NOT_FILTERS for name in names) <= 1


def _query(query_string: str) -> str:
    return dict(urllib.parse.parse_qsl(query_string)).get("q", "")


def _links(body: str, url: str, host: str):
    for match in LINK.finditer(body):
        href = html.unescape(match.group(1) or match.group(2))
        parts = urllib.parse.urlsplit(urllib.parse.urljoin(url, href))
        if parts.netloc != host or parts.scheme not in ("http", "https"):
            continue
        if parts.path.startswith(("/static/", "/staff")) or "/audio/" in parts.path:
            continue
        yield parts.path + ("?" + parts.query if parts.query else "")
