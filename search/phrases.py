"""Phrases of frequent words found through word pairs: where two frequent
words (search.frequent_words) stand side by side, the index also holds the
pair as one term (the `pairs` field: "father hous") with where it starts and
how often each word occurs in the document. A phrase of frequent words then
reads one short list per pair, holding only documents where the pair occurs,
instead of the positions of every segment holding its words (most segments,
at archive scale).

A PairedPhrase finds the same documents as Whoosh's Phrase with the same
scores: a longer phrase whose pairs all occur, but apart, is not found, and
each match is scored by the same scorers from the same counts. A phrase with
a word that is not frequent is bounded by that word's fewer documents and is
read as Whoosh reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from whoosh import query
from whoosh.matching import IntersectionMatcher, Matcher, NullMatcher
from whoosh.util import make_binary_tree

from search.schema import FREQUENT_TERMS

PAIRED_FIELD = "text"  # the field whose adjacent frequent words are also held as pairs
PAIRS_FIELD = "pairs"


class PairedPhrase(query.Phrase):
    """An exact phrase of the text field, read from its word pairs when all
    its words are frequent."""

    def matcher(self, searcher, context=None):
        pairs = self._pairs()
        if not pairs or PAIRS_FIELD not in searcher.schema:
            return super().matcher(searcher, context)
        reader = searcher.reader()
        text_field, pairs_field = searcher.schema[self.fieldname], searcher.schema[PAIRS_FIELD]
        try:
            words = [text_field.to_bytes(word) for word in self.words]
            pairs = [pairs_field.to_bytes(pair) for pair in pairs]
        except ValueError:
            return NullMatcher()
        if any((self.fieldname, word) not in reader for word in words) or any(
            (PAIRS_FIELD, pair) not in reader for pair in pairs
        ):
            return NullMatcher()
        postings = {pair: reader.postings(PAIRS_FIELD, pair) for pair in pairs}
        # The scorers query.Phrase's word matchers would score with (Term.matcher).
        weighting = searcher.weighting if context is None else context.weighting
        scorers = [weighting.scorer(searcher, self.fieldname, word) for word in words]
        return PairedPhraseMatcher([postings[pair] for pair in pairs], scorers, self.boost)

    def _pairs(self) -> list[str]:
        """The pair terms of the phrase, in order; none unless it is a phrase
        of adjacent words (slop 1) of the text field, every word frequent."""
        if (
            self.fieldname != PAIRED_FIELD
            or self.slop != 1
            or len(self.words) < 2
            or not all(word in FREQUENT_TERMS for word in self.words)
        ):
            return []
        return [f"{first} {second}" for first, second in pairwise(self.words)]


@dataclass
class _Posting:
    """What a scorer reads of a word's posting: the document and the word's count."""

    docnum: int
    count: float

    def id(self) -> int:
        return self.docnum

    def weight(self) -> float:
        return self.count


class PairedPhraseMatcher(Matcher):
    """Documents holding every pair of a phrase, one after another.

    `pairs` holds the matcher of each adjacent pair in the phrase's order (a
    pair that comes twice shares one matcher); a match scores as Whoosh's
    phrase matcher scores it: each word's score from its count in the
    document, added up in the same tree of intersections, times the boost.
    """

    def __init__(self, pairs: list[Matcher], scorers: list, boost: float = 1.0) -> None:
        self._pairs = pairs
        self._scorers = scorers
        self._boost = boost
        distinct = list({id(m): m for m in pairs}.values())
        self._candidates = make_binary_tree(IntersectionMatcher, distinct)
        self._decoded: list[tuple[int, int, tuple[int, ...]]] = []
        self._find()

    def _find(self) -> None:
        """Move to the first candidate, from the current one on, where the pairs stand in a row."""
        candidates = self._candidates
        while candidates.is_active():
            decoded = {id(m): m.value_as("pair") for m in self._pairs}
            self._decoded = [decoded[id(m)] for m in self._pairs]
            if self._in_a_row():
                return
            candidates.next()

    def _in_a_row(self) -> bool:
        """Whether the k-th pair starts at some p + k for every k (always, for one pair)."""
        starts = set(self._decoded[0][2])
        for offset, (_first, _second, positions) in enumerate(self._decoded[1:], 1):
            starts.intersection_update(p - offset for p in positions)
            if not starts:
                return False
        return True

    def score(self) -> float:
        docnum = self._candidates.id()
        # A word's count is its pair's: the first word's from the first pair,
        # each other word's as the second word of the pair that ends with it.
        counts = [self._decoded[0][0], *(second for _f, second, _p in self._decoded)]
        scores = [
            scorer.score(_Posting(docnum, float(count)))
            for scorer, count in zip(self._scorers, counts, strict=True)
        ]
        return _added_as_intersections(scores) * self._boost

    def is_active(self) -> bool:
        return self._candidates.is_active()

    def id(self) -> int:
        return self._candidates.id()

    def next(self) -> None:
        self._candidates.next()
        self._find()

    def skip_to(self, id: int) -> None:
        if self.is_active() and id > self.id():
            self._candidates.skip_to(id)
            self._find()

    def reset(self) -> None:
        self._candidates.reset()
        self._find()

    def copy(self) -> PairedPhraseMatcher:
        copies = {id(m): m.copy() for m in self._pairs}
        return PairedPhraseMatcher([copies[id(m)] for m in self._pairs], self._scorers, self._boost)

    def replace(self, minquality: float = 0) -> Matcher:
        return self if self.is_active() else NullMatcher()

    def supports(self, astype: str) -> bool:
        return False

    def value(self):
        raise NotImplementedError("a phrase's matches have no single posting value")

    def value_as(self, astype: str):
        raise NotImplementedError("a phrase's matches have no single posting value")


def _added_as_intersections(scores: list[float]) -> float:
    """The scores added up in the order Whoosh's tree of IntersectionMatchers
    adds them (make_binary_tree), so the sum is the same to the last bit."""
    if len(scores) == 1:
        return scores[0]
    half = len(scores) // 2
    return _added_as_intersections(scores[:half]) + _added_as_intersections(scores[half:])


def paired(q: query.Query) -> query.Query:
    """q with each exact phrase of the text field read through its pairs when it can be."""
    if type(q) is query.Phrase and q.fieldname == PAIRED_FIELD:
        return PairedPhrase(
            q.fieldname, list(q.words), slop=q.slop, boost=q.boost, char_ranges=q.char_ranges
        )
    return q if q.is_leaf() else q.apply(paired)
