"""The search function used by the web and the CLI: testimonies, best first,
each with up to three moments (time and highlighted snippet), with facet
counts, filters, sorting, pagination and 'did you mean' — all over what the
asker may see today."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date

from whoosh import query
from whoosh.searching import Searcher

from archive.access import Asker
from archive.settings import DEFAULT_SEARCH_TIME_BUDGET
from search import highlight
from search.bounds import (
    BUSY,
    Budget,
    bound_query,
    collected,
    costly_budget,
    costly_turn,
    is_costly,
    time_notice,
)
from search.facet_counts import count_facets
from search.facts_table import FactsTable, facts_table
from search.filters import SORTS, SearchFilters, allowed_accessions
from search.hits import described, moment_of, summary_opening, testimony_hit
from search.lexicon import VisibleWords
from search.query import parse_user_query
from search.readers import IndexSource
from search.results import Moment, SearchResults, TestimonyHit
from search.schema import TESTIMONY
from search.suggest import suggest


def search_testimonies(
    ix: IndexSource,
    text: str,
    *,
    asker: Asker,
    filters: SearchFilters | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
    advanced: bool = False,
    time_budget: float | None = DEFAULT_SEARCH_TIME_BUDGET,
) -> SearchResults:
    """Testimonies matching text and filters; an empty text browses the filters.

    time_budget: seconds of CPU time for finding the testimonies (and a
    quarter as much again for their moments) before the search stops with
    what it has found, saying so (results.cut_short); costly searches
    (search.bounds) get half as much; None for no limit.
    """
    budget = Budget(time_budget)
    text = text.strip()
    page, per_page = max(1, page), max(1, min(per_page, 100))
    sort = sort if sort in SORTS else "relevance"
    with ix.searcher() as searcher:
        table = facts_table(searcher)
        parsed = parse_user_query(
            text, searcher.schema, filters or SearchFilters(), advanced=advanced
        )
        allowed = allowed_accessions(table, parsed.filters, asker=asker)
        base = {
            "query": text,
            "page": page,
            "per_page": per_page,
            "sort": sort,
            "filters": parsed.filters,
        }
        exact = exact_accession(table, text, allowed)
        if parsed.query is None and exact is None:
            browsed = _browse(table, allowed, base, parsed)
            return replace(browsed, results=_with_access_notes(browsed.results, table, asker.today))
        costly = is_costly(parsed.query)
        budget.seconds = costly_budget(time_budget) if costly else time_budget
        with costly_turn(costly) as may_run:
            if not may_run:
                busy = {"notices": (BUSY,), "cut_short": True}
                return SearchResults(**base, total=0, message=parsed.message, **busy)
            visible = VisibleWords(searcher, table, asker)
            bounded = bound_query(parsed.query, searcher, table, visible)
            ranked, matches = [], None  # an accession may be all stop words and numbers: A-1
            if bounded.query is not None:
                ranked, matches = _ranked_testimonies(
                    searcher, bounded.query, table, allowed, budget
                )
            if exact is not None:
                ranked = [exact, *(a for a in ranked if a != exact)]
            if budget.spent or _positive(bounded.query) is not bounded.query:
                matches = None  # not every match of the moments' query
            moments_budget = Budget(None if budget.seconds is None else budget.seconds / 4)
            hits = _shown_hits(
                searcher, bounded.query, table, ranked, exact, base, moments_budget, matches
            )
        notices = bounded.notices
        if budget.spent or moments_budget.spent:
            notices += (time_notice(budget.seconds),)
        suggestion = None
        if exact is None:
            suggestion = suggest(searcher, table, text, asker=asker, advanced=advanced)
    return SearchResults(
        **base,
        total=len(ranked),
        results=_with_access_notes(hits, table, asker.today),
        message=parsed.message,
        facets=count_facets((table.by_accession[a] for a in ranked), parsed.filters),
        suggestion=suggestion,
        notices=notices,
        cut_short=budget.spent or moments_budget.spent,
    )


def _shown_hits(
    searcher: Searcher,
    q: query.Query | None,
    table: FactsTable,
    ranked: list[str],
    exact: str | None,
    base: dict,
    budget: Budget,
    matches: dict[str, list[tuple[float, int]]] | None = None,
) -> tuple[TestimonyHit, ...]:
    """The testimonies of the page asked for, in order, with their moments
    (from `matches` when the ranking has read every match of q)."""
    page, per_page = base["page"], base["per_page"]
    order = _sorted(ranked, table, base["sort"])
    if exact is not None:  # first in any order: whoever types it wants that one
        order = [exact, *(a for a in order if a != exact)]
    shown = order[(page - 1) * per_page : page * per_page]
    hits = _hits_with_moments(searcher, q, table, shown, budget, matches)
    return tuple(_exact(searcher, table, h) if h.accession == exact else h for h in hits)


def _with_access_notes(
    hits: tuple[TestimonyHit, ...], table: FactsTable, today: date
) -> tuple[TestimonyHit, ...]:
    """Each hit with who, where and when; those the public could not see (so
    only staff get them) say why."""
    return tuple(described(hit, table.by_accession[hit.accession], today) for hit in hits)


def _exact(searcher: Searcher, table: FactsTable, hit: TestimonyHit) -> TestimonyHit:
    """The exact match, with the opening of its summary when nothing of it matched."""
    about = hit.about_snippet
    if about is None and not hit.moments:
        about = summary_opening(searcher, table.testimony_doc[hit.accession])
    return replace(hit, exact_match=True, about_snippet=about)


def exact_accession(table: FactsTable, text: str, allowed: frozenset[str]) -> str | None:
    """The testimony whose accession number is the whole query (any case,
    quotes or spaces around it), if the asker may see it under these filters."""
    keys = table.memo.get("accession_keys")
    if keys is None:
        keys = {accession.casefold(): accession for accession in table.by_accession}
        table.memo["accession_keys"] = keys
    accession = keys.get(text.strip().strip("\"'“”").strip().casefold())
    return accession if accession in allowed else None


def _browse(table: FactsTable, allowed: frozenset[str], base: dict, parsed) -> SearchResults:
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


def _ranked_testimonies(
    searcher: Searcher, q: query.Query, table: FactsTable, allowed: frozenset[str], budget: Budget
) -> tuple[list[str], dict[str, list[tuple[float, int]]] | None]:
    """Accessions the asker may see whose testimony matches, best first; and
    when the whole query was asked of every document (phrases alone), each
    one's matches, (score, docnum) best first, which are then its moments.

    Word queries run on the testimony documents (a few thousand, whatever the
    size of the transcripts); a phrase needs positions, which only segments
    keep, so a testimony matches a phrase when one of its moments does. In a
    query of alternatives (the plain search box, or a place whose variant
    spelling is several words: Casablanca, "Dar el Beida") only the phrases
    go to the segments, and each testimony's scores are added up.
    """
    if not _has_phrase(q):
        return _ranked(_on_testimonies(searcher, q, table, allowed, budget)), None
    words, phrases = _split_alternatives(q)
    matches = _on_segments(searcher, query.Or(phrases) if words else q, table, allowed, budget)
    scores = {accession: found[0][0] for accession, found in matches.items()}
    if not words:
        return _ranked(scores), matches
    found = _on_testimonies(searcher, query.Or(words), table, allowed, budget)
    for accession, score in found.items():
        scores[accession] = scores.get(accession, 0.0) + score
    return _ranked(scores), None


def _ranked(scores: dict[str, float]) -> list[str]:
    return sorted(scores, key=lambda accession: (-scores[accession], accession))


def _on_testimonies(
    searcher: Searcher, q: query.Query, table: FactsTable, allowed: frozenset[str], budget: Budget
) -> dict[str, float]:
    # title and alltext exist on testimony documents only, so no segment is
    # visited; the allowed testimonies' documents are a set of document numbers
    # checked per match (cheaper than intersecting with kind:testimony).
    only = {table.testimony_doc[a] for a in allowed}
    if not only:  # an empty filter would mean "no filter" to Whoosh
        return {}
    found = collected(searcher, _to_alltext(q), budget, filter=only)
    return {table.accession_of[d]: score for score, d in found}


def _on_segments(
    searcher: Searcher, q: query.Query, table: FactsTable, allowed: frozenset[str], budget: Budget
) -> dict[str, list[tuple[float, int]]]:
    """Each allowed testimony with a matching document: its matches, best
    first (by score, then document number, as _matches_of orders them)."""
    found: dict[str, list[tuple[float, int]]] = {}
    for score, docnum in collected(searcher, q, budget):
        accession = table.accession_of[docnum]
        if accession in allowed:
            found.setdefault(accession, []).append((score, docnum))
    return found


def _split_alternatives(q: query.Query) -> tuple[list[query.Query], list[query.Query]]:
    """The alternatives of an Or (nested Ors flattened): without and with a phrase."""
    if isinstance(q, query.Or):
        words, phrases = [], []
        for child in q.subqueries:
            child_words, child_phrases = _split_alternatives(child)
            words += child_words
            phrases += child_phrases
        return words, phrases
    return ([], [q]) if _has_phrase(q) else ([q], [])


def _to_alltext(q: query.Query) -> query.Query:
    """q asked of testimony documents: words of `text` are looked up in `alltext`."""
    if not q.is_leaf():
        return q.apply(_to_alltext)
    if getattr(q, "fieldname", None) == "text" and not isinstance(q, query.Phrase):
        moved = copy.copy(q)
        moved.fieldname = "alltext"
        return moved
    return q


def _has_phrase(q: query.Query) -> bool:
    return isinstance(q, query.Phrase) or any(_has_phrase(c) for c in q.children())


def _positive(q: query.Query) -> query.Query:
    """What moments are looked for: the query without its NOT parts."""
    if isinstance(q, query.AndNot):
        return _positive(q.a)
    if isinstance(q, query.Not):
        return query.NullQuery
    if isinstance(q, query.And):
        kept = [_positive(c) for c in q.subqueries if not isinstance(c, query.Not)]
        return query.Or([k for k in kept if k is not query.NullQuery])
    return q


def _hits_with_moments(
    searcher: Searcher,
    q: query.Query | None,
    table: FactsTable,
    shown: list[str],
    budget: Budget | None = None,
    matches: dict[str, list[tuple[float, int]]] | None = None,
) -> tuple[TestimonyHit, ...]:
    """The shown testimonies with their best moments, in the order given:
    from `matches` (every match of q, by testimony) when given."""
    if not shown:
        return ()
    if q is None:  # an accession made of stop words and numbers alone
        return tuple(TestimonyHit(a, table.by_accession[a].title, 0.0, ()) for a in shown)
    positive = _positive(q)
    terms = highlight.matched_terms(positive, searcher.reader())
    if matches is None:
        found = _matches_of(searcher, positive, table, shown, budget)
    else:
        found = {accession: matches.get(accession, []) for accession in shown}
    return tuple(testimony_hit(searcher, table, a, found[a], terms) for a in shown)


def _matches_of(
    searcher: Searcher,
    q: query.Query,
    table: FactsTable,
    accessions: list[str],
    budget: Budget | None = None,
) -> dict[str, list[tuple[float, int]]]:
    """Every document of these testimonies matching q, best first, as (score, docnum).

    A testimony's documents are consecutive document numbers (table.runs), so
    the query's matcher skips straight from one testimony to the next: the
    cost follows the matches of the testimonies asked for, not of the whole
    index (a common word matches 100,000 segments at 2,000 testimonies).
    """
    found: dict[str, list[tuple[float, int]]] = {a: [] for a in accessions}
    runs = sorted((start, end, a) for a in accessions for start, end in table.runs.get(a, ()))
    # needs_current: alternatives as a tree of unions that skip, not Whoosh's
    # preloaded arrays, which score every match in the segment before the first
    # skip (a capped wildcard's frequent words: 500,000 postings, seconds).
    context = searcher.context(needs_current=True)
    for leaf, offset in searcher.leaf_searchers():
        size = leaf.doc_count_all()
        local = [
            (s - offset, e - offset, a) for s, e, a in runs if s < offset + size and e > offset
        ]
        if not local or (budget is not None and budget.over()):
            continue
        matcher = q.matcher(leaf, context)
        for start, end, accession in local:
            if not matcher.is_active() or (budget is not None and budget.over()):
                break
            if matcher.id() < start:
                matcher.skip_to(start)
            while matcher.is_active() and matcher.id() < end:
                found[accession].append((matcher.score(), matcher.id() + offset))
                matcher.next()
    for matches in found.values():
        matches.sort(key=lambda match: (-match[0], match[1]))
    return found


def _sorted(accessions: list[str], table: FactsTable, sort: str) -> list[str]:
    if sort == "accession":
        return sorted(accessions)
    if sort == "recorded":
        return sorted(accessions, key=lambda a: (table.by_accession[a].recorded or "9999", a))
    return accessions


def search_within(
    ix: IndexSource, accession: str, text: str, *, asker: Asker
) -> tuple[Moment, ...]:
    """Every moment of one testimony matching text, in time order."""
    with ix.searcher() as searcher:
        table = facts_table(searcher)
        facts = table.by_accession.get(accession)
        parsed = parse_user_query(text.strip(), searcher.schema)
        if facts is None or not facts.visible(asker) or parsed.query is None:
            return ()
        positive = _positive(parsed.query)
        terms = highlight.matched_terms(positive, searcher.reader())
        moments = []
        for _score, docnum in _matches_of(searcher, positive, table, [accession])[accession]:
            fields = searcher.stored_fields(docnum)
            if fields["kind"] != TESTIMONY:
                moments.append(moment_of(fields, terms))
    return tuple(sorted(moments, key=lambda m: (m.part, m.start)))
