"""The facts table's document -> accession list, read a segment at a time,
says what each document's own stored accession says, and None for deleted
documents (which a search must never show)."""

from __future__ import annotations

from search.facts_table import facts_table
from search.index import create_index, write_testimonies
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
