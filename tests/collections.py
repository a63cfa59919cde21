"""Small collections that tests build for themselves in a temporary folder:
a manifest, plain-text transcripts and real WAV audio made with `wave`."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

import yaml

RATE = 8000


def write_wav(path: Path, seconds: float, frequency: float = 220.0, rate: int = RATE) -> Path:
    """A real mono 16-bit WAV file: a quiet tone, so the audio is not empty.
    A very low rate makes a long recording of a few kilobytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = b"".join(
        struct.pack("<h", int(800 * math.sin(2 * math.pi * frequency * n / rate)))
        for n in range(int(seconds * rate))
    )
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(frames)
    return path


SPEAKERS = [
    {
        "id": "miriam-toledano",
        "name": "Miriam Toledano",
        "name_variants": ["Myriam Toledano"],
        "birth_year": 1938,
        "birthplace": "Tripoli, Libya",
        "origin_countries": ["LY"],
        "departure_year": 1949,
        "destinations": ["IL"],
        "languages": ["ar", "it", "he"],
        "biography": "Fictional test speaker.",
        "speaks_on": ["tripoli-riots"],
        "formats": ["in_person"],
        "available": True,
    },
    {
        "id": "ezra-sasson",
        "name": "Ezra Sasson",
        "origin_countries": ["Mesopotamia"],
        "languages": ["ar", "en"],
        "biography": "Fictional test speaker.",
    },
]

TRANSCRIPTS = {
    "transcripts/T-1.txt": (
        "Title: Leaving Tripoli\n\n"
        "[00:00:00] INTERVIEWER: Where did you grow up?\n"
        "[00:00:03] MIRIAM: In the old Jewish quarter of Tripoli, the hara.\n"
        "[00:00:07] MIRIAM: In November 1945 the riots came and my uncle hid us.\n"
        "[00:00:12] INTERVIEWER: When did you leave?\n"
        "[00:00:15] MIRIAM: We took a boat to Naples and then to Haifa.\n"
    ),
    "transcripts/T-2.txt": (
        "[00:00:00] INTERVIEWER: Tell me about Baghdad.\n"
        "[00:00:04] EZRA: My father lost his post office job in 1948.\n"
        "[00:00:09] EZRA: We registered to leave and gave up our citizenship.\n"
    ),
    "transcripts/T-3.txt": (
        "[00:00:00] EZRA: This restricted recollection mentions the zygomorphic canary.\n"
    ),
}


def testimony_entry(accession: str, transcript: str, audio: str, **extra) -> dict:
    entry = {
        "accession": accession,
        "title": f"Testimony {accession}",
        "speakers": ["miriam-toledano"],
        "interviewers": ["Test Interviewer"],
        "recorded": "2020-05",
        "place": "Tel Aviv",
        "languages": ["en"],
        "summary": f"Fictional summary of {accession}.",
        "countries": ["LY"],
        "years": "1945-1949",
        "themes": ["tripoli-riots"],
        "access": "public",
        "rights": "CC0",
        "transcript": transcript,
        "audio": [audio],
    }
    entry.update(extra)
    return entry


def default_manifest() -> dict:
    return {
        "collection": {
            "id": "test-voices",
            "title": "Test voices",
            "fictional": True,
            "notice": "Test collection: every testimony is fictional.",
        },
        "speakers": SPEAKERS,
        "testimonies": [
            testimony_entry(
                "T-1",
                "transcripts/T-1.txt",
                "audio/T-1.wav",
                chapters=[{"start": "00:00:07", "title": "The 1945 riots"}],
            ),
            testimony_entry(
                "T-2",
                "transcripts/T-2.txt",
                "audio/T-2.wav",
                speakers=["ezra-sasson"],
                countries=["IQ"],
                years="1948-1951",
                themes=["denaturalisation", "operation-ezra-nehemiah"],
            ),
            testimony_entry(
                "T-3",
                "transcripts/T-3.txt",
                "audio/T-3.wav",
                speakers=["ezra-sasson"],
                access="restricted",
            ),
        ],
        "programmes": [
            {
                "id": "spring-season",
                "title": "Spring campus season",
                "kind": "campus_season",
                "starts": "2026-02-01",
                "ends": "2026-05-31",
            }
        ],
        "talks": [
            {
                "id": "talk-1",
                "programme": "spring-season",
                "title": "Leaving Tripoli",
                "speakers": ["miriam-toledano"],
                "date": "2026-03-10",
                "institution": "A university",
                "status": "delivered",
                "testimonies": ["T-1"],
            }
        ],
    }


def make_collection(
    folder: Path,
    manifest: dict | None = None,
    transcripts: dict[str, str] | None = None,
    audio_seconds: float = 20.0,
) -> Path:
    """Write a collection folder; audio files named in the manifest are made as WAV."""
    manifest = default_manifest() if manifest is None else manifest
    folder.mkdir(parents=True, exist_ok=True)
    for relative, text in (TRANSCRIPTS if transcripts is None else transcripts).items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text, encoding="utf-8")
    for entry in manifest.get("testimonies", []):
        for relative in entry.get("audio", []):
            if not (folder / relative).exists() and ".." not in relative:
                write_wav(folder / relative, audio_seconds)
    (folder / "manifest.yaml").write_text(
        yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return folder


def write_png(path: Path, width: int = 2, height: int = 2) -> Path:
    """A real, tiny grey PNG image (a speaker's portrait, say)."""
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return path
