"""Hostile files through the real pipeline: paths out of the collection, XML and zip
bombs, oversize files, undecodable text, markup. Each is refused with a problem that
names the file and the line or field, nothing outside the collection is read, and the
good testimonies of the same run are ingested all the same."""

from __future__ import annotations

import json
import os
import re
import struct
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from sqlalchemy import inspect, select, text

from archive.access import Asker
from archive.errors import NotFound
from archive.models import IngestRun
from archive.testimonies.queries import get_testimony
from ingest.audio import read_audio
from ingest.limits import SizeLimits
from ingest.pipeline import run_ingest
from tests.collections import (
    SPEAKERS,
    default_manifest,
    make_collection,
    testimony_entry,
    write_wav,
)
from tests.conftest import fresh_settings, initialised
from tests.docx_files import document_xml, make_docx
from tests.postgres import database_url_for
from web.cli import main

TODAY = date(2026, 11, 21)
GOOD = ("T-1", "T-2", "T-3")
# A word that occurs only in files outside the collection: it must never reach the catalogue.
CANARY = "quillwort"
OUTSIDE_TEXT = f"Title: {CANARY}\n\n[00:00:00] SECRET: The {CANARY} grows outside.\n"


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the collection, holding a transcript and a recording."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(OUTSIDE_TEXT, encoding="utf-8")
    write_wav(folder / "secret.wav", 5)
    return folder


def collection(tmp_path, entries=(), files=None, links=None) -> Path:
    """The default collection (T-1 to T-3, all good) plus hostile `entries`, the bytes of
    `files`, and symbolic `links` (path in the collection -> target)."""
    folder = tmp_path / "collection"
    for relative, content in (files or {}).items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(content)
    for relative, target in (links or {}).items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, folder / relative)
    manifest = default_manifest()
    manifest["testimonies"] += list(entries)
    return make_collection(folder, manifest)


def entry(accession: str, transcript: str, audio: str = "audio/T-1.wav", **extra) -> dict:
    return testimony_entry(accession, transcript, audio, **extra)


def ingest(folder: Path, settings, **options):
    sessions = initialised(settings)
    report = run_ingest(folder, sessions=sessions, index_dir=settings.index_dir, **options)
    return report, sessions


def problems(report, accession: str) -> set[tuple[str | None, int | None, str | None, str]]:
    """(file, line, field, message) of the accession's errors."""
    return {(p.file, p.line, p.field, p.message) for p in report.errors if p.item == accession}


