"""Ingest without a manifest: each transcript or OHMS file becomes a testimony
described by what the file itself carries (OHMS record fields, WebVTT and DOCX
headers, audio tags, the file name), and the report says what is missing.

Such testimonies are catalogued as restricted (staff only): nobody has said
they may be public, and an archive must not guess that.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ingest.errors import SourceError
from ingest.origins import Origin
from ingest.paths import MEDIA_SUFFIXES, TRANSCRIPT_SUFFIXES, resolve_in_folder
from ingest.report import Problem
from ingest.transcripts import PARSERS, read_transcript

UNIDENTIFIED = {"id": "unidentified-speaker", "name": "Unidentified speaker"}
WANTED = (
    "title",
    "speakers",
    "recorded",
    "languages",
    "summary",
    "countries",
    "years",
    "themes",
    "audio",
)
DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def transcript_files(path: Path) -> list[Path]:
    """The file given, or every transcript file under the folder (hidden ones excluded)."""
    if path.is_file():
        return [path]
    return sorted(
        p
        for p in path.rglob("*")
        if p.is_file()
        and p.suffix.lower() in TRANSCRIPT_SUFFIXES
        and p.suffix.lower() in PARSERS
        and not any(part.startswith(".") for part in p.relative_to(path).parts)
    )


def loose_entries(path: Path) -> tuple[dict, list[tuple[dict, Origin]], list[dict], list[Problem]]:
    """(collection, testimony entries with origins, speaker entries, problems)."""
    folder = path if path.is_dir() else path.parent
    collection = {
        "id": _slug(folder.resolve().name) or "collection",
        "title": folder.resolve().name or "Collection",
    }
    testimonies: list[tuple[dict, Origin]] = []
    speakers: dict[str, dict] = {}
    problems: list[Problem] = []
    files = transcript_files(path)
    stems = Counter(file.with_suffix("").relative_to(folder) for file in files)
    for file in files:
        relative = str(file.relative_to(folder))
        # interview.vtt beside interview.srt: the file name alone would collide.
        name = file.name if stems[file.with_suffix("").relative_to(folder)] > 1 else file.stem
        try:
            if path.is_dir():
                # A link found in the folder may lead out of it; a file given by name may not.
                resolve_in_folder(folder, relative, manifest=relative, field=None)
            header = read_transcript(file, relative).header
        except SourceError as error:
            problems.append(Problem("error", error.message, file=relative, line=error.line))
            continue
        entry, speaker = _entry(file, folder, relative, header, name)
        speakers.setdefault(speaker["id"], speaker)
        missing = [
            key
            for key in WANTED
            if not entry.get(key) or (key == "speakers" and speaker is UNIDENTIFIED)
        ]
        problems.append(
            Problem(
                "warning",
                "no manifest: "
                + (f"missing {', '.join(missing)}; " if missing else "")
                + "catalogued as restricted until a manifest sets its access",
                file=relative,
                item=entry["accession"],
            )
        )
        testimonies.append((entry, Origin(relative)))
    return collection, testimonies, list(speakers.values()), problems


def _entry(
    file: Path, folder: Path, relative: str, header: dict[str, str], name: str
) -> tuple[dict, dict]:
    audio = _audio_beside(file, folder, header.get("media"))
    speaker = _speaker(header.get("interviewee"))
    entry = {
        "accession": _accession(header.get("accession") or name),
        "title": header.get("title") or _audio_title(audio, folder) or _humanise(file.stem),
        "speakers": [speaker["id"]],
        "interviewers": _names(header.get("interviewer")),
        "recorded": _partial_date(header.get("date")),
        "languages": _names(header.get("language")),
        "summary": header.get("summary") or header.get("description"),
        "rights": header.get("rights"),
        "access": "restricted",
        "transcript": [relative],
        "audio": [str(a.relative_to(folder)) for a in audio],
    }
    return {k: v for k, v in entry.items() if v not in (None, [], "")}, speaker


def _audio_beside(file: Path, folder: Path, media: str | None) -> list[Path]:
    """Audio with the transcript's name, or the media file the transcript names."""
    candidates = [file.with_suffix(suffix) for suffix in sorted(MEDIA_SUFFIXES)]
    if media:
        candidates.insert(0, folder / Path(media.replace("\\", "/")).name)
    root = folder.resolve()
    for candidate in candidates:
        if candidate.is_file() and candidate.resolve().is_relative_to(root):
            return [candidate]
    return []


def _audio_title(audio: list[Path], folder: Path) -> str | None:
    if not audio:
        return None
    from ingest.audio import read_audio  # reading tags only when a title is missing

    tags = dict(read_audio(audio[0]).tags)
    return next((tags[k] for k in ("title", "TIT2", "©nam", "TITLE") if tags.get(k)), None)


def _speaker(name: str | None) -> dict:
    first = _names(name)
    if not first:
        return UNIDENTIFIED
    return {"id": _slug(first[0]) or UNIDENTIFIED["id"], "name": first[0]}


def _names(value: str | None) -> list[str]:
    return [part.strip() for part in re.split(r"[;|]", value or "") if part.strip()]


def _partial_date(value: str | None) -> str | None:
    text = (value or "").strip()
    us = US_DATE.match(text)
    if us:
        return f"{us.group(3)}-{int(us.group(1)):02d}-{int(us.group(2)):02d}"
    match = DATE.match(text)
    return "-".join(g for g in match.groups() if g) if match else None


def _accession(value: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9\-_./]+", "-", value.strip()).strip("-./")
    return cleaned[:100] or "untitled"


def _humanise(stem: str) -> str:
    return re.sub(r"[_\-]+", " ", stem).strip().capitalize() or stem


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:100]
