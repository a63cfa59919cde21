"""A testimony in one language with a translation in another: both stored,
both searchable, shown side by side on its page."""

from __future__ import annotations

from datetime import date

from archive.access import Asker
from archive.testimonies.queries import get_testimony
from ingest.pipeline import run_ingest
from search.index import open_index
from search.searcher import search_testimonies
from tests.collections import default_manifest, make_collection, testimony_entry
from tests.conftest import initialised
from web.app import create_app

TODAY = date(2026, 11, 21)
FRENCH = (
    "[00:00:00] LÉON: Nous avons quitté Constantine en 1962.\n"
    "[00:00:06] LÉON: Ma grand-mère portait le décret Crémieux dans son sac.\n"
)
ENGLISH = (
    "[00:00:00] LÉON: We left Constantine in 1962.\n"
    "[00:00:06] LÉON: My grandmother carried the Crémieux decree in her handbag.\n"
)


def test_translation_is_catalogued_searched_and_shown(tmp_path, empty_settings):
    manifest = default_manifest()
    manifest["testimonies"].append(
        testimony_entry(
            "FR-1",
            "transcripts/FR-1.fr.txt",
            "audio/FR-1.wav",
            languages=["fr", "en"],
            translations={"en": "transcripts/FR-1.en.txt"},
        )
    )
    folder = make_collection(
        tmp_path / "c",
        manifest,
        transcripts={
            "transcripts/FR-1.fr.txt": FRENCH,
            "transcripts/FR-1.en.txt": ENGLISH,
            "transcripts/T-1.txt": "[00:00:00] A: one\n",
            "transcripts/T-2.txt": "[00:00:00] A: two\n",
            "transcripts/T-3.txt": "[00:00:00] A: three\n",
        },
    )
    sessions = initialised(empty_settings)
    report = run_ingest(folder, sessions=sessions, index_dir=empty_settings.index_dir)
    assert report.clean, [str(p) for p in report.problems]
    with sessions() as session:
        record = get_testimony(session, "FR-1", asker=Asker.public(TODAY))
    assert [(s.language, s.start) for s in record.segments] == [
        (None, 0.0),
        (None, 6.0),
        ("en", 0.0),
        ("en", 6.0),
    ]

    ix = open_index(empty_settings.index_dir)
    handbag = search_testimonies(ix, "handbag", asker=Asker.public(TODAY)).results[0]
    assert handbag.accession == "FR-1" and handbag.moments[0].start == 6.0
    assert (
        search_testimonies(ix, "grand-mère", asker=Asker.public(TODAY)).results[0].accession
        == "FR-1"
    )

    client = create_app(empty_settings, {"TESTING": True, "TESTIMONY_TODAY": TODAY}).test_client()
    page = client.get("/testimonies/FR-1").get_data(as_text=True)
    # Side by side (issue 13): each row holds the original and the segments translating it.
    assert '<ol class="transcript original bilingual" lang="fr">' in page
    assert '<div class="translation" lang="en">' in page
    assert "> English</label>" in page and "handbag" in page
