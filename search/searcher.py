"""The search function used by the web and the CLI: testimonies, best first,
each with up to three moments (time and highlighted snippet), with facet
counts, filters, sorting, pagination and 'did you mean' — all over what the
asker may see today."""

from __future__ import annotations

from collections import OrderedDict
from datetime import date

from whoosh import query
from whoosh.index import FileIndex
from whoosh.searching import Hit, Searcher

from search import highlight
from search.facets import count_facets
from search.facts import FactsTable, facts_table
from search.filters import SORTS, SearchFilters, allowed_accessions
from search.query import parse_user_query
from search.results import Moment, SearchResults, TestimonyHit
from search.schema import SEGMENT, TESTIMONY
from search.suggest import suggest

MOMENTS_PER_TESTIMONY = 3
FEW_RESULTS = 2  # at or below this many testimonies, look for a better spelling


def search_testimonies(
    ix: FileIndex,
    text: str,
    *,
    today: date,
    staff: bool = False,
    filters: SearchFilters | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
    advanced: bool = False,
) -> SearchResults:
    """Testimonies matching text and filters; an empty text browses the filters."""
    text = text.strip()
    page, per_page = max(1, page), max(1, min(per_page, 100))
    sort = sort if sort in SORTS else "relevance"
    with ix.searcher() as searcher:
        table = facts_table(searcher)
        parsed = parse_user_query(
            text, searcher.schema, filters or SearchFilters(), advanced=advanced
        )
        allowed = allowed_accessions(table.by_accession, parsed.filters, today=today, staff=staff)
        base = {
            "query": text,
            "page": page,
            "per_page": per_page,
            "sort": sort,
            "filters": parsed.filters,
        }
        if parsed.query is None:
            return _browse(table, allowed, base, parsed)
        ranking, allowed = _testimony_level(searcher, parsed.query, table, allowed)
        results = searcher.search(ranking, limit=None, terms=True)
        highlight.configure(results)
        groups = _group_by_testimony(results, table, allowed)
        order = _sorted(list(groups), table, sort)
        shown = order[(page - 1) * per_page : page * per_page]
        hits = tuple(_testimony_hit(results, table, a, groups[a]) for a in shown)
        suggestion = None
        if len(groups) <= FEW_RESULTS:
            found = len(groups)
            suggestion = suggest(
                searcher,
                text,
                lambda t: _count_found(searcher, t, table, allowed) > found,
                lambda docnum: table.accession_of[docnum] in allowed,
            )
    return SearchResults(
        **base,
        total=len(groups),
        results=hits,
        message=parsed.message,
        facets=count_facets((table.by_accession[a] for a in groups), parsed.filters),
        suggestion=suggestion,
    )


def _browse(table: FactsTable, allowed: set[str], base: dict, parsed) -> SearchResults:
    """No words: the testimonies the filters admit, or a prompt when there are none."""
    filters: SearchFilters = parsed.filters
    if not filters.active and base["sort"] == "relevance":
        # Nothing asked: a prompt. Asking for an order ("all, by date") lists everything.
        return SearchResults(**base, total=0, message="Type a word, a name or a place to search.")
    sort = "accession" if base["sort"] == "relevance" else base["sort"]
    order = _sorted(sorted(allowed), table, sort)
    page, per_page = base["page"], base["per_page"]
    hits = tuple(
        TestimonyHit(a, table.by_accession[a].title, 0.0, ())
        for a in order[(page - 1) * per_page : page * per_page]
    )
    return SearchResults(
        **base,
        total=len(order),
        results=hits,
        message=parsed.message,
        facets=count_facets((table.by_accession[a] for a in order), filters),
    )


def _testimony_level(
    searcher: Searcher, q: query.Query, table: FactsTable, allowed: set[str]
) -> tuple[query.Query, set[str]]:
    """AND and NOT at the top of a query apply to testimonies, not segments:
    "Baghdad AND roof" finds a testimony that says each, in any of its moments."""
    if isinstance(q, query.AndNot):
        ranking, allowed = _testimony_level(searcher, q.a, table, allowed)
        return ranking, allowed - _accessions(searcher, q.b, table)
    if isinstance(q, query.And):
        positives = [c for c in q.subqueries if not isinstance(c, query.Not)]
        for clause in q.subqueries:
            if isinstance(clause, query.Not):
                allowed = allowed - _accessions(searcher, clause.query, table)
            else:
                allowed = allowed & _accessions(searcher, clause, table)
        return (query.Or(positives) if positives else query.Every()), allowed
    return q, allowed


def _accessions(searcher: Searcher, q: query.Query, table: FactsTable) -> set[str]:
    accession_of = table.accession_of
    return {accession_of[d] for d in searcher.docs_for_query(q)}


def _group_by_testimony(
    results, table: FactsTable, allowed: set[str]
) -> OrderedDict[str, list[int]]:
    """accession -> positions in the ranked results, best first; only allowed ones."""
    groups: OrderedDict[str, list[int]] = OrderedDict()
    accession_of = table.accession_of
    for position, (_score, docnum) in enumerate(results.top_n):
        accession = accession_of[docnum] if docnum < len(accession_of) else None
        if accession in allowed:
            groups.setdefault(accession, []).append(position)
    return groups


def _sorted(accessions: list[str], table: FactsTable, sort: str) -> list[str]:
    if sort == "accession":
        return sorted(accessions)
    if sort == "recorded":
        return sorted(accessions, key=lambda a: (table.by_accession[a].recorded or "9999", a))
    return accessions


def _count_found(searcher: Searcher, text: str, table: FactsTable, allowed: set[str]) -> int:
    """How many testimonies the asker may see would a search for text find."""
    parsed = parse_user_query(text, searcher.schema)
    if parsed.query is None:
        return 0
    return len(_accessions(searcher, parsed.query, table) & allowed)


def _testimony_hit(
    results, table: FactsTable, accession: str, positions: list[int]
) -> TestimonyHit:
    moments: list[Moment] = []
    about: str | None = None
    for position in positions:
        hit: Hit = results[position]
        if hit["kind"] == TESTIMONY:
            about = hit.highlights("text") or None
        elif len(moments) < MOMENTS_PER_TESTIMONY and not _same_time(moments, hit):
            moments.append(moment_of(hit))
        if about is not None and len(moments) == MOMENTS_PER_TESTIMONY:
            break
    return TestimonyHit(
        accession=accession,
        title=table.by_accession[accession].title,
        score=results[positions[0]].score,
        moments=tuple(moments),
        about_snippet=about,
    )


def moment_of(hit: Hit) -> Moment:
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


def search_within(
    ix: FileIndex, accession: str, text: str, *, today: date, staff: bool = False
) -> tuple[Moment, ...]:
    """Every moment of one testimony matching text, in time order."""
    with ix.searcher() as searcher:
        table = facts_table(searcher)
        facts = table.by_accession.get(accession)
        parsed = parse_user_query(text.strip(), searcher.schema)
        if facts is None or not facts.visible(today, staff) or parsed.query is None:
            return ()
        results = searcher.search(parsed.query, limit=None, terms=True)
        highlight.configure(results)
        moments = [
            moment_of(results[i])
            for i, (_s, d) in enumerate(results.top_n)
            if table.accession_of[d] == accession and results[i]["kind"] != TESTIMONY
        ]
    return tuple(sorted(moments, key=lambda m: (m.part, m.start)))
