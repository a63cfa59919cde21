"""The facts table: each testimony's filterable metadata and access, read
from its index document once per index version, and every document's
testimony by document number.

Filters, facets, sorting and the access check work on this table in Python:
a document whose testimony has no facts is never shown (fail closed).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date

from whoosh.reading import TermNotFound
from whoosh.searching import Searcher

from archive.access import Asker
from search.schema import TESTIMONY
from search.speaker_roles import interviewer_labels


@dataclass(frozen=True)
class TestimonyFacts:
    accession: str
    title: str
    collection: tuple[str, str]
    countries: tuple[tuple[str, str], ...]
    themes: tuple[tuple[str, str], ...]
    languages: tuple[str, ...]
    speakers: tuple[tuple[str, str], ...]
    year_from: int | None
    year_to: int | None
    recorded: str | None
    access: str
    embargo_until: date | None
    # Shown with each result: the speakers' countries of origin, seconds of
    # audio over all parts, number of parts; and the labels of the
    # interviewer's segments (search.speaker_roles). Origins and the speakers'
    # destinations are also the From and To facets.
    origins: tuple[tuple[str, str], ...] = ()
    destinations: tuple[tuple[str, str], ...] = ()
    duration: float | None = None
    parts: int = 0
    interviewer_labels: frozenset[str] = frozenset()
    # The interviewers' names, as the catalogue lists them (the Interviewer facet).
    interviewers: tuple[str, ...] = ()

    def visible(self, asker: Asker) -> bool:
        return asker.may_see(self.access, self.embargo_until)

    def decades(self) -> set[int]:
        if self.year_from is None:
            return set()
        last = self.year_to if self.year_to is not None else self.year_from
        return set(range(self.year_from // 10 * 10, last // 10 * 10 + 1, 10))


@dataclass(frozen=True)
class FactsTable:
    by_accession: dict[str, TestimonyFacts]
    # accession of every document number (None for deleted documents).
    accession_of: list[str | None]
    # the document numbers of each testimony, as runs [start, end): a
    # testimony's documents are written together, so usually one run.
    runs: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    # the document number of each testimony's own (testimony-level) document.
    testimony_doc: dict[str, int] = field(default_factory=dict)
    # answers worth keeping while this index version is read (search.filters)
    memo: dict = field(default_factory=dict, compare=False, repr=False)


_cache: dict[tuple, FactsTable] = {}
_lock = threading.Lock()


def facts_table(searcher: Searcher) -> FactsTable:
    """The table for the index version this searcher reads, built once."""
    with _lock:
        key = _version_key(searcher)
        table = _cache.get(key)
        if table is None:
            table = _build(searcher)
            _cache.clear()  # only the newest version is read again
            _cache[key] = table
    return table


def _version_key(searcher: Searcher) -> tuple:
    """Folder, generation and segment ids: a rebuilt index restarts its
    generations, but never reuses a segment id."""
    reader = searcher.reader()
    segments = tuple(
        leaf.segment().segment_id()
        for leaf, _offset in reader.leaf_readers()
        if getattr(leaf, "segment", None) is not None and leaf.segment() is not None
    )
    folder = getattr(getattr(searcher, "_ix", None), "storage", None)
    return (str(getattr(folder, "folder", "")), reader.generation(), segments)


# What each segment's documents hold, by segment id. A segment never changes
# once written (only its deletions grow, and those are read from the reader at
# hand), so a new index version reads only its new segments: after an ingest
# commits a batch, the first search read every segment again (0.24 s of CPU at
# 2,000 testimonies). Only the segments of the newest version are kept.
_segments: dict[str, _SegmentFacts] = {}


@dataclass(frozen=True)
class _SegmentFacts:
    accessions: list[str | None]  # every document's, deleted ones included
    # (document number in the segment, facts) of its testimony documents
    testimonies: tuple[tuple[int, TestimonyFacts], ...]


def _build(searcher: Searcher) -> FactsTable:
    global _segments
    reader = searcher.reader()
    if reader.doc_count_all() == 0:
        return FactsTable({}, [])
    by_accession = {}
    testimony_doc = {}
    accession_of: list[str | None] = [None] * reader.doc_count_all()
    kept: dict[str, _SegmentFacts] = {}
    for leaf, offset in reader.leaf_readers():
        segment_id = _segment_id(leaf)
        segment = _segments.get(segment_id) if segment_id else None
        if segment is None:
            segment = _read_segment(leaf)
        if segment_id:
            kept[segment_id] = segment
        accession_of[offset : offset + len(segment.accessions)] = segment.accessions
        deletions = leaf.has_deletions()
        if deletions:
            for docnum in range(len(segment.accessions)):
                if leaf.is_deleted(docnum):
                    accession_of[offset + docnum] = None
        for docnum, facts in segment.testimonies:
            if not (deletions and leaf.is_deleted(docnum)):
                by_accession[facts.accession] = facts
                testimony_doc[facts.accession] = offset + docnum
    _segments = kept
    return FactsTable(by_accession, accession_of, _runs(accession_of), testimony_doc)


def _segment_id(leaf) -> str | None:
    segment = leaf.segment() if getattr(leaf, "segment", None) is not None else None
    return segment.segment_id() if segment is not None else None


def _read_segment(leaf) -> _SegmentFacts:
    """Each document's accession, read a column at a time (document by document
    through the whole reader, this was most of the first search after start),
    and the facts of its testimony documents."""
    accessions = list(leaf.column_reader("accession")) if leaf.has_column("accession") else []
    try:
        numbers = list(leaf.postings("kind", TESTIMONY).all_ids())
    except TermNotFound:
        numbers = []
    testimonies = []
    for docnum in numbers:
        fields = leaf.stored_fields(docnum)
        testimonies.append((docnum, _testimony_facts(fields["accession"], fields["facts"])))
    return _SegmentFacts(accessions, tuple(testimonies))


def _testimony_facts(accession: str, facts: dict) -> TestimonyFacts:
    embargo = facts["embargo_until"]
    return TestimonyFacts(
        accession=accession,
        title=facts["title"],
        collection=tuple(facts["collection"]),
        countries=tuple(facts["countries"]),
        themes=tuple(facts["themes"]),
        languages=tuple(facts["languages"]),
        speakers=tuple(facts["speakers"]),
        year_from=facts["year_from"],
        year_to=facts["year_to"],
        recorded=facts["recorded"],
        access=facts["access"],
        embargo_until=date.fromisoformat(embargo) if embargo else None,
        origins=tuple(facts["origins"]),
        destinations=tuple(facts["destinations"]),
        duration=facts["duration"],
        parts=facts["parts"],
        interviewer_labels=interviewer_labels(
            facts["interviewers"], (name for _slug, name in facts["speakers"])
        ),
        interviewers=tuple(facts["interviewers"]),
    )


def _runs(accession_of: list[str | None]) -> dict[str, list[tuple[int, int]]]:
    runs: dict[str, list[tuple[int, int]]] = {}
    start = 0
    for docnum in range(1, len(accession_of) + 1):
        if docnum == len(accession_of) or accession_of[docnum] != accession_of[start]:
            if accession_of[start] is not None:
                runs.setdefault(accession_of[start], []).append((start, docnum))
            start = docnum
    return runs
