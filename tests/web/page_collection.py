"""A small fictional collection for the testimony page's tests: a testimony in
two recorded parts with a French translation and chapters, and one whose
transcript is long enough to be paged."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

import pytest

from tests.collections import SPEAKERS, make_collection, testimony_entry
from tests.conftest import fresh_settings, initialised

# Part 1: 40 segments 3 s apart; part 2: 20. The page is long enough that a
# moment in the middle of part 1 is far below the player.
PART_SEGMENTS = {1: 40, 2: 20}
STEP = 3
LONG_SEGMENTS = 900  # a little over two pages of 400
LONG_STEP = 0.5  # seconds between the long transcript's cues
AUDIO_RATE = 3000  # the lowest sample rate chromium plays: small files


def _timecode(seconds: int) -> str:
    return f"[{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}]"


def _part_transcript(part: int, french: bool = False) -> str:
    lines = []
    for n in range(PART_SEGMENTS[part]):
        if french:
            text = (
                f"Partie {part}, passage {n} : une phrase inventée pour remplir la page de lecture."
            )
        else:
            text = (
                f"Part {part}, passage {n}: a made-up sentence that fills the reading page nicely."
            )
        speaker = "INTERVIEWER" if n % 2 == 0 else "SARA"
        lines.append(f"{_timecode(n * STEP)} {speaker}: {text}")
    return "\n".join(lines) + "\n"


def _long_transcript() -> str:
    """WebVTT, whose cues may be half a second apart: a short recording."""
    cues = ["WEBVTT", ""]
    for n in range(LONG_SEGMENTS):
        start, end = n * LONG_STEP, (n + 1) * LONG_STEP
        cues += [
            f"00:{int(start) // 60:02d}:{start % 60:06.3f} --> 00:{int(end) // 60:02d}:{end % 60:06.3f}",
            f"<v SARA>Long passage number {n} of the paged transcript.",
            "",
        ]
    return "\n".join(cues)


def write_tone(path: Path, seconds: float) -> None:
    """A real WAV file of a quiet 250 Hz tone, written a period at a time (fast)."""
    period = AUDIO_RATE // 250
    one = b"".join(
        struct.pack("<h", int(800 * math.sin(2 * math.pi * n / period))) for n in range(period)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(AUDIO_RATE)
        handle.writeframes(one * math.ceil(seconds * AUDIO_RATE / period))


def page_manifest() -> dict:
    manifest = {
        "collection": {
            "id": "page-voices",
            "title": "Page voices",
            "fictional": True,
            "notice": "Test collection: every testimony is fictional.",
        },
        "speakers": SPEAKERS,
        "testimonies": [
            testimony_entry(
                "P-1",
                ["transcripts/P-1-part1.txt", "transcripts/P-1-part2.txt"],
                "audio/P-1-part1.wav",
                translations={
                    "fr": ["transcripts/P-1-part1.fr.txt", "transcripts/P-1-part2.fr.txt"]
                },
                languages=["en", "fr"],
                chapters=[
                    {
                        "start": "00:01:00",
                        "part": 1,
                        "title": "The middle of part one",
                        "synopsis": "Where the chapter link lands.",
                        "keywords": ["harbour", "night boat"],
                    },
                    {"start": "00:00:30", "part": 2, "title": "Into part two"},
                ],
            ),
            testimony_entry(
                "P-2",
                "transcripts/P-2.txt",
                "audio/P-2.wav",
                translations={"de": ["transcripts/P-2.de.txt"], "fr": ["transcripts/P-2.fr.txt"]},
            ),
            {**testimony_entry("P-3", "transcripts/P-3.txt", "-"), "audio": []},
            testimony_entry(
                "P-LONG",
                "transcripts/P-LONG.vtt",
                "audio/P-LONG.wav",
            ),
        ],
    }
    manifest["testimonies"][0]["audio"].append("audio/P-1-part2.wav")
    return manifest


def make_page_collection(folder: Path) -> Path:
    write_tone(folder / "audio/P-1-part1.wav", PART_SEGMENTS[1] * STEP + 1)
    write_tone(folder / "audio/P-1-part2.wav", PART_SEGMENTS[2] * STEP + 1)
    write_tone(folder / "audio/P-LONG.wav", LONG_SEGMENTS * LONG_STEP + 1)
    write_tone(folder / "audio/P-2.wav", 30)
    transcripts = {
        "transcripts/P-1-part1.txt": _part_transcript(1),
        "transcripts/P-1-part2.txt": _part_transcript(2),
        "transcripts/P-1-part1.fr.txt": _part_transcript(1, french=True),
        "transcripts/P-1-part2.fr.txt": _part_transcript(2, french=True),
        "transcripts/P-LONG.vtt": _long_transcript(),
        # Translations cut differently from the original: aligned by time.
        "transcripts/P-3.txt": "[00:00:00] A transcript without a recording.\n",
        "transcripts/P-2.txt": "[00:00:02] One.\n[00:00:10] Two.\n[00:00:20] Three.\n",
        "transcripts/P-2.de.txt": (
            "[00:00:00] Vorher.\n[00:00:05] Eins.\n[00:00:12] Zwei.\n"
            "[00:00:20] Drei.\n[00:00:25] Danach.\n"
        ),
        "transcripts/P-2.fr.txt": "[00:00:02] Un.\n[00:00:10] Deux.\n[00:00:20] Trois.\n",
    }
    return make_collection(folder, page_manifest(), transcripts)


@pytest.fixture(scope="session")
def page_archive(tmp_path_factory):
    """The page collection ingested once: settings of its data folder."""
    from ingest.pipeline import run_ingest

    collection = make_page_collection(tmp_path_factory.mktemp("page-collection") / "page-voices")
    settings = fresh_settings(tmp_path_factory.mktemp("page-data"))
    report = run_ingest(collection, sessions=initialised(settings), index_dir=settings.index_dir)
    assert report.clean, [str(p) for p in report.problems]
    return settings
