"""A speaker's one-line pitch and portrait (manifest keys `pitch:` and
`portrait:`) reach the catalogue; a portrait that cannot be used is reported
with its field and left out, and the speaker is still catalogued."""

from __future__ import annotations

import copy
from datetime import date

from archive.access import Asker
from archive.speakers.queries import get_speaker
from ingest.limits import SizeLimits
from ingest.pipeline import run_ingest
from tests.collections import default_manifest, make_collection, write_png
from tests.conftest import fresh_settings, initialised

TODAY = date(2026, 11, 21)


def manifest_with(**ezra) -> dict:
    manifest = copy.deepcopy(default_manifest())  # its speakers are shared module data
    manifest["speakers"][0]["pitch"] = "Tripoli in 1945, told by a girl of seven."
    manifest["speakers"][0]["portrait"] = "portraits/miriam.png"
    manifest["speakers"][1].update(ezra)
    return manifest


def ingest(folder, settings, **options):
    sessions = initialised(settings)
    report = run_ingest(folder, sessions=sessions, index_dir=settings.index_dir, **options)
    return report, sessions


def speaker_line(folder, slug: str) -> int:
    lines = (folder / "manifest.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line == f"- id: {slug}")


def test_pitch_and_portrait_reach_the_speaker_record(tmp_path, empty_settings):
    folder = make_collection(tmp_path / "c", manifest_with())
    portrait = write_png(folder / "portraits/miriam.png")
    report, sessions = ingest(folder, empty_settings)
    assert report.clean, [str(p) for p in report.problems]
    with sessions() as session:
        miriam = get_speaker(session, "miriam-toledano", asker=Asker.public(TODAY))
        ezra = get_speaker(session, "ezra-sasson", asker=Asker.public(TODAY))
    assert miriam.pitch == "Tripoli in 1945, told by a girl of seven."
    assert miriam.portrait_path == str(portrait.resolve())  # stored as recordings' paths are
    assert ezra.pitch is None and ezra.portrait_path is None


def test_a_portrait_that_cannot_be_used_is_reported_and_left_out(tmp_path):
    cases = {
        "../outside.png": "'../outside.png' leaves the collection folder; expected a path inside it",
        "portraits/none.png": "'portraits/none.png' is referenced but missing",
        "portraits/ezra.gif": (
            "'portraits/ezra.gif' is not a JPEG, PNG or WebP image; "
            "expected a .jpg, .png or .webp file"
        ),
        "portraits/fake.jpg": (
            "'portraits/fake.jpg' does not hold a JPG image (its first bytes say "
            "otherwise); expected the image its name says"
        ),
    }
    for number, (relative, message) in enumerate(cases.items()):
        folder = make_collection(tmp_path / f"c{number}", manifest_with(portrait=relative))
        write_png(folder / "portraits/miriam.png")
        (folder / "portraits/ezra.gif").write_bytes(b"GIF89a")
        write_png(folder / "portraits/fake.jpg")
        report, sessions = ingest(folder, fresh_settings(tmp_path / f"data{number}"))
        lines = (folder / "manifest.yaml").read_text(encoding="utf-8").splitlines()
        entry = speaker_line(folder, "ezra-sasson")
        portrait = next(n for n, text in enumerate(lines, 1) if n > entry and "portrait:" in text)
        assert [(p.file, p.line, p.field, p.item, p.message) for p in report.problems] == [
            (
                "manifest.yaml",
                portrait,
                "portrait",
                "ezra-sasson",
                message,
            )
        ], relative
        assert report.items["speaker:ezra-sasson"] == "added"
        with sessions() as session:
            ezra = get_speaker(session, "ezra-sasson", asker=Asker.staff_member(TODAY))
        assert ezra.portrait_path is None


def test_a_portrait_over_the_size_limit_is_refused(tmp_path, empty_settings):
    folder = make_collection(tmp_path / "c", manifest_with(portrait="portraits/big.png"))
    write_png(folder / "portraits/miriam.png")
    write_png(folder / "portraits/big.png", 200, 200)
    report, _sessions = ingest(folder, empty_settings, limits=SizeLimits(portrait_bytes=100))
    [problem] = report.problems
    assert (problem.file, problem.item) == ("portraits/big.png", "ezra-sasson")
    assert problem.message.startswith("the file is ")
    assert "the limit for a portrait is 100 bytes (resize the image" in problem.message


def test_a_pitch_of_several_lines_is_an_error_for_its_field(tmp_path, empty_settings):
    folder = make_collection(tmp_path / "c", manifest_with(pitch="One line.\nAnd another."))
    write_png(folder / "portraits/miriam.png")
    report, _sessions = ingest(folder, empty_settings)
    lines = (folder / "manifest.yaml").read_text(encoding="utf-8").splitlines()
    entry = speaker_line(folder, "ezra-sasson")
    # The line of the value, not the entry's first.
    pitch = next(n for n, line in enumerate(lines, 1) if n > entry and "pitch:" in line)
    assert (
        pitch,
        "speakers[1].pitch",
        "has a line break; expected one line of text",
    ) in [(p.line, p.field, p.message) for p in report.errors]
