"""Bounds on what one search may cost: a wildcard may not begin a word, the
words the wildcards stand for are capped, a time budget stops a search with
what it has found, and only a few costly searches run at once. Each bound
that changed a search says so in a notice."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from itertools import islice

from whoosh import query
from whoosh.collectors import Collector, WrappingCollector
from whoosh.searching import Searcher, TimeLimit

from search.facts_table import FactsTable
from search.lexicon import VisibleWords, lexicon

WILDCARD_WORDS = 100  # words all the wildcards of one search may stand for
LEAST_SHARE = 4  # words each wildcard may stand for, however many there are
# Costly searches (wildcards, or many words or phrases) beyond this many at
# once in a process are turned away at once rather than queued behind each
# other, so they cannot hold every server thread while ordinary searches wait.
COSTLY_AT_ONCE = 1
COSTLY_LEAVES = 60  # terms after variant spellings, in both text and title
COSTLY_PHRASES = 4
CHECK_EVERY = 64  # matches collected between two looks at the clock
TEXT_FIELDS = ("text", "title")  # whose words are counted in visible testimonies

_costly_turns = threading.BoundedSemaphore(COSTLY_AT_ONCE)


@dataclass(frozen=True)
class BoundedQuery:
    query: query.Query | None
    notices: tuple[str, ...] = ()


def is_costly(q: query.Query | None) -> bool:
    """Wildcards that will be expanded, or many words or phrases: told from
    the parsed query, before any work, so turning one away costs nothing."""
    if q is None:
        return False
    leaves = list(_leaves(q))
    phrases = sum(isinstance(leaf, query.Phrase) for leaf in leaves)
    expanded = any(_expandable(leaf) for leaf in leaves)
    return expanded or len(leaves) > COSTLY_LEAVES or phrases > COSTLY_PHRASES


def _expandable(part: query.Query) -> bool:
    """A prefix or wildcard that does not begin with * or ?."""
    return (
        isinstance(part, query.Prefix | query.Wildcard)
        and re.match(r"[^*?]", part.text) is not None
    )


def bound_query(
    q: query.Query | None, searcher: Searcher, table: FactsTable, visible: VisibleWords
) -> BoundedQuery:
    """q with every wildcard replaced by the words it stands for (at most a
    share of WILDCARD_WORDS, the most frequent of those in testimonies the
    asker may see) and wildcards that begin a word, or stand alone, left out
    — each change said in a notice."""
    if q is None:
        return BoundedQuery(None)
    patterns = {_shown(p) for p in _leaves(q) if _expandable(p)}
    share = max(LEAST_SHARE, WILDCARD_WORDS // max(1, len(patterns)))
    notices: dict[str, None] = {}  # in order, each once (a wildcard is asked of two fields)

    def bounded(part: query.Query) -> query.Query:
        if isinstance(part, query.Every):
            notices["“*” alone would stand for every word: it was left out."] = None
            return query.NullQuery
        if isinstance(part, query.Prefix | query.Wildcard):
            return _expanded(part, searcher, table, visible, share, notices)
        return part if part.is_leaf() else part.apply(bounded)

    result = bounded(q).normalize()
    return BoundedQuery(None if result is query.NullQuery else result, tuple(notices))


def _expanded(
    part: query.Prefix | query.Wildcard,
    searcher: Searcher,
    table: FactsTable,
    visible: VisibleWords,
    share: int,
    notices: dict[str, None],
) -> query.Query:
    shown = _shown(part)
    literal = re.split(r"[*?]", part.text, maxsplit=1)[0]
    if not literal:
        notices[
            f"“{shown}”: a wildcard cannot begin a word (type at least one letter "
            "before * or ?): it was left out."
        ] = None
        return query.NullQuery
    words = lexicon(searcher, table, part.fieldname, literal[0]).with_prefix(literal)
    if isinstance(part, query.Wildcard):
        pattern = re.compile(
            "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in part.text)
        )
        words = [w for w in words if pattern.fullmatch(w)]
    if not words:  # stands for no word: matches nothing, and costs nothing
        return query.Term(part.fieldname, part.text)
    if len(words) > share:
        frequencies = lexicon(searcher, table, part.fieldname, literal[0]).frequencies
        words = sorted(words, key=lambda w: (-frequencies[w], w))
        if part.fieldname in TEXT_FIELDS:
            # Words only hidden testimonies hold take no place, nor make a notice.
            words = list(islice((w for w in words if visible.count(w)), share + 1))
    if len(words) > share:
        words = words[:share]
        notices[
            f"“{shown}” stands for more words than one search looks for: "
            f"searched for the {share} most frequent."
        ] = None
    return query.Or([query.Term(part.fieldname, w, boost=part.boost) for w in words])


def _shown(part: query.PatternQuery) -> str:
    return f"{part.text}*" if isinstance(part, query.Prefix) else part.text


def _leaves(q: query.Query) -> Iterator[query.Query]:
    if q.is_leaf():
        yield q
    for child in q.children():
        yield from _leaves(child)


@contextmanager
def costly_turn(costly: bool) -> Iterator[bool]:
    """Whether this search may run now: always when it is not costly."""
    if not costly:
        yield True
        return
    if not _costly_turns.acquire(blocking=False):
        yield False
        return
    try:
        yield True
    finally:
        _costly_turns.release()


BUSY = (
    "Several searches with wildcards or many words are running: this one was not "
    "run. Please try again in a moment."
)


def costly_budget(seconds: float | None) -> float | None:
    """A costly search's time budget: half, as it runs beside ordinary ones."""
    return None if seconds is None else seconds / 2


class Budget:
    """The CPU time one search may spend; None: no limit."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        # The searching thread's own CPU time: a server busy with other requests
        # makes a search slower by the clock, never cuts it short. Ordinary
        # searches take well under a tenth of the default budget at 2,000 testimonies.
        self.started = time.thread_time()
        self.spent = False

    def over(self) -> bool:
        if self.seconds is not None and not self.spent:
            self.spent = time.thread_time() - self.started >= self.seconds
        return self.spent


def time_notice(seconds: float) -> str:
    return (
        f"This search took longer than its time budget ({seconds:g} s) and was stopped: "
        "the results are those found by then."
    )


class _BudgetCollector(WrappingCollector):
    """Stops collecting when the budget is spent (whoosh's TimeLimitCollector
    starts a timer thread per search and counts wall time)."""

    def __init__(self, child: Collector, budget: Budget) -> None:
        super().__init__(child)
        self.budget = budget

    def set_subsearcher(self, subsearcher: Searcher, offset: int) -> None:
        # Each index segment's matcher is built before its first match: with
        # many words, a cost worth not starting once the budget is spent.
        if self.budget.over():
            raise TimeLimit
        super().set_subsearcher(subsearcher, offset)

    def collect_matches(self) -> None:
        child = self.child
        for number, docnum in enumerate(child.matches()):
            if number % CHECK_EVERY == 0 and self.budget.over():
                raise TimeLimit
            child.collect(docnum)


def collected(
    searcher: Searcher, q: query.Query, budget: Budget, **options
) -> list[tuple[float, int]]:
    """(score, document number) of every match, or of those found before the
    budget was spent; options as for Searcher.collector."""
    if budget.over():
        return []
    collector = _BudgetCollector(searcher.collector(limit=None, **options), budget)
    # needs_current: alternatives as a tree of unions, not Whoosh's preloaded
    # arrays, built whole before the first match can be looked at
    context = searcher.context(needs_current=True)
    with suppress(TimeLimit):
        searcher.search_with_collector(q, collector, context)
    return collector.results().top_n
