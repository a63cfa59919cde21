"""One batch with every transcript and audio format, good and broken: each
broken file is reported exactly, and every good item of the batch is ingested."""

from __future__ import annotations

import shutil
import struct
from datetime import date
from pathlib import Path

import pytest

from archive.access import Asker
from archive.errors import NotFound
from archive.testimonies.queries import get_testimony
from ingest.pipeline import run_ingest
from tests.collections import SPEAKERS, make_collection, testimony_entry, write_wav
from tests.conftest import initialised
from tests.docx_files import make_docx

SAMPLES_AUDIO = Path(__file__).resolve().parents[2] / "samples" / "audio"
TODAY = date(2026, 11, 21)

VTT = (
    "WEBVTT\n\nNOTE made for the test\n\n00:00:01.000 --> 00:00:04.000 align:start\n"
    "<v Zohra>We left Casablanca at night.\n\n"
    "00:00:05.000 --> 00:00:08.000\n<v Interviewer>How old were you?\n"
)
VTT_BAD = (
    "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Zohra>A good cue.\n\n"
    "00:00:0x.000 --> 00:00:08.000\n<v Zohra>A cue with a bad timing.\n"
)
SRT = "1\n00:00:01,000 --> 00:00:03,500\nDAVID: The ship to Marseille.\n\n2\n00:00:04,000 --> 00:00:06,000\n<i>And then Haifa.</i>\n"
OHMS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<ROOT xmlns="https://www.weareavp.com/nunncenter/ohms">'
    "<record><version>6.0</version><title>From the OHMS file</title>"
    "<index><point><time>2</time><title>The synagogue</title><keywords>synagogue;Tunis</keywords>"
    "</point></index>"
    "<transcript>No transcript.</transcript></record></ROOT>"
)
PLAIN_CP1252 = "[00:00:00] LÉON: Le décret Crémieux, “citizenship” in 1870.\n".encode("cp1252")


def aiff(path: Path, seconds: float, rate: int = 8000) -> Path:
    """A real AIFF file (16-bit mono silence), built by hand: aifc is deprecated."""
    frames = int(seconds * rate)
    exponent, mantissa = 16383 + rate.bit_length() - 1, rate << (64 - rate.bit_length())
    comm = struct.pack(">hLh", 1, frames, 16) + struct.pack(">HQ", exponent, mantissa)
    ssnd = struct.pack(">LL", 0, 0) + b"\x00\x00" * frames
    body = b"AIFF" + b"COMM" + struct.pack(">L", len(comm)) + comm
    body += b"SSND" + struct.pack(">L", len(ssnd)) + ssnd
    path.write_bytes(b"FORM" + struct.pack(">L", len(body)) + body)
    return path


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("every-format") / "c"
    (folder / "t").mkdir(parents=True)
    (folder / "a").mkdir()
    files = {
        "t/good.vtt": VTT,
        "t/bad.vtt": VTT_BAD,
        "t/good.srt": SRT,
        "t/good.xml": OHMS,
        "t/broken.xml": "<ROOT><record><title>unclosed</record>",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "t/cp1252.txt").write_bytes(PLAIN_CP1252)
    (folder / "t/utf16.txt").write_bytes("[00:00:00] NOUR: بغداد and בגדאד\n".encode("utf-16"))
    (folder / "t/good.docx").write_bytes(
        make_docx(["[00:00:00] AMIR: Tehran in 1979.", "[00:00:03] AMIR: We left by Istanbul."])
    )
    for suffix in ("mp3", "m4a", "flac", "ogg", "opus", "wav"):
        source = next(SAMPLES_AUDIO.glob(f"*.{suffix}"))
        shutil.copy(source, folder / f"a/good.{suffix}")
    aiff(folder / "a/good.aiff", 10)
    (folder / "a/empty.mp3").write_bytes(b"")
    (folder / "a/truncated.mp3").write_bytes((folder / "a/good.mp3").read_bytes()[:3000])
    write_wav(folder / "a/short.wav", 1)
    entries = [
        ("F-VTT", "t/good.vtt", "a/good.mp3"),
        ("F-VTT-BAD", "t/bad.vtt", "a/good.m4a"),
        ("F-SRT", "t/good.srt", "a/good.flac"),
        ("F-OHMS", "t/good.xml", "a/good.ogg"),
        ("F-DOCX", "t/good.docx", "a/good.opus"),
        ("F-1252", "t/cp1252.txt", "a/good.wav"),
        ("F-UTF16", "t/utf16.txt", "a/good.aiff"),
        ("F-XML-BAD", "t/broken.xml", "a/empty.mp3"),
        ("F-TRUNC", "t/good.srt", "a/truncated.mp3"),
        ("F-ESCAPE", "../outside.txt", "a/short.wav"),
    ]
    manifest = {
        "collection": {"id": "formats", "title": "Every format"},
        "speakers": SPEAKERS,
        "testimonies": [testimony_entry(a, t, au) for a, t, au in entries],
    }
    make_collection(folder, manifest, transcripts={})
    settings_dir = tmp_path_factory.mktemp("every-format-data")
    from tests.conftest import fresh_settings

    settings = fresh_settings(settings_dir)
    sessions = initialised(settings)
    return run_ingest(folder, sessions=sessions, index_dir=settings.index_dir), sessions


