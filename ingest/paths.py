"""Paths named in a manifest: inside the collection folder, or an error."""

from __future__ import annotations

import os
from pathlib import Path

from ingest.errors import SourceError

MEDIA_SUFFIXES = {".mp3", ".m4a", ".mp4", ".flac", ".ogg", ".oga", ".opus", ".wav", ".aif", ".aiff"}
TRANSCRIPT_SUFFIXES = {".txt", ".vtt", ".srt", ".xml", ".docx"}
COLLECTION_SUFFIXES = MEDIA_SUFFIXES | TRANSCRIPT_SUFFIXES


def resolve_in_folder(folder: Path, relative: str, *, manifest: str, field: str | None) -> Path:
    """The file a manifest path names; SourceError if it leaves the folder."""
    if "\x00" in relative:
        raise SourceError(
            f"{relative!r} contains a NUL character; expected a file path",
            file=manifest,
            field=field,
        )
    candidate = Path(relative)
    if candidate.is_absolute():
        raise SourceError(
            f"{relative!r} is an absolute path; expected a path relative to the collection folder",
            file=manifest,
            field=field,
        )
    root = folder.resolve()
    try:
        resolved = (root / candidate).resolve()
    except (RuntimeError, OSError):
        # A symbolic link that leads back to itself: Python 3.11 raises RuntimeError.
        raise SourceError(
            f"{relative!r} is a symbolic link that loops; expected a file",
            file=manifest,
            field=field,
        ) from None
    if not resolved.is_relative_to(root):
        written = Path(os.path.normpath(root / candidate))
        how = "is a symbolic link out of" if written.is_relative_to(root) else "leaves"
        raise SourceError(
            f"{relative!r} {how} the collection folder; expected a path inside it",
            file=manifest,
            field=field,
        )
    return resolved


def collection_files(folder: Path) -> set[str]:
    """Transcript and audio files present in the folder (hidden ones excluded), as
    resolved path strings; a symbolic link to a file outside the folder is not one
    of them. Strings, not Paths: a Path holds its parts as a list of strings too,
    and a set of 20,000 of them (10,000 testimonies) held 22 MB at once."""
    root = os.path.realpath(folder)
    inside = os.path.join(root, "")
    found = set()
    # Like Path.rglob, symbolic links to folders are not followed.
    for directory, folders, names in os.walk(root):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in names:
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in COLLECTION_SUFFIXES:
                continue
            path = os.path.join(directory, name)
            if os.path.isfile(path) and (resolved := os.path.realpath(path)).startswith(inside):
                found.add(resolved)
    return found
