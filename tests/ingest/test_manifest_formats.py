"""The same collection described in YAML, JSON or CSV ingests the same way."""

from __future__ import annotations

import json

from ingest.collection import load_collection
from ingest.pipeline import run_ingest
from tests.collections import default_manifest, make_collection
from tests.conftest import initialised

CSV_TESTIMONIES = (
    "accession,title,speakers,countries,years,themes,access,embargo_until,transcript,audio,languages\n"
    "T-1,Leaving Tripoli,miriam-toledano,LY,1945-1949,tripoli-riots;pogroms-riots,public,,transcripts/T-1.txt,audio/T-1.wav,en;it\n"
    "T-2,Baghdad,ezra-sasson,IQ;Aden,1948,denaturalisation,embargoed,2030-01-01,transcripts/T-2.txt,audio/T-2.wav,en\n"
)
CSV_SPEAKERS = (
    "id,name,name_variants,origin_countries,formats,available,birth_year\n"
    "miriam-toledano,Miriam Toledano,Myriam Toledano;מרים טולדנו,LY,in_person;virtual,yes,1938\n"
    "ezra-sasson,Ezra Sasson,,Mesopotamia,,no,\n"
)


def csv_collection(tmp_path, testimonies: str = CSV_TESTIMONIES):
    folder = make_collection(tmp_path / "csv-collection")
    (folder / "manifest.yaml").unlink()
    (folder / "audio/T-3.wav").unlink()
    (folder / "transcripts/T-3.txt").unlink()
    (folder / "manifest.csv").write_text(testimonies, encoding="utf-8")
    (folder / "speakers.csv").write_text(CSV_SPEAKERS, encoding="utf-8")
    (folder / "collection.csv").write_text("id,title,fictional\ncsv-voices,CSV voices,true\n")
    (folder / "chapters.csv").write_text(
        "accession,start,title,keywords\nT-1,00:00:07,The 1945 riots,riots;1945\n"
    )
    return folder


def test_csv_family_reads_lists_booleans_and_chapters(tmp_path):
    loaded = load_collection(csv_collection(tmp_path))
    assert loaded.problems == []
    assert loaded.collection.id == "csv-voices" and loaded.collection.fictional is True
    first, second = loaded.testimonies
    assert first.themes == ["tripoli-riots", "pogroms-riots"] and first.languages == ["en", "it"]
    assert second.countries == ["IQ", "YE"] and second.years == (1948, 1948)
    assert str(second.embargo_until) == "2030-01-01"
    assert [(c.start, c.title, c.keywords) for c in first.chapters] == [
        (7.0, "The 1945 riots", ["riots", "1945"])
    ]
    miriam = loaded.speakers[0]
    assert miriam.name_variants == ["Myriam Toledano", "מרים טולדנו"]
    assert (miriam.available, miriam.birth_year, miriam.formats) == (
        True,
        1938,
        ["in_person", "virtual"],
    )


def test_csv_ingest_end_to_end(tmp_path, empty_settings):
    report = run_ingest(
        csv_collection(tmp_path),
        sessions=initialised(empty_settings),
        index_dir=empty_settings.index_dir,
    )
    assert report.clean, [str(p) for p in report.problems]
    assert report.outcomes["testimony"] == {"added": 2}


def test_csv_with_a_missing_column_names_it(tmp_path, empty_settings):
    folder = csv_collection(tmp_path, "accession,speakers\nT-1,miriam-toledano\n")
    report = run_ingest(
        folder, sessions=initialised(empty_settings), index_dir=empty_settings.index_dir
    )
    assert [(p.file, p.line, p.message) for p in report.errors] == [
        (
            "manifest.csv",
            1,
            "missing column title; expected at least accession, title, "
            "speakers (see docs/manifest.md)",
        )
    ]


def test_csv_row_errors_name_the_line(tmp_path):
    rows = CSV_TESTIMONIES + "T-9,Bad,miriam-toledano,Atlantis,,,,,,,\n"
    loaded = load_collection(csv_collection(tmp_path, rows))
    assert [(p.file, p.line, p.item, p.field) for p in loaded.problems] == [
        ("manifest.csv", 4, "T-9", "testimonies[2].countries.0")
    ]
    assert len(loaded.testimonies) == 2


def test_json_manifest_is_the_yaml_structure(tmp_path, empty_settings):
    folder = make_collection(tmp_path / "j")
    (folder / "manifest.yaml").unlink()
    (folder / "manifest.json").write_text(json.dumps(default_manifest()), encoding="utf-8")
    report = run_ingest(
        folder, sessions=initialised(empty_settings), index_dir=empty_settings.index_dir
    )
    assert report.clean and report.outcomes["testimony"] == {"added": 3}


def test_broken_json_names_the_line(tmp_path, empty_settings):
    (tmp_path / "manifest.json").write_text('{"collection": {"id": "x",\n "title": }\n}')
    report = run_ingest(
        tmp_path, sessions=initialised(empty_settings), index_dir=empty_settings.index_dir
    )
    assert [(p.file, p.line) for p in report.errors] == [("manifest.json", 2)]


def test_yaml_problems_name_the_line_of_the_value(tmp_path):
    manifest = default_manifest()
    manifest["testimonies"][1]["themes"] = ["farhd"]
    folder = make_collection(tmp_path / "y", manifest)
    loaded = load_collection(folder)
    (problem,) = loaded.problems
    text = (folder / "manifest.yaml").read_text().splitlines()
    assert text[problem.line - 1].strip() == "- farhd"
    assert problem.message == (
        "unknown theme 'farhd'; did you mean 'farhud'? Expected a theme id such as farhud, "
        "or a theme's label"
    )


def test_two_manifests_are_a_usage_error(tmp_path, empty_settings):
    import pytest

    from ingest.errors import UsageError

    folder = make_collection(tmp_path / "two")
    (folder / "manifest.json").write_text("{}")
    with pytest.raises(UsageError, match="several manifests"):
        load_collection(folder)
