"""Size limits on the files an ingest reads: one oversize file is refused
with a clear problem instead of exhausting memory or disk."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024


@dataclass(frozen=True)
class SizeLimits:
    transcript_bytes: int = 50 * MB
    audio_bytes: int = 4096 * MB
    # A speaker card's picture: larger is a scan to be resized first.
    portrait_bytes: int = 5 * MB

    def problem(self, path: Path, kind: str) -> str | None:
        """Why the file at path is too big to read as `kind` (transcript, audio,
        portrait), or None."""
        limit = getattr(self, f"{kind}_bytes")
        size = path.stat().st_size
        if size <= limit:
            return None
        noun = "an audio file" if kind == "audio" else f"a {kind}"
        advice = (
            f"change it with --max-{kind}-mb"
            if kind != "portrait"
            else "resize the image, e.g. to 800 pixels wide"
        )
        return f"the file is {_human(size)}; the limit for {noun} is {_human(limit)} ({advice})"


def _human(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB else f"{size:,} bytes"


DEFAULT_LIMITS = SizeLimits()
