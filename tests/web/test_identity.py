"""Identity across collections (issue 12 §1): an accession and a speaker id
belong to the collection that first catalogued them. An intruding collection's
entries that name them are refused with their lines; nothing of the owner
changes, in the catalogue or the search index, and its restricted testimony
stays hidden; the intruder's clean entries go in. `testimony move` is the one,
reported, way a testimony changes collection."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from archive.access import Asker
from archive.models import Deletion
from archive.speakers.queries import get_speaker
from archive.testimonies.queries import get_testimony
from ingest.pipeline import run_ingest
from search.index import open_index
from tests.conftest import fresh_settings, initialised
from tests.identity_collections import (
    INTRUDER,
    OWNER,
    PLANTED,
    make_intruder,
    make_owner,
)
from web.app import create_app

TODAY = date(2026, 11, 21)
OWNED = ("O-1", "O-2")


@pytest.fixture
def archive(tmp_path):
    settings = fresh_settings(tmp_path / "data")
    sessions = initialised(settings)
    owner, intruder = make_owner(tmp_path / OWNER), make_intruder(tmp_path / INTRUDER)
    report = run_ingest(owner, sessions=sessions, index_dir=settings.index_dir)
    assert report.clean, [str(p) for p in report.problems]
    return settings, sessions, owner, intruder


def ingest(folder, settings, sessions, **options):
    return run_ingest(folder, sessions=sessions, index_dir=settings.index_dir, **options)


def line_of(folder, text: str) -> int:
    lines = (folder / "manifest.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line == text)


def owner_state(settings, sessions) -> tuple:
    """Everything of the owner's: its testimonies and speakers as records (staff
    view) and every document the search index holds for its testimonies."""
    with sessions() as session:
        testimonies = [get_testimony(session, a, asker=Asker.staff_member(TODAY)) for a in OWNED]
        speakers = [
            get_speaker(session, s, asker=Asker.staff_member(TODAY))
            for s in ("miriam-toledano", "ezra-sasson")
        ]
    with open_index(settings.index_dir).searcher() as searcher:
        documents = sorted(
            repr(sorted(fields.items()))
            for fields in searcher.all_stored_fields()
            if fields.get("accession") in OWNED
        )
    return testimonies, speakers, documents


def test_the_intruders_entries_are_refused_with_their_lines(archive):
    settings, sessions, _owner, intruder = archive
    report = ingest(intruder, settings, sessions)
    found = {(p.file, p.line, p.field, p.item) for p in report.errors}
    assert found == {
        ("manifest.yaml", line_of(intruder, "- id: miriam-toledano"), "id", "miriam-toledano"),
        ("manifest.yaml", line_of(intruder, "- accession: O-1"), "accession", "O-1"),
        ("manifest.yaml", line_of(intruder, "- accession: O-2"), "accession", "O-2"),
        # The line of the field refused: I-2's speakers, below its first line.
        ("manifest.yaml", line_of(intruder, "- accession: I-2") + 2, "speakers", "I-2"),
    }
    messages = {p.item: p.message for p in report.errors}
    assert messages["O-2"].startswith(
        f"accession 'O-2' belongs to collection '{OWNER}', which catalogued it first; "
        "nothing of it was changed."
    )
    assert f"testimony move O-2 {INTRUDER}" in messages["O-2"]
    assert messages["miriam-toledano"].startswith(
        f"speaker id 'miriam-toledano' belongs to collection '{OWNER}'"
    )
    assert f"'{OWNER}/miriam-toledano'" in messages["miriam-toledano"]
    assert messages["I-2"] == (
        f"speaker 'ezra-sasson' belongs to collection '{OWNER}'; to name that person "
        f"from another collection, expected '{OWNER}/ezra-sasson'"
    )
    assert {k: v for k, v in report.items.items() if v == "failed"} == {
        "speaker:miriam-toledano": "failed",
        "testimony:O-1": "failed",
        "testimony:O-2": "failed",
        "testimony:I-2": "failed",
    }
    # The clean entries go on: its own speaker, testimonies and talk.
    assert report.items["speaker:nadia-haddad"] == "added"
    assert report.items["testimony:I-1"] == report.items["testimony:I-3"] == "added"
    assert report.items["talk:intruder-talk"] == "added"


def test_a_dry_run_refuses_the_same_entries(archive):
    settings, sessions, _owner, intruder = archive
    dry = ingest(intruder, settings, sessions, dry_run=True)
    real = ingest(intruder, settings, sessions)
    assert [str(p) for p in dry.errors] == [str(p) for p in real.errors]
    assert dry.items == real.items


def test_nothing_of_the_owner_changes_in_catalogue_or_index(archive):
    settings, sessions, owner, intruder = archive
    before = owner_state(settings, sessions)
    ingest(intruder, settings, sessions)
    assert owner_state(settings, sessions) == before
    assert PLANTED not in repr(before)
    with sessions() as session:
        o2 = get_testimony(session, "O-2", asker=Asker.staff_member(TODAY))
        assert o2.access == "restricted" and o2.collection.slug == OWNER
    # Re-ingesting the owner finds everything as it was: no tombstones left behind.
    again = ingest(owner, settings, sessions)
    assert again.clean and set(again.items.values()) == {"unchanged"}
    with sessions() as session:
        assert session.scalar(select(func.count(Deletion.id))) == 0


def test_the_owners_restricted_testimony_still_answers_404(archive):
    settings, sessions, _owner, intruder = archive
    ingest(intruder, settings, sessions)
    client = create_app(settings, {"TESTING": True, "TESTIMONY_TODAY": TODAY}).test_client()
    assert client.get("/testimonies/O-2").status_code == 404
    assert client.get("/api/testimonies/O-2").status_code == 404
    assert client.get("/testimonies/O-2/audio/1").status_code == 404
    public = client.get(f"/search?q={PLANTED}").get_data(as_text=True)
    assert "O-1" not in public and "O-2" not in public
    page = client.get("/testimonies/O-1").get_data(as_text=True)
    assert "Testimony O-1" in page and PLANTED not in page
    speaker = client.get("/speakers/miriam-toledano").get_data(as_text=True)
    assert "Miriam Toledano" in speaker and PLANTED not in speaker


def test_another_collections_speaker_is_named_by_explicit_reference(archive):
    settings, sessions, _owner, intruder = archive
    ingest(intruder, settings, sessions)
    with sessions() as session:
        i3 = get_testimony(session, "I-3", asker=Asker.staff_member(TODAY))
        ezra = get_speaker(session, "ezra-sasson", asker=Asker.staff_member(TODAY))
    assert i3.collection.slug == INTRUDER
    assert [s.slug for s in i3.speakers] == ["ezra-sasson", "nadia-haddad"]
    # The one person, the owner's record: name and biography untouched.
    assert ezra.name == "Ezra Sasson" and ezra.biography == "Fictional test speaker."
    # Their page lists the testimony given to the other collection.
    client = create_app(settings, {"TESTING": True, "TESTIMONY_TODAY": TODAY}).test_client()
    page = client.get("/speakers/ezra-sasson").get_data(as_text=True)
    assert "/testimonies/I-3" in page and "/testimonies/O-2" not in page


def oai_identifiers(client, collection: str) -> tuple[set[str], int]:
    """(accessions, deleted headers) of a ListIdentifiers over one collection's set."""
    xml = client.get(
        f"/oai?verb=ListIdentifiers&metadataPrefix=oai_dc&set=collection:{collection}"
    ).get_data(as_text=True)
    accessions = set(re.findall(r"<identifier>[^<]*?:([A-Z]-\d)</identifier>", xml))
    return accessions, xml.count('status="deleted"')


