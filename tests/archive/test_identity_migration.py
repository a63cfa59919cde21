"""Migration 0006 on a catalogue made at revision 0005 with speakers in it: each
speaker gets the collection that first named it; pitch and portrait are empty."""

from __future__ import annotations

from sqlalchemy import text

from archive.database import (
    head_revision,
    make_engine,
    make_session_factory,
    upgrade_database,
)
from archive.identity import speaker_owners

COLLECTIONS = [(1, "first-voices"), (2, "second-voices")]
# (id, accession, collection id, created): T-2 of the second collection was
# catalogued before T-3 of the first, so a speaker of both is the second's.
TESTIMONIES = [
    (1, "T-1", 1, "2024-01-01 10:00:00"),
    (2, "T-2", 2, "2024-02-01 10:00:00"),
    (3, "T-3", 1, "2024-03-01 10:00:00"),
]
SPEAKERS = ["only-first", "both-second-first", "in-both", "unnamed"]
NAMED_BY = {"only-first": [1], "both-second-first": [2, 3], "in-both": [1, 2]}


def _fill_at_0005(connection) -> None:
    for number, slug in COLLECTIONS:
        connection.execute(
            text(
                "INSERT INTO collections (id, slug, title, fictional) "
                "VALUES (:id, :slug, :slug, false)"
            ),
            {"id": number, "slug": slug},
        )
    for number, accession, collection, created in TESTIMONIES:
        connection.execute(
            text(
                "INSERT INTO testimonies (id, accession, collection_id, title, interviewers, "
                "languages, access, created_at, updated_at) VALUES (:id, :accession, "
                ":collection, :accession, '[]', '[]', 'public', :created, :created)"
            ),
            {"id": number, "accession": accession, "collection": collection, "created": created},
        )
    for number, slug in enumerate(SPEAKERS, start=1):
        connection.execute(
            text(
                "INSERT INTO speakers (id, slug, name, name_variants, destinations, languages, "
                "formats, available) VALUES (:id, :slug, :slug, '[]', '[]', '[]', '[]', false)"
            ),
            {"id": number, "slug": slug},
        )
        for testimony in NAMED_BY.get(slug, []):
            connection.execute(
                text("INSERT INTO testimony_speakers VALUES (:testimony, :speaker)"),
                {"testimony": testimony, "speaker": number},
            )
    if connection.dialect.name == "postgresql":
        # Rows given their ids: the sequences must move past them, as an ingest's would.
        for table in ("collections", "testimonies", "speakers"):
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
            )


def test_each_speaker_gets_the_collection_that_first_named_it(empty_settings):
    engine = make_engine(empty_settings)
    assert upgrade_database(engine, "0005") == (None, "0005")
    with engine.begin() as connection:
        _fill_at_0005(connection)
    assert upgrade_database(engine) == ("0005", head_revision())
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT s.slug, c.slug, s.pitch, s.portrait FROM speakers s "
                "LEFT JOIN collections c ON c.id = s.collection_id ORDER BY s.id"
            )
        ).all()
    assert [tuple(row) for row in rows] == [
        ("only-first", "first-voices", None, None),
        ("both-second-first", "second-voices", None, None),
        ("in-both", "first-voices", None, None),
        ("unnamed", None, None, None),  # claimed by the next collection that catalogues it
    ]
    engine.dispose()


def test_a_speaker_left_without_a_collection_is_claimed_by_the_next_to_catalogue_it(
    empty_settings, tmp_path
):
    from ingest.pipeline import run_ingest
    from tests.collections import make_collection

    engine = make_engine(empty_settings)
    upgrade_database(engine, "0005")
    with engine.begin() as connection:
        _fill_at_0005(connection)
    upgrade_database(engine)
    sessions = make_session_factory(engine)
    manifest = {
        "collection": {"id": "third-voices", "title": "Third voices"},
        "speakers": [{"id": "unnamed", "name": "Now Named"}],
    }
    report = run_ingest(
        make_collection(tmp_path / "third", manifest, {}),
        sessions=sessions,
        index_dir=empty_settings.index_dir,
    )
    assert report.clean and report.items["speaker:unnamed"] == "updated"
    with sessions() as session:
        assert speaker_owners(session, ["unnamed", "in-both"]) == {
            "unnamed": "third-voices",
            "in-both": "first-voices",
        }
    engine.dispose()
