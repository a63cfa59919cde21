"""Index documents carry their words analysed once: indexed as the typed text
would be (same terms, counts and distances between positions), stored as typed."""

from __future__ import annotations

from archive.testimonies.records import ChapterRecord
from search.documents import documents_for
from search.schema import TestimonySchema
from tests.search.test_search import record

SCHEMA = TestimonySchema()
RECORD = record(
    "D-1",
    [
        "We left Baghdād in 1951; the Jews of the city — all of them — were gone.",
        "",
        "Father's house, the house of my father: «Crémieux» and the old city.",
    ],
    summary="Salha remembers the Jews of the city.",
    chapters=[ChapterRecord(1, 0.0, "Leaving", "The old city, then Lod", ("ma'abara", "Lod"))],
)


def postings(field: str, value) -> dict[bytes, tuple[int, float, list[int]]]:
    """term -> (count, weight, positions from the first word's)."""
    found = {}
    for term, count, weight, encoded in SCHEMA[field].index(value):
        positions = SCHEMA[field].format.decode_positions(encoded) if field == "text" else []
        found[term] = (count, weight, positions)
    return found


def relative(found: dict) -> dict:
    first = min((p[0] for _c, _w, p in found.values() if p), default=0)
    return {t: (c, w, [p - first for p in ps]) for t, (c, w, ps) in found.items()}


def test_each_text_is_indexed_as_its_typed_text_and_stored_as_typed():
    documents = list(documents_for(RECORD))
    assert len(documents) == 1 + 1 + 3
    for document in documents:
        typed = document["_stored_text"]
        assert relative(postings("text", document["text"])) == relative(postings("text", typed))
        assert postings("pairs", document["pairs"]) == postings("pairs", typed)


def test_alltext_holds_every_word_of_the_testimony():
    about = ["Salha remembers the Jews of the city.", "Salha Cohen Salcha Kohen", ""]
    typed = "\n".join(
        about
        + [segment.text for segment in RECORD.segments]
        + ["Leaving The old city, then Lod ma'abara Lod"]
    )
    testimony = next(documents_for(RECORD))
    assert postings("alltext", testimony["alltext"]) == postings("alltext", typed)
