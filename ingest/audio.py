"""Technical metadata of audio files through mutagen, and their sha256.

mutagen's errors and the attributes some formats lack (Opus has no
sample_rate, WAV no bitrate on some versions) are handled here, at the
boundary: the caller gets an `AudioInfo` (the archive's `AudioFacts`, with the
file's tags), readable or with a problem.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass, field
from pathlib import Path

import mutagen

from archive.audio import AudioFacts
from ingest.report import Problem

# More than a day of audio in one part is taken as a misread header.
MAX_PLAUSIBLE_SECONDS = 24 * 3600
MIME_TYPES = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".mp4": "audio/mp4",
    ".flac": "audio/flac",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".opus": "audio/ogg",
    ".wav": "audio/wav",
    ".aif": "audio/aiff",
    ".aiff": "audio/aiff",
}


@dataclass(frozen=True)
class AudioInfo(AudioFacts):
    tags: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    problem: str | None = None

    @property
    def readable(self) -> bool:
        return self.problem is None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_audio(path: Path) -> AudioInfo:
    """Metadata of one audio file; OSError only if the file cannot be read at all."""
    size, sha256 = path.stat().st_size, file_sha256(path)
    mime = MIME_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    base = {"size": size, "sha256": sha256, "mime_type": mime}
    if size == 0:
        return AudioInfo(**base, problem="the file is empty (0 bytes)")
    try:
        audio = mutagen.File(path)
    except (mutagen.MutagenError, ValueError, EOFError, IndexError) as error:
        return AudioInfo(**base, problem=f"not readable as audio: {_reason(error, path)}")
    if audio is None or getattr(audio, "info", None) is None:
        return AudioInfo(**base, problem="not a recognised audio format (mutagen found no stream)")
    info = audio.info
    duration = float(getattr(info, "length", 0) or 0)
    details = {
        "format": type(audio).__name__.lower(),
        "codec": _codec(audio),
        "duration": duration,
        "bitrate": _int_or_none(getattr(info, "bitrate", None)),
        "sample_rate": _int_or_none(getattr(info, "sample_rate", None)),
        "channels": _int_or_none(getattr(info, "channels", None)),
        "tags": _tags(audio),
    }
    if duration <= 0:
        return AudioInfo(
            **base, **details, problem="duration is zero: the audio stream is empty or truncated"
        )
    if duration > MAX_PLAUSIBLE_SECONDS:
        return AudioInfo(
            **base,
            **details,
            problem=f"implausible duration {duration:.0f}s "
            "(over 24 hours): the header is probably damaged",
        )
    truncated = _truncation(duration, details["bitrate"], size)
    return AudioInfo(**base, **details, problem=truncated)


def _reason(error: BaseException, path: Path) -> str:
    """What mutagen found wrong, never empty: its own errors often carry no
    message (a header cut short raises a bare OSError or InvalidChunk)."""
    for candidate in (error, error.__cause__, error.__context__):
        text = str(candidate or "").strip()
        if text:
            return text
    kind = path.suffix.lstrip(".").upper() or "audio"
    return f"its header is damaged or cut short; expected a complete {kind} file"


def unreadable_recording(reason: str, *, file: str, item: str) -> Problem:
    """The problem of a recording that cannot be read, worded once for the
    ingest report and for `testimony check`, which says it again later."""
    return Problem("error", reason, file=file, item=item)


def _truncation(duration: float, bitrate: int | None, size: int) -> str | None:
    """The header promises more audio than the file holds: cut off in transfer."""
    if not bitrate:
        return None
    expected = duration * bitrate / 8
    if size >= expected * 0.5:
        return None
    held = size * 8 / bitrate
    return (
        f"truncated: the header says {duration:.1f}s but the file holds about {held:.1f}s of audio"
    )


def _codec(audio) -> str | None:
    codec = getattr(audio.info, "codec", None) or getattr(audio.info, "codec_description", None)
    if codec:
        return str(codec)
    return {
        "mp3": "mp3",
        "flac": "flac",
        "oggvorbis": "vorbis",
        "oggopus": "opus",
        "wave": "pcm",
        "aiff": "pcm",
    }.get(type(audio).__name__.lower())


def _int_or_none(value) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


def _tags(audio) -> tuple[tuple[str, str], ...]:
    tags = getattr(audio, "tags", None)
    if not tags:
        return ()
    pairs = []
    try:
        items = list(tags.items())
    except (AttributeError, TypeError, ValueError):
        return ()
    for key, value in items:
        text = value[0] if isinstance(value, list) and value else value
        text = str(getattr(text, "text", [text])[0] if hasattr(text, "text") else text)
        if len(text) <= 500:  # skip cover art and other binary blobs
            pairs.append((str(key), text))
    return tuple(sorted(pairs))