def test_move_is_explicit_reported_and_leaves_a_correct_oai_state(archive, cli, tmp_path):
    settings, sessions, owner, intruder = archive
    ingest(intruder, settings, sessions)
    result = cli("move", "O-1", INTRUDER, data_dir=settings.data_dir)
    assert result.exit_code == 0, result.output
    assert f"Moved O-1 from collection '{OWNER}' to '{INTRUDER}'." in result.output
    assert (
        f"Its speaker 'miriam-toledano' stays with '{OWNER}': "
        f"name it in '{INTRUDER}''s manifest as '{OWNER}/miriam-toledano'."
    ) in result.output
    with sessions() as session:
        moved = get_testimony(session, "O-1", asker=Asker.staff_member(TODAY))
        assert moved.collection.slug == INTRUDER and moved.title == "Testimony O-1"
        assert session.scalar(select(func.count(Deletion.id))) == 0
    client = create_app(settings, {"TESTING": True, "TESTIMONY_TODAY": TODAY}).test_client()
    assert oai_identifiers(client, OWNER) == (set(), 0)  # O-2 is restricted: never exposed
    assert oai_identifiers(client, INTRUDER) == ({"O-1", "I-1", "I-3"}, 0)
    facets = client.get("/api/search?q=Tripoli").get_json()["facets"]["collection"]["values"]
    assert {v["value"]: v["count"] for v in facets} == {INTRUDER: 1}  # the index followed
    # The owner naming it now is refused like any other collection; the owner's
    # other testimony is untouched and no tombstone appears.
    again = ingest(owner, settings, sessions)
    assert [(p.item, p.field) for p in again.errors] == [("O-1", "accession")]
    assert f"belongs to collection '{INTRUDER}'" in again.errors[0].message
    assert again.items["testimony:O-2"] == "unchanged"
    with sessions() as session:
        assert session.scalar(select(func.count(Deletion.id))) == 0


def test_move_refuses_what_it_cannot_do(archive, cli):
    settings, _sessions, _owner, _intruder = archive
    unknown = cli("move", "NOPE-1", OWNER, data_dir=settings.data_dir)
    assert unknown.exit_code == 1 and "no testimony 'NOPE-1' in the catalogue" in unknown.output
    nowhere = cli("move", "O-1", "atlantis", data_dir=settings.data_dir)
    assert nowhere.exit_code == 1
    assert f"no collection 'atlantis'; expected one of: {OWNER}" in nowhere.output
    same = cli("move", "O-1", OWNER, data_dir=settings.data_dir)
    assert same.exit_code == 1 and f"O-1 is already in collection '{OWNER}'" in same.output
