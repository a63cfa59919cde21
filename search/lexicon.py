"""The index's words by field and first letter, read once per index version:
in order (for prefixes and wildcards), with how many documents hold each, and
by the pairs of letters they contain (for words a few edits away)."""

from __future__ import annotations

import bisect
from collections import Counter

from whoosh.searching import Searcher
from whoosh.support.levenshtein import damerau_levenshtein

from search.facts import FactsTable

LAST = "\U0010ffff"  # sorts after every character: the end of a prefix's range


class Lexicon:
    """The indexed words of one field (of every testimony, hidden ones too)
    that start with one letter."""

    def __init__(self, frequencies: dict[str, int]) -> None:
        self.terms = sorted(frequencies)
        self.frequencies = frequencies  # documents holding the word, deleted ones too
        self._pair_counts: list[int] = []
        self._by_pair: dict[str, list[int]] | None = None

    def with_prefix(self, prefix: str) -> list[str]:
        """The words starting with prefix (the prefix itself included)."""
        start = bisect.bisect_left(self.terms, prefix)
        end = bisect.bisect_left(self.terms, prefix + LAST)
        return self.terms[start:end]

    def near(self, term: str, most: int) -> dict[str, int]:
        """Words within `most` edits of term (a swap of two letters is one edit)."""
        by_pair = self._pairs_index()
        pairs = _pairs(term)
        shared: Counter[int] = Counter()
        for pair in pairs:
            shared.update(by_pair.get(pair, ()))
        # An edit brings at most three letter pairs into a word (a swap: ab
        # in "xaby" -> xb, ba, ay): words with fewer pairs in common are further.
        found = {}
        for number, count in shared.items():
            other = self.terms[number]
            least = max(len(pairs), self._pair_counts[number]) - 3 * most
            if count >= least and abs(len(other) - len(term)) <= most:
                distance = damerau_levenshtein(term, other, limit=most)
                if distance <= most:
                    found[other] = distance
        return found

    def _pairs_index(self) -> dict[str, list[int]]:
        if self._by_pair is None:
            by_pair: dict[str, list[int]] = {}
            counts = []
            for number, other in enumerate(self.terms):
                pairs = _pairs(other)
                counts.append(len(pairs))
                for pair in pairs:
                    by_pair.setdefault(pair, []).append(number)
            self._pair_counts, self._by_pair = counts, by_pair
        return self._by_pair


def _pairs(term: str) -> set[str]:
    padded = f"^{term}$"
    return {padded[i : i + 2] for i in range(len(padded) - 1)}


def lexicon(searcher: Searcher, table: FactsTable, fieldname: str, letter: str) -> Lexicon:
    """The field's words starting with letter, read once per index version
    (table.memo). Reading the term list is the slow part, about 10 us a word
    and index segment, so only the letter asked for is read."""
    key = ("lexicon", fieldname, letter)
    found = table.memo.get(key)
    if found is None:
        field = searcher.schema[fieldname]
        frequencies: dict[str, int] = {}
        for leaf, _offset in searcher.reader().leaf_readers():
            for btext, info in leaf.iter_prefix(fieldname, letter):
                word = field.from_bytes(btext)
                frequencies[word] = frequencies.get(word, 0) + info.doc_frequency()
        found = table.memo[key] = Lexicon(frequencies)
    return found
