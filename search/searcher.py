"""The search function used by the web and the CLI: testimonies, best first,
each with up to three moments (time and highlighted snippet)."""

from __future__ import annotations

from collections import OrderedDict
from datetime import date

from whoosh.index import FileIndex
from whoosh.searching import Hit, Searcher

from search import highlight
from search.query import parse_user_query, public_filter
from search.results import Moment, SearchResults, TestimonyHit
from search.schema import SEGMENT, TESTIMONY

MOMENTS_PER_TESTIMONY = 3


def search_testimonies(
    ix: FileIndex,
    text: str,
    *,
    today: date,
    staff: bool = False,
    page: int = 1,
    per_page: int = 20,
) -> SearchResults:
    """Testimonies matching text, grouped and ordered by their best-scoring document."""
    text = text.strip()
    page, per_page = max(1, page), max(1, min(per_page, 100))
    if not text:
        return SearchResults(
            query=text,
            total=0,
            page=page,
            per_page=per_page,
            message="Type a word, a name or a place to search.",
        )
    with ix.searcher() as searcher:
        q = parse_user_query(text, searcher.schema)
        results = searcher.search(
            q, limit=None, filter=None if staff else public_filter(today), terms=True
        )
        highlight.configure(results)
        groups = _group_by_testimony(searcher, results)
        total = len(groups)
        shown = list(groups.items())[(page - 1) * per_page : page * per_page]
        hits = tuple(
            _testimony_hit(results, accession, positions) for accession, positions in shown
        )
    return SearchResults(query=text, total=total, page=page, per_page=per_page, results=hits)


def _group_by_testimony(searcher: Searcher, results) -> OrderedDict[str, list[int]]:
    """accession -> positions in the ranked results, best first."""
    groups: OrderedDict[str, list[int]] = OrderedDict()
    if not results.top_n:
        return groups
    accessions = searcher.reader().column_reader("accession")
    for position, (_score, docnum) in enumerate(results.top_n):
        accession = accessions[docnum]
        groups.setdefault(accession, []).append(position)
    return groups


def _testimony_hit(results, accession: str, positions: list[int]) -> TestimonyHit:
    moments: list[Moment] = []
    about: str | None = None
    title = ""
    for position in positions:
        hit: Hit = results[position]
        title = hit["display_title"]
        if hit["kind"] == TESTIMONY:
            about = hit.highlights("text") or None
        elif len(moments) < MOMENTS_PER_TESTIMONY and not _same_time(moments, hit):
            moments.append(_moment(hit))
        if about is not None and len(moments) == MOMENTS_PER_TESTIMONY:
            break
    return TestimonyHit(
        accession=accession,
        title=title,
        score=results[positions[0]].score,
        moments=tuple(moments),
        about_snippet=about,
    )


def _moment(hit: Hit) -> Moment:
    snippet = hit.highlights("text") or highlight.plain_snippet(hit["text"])
    return Moment(
        part=hit["part"],
        start=float(hit["start"]),
        snippet=snippet,
        speaker_label=hit.get("speaker_label"),
        kind=hit["kind"],
        position=int(hit["id"].rsplit(":", 1)[1]) if hit["kind"] == SEGMENT else None,
    )


def _same_time(moments: list[Moment], hit: Hit) -> bool:
    """A chapter and its first segment start together: show that moment once."""
    return any(m.part == hit["part"] and m.start == hit["start"] for m in moments)
