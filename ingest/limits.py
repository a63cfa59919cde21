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

    def problem(self, path: Path, kind: str) -> str | None:
        """Why the file at path is too big to read as `kind`, or None."""
        limit = self.transcript_bytes if kind == "transcript" else self.audio_bytes
        size = path.stat().st_size
        if size <= limit:
            return None
        noun = "an audio file" if kind == "audio" else f"a {kind}"
        return (
            f"the file is {_human(size)}; the limit for {noun} is {_human(limit)} "
            f"(change it with --max-{kind}-mb)"
        )


def _human(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB else f"{size:,} bytes"


DEFAULT_LIMITS = SizeLimits()
