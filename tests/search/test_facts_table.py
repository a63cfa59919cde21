"""The facts table's document -> accession list, read a segment at a time,
says what each document's own stored accession says, and None for deleted
documents (which a search must never show)."""

from __future__ import annotations

from search.facts_table import facts_table
from search.index import create_index, write_testimonies
from search.schema import TESTIMONY
from tests.search.test_search import record


def test_every_document_has_its_accession_and_deleted_ones_none(tmp_path):
    ix = create_index(tmp_path / "index")
    write_testimonies(ix, [record("A-1", ["The orchard.", "The river."])])
    write_testimonies(ix, [record("A-2", ["Another orchard."])], present={"A-1"})
    # A-1 rewritten: its first documents are deleted in their segment
    write_testimonies(ix, [record("A-1", ["The well."])], present={"A-1", "A-2"})
    with ix.searcher() as searcher:
        reader = searcher.reader()
        table = facts_table(searcher)
        live = set(reader.all_doc_ids())
        expected = [
            searcher.stored_fields(docnum)["accession"] if docnum in live else None
            for docnum in range(reader.doc_count_all())
        ]
        assert table.accession_of == expected
        assert reader.has_deletions()  # the case this test is about
        assert set(table.runs) == {"A-1", "A-2"}


def expected_table(searcher) -> tuple[list, dict]:
    """Each document's accession (None if deleted) and each testimony's own
    document number, read document by document."""
    reader = searcher.reader()
    live = set(reader.all_doc_ids())
    accessions = [
        searcher.stored_fields(docnum)["accession"] if docnum in live else None
        for docnum in range(reader.doc_count_all())
    ]
    own = {
        searcher.stored_fields(docnum)["accession"]: docnum
        for docnum in searcher.document_numbers(kind=TESTIMONY)
    }
    return accessions, own


def test_a_new_version_reuses_its_unchanged_segments_and_sees_new_deletions(tmp_path):
    ix = create_index(tmp_path / "index")
    write_testimonies(ix, [record("A-1", ["The orchard."], title="First title")])
    write_testimonies(ix, [record("A-2", ["The river."])], present={"A-1"})
    with ix.searcher() as searcher:
        assert facts_table(searcher).by_accession["A-1"].title == "First title"
    # A-1 rewritten and A-2 removed (documents deleted in segments already
    # read), A-3 added
    write_testimonies(
        ix,
        [record("A-1", ["The well."], title="Second title"), record("A-3", ["The sea."])],
        remove=["A-2"],
        present={"A-1", "A-2"},
    )
    with ix.searcher() as searcher:
        table = facts_table(searcher)
        assert searcher.reader().has_deletions()  # the case this test is about
        accessions, own = expected_table(searcher)
        assert table.accession_of == accessions
        assert table.testimony_doc == own
        assert set(table.by_accession) == {"A-1", "A-3"}
        assert table.by_accession["A-1"].title == "Second title"