def entry_line(folder: Path, accession: str) -> int:
    """The manifest line on which the accession's entry starts."""
    lines = (folder / "manifest.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line == f"- accession: {accession}")


def value_line(folder: Path, accession: str, start: str) -> int:
    """The first manifest line after the accession's entry that starts with `start`
    (stripped): where the entry's field is written."""
    lines = (folder / "manifest.yaml").read_text(encoding="utf-8").splitlines()
    after = entry_line(folder, accession)
    return next(
        n for n, line in enumerate(lines, 1) if n > after and line.strip().startswith(start)
    )


def assert_good_ones_ingested(report, sessions, accessions=GOOD) -> None:
    with sessions() as session:
        for accession in accessions:
            assert report.items[f"testimony:{accession}"] == "added"
            record = get_testimony(session, accession, asker=Asker.staff_member(TODAY))
            assert record.segments and all(r.readable for r in record.recordings), accession


def catalogue_text(sessions) -> str:
    """Every row of every table, as text."""
    with sessions() as session:
        tables = inspect(session.get_bind()).get_table_names()
        return repr([session.execute(text(f"SELECT * FROM {t}")).all() for t in tables])


ESCAPES = {
    "dot-dot": ("../outside/secret{}", "leaves the collection folder; expected a path inside it"),
    "absolute": (
        "{outside}/secret{}",
        "is an absolute path; expected a path relative to the collection folder",
    ),
    "system file": (
        "/etc/passwd",
        "is an absolute path; expected a path relative to the collection folder",
    ),
    "link to a file": (
        "links/secret{}",
        "is a symbolic link out of the collection folder; expected a path inside it",
    ),
    "link to a folder": (
        "linked/secret{}",
        "is a symbolic link out of the collection folder; expected a path inside it",
    ),
}


@pytest.mark.parametrize("how", sorted(ESCAPES))
def test_paths_out_of_the_collection_are_refused_and_not_read(
    how, tmp_path, outside, empty_settings
):
    pattern, expected = ESCAPES[how]

    def path(suffix: str) -> str:
        return pattern.format(suffix, outside=outside)

    links = {
        "links/secret.txt": outside / "secret.txt",
        "links/secret.wav": outside / "secret.wav",
        "linked": outside,
    }
    hostile = entry("H-1", path(".txt"), path(".wav"), translations={"he": path(".txt")})
    folder = collection(tmp_path, [hostile], links=links)
    report, sessions = ingest(folder, empty_settings)

    # Each at the line of the path: the key's (one value), or the list item's.
    def at(start: str) -> int:
        return value_line(folder, "H-1", start)

    assert problems(report, "H-1") == {
        ("manifest.yaml", at("transcript:"), "transcript[0]", f"{path('.txt')!r} {expected}"),
        ("manifest.yaml", at("he:"), "translations.he[0]", f"{path('.txt')!r} {expected}"),
        ("manifest.yaml", at("- " + path(".wav")), "audio[0]", f"{path('.wav')!r} {expected}"),
    }
    assert CANARY not in catalogue_text(sessions)
    # Left out of the catalogue, as docs/manifest.md says: not catalogued without its words.
    assert report.items["testimony:H-1"] == "failed"
    with sessions() as session, pytest.raises(NotFound):
        get_testimony(session, "H-1", asker=Asker.staff_member(TODAY))
    assert_good_ones_ingested(report, sessions)


def test_paths_that_cannot_name_a_file_are_refused(tmp_path, empty_settings):
    long_name = "transcripts/" + "x" * 300 + ".txt"
    hostile = [
        entry("H-LOOP", "transcripts/loop.txt"),
        entry("H-NUL", "transcripts/a\x00.txt"),
        entry("H-LONG", long_name),
    ]
    folder = collection(tmp_path, hostile, links={"transcripts/loop.txt": "loop.txt"})
    report, sessions = ingest(folder, empty_settings)

    def only(accession, message):
        line = value_line(folder, accession, "transcript:")
        return {("manifest.yaml", line, "transcript[0]", message)}

    loop = "'transcripts/loop.txt' is a symbolic link that loops; expected a file"
    assert problems(report, "H-LOOP") == only("H-LOOP", loop)
    nul = "'transcripts/a\\x00.txt' contains a NUL character; expected a file path"
    assert problems(report, "H-NUL") == only("H-NUL", nul)
    too_long = f"{long_name!r} cannot be used: File name too long"
    assert problems(report, "H-LONG") == only("H-LONG", too_long)
    assert_good_ones_ingested(report, sessions)


def test_an_unreadable_recording_is_reported(tmp_path, empty_settings, monkeypatch):
    # As root (in CI, say) no file is unreadable, so the refusal is made to order.
    def refuse(path):
        if path.name == "locked.wav":
            raise PermissionError(13, "Permission denied", str(path))
        return read_audio(path)

    monkeypatch.setattr("ingest.drafting.read_audio", refuse)
    folder = collection(tmp_path, [entry("H-LOCKED", "transcripts/T-1.txt", "audio/locked.wav")])
    report, sessions = ingest(folder, empty_settings)
    assert problems(report, "H-LOCKED") == {
        ("audio/locked.wav", None, None, "cannot read: Permission denied")
    }
    with sessions() as session:
        locked = get_testimony(session, "H-LOCKED", asker=Asker.staff_member(TODAY))
    assert not locked.recordings[0].readable
    assert_good_ones_ingested(report, sessions)


def test_an_unused_link_out_of_the_collection_is_ignored(tmp_path, outside, empty_settings):
    links = {"transcripts/extra.txt": outside / "secret.txt", "extra": outside}
    report, sessions = ingest(collection(tmp_path, links=links), empty_settings)
    assert report.clean, [str(p) for p in report.problems]
    assert report.indexed == 3
    assert CANARY not in catalogue_text(sessions)
    assert_good_ones_ingested(report, sessions)


def test_without_a_manifest_a_link_out_of_the_folder_is_not_read(tmp_path, outside, empty_settings):
    folder = tmp_path / "loose"
    folder.mkdir()
    (folder / "salim.txt").write_text("[00:00:00] SALIM: A garden in Basra.\n", encoding="utf-8")
    os.symlink(outside / "secret.txt", folder / "secret.txt")
    report, sessions = ingest(folder, empty_settings)
    assert [(p.file, p.message) for p in report.errors] == [
        (
            "secret.txt",
            "'secret.txt' is a symbolic link out of the collection folder; "
            "expected a path inside it",
        )
    ]
    assert report.items == {
        "collection:loose": "added",
        "speaker:unidentified-speaker": "added",
        "testimony:salim": "added",
    }
    assert CANARY not in catalogue_text(sessions)


def ohms(prolog: str, title: str = "Hostile") -> bytes:
    """An OHMS export with `prolog` (a DOCTYPE) on lines 2 and after."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}\n'
        f"<ROOT><record><title>{title}</title>"
        "<transcript>NAOMI: A transcript.</transcript></record></ROOT>\n"
    ).encode()


def laughs(levels: int = 9) -> str:
    """The billion laughs: each entity ten of the one before, 10**9 "lol"s in all."""
    names = ["lol", *(f"lol{n}" for n in range(1, levels + 1))]
    declarations = [' <!ENTITY lol "lol">'] + [
        f' <!ENTITY {name} "{f"&{before};" * 10}">' for before, name in pairwise(names)
    ]
    return "\n".join(["<!DOCTYPE ROOT [", *declarations, "]>"])


def test_xml_bombs_in_ohms_files_are_refused_never_expanded(tmp_path, outside, empty_settings):
    secret = (outside / "secret.txt").as_uri()
    files = {
        "t/laughs.xml": ohms(laughs(), "&lol9;"),
        "t/external-entity.xml": ohms(f'<!DOCTYPE ROOT [<!ENTITY x SYSTEM "{secret}">]>', "&x;"),
        "t/external-dtd.xml": ohms(f'<!DOCTYPE ROOT SYSTEM "{secret}">'),
        "t/public-dtd.xml": ohms('<!DOCTYPE ROOT PUBLIC "-//X//Y" "http://example.invalid/x.dtd">'),
        "t/parameter-entity.xml": ohms(f'<!DOCTYPE ROOT [<!ENTITY % p SYSTEM "{secret}"> %p;]>'),
    }
    hostile = [entry(f"H-{Path(name).stem}", name) for name in files]
    report, sessions = ingest(collection(tmp_path, hostile, files), empty_settings)

    def refused(name: str, line: int, what: str):
        message = f"refused: the XML {what}, which could " + (
            "expand without limit or read other files; an OHMS export declares none"
            if "entities" in what
            else "read other files; an OHMS export names none"
        )
        return {(name, line, None, message)}

    assert problems(report, "H-laughs") == refused(
        "t/laughs.xml", 3, "declares entities (<!ENTITY lol>)"
    )
    assert problems(report, "H-external-entity") == refused(
        "t/external-entity.xml", 2, "declares entities (<!ENTITY x>)"
    )
    assert problems(report, "H-external-dtd") == refused(
        "t/external-dtd.xml", 2, f"names an external DTD ({secret!r})"
    )
    assert problems(report, "H-public-dtd") == refused(
        "t/public-dtd.xml", 2, "names an external DTD ('http://example.invalid/x.dtd')"
    )
    assert problems(report, "H-parameter-entity") == refused(
        "t/parameter-entity.xml", 2, "declares entities (<!ENTITY p>)"
    )
    assert CANARY not in catalogue_text(sessions)
    # An entry whose transcript is refused is left out, not catalogued without it.
    assert {report.items[f"testimony:{e['accession']}"] for e in hostile} == {"failed"}
    with sessions() as session:
        for refused_entry in hostile:
            with pytest.raises(NotFound):
                get_testimony(session, refused_entry["accession"], asker=Asker.staff_member(TODAY))
    assert_good_ones_ingested(report, sessions)


def understated(package: bytes, name: str, size: int) -> bytes:
    """The zip with `name`'s uncompressed size rewritten as `size` in both its local
    header and the central directory, as a zip bomb that lies about itself would."""
    data = bytearray(package)
    encoded = name.encode()
    for signature, offset, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = data.find(signature)
        while data[at + name_at : at + name_at + len(encoded)] != encoded:
            at = data.find(signature, at + 1)
        data[at + offset : at + offset + 4] = struct.pack("<I", size)
    return bytes(data)


def test_docx_zip_and_entity_bombs_are_refused(tmp_path, empty_settings):
    # 51 MB of spaces inside the body: some fifty kilobytes once deflated.
    bomb = make_docx(document=document_xml(" " * (51 * 1024 * 1024)))
    bomb_prolog = '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    files = {
        "t/zip-bomb.docx": bomb,
        "t/lying-zip.docx": understated(bomb, "word/document.xml", 1000),
        "t/entity-bomb.docx": make_docx(document=document_xml("<w:p>&b;</w:p>", bomb_prolog)),
        "t/not-a-zip.docx": b"[00:00:00] A: plain text named .docx\n",
    }
    hostile = [entry(f"H-{Path(name).stem}", name) for name in files]
    report, sessions = ingest(collection(tmp_path, hostile, files), empty_settings)

    assert problems(report, "H-zip-bomb") == {
        (
            "t/zip-bomb.docx",
            None,
            None,
            "word/document.xml is 51.0 MB uncompressed, over the 50 MB limit "
            "(possibly a zip bomb); not read",
        )
    }
    [(file, _line, _field, message)] = problems(report, "H-lying-zip")
    assert (file, message) == (
        "t/lying-zip.docx",
        "not a DOCX file (word/document.xml cannot be read: "
        "Bad CRC-32 for file 'word/document.xml')",
    )
    assert problems(report, "H-entity-bomb") == {
        (
            "t/entity-bomb.docx",
            None,
            None,
            "word/document.xml declares XML entities or external references, which are "
            "refused (a DOCX from Word never does; it may be an entity bomb)",
        )
    }
    assert problems(report, "H-not-a-zip") == {
        ("t/not-a-zip.docx", None, None, "not a DOCX file (not a zip archive)")
    }
    assert_good_ones_ingested(report, sessions)


def test_files_over_the_size_limits_are_refused(tmp_path, empty_settings):
    big = b"[00:00:00] A: " + b"words " * 500 + b"\n"
    hostile = [
        entry("H-BIG", "t/big.txt"),
        entry("H-BIG-TRANSLATION", "t/small.txt", translations={"he": "t/big.txt"}),
        entry("H-BIG-AUDIO", "t/small.txt", "audio/long.wav"),
    ]
    files = {"t/big.txt": big, "t/small.txt": b"[00:00:00] A: small\n"}
    folder = collection(tmp_path, hostile, files)
    write_wav(folder / "audio/long.wav", 30)  # 480 KB: the others are 20 seconds, 320 KB
    limits = SizeLimits(transcript_bytes=2_000, audio_bytes=400_000)
    report, sessions = ingest(folder, empty_settings, limits=limits)

    too_big = "the file is 3,015 bytes; the limit for a transcript is 2,000 bytes"
    advice = "(change it with --max-transcript-mb)"
    assert problems(report, "H-BIG") == {("t/big.txt", None, None, f"{too_big} {advice}")}
    assert problems(report, "H-BIG-TRANSLATION") == {
        ("t/big.txt", None, None, f"{too_big} {advice}")
    }
    assert problems(report, "H-BIG-AUDIO") == {
        (
            "audio/long.wav",
            None,
            None,
            "the file is 480,044 bytes; the limit for an audio file is 400,000 bytes "
            "(change it with --max-audio-mb)",
        )
    }
    assert_good_ones_ingested(report, sessions)


def test_the_transcript_size_limit_is_set_on_the_command_line(tmp_path):
    big = b"[00:00:00] A: " + b"words " * 200_000 + b"\n"  # 1.1 MB
    folder = collection(tmp_path, [entry("H-BIG", "t/big.txt")], {"t/big.txt": big})
    data = tmp_path / "data"
    env = {"TESTIMONY_DATA_DIR": str(data), "TESTIMONY_DATABASE_URL": database_url_for(data)}
    runner = CliRunner()
    assert runner.invoke(main, ["init"], env=env).exit_code == 0
    result = runner.invoke(main, ["ingest", str(folder), "--max-transcript-mb", "1"], env=env)
    assert result.exit_code == 1
    assert (
        "error: t/big.txt: H-BIG: the file is 1.1 MB; the limit for a transcript is 1.0 MB "
        "(change it with --max-transcript-mb)"
    ) in result.output
    with initialised(fresh_settings(data))() as session:
        ingested = session.scalars(select(IngestRun.counts)).one()
    assert ingested["testimony_added"] == 3 and ingested["testimony_failed"] == 1


def test_undecodable_transcripts_are_refused_with_the_line(tmp_path, empty_settings):
    utf16_surrogate = "[00:00:00] A: fine\n[00:00:01] A: \ud800\n".encode(
        "utf-16-le", "surrogatepass"
    )
    files = {
        "t/damaged.txt": "[00:00:00] LÉON: Le décret Crémieux.\n".encode() + b"caf\xff\n",
        "t/gb2312.txt": "[00:00:01] A: hello\n[00:00:02] B: 中文字幕\n".encode("gb2312"),
        "t/utf32.txt": "[00:00:00] A: hello\n".encode("utf-32"),
        "t/binary.txt": b"[00:00:00] A: hello\n\x00\x01\x02\x03",
        "t/utf16.txt": utf16_surrogate,
        "t/utf32.xml": b'<?xml version="1.0" encoding="UTF-32"?>\n<ROOT><record/></ROOT>',
        "t/cp1252.txt": "[00:00:00] LÉON: Le décret Crémieux, “citizenship”.\n".encode("cp1252"),
    }
    hostile = [entry(f"H-{Path(name).name}", name) for name in files]
    report, sessions = ingest(collection(tmp_path, hostile, files), empty_settings)

    expected = "expected UTF-8, UTF-16 or Windows-1252 text"
    assert problems(report, "H-damaged.txt") == {
        (
            "t/damaged.txt",
            2,
            None,
            "byte 43 is not valid UTF-8 (b'\\xff') in a file that is otherwise UTF-8 "
            f"(3 non-ASCII characters read as UTF-8, 1 byte does not): it looks damaged; {expected}",
        )
    }
    [(_file, line, _field, message)] = problems(report, "H-gb2312.txt")
    assert line == 2 and "its non-ASCII bytes come in long runs" in message
    assert problems(report, "H-utf32.txt") == {
        ("t/utf32.txt", 1, None, "UTF-32 is not supported; expected UTF-8, UTF-16 or Windows-1252")
    }
    assert problems(report, "H-binary.txt") == {
        (
            "t/binary.txt",
            2,
            None,
            f"contains a NUL character, so it looks like a binary file; {expected}",
        )
    }
    assert problems(report, "H-utf16.txt") == {
        (
            "t/utf16.txt",
            2,
            None,
            f"byte 66 is not valid UTF-16-LE (illegal UTF-16 surrogate); {expected}",
        )
    }
    assert problems(report, "H-utf32.xml") == {
        (
            "t/utf32.xml",
            1,
            None,
            "cannot be decoded (multi-byte encodings are not supported); "
            "expected UTF-8 as OHMS exports it",
        )
    }
    assert problems(report, "H-cp1252.txt") == set()
    with sessions() as session:
        record = get_testimony(session, "H-cp1252.txt", asker=Asker.staff_member(TODAY))
    assert record.segments[0].text == "Le décret Crémieux, “citizenship”."
    assert_good_ones_ingested(report, sessions)


def yaml_manifest(title: bytes) -> bytes:
    manifest = default_manifest()
    manifest["testimonies"][1]["title"] = "TITLE"
    text = yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False).encode()
    return text.replace(b"TITLE", title)


CSV_HEADER = b"accession,title,speakers,transcript,audio\n"
CSV_ROW = b"T-1,Leaving Tripoli,miriam-toledano,transcripts/T-1.txt,audio/T-1.wav\n"
SPEAKERS_CSV = b"id,name\nmiriam-toledano,Miriam\nezra,Ezra Caf\x81\n"
# manifest file -> its bytes, and the file whose line 3 or later holds the bad byte.
BAD_MANIFESTS = {
    "yaml, undefined in cp1252": ({"manifest.yaml": yaml_manifest(b"Caf\x81")}, "manifest.yaml"),
    "yaml, damaged UTF-8": (
        {"manifest.yaml": yaml_manifest("Crémieux décret".encode() + b" caf\xff")},
        "manifest.yaml",
    ),
    "json": (
        {
            "manifest.json": b'{"collection": {"id": "c", "title": "C"},\n"testimonies": [\n"Caf\x81"]}'
        },
        "manifest.json",
    ),
    "csv": ({"manifest.csv": CSV_HEADER + CSV_ROW + b"T-2,Caf\x81,x,y,z\n"}, "manifest.csv"),
    "csv speakers": (
        {"manifest.csv": CSV_HEADER + CSV_ROW, "speakers.csv": SPEAKERS_CSV},
        "speakers.csv",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_MANIFESTS))
def test_an_undecodable_manifest_is_refused_with_the_line(case, tmp_path, empty_settings):
    files, culprit = BAD_MANIFESTS[case]
    folder = collection(tmp_path)
    (folder / "manifest.yaml").unlink()
    for name, content in files.items():
        (folder / name).write_bytes(content)
    report, sessions = ingest(folder, empty_settings)

    bad = re.search(rb"[\x81\xff]", files[culprit]).start()
    [problem] = report.problems
    assert (problem.severity, problem.file) == ("error", culprit)
    assert problem.line == files[culprit].count(b"\n", 0, bad) + 1 >= 3
    assert problem.message.startswith(f"byte {bad} is not valid UTF-8")
    assert problem.message.endswith("expected UTF-8, UTF-16 or Windows-1252 text")
    assert "testimony" not in report.outcomes
    with sessions() as session:
        run = session.scalars(select(IngestRun)).one()
    assert run.status == "failed" and run.problems[0]["file"] == culprit


def test_a_windows_1252_csv_manifest_reads_its_accents(tmp_path, empty_settings):
    folder = collection(tmp_path)
    (folder / "manifest.yaml").unlink()
    row = (
        "T-1,Le décret Crémieux – “citizenship”,miriam-toledano,transcripts/T-1.txt,audio/T-1.wav\n"
    )
    (folder / "manifest.csv").write_bytes(CSV_HEADER + row.encode("cp1252"))
    (folder / "speakers.csv").write_bytes(
        "id,name\nmiriam-toledano,Miriam Tolédano\n".encode("cp1252")
    )
    report, sessions = ingest(folder, empty_settings)
    assert not report.errors, [str(p) for p in report.errors]
    with sessions() as session:
        record = get_testimony(session, "T-1", asker=Asker.staff_member(TODAY))
    assert record.title == "Le décret Crémieux – “citizenship”"
    assert record.speakers[0].name == "Miriam Tolédano"


def test_markup_in_titles_names_and_transcripts_is_stored_verbatim(tmp_path, empty_settings):
    title = '<script>alert("title")</script> & <b>Tripoli</b>'
    summary = "<img src=x onerror=alert(1)> &amp; &lt;i&gt;"
    speaker_name = "<svg onload=alert(1)>Miriam</svg>"
    said = "<script>alert('segment')</script> &amp; &lt;b&gt; <a href=\"javascript:x\">link</a>"
    files = {
        "t/markup.txt": f"[00:00:00] MIRIAM: {said}\n".encode(),
        "t/markup.srt": b"1\n00:00:00,000 --> 00:00:02,000\n<i>Hi</i> <script>alert(2)</script>\n",
    }
    hostile = [
        entry(
            "H-MARKUP",
            "t/markup.txt",
            title=title,
            summary=summary,
            place="<Tel Aviv>",
            interviewers=["<i>Interviewer</i>"],
            speakers=["markup-speaker"],
        ),
        entry("H-SRT", "t/markup.srt"),
    ]
    folder = collection(tmp_path, hostile, files)
    manifest = yaml.safe_load((folder / "manifest.yaml").read_text(encoding="utf-8"))
    manifest["speakers"] = [*SPEAKERS, {"id": "markup-speaker", "name": speaker_name}]
    make_collection(folder, manifest, transcripts={})
    report, sessions = ingest(folder, empty_settings)

    assert not report.errors, [str(p) for p in report.errors]
    assert report.indexed == 5
    with sessions() as session:
        record = get_testimony(session, "H-MARKUP", asker=Asker.staff_member(TODAY))
        subtitles = get_testimony(session, "H-SRT", asker=Asker.staff_member(TODAY))
    assert (record.title, record.summary, record.place) == (title, summary, "<Tel Aviv>")
    assert record.interviewers == ("<i>Interviewer</i>",)
    assert record.speakers[0].name == speaker_name
    assert [(s.speaker_label, s.text) for s in record.segments] == [("MIRIAM", said)]
    # SubRip's own tags are markup; anything else is the speaker's words.
    assert subtitles.segments[0].text == "Hi <script>alert(2)</script>"
    assert_good_ones_ingested(report, sessions)


def nested_aliases(levels: int) -> str:
    """YAML anchors each naming ten of the one before: a few lines, 10**levels strings."""
    anchors = ["&l0 [" + ", ".join(["lol"] * 10) + "]"] + [
        f"&l{n} [" + ", ".join([f"*l{n - 1}"] * 10) + "]" for n in range(1, levels)
    ]
    return "[" + ", ".join(anchors) + "]"


HOSTILE_YAML = f"""
- accession: H-DATE
  title: An impossible date, unquoted
  speakers: [miriam-toledano]
  recorded: 1999-02-30
- accession: H-ALIASES
  title: Nested aliases
  speakers: [miriam-toledano]
  rights: {nested_aliases(6)}
  recorded: *l5
  countries: [*l5]
  years: *l5
- accession: H-NUMBERS
  title: Numbers no recording has
  speakers: [miriam-toledano]
  chapters:
  - {{start: {"9" * 5000}, title: Digits past the limit}}
  - {{start: .inf, title: Infinity}}
  - {{start: 1, part: {10**30}, title: A part past SQLite's integers}}
1: a key YAML reads as a number
~: a key YAML reads as null
"""


def test_hostile_yaml_values_are_reported_against_their_fields(tmp_path, empty_settings):
    folder = collection(tmp_path)
    manifest = (folder / "manifest.yaml").read_text(encoding="utf-8")
    programmes = manifest.index("programmes:")
    manifest = manifest[:programmes] + HOSTILE_YAML.lstrip("\n") + manifest[programmes:]
    (folder / "manifest.yaml").write_text(manifest, encoding="utf-8")
    report, sessions = ingest(folder, empty_settings)

    def at(accession: str, *fields_and_messages):
        """Each problem at the line of its value: `below` lines under the entry's first."""
        line = entry_line(folder, accession)
        return {
            ("manifest.yaml", line + below, f"testimonies[{index}].{field}", message)
            for index, field, below, message in fields_and_messages
        }

    assert problems(report, "H-DATE") == at(
        "H-DATE",
        (3, "recorded", 3, "'1999-02-30' is not a real date (day is out of range for month)"),
    )
    a_list = "expected a single value, found a list"
    assert problems(report, "H-ALIASES") == at(
        "H-ALIASES",
        (4, "rights", 3, "Input should be a valid string"),
        (4, "recorded", 4, a_list),
        (4, "countries.0", 5, a_list),
        (4, "years", 6, a_list),
    )
    not_a_time = "is not a time in a recording; expected seconds from 0 to 3,600,000 or hh:mm:ss"
    assert problems(report, "H-NUMBERS") == at(
        "H-NUMBERS",
        (
            5,
            "chapters.0.start",
            4,
            f"'{'9' * 37}...' is not a timecode; expected hh:mm:ss or hh:mm:ss.ff",
        ),
        (5, "chapters.1.start", 5, f"inf {not_a_time}"),
        (5, "chapters.2.part", 6, "Input should be less than or equal to 999"),
    )
    unknown = "unknown top-level key; expected collection, speakers, testimonies, programmes, talks"
    assert {(p.field, p.message) for p in report.errors if p.item is None} == {
        ("1", unknown),
        ("None", unknown),
    }
    assert_good_ones_ingested(report, sessions)


def test_a_json_number_past_pythons_digit_limit_is_reported(tmp_path, empty_settings):
    folder = collection(tmp_path)
    manifest = default_manifest()
    chapter = {"start": 1, "part": "PART", "title": "A part of 5,000 digits"}
    manifest["testimonies"].append(entry("H-JSON", "transcripts/T-1.txt", chapters=[chapter]))
    (folder / "manifest.yaml").unlink()
    text = json.dumps(manifest).replace('"PART"', "9" * 5000)
    (folder / "manifest.json").write_text(text, encoding="utf-8")
    report, sessions = ingest(folder, empty_settings)
    assert problems(report, "H-JSON") == {
        (
            "manifest.json",
            1,  # the whole manifest is on one line
            "testimonies[3].chapters.0.part",
            "Unable to parse input string as an integer, exceeded maximum size",
        )
    }
    assert_good_ones_ingested(report, sessions)
