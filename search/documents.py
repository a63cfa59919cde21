"""Index documents built from catalogue records: pure functions, no I/O."""

from __future__ import annotations

from collections.abc import Iterator

from archive.testimonies.records import ChapterRecord, TestimonyRecord
from search.schema import CHAPTER, SEGMENT, TESTIMONY, TEXT_ANALYZER


def testimony_facts(record: TestimonyRecord) -> dict[str, object]:
    """What filters, facets, sorting and access need, stored on the testimony document."""
    return {
        "title": record.title,
        "collection": (record.collection.slug, record.collection.title),
        "countries": tuple((c.id, c.label) for c in record.countries),
        "themes": tuple((t.id, t.label) for t in record.themes),
        "languages": tuple(record.languages),
        "speakers": tuple((s.slug, s.name) for s in record.speakers),
        "year_from": record.year_from,
        "year_to": record.year_to if record.year_to is not None else record.year_from,
        "recorded": record.recorded,
        # Who, where from and how long, shown with every result; where the
        # speakers came from and went to are also the From and To facets.
        "origins": _speaker_countries(record, "origin_countries"),
        "destinations": _speaker_countries(record, "destinations"),
        "interviewers": tuple(record.interviewers),
        "duration": _duration(record),
        "parts": len(record.recordings),
        "access": record.access,
        "embargo_until": record.embargo_until.isoformat() if record.embargo_until else None,
    }


def _speaker_countries(record: TestimonyRecord, role: str) -> tuple[tuple[str, str], ...]:
    """The speakers' countries in a role (origin_countries or destinations),
    each once, in the speakers' order."""
    seen: dict[str, str] = {}
    for speaker in record.speakers:
        for country in getattr(speaker, role):
            seen.setdefault(country.id, country.label)
    return tuple(seen.items())


def _duration(record: TestimonyRecord) -> float | None:
    """Seconds of audio over every part; None when no part's length is known."""
    known = [r.duration for r in record.recordings if r.duration]
    return round(sum(known), 1) if known else None


def chapter_text(chapter: ChapterRecord) -> str:
    """A chapter as a moment reads: 'title — synopsis (keywords)'."""
    text = " — ".join(filter(None, (chapter.title, chapter.synopsis)))
    return f"{text} ({', '.join(chapter.keywords)})" if chapter.keywords else text


def analysed(text: str) -> list[str]:
    """The indexed forms of text's words, in order (stop words dropped).

    TEXT_ANALYZER turns each word on its own, so each distinct word goes
    through its five stages once and is then looked up (`_term_of`): the
    stages, token by token, were most of the time an ingest spent indexing.
    """
    terms = []
    for word in _WORDS.findall(text):
        term = _TERM_OF_WORD.get(word, _UNSEEN)
        if term is _UNSEEN:
            term = _term_of(word)
        if term is not None:
            terms.append(term)
    return terms


_WORDS = TEXT_ANALYZER[0].expression  # the tokenizer's own pattern
_UNSEEN = object()
# Distinct words remembered at most, so memory stays flat on a large ingest.
TERMS_REMEMBERED = 200_000
_TERM_OF_WORD: dict[str, str | None] = {}


def _term_of(word: str) -> str | None:
    """The indexed form of one word, None for a stop word."""
    terms = [token.text for token in TEXT_ANALYZER(word, mode="index")]
    if len(_TERM_OF_WORD) >= TERMS_REMEMBERED:
        _TERM_OF_WORD.clear()
    _TERM_OF_WORD[word] = term = terms[0] if terms else None
    return term


def documents_for(record: TestimonyRecord) -> Iterator[dict[str, object]]:
    """The testimony's documents. Each text is analysed once: its words are
    given to the index already analysed (its positions then count from 0; only
    their differences matter to a phrase), as `text`, as `pairs` (search.
    phrases) and within the testimony's `alltext`, and the text as typed is
    stored to be shown."""
    accession = record.accession
    about = [record.summary or ""]
    for speaker in record.speakers:
        about += [" ".join((speaker.name, *speaker.name_variants)), speaker.biography or ""]
    about_text = "\n".join(filter(None, about))
    about_words = analysed(about_text)
    chapters = [(chapter, chapter_text(chapter)) for chapter in record.chapters]
    chapter_words = [analysed(text) for _chapter, text in chapters]
    segment_words = [analysed(segment.text) for segment in record.segments]
    # Every word of the testimony once more, as alltext counts them: a
    # chapter's title, synopsis and keywords, not its text as a moment reads.
    alltext = list(about_words)
    for words in segment_words:
        alltext += words
    for chapter in record.chapters:
        alltext += analysed(
            " ".join(filter(None, (chapter.title, chapter.synopsis, *chapter.keywords)))
        )
    yield {
        "id": f"{TESTIMONY}:{accession}",
        "kind": TESTIMONY,
        "accession": accession,
        "title": record.title,
        "part": 1,
        "start": 0.0,
        "text": about_words,
        "_stored_text": about_text,
        "pairs": about_words,
        "facts": testimony_facts(record),
        "about": {
            "summary": record.summary,
            "speakers": tuple(
                (s.name, tuple(s.name_variants), s.biography) for s in record.speakers
            ),
        },
        "alltext": alltext,
    }
    for number, ((chapter, text), words) in enumerate(zip(chapters, chapter_words, strict=True)):
        yield {
            "id": f"{CHAPTER}:{accession}:{number}",
            "kind": CHAPTER,
            "accession": accession,
            "part": chapter.part,
            "start": chapter.start,
            "text": words,
            "_stored_text": text,
            "pairs": words,
        }
    for segment, words in zip(record.segments, segment_words, strict=True):
        yield {
            "id": f"{SEGMENT}:{accession}:{segment.part}:{segment.position}",
            "kind": SEGMENT,
            "accession": accession,
            "part": segment.part,
            "start": segment.start,
            "text": words,
            "_stored_text": segment.text,
            "pairs": words,
            "speaker_label": segment.speaker_label,
        }
