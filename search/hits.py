"""One search result: a testimony's best moments (the narrator's words before
the interviewer's questions), what matched about it, and who, where and when
— all from the index documents and the facts table, no catalogue query."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from whoosh.searching import Searcher

from archive.access import access_note
from archive.testimonies.records import NamedTerm, years_label
from archive.vocabularies import language_name
from search import highlight
from search.facts_table import FactsTable, TestimonyFacts
from search.results import Moment, TestimonyHit
from search.schema import CHAPTER, SEGMENT
from search.speaker_roles import is_interviewer

MOMENTS_PER_TESTIMONY = 3
# A chapter up to this long is shown whole; a longer one as a snippet.
WHOLE_CHAPTER_CHARS = highlight.SNIPPET_CHARS + highlight.CONTEXT_BEFORE


def described(hit: TestimonyHit, facts: TestimonyFacts, today: date) -> TestimonyHit:
    """The hit with who, where and when, and for staff why the public cannot see it."""
    return replace(
        hit,
        access_note=access_note(facts.access, facts.embargo_until, today),
        speakers=tuple(NamedTerm(slug, name) for slug, name in facts.speakers),
        origin_countries=tuple(NamedTerm(code, name) for code, name in facts.origins),
        year_from=facts.year_from,
        year_to=facts.year_to,
        years=years_label(facts.year_from, facts.year_to),
        duration=facts.duration,
        parts=facts.parts,
        languages=tuple(NamedTerm(code, language_name(code)) for code in facts.languages),
    )


def testimony_hit(
    searcher: Searcher,
    table: FactsTable,
    accession: str,
    ranked: list[tuple[float, int]],
    terms: frozenset[str],
) -> TestimonyHit:
    """A testimony with up to three moments from its matching documents (best first).

    The narrator's moments (and chapters) come first; the interviewer's
    questions are shown only when nothing else of the testimony matched: a
    short question scores higher than the long answer holding the same words,
    yet the answer is the moment worth hearing (search.speaker_roles).
    """
    labels = table.by_accession[accession].interviewer_labels
    own_doc = table.testimony_doc.get(accession)
    # The testimony's own document is known by number: read it (the about
    # snippet) only when it matched, without reading every moment to find it.
    about = None
    if any(docnum == own_doc for _score, docnum in ranked):
        about = about_snippet(searcher.stored_fields(own_doc), terms)
    moments: list[Moment] = []
    questions: list[dict] = []  # stored fields, made into moments only if needed
    for _score, docnum in ranked:
        if len(moments) == MOMENTS_PER_TESTIMONY:
            break
        if docnum == own_doc:
            continue
        fields = searcher.stored_fields(docnum)
        if is_interviewer(fields.get("speaker_label"), labels):
            if len(questions) < MOMENTS_PER_TESTIMONY:
                questions.append(fields)
        elif not _same_time(moments, fields):
            moments.append(moment_of(fields, terms))
    return TestimonyHit(
        accession=accession,
        title=table.by_accession[accession].title,
        score=ranked[0][0] if ranked else 0.0,
        moments=tuple(moments or (moment_of(fields, terms) for fields in questions)),
        about_snippet=about,
    )


def moment_of(fields: dict, terms: frozenset[str]) -> Moment:
    text = fields.get("text", "")
    if fields["kind"] == CHAPTER and len(text) <= WHOLE_CHAPTER_CHARS:
        # A chapter reads from its title ("title — synopsis"), not from mid-title.
        shown = highlight.mark_terms(text, terms)
    else:
        shown = highlight.snippet(text, terms) or highlight.plain_snippet(text)
    return Moment(
        part=fields["part"],
        start=float(fields["start"]),
        snippet=shown,
        speaker_label=fields.get("speaker_label"),
        kind=fields["kind"],
        position=int(fields["id"].rsplit(":", 1)[1]) if fields["kind"] == SEGMENT else None,
    )


def _same_time(moments: list[Moment], fields: dict) -> bool:
    """A chapter and its first segment start together: show that moment once."""
    return any(m.part == fields["part"] and m.start == fields["start"] for m in moments)


def about_snippet(fields: dict, terms: frozenset[str]) -> str | None:
    """What matched in the summary, or whose name or biography matched.

    A name reads as the speaker's name with the matching spellings after it
    ("Saadia Naddaf, also written Sa'adya Naddaf"), then their biography,
    never as the raw list of name variants the index searches.
    """
    about = fields.get("about") or {}
    found = highlight.snippet(about.get("summary") or "", terms)
    if found:
        return found
    for name, variants, biography in about.get("speakers", ()):
        # Other spellings are worth showing only when they, not the name, matched.
        name_matched = highlight.snippet(name, terms) is not None
        spellings = [] if name_matched else [v for v in variants if highlight.snippet(v, terms)]
        named = name_matched or bool(spellings)
        life = highlight.snippet(biography or "", terms)
        if not (named or life):
            continue
        head = highlight.mark_terms(name, terms)
        if spellings:
            head += ", also written " + ", ".join(highlight.mark_terms(v, terms) for v in spellings)
        if life is None and biography:
            life = highlight.plain_snippet(biography)
        return f"{head}: {life}" if life else head
    return None


def summary_opening(searcher: Searcher, testimony_doc: int) -> str | None:
    """The escaped opening of a testimony's summary, if it has one."""
    summary = (searcher.stored_fields(testimony_doc).get("about") or {}).get("summary")
    return highlight.plain_snippet(summary) if summary else None