def test_each_broken_file_is_reported_exactly(batch):
    report, _sessions = batch
    found = {(p.severity, p.item, p.file, p.line) for p in report.problems}
    assert ("warning", "F-VTT-BAD", "t/bad.vtt", 6) in found
    assert ("error", "F-XML-BAD", "t/broken.xml", 1) in found
    assert ("error", "F-XML-BAD", "a/empty.mp3", None) in found
    assert ("error", "F-ESCAPE", "manifest.yaml", None) not in found  # it has a line
    messages = {p.item: p.message for p in report.problems if p.item in ("F-TRUNC", "F-ESCAPE")}
    # An MP3 without a frame count cut short reads as a short file: the
    # transcript running past its end is how a person learns of it.
    assert messages["F-TRUNC"] == (
        "last timecode 00:00:04 is beyond the end of the audio (00:00:00)"
    )
    assert messages["F-ESCAPE"] == (
        "'../outside.txt' leaves the collection folder; expected a path inside it"
    )
    empty = next(p for p in report.errors if p.file == "a/empty.mp3")
    assert empty.message == "the file is empty (0 bytes)"


def test_every_good_item_of_the_batch_is_ingested(batch):
    report, sessions = batch
    # Broken audio does not drop a testimony; a refused transcript or a path out
    # of the collection does (F-XML-BAD, F-ESCAPE): it is not catalogued without its words.
    assert report.outcomes["testimony"] == {"added": 8, "failed": 2}
    with sessions() as session:

        def get(accession):
            return get_testimony(session, accession, asker=Asker.staff_member(TODAY))

        assert [s.speaker_label for s in get("F-VTT").segments] == ["Zohra", "Interviewer"]
        assert get("F-VTT-BAD").segments[0].text == "A good cue."
        assert get("F-SRT").segments[1].text == "And then Haifa."
        assert [c.title for c in get("F-OHMS").chapters] == ["The synagogue"]
        assert get("F-DOCX").segments[1].text == "We left by Istanbul."
        assert "Le décret Crémieux, “citizenship”" in get("F-1252").segments[0].text
        assert get("F-UTF16").segments[0].text == "بغداد and בגדאד"
        formats = {
            get(a).recordings[0].format
            for a in ("F-VTT", "F-VTT-BAD", "F-SRT", "F-OHMS", "F-DOCX", "F-1252", "F-UTF16")
        }
        assert formats == {"mp3", "mp4", "flac", "oggvorbis", "oggopus", "wave", "aiff"}
        opus = get("F-DOCX").recordings[0]
        assert opus.readable and opus.sample_rate is None and opus.duration > 0
        aiff_recording = get("F-UTF16").recordings[0]
        assert aiff_recording.readable and round(aiff_recording.duration) == 10
        for refused in ("F-XML-BAD", "F-ESCAPE"):
            with pytest.raises(NotFound):
                get(refused)
