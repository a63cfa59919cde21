"""The technical facts of one audio file, declared once: ingest reads them,
a recording's draft hands them over, a recording's record gives them back."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, kw_only=True)
class AudioFacts:
    mime_type: str | None = None
    format: str | None = None
    codec: str | None = None
    duration: float | None = None
    bitrate: int | None = None
    sample_rate: int | None = None
    channels: int | None = None
    size: int | None = None
    sha256: str | None = None


def audio_facts(source: object) -> dict[str, object]:
    """The audio facts of anything holding them (a reading, a draft, a row), by name."""
    return {name.name: getattr(source, name.name) for name in fields(AudioFacts)}
