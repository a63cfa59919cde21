"""Paths named in a manifest: inside the collection folder, or an error."""

from __future__ import annotations

from pathlib import Path

from ingest.errors import SourceError

MEDIA_SUFFIXES = {".mp3", ".m4a", ".mp4", ".flac", ".ogg", ".oga", ".opus", ".wav", ".aif", ".aiff"}
TRANSCRIPT_SUFFIXES = {".txt", ".vtt", ".srt", ".xml", ".docx"}


def resolve_in_folder(folder: Path, relative: str, *, manifest: str, field: str) -> Path:
    """The file a manifest path names; SourceError if it leaves the folder."""
    candidate = Path(relative)
    if candidate.is_absolute():
        raise SourceError(
            f"{relative!r} is an absolute path; expected a path relative to the collection folder",
            file=manifest,
            field=field,
        )
    root = folder.resolve()
    resolved = (root / candidate).resolve()
    if not resolved.is_relative_to(root):
        raise SourceError(
            f"{relative!r} leaves the collection folder; expected a path inside it",
            file=manifest,
            field=field,
        )
    return resolved


def collection_files(folder: Path) -> set[Path]:
    """Transcript and audio files present in the folder (hidden ones excluded)."""
    root = folder.resolve()
    return {
        path.resolve()
        for path in root.rglob("*")
        if path.is_file()
        and path.suffix.lower() in MEDIA_SUFFIXES | TRANSCRIPT_SUFFIXES
        and not any(part.startswith(".") for part in path.relative_to(root).parts)
    }
