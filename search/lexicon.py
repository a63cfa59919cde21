"""The index's words by field and first letter, read once per index version:
in order (for prefixes and wildcards), with how many documents hold each, and
by the pairs of letters they contain (for words a few edits away); and the
words of the testimonies an asker may see, counted and as written."""

from __future__ import annotations

import bisect
from collections import Counter

from whoosh import query
from whoosh.analysis import RegexTokenizer
from whoosh.searching import Searcher
from whoosh.support.levenshtein import damerau_levenshtein

from archive.access import Asker
from search.facts_table import FactsTable
from search.filters import SearchFilters, allowed_accessions
from search.schema import TEXT_ANALYZER, WORD

LAST = "\U0010ffff"  # sorts after every character: the end of a prefix's range
SURFACE = RegexTokenizer(WORD)  # as written: "Naples", not "naples"
REMEMBERED_WORDS = 100_000  # counts and written forms kept per index version


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


class VisibleWords:
    """How many testimonies the asker may see hold a term, and how a term is
    written in them; remembered per index version, day and kind of asker."""

    def __init__(self, searcher: Searcher, table: FactsTable, asker: Asker) -> None:
        self.searcher = searcher
        self.visible = allowed_accessions(table, SearchFilters(), asker=asker)
        self.table = table
        self.accession_of = table.accession_of
        self.memo: dict = table.memo.setdefault(("visible words", asker.visibility), {})
        if len(self.memo) > REMEMBERED_WORDS:  # words typed at random must not fill memory
            self.memo.clear()

    def count(self, term: str) -> int:
        """How many visible testimonies hold term in their text or title."""
        key = ("count", term)
        if key not in self.memo:
            # alltext and title exist on testimony documents only: one a testimony
            wanted = query.Or([query.Term("alltext", term), query.Term("title", term)])
            docs = self.searcher.docs_for_query(wanted)
            self.memo[key] = sum(self.accession_of[d] in self.visible for d in docs)
        return self.memo[key]

    def surface(self, term: str) -> str | None:
        """The term as written in visible text: lower case when it is written so."""
        key = ("surface", term)
        if key not in self.memo:
            self.memo[key] = self._surface(term)
        return self.memo[key]

    def _surface(self, term: str) -> str | None:
        written: list[str] = []
        for docnum in self.searcher.docs_for_query(query.Term("text", term)):
            if self.accession_of[docnum] not in self.visible:
                continue
            stored = self.searcher.stored_fields(docnum).get("text", "")
            for token in SURFACE(stored):
                if [t.text for t in TEXT_ANALYZER(token.text)] == [term]:
                    if token.text.islower():
                        return token.text
                    written.append(token.text)
            if len(written) >= 3:
                break
        return written[0] if written else None
