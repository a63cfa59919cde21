"""What every transcript parser returns."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TranscriptSegment:
    start: float
    end: float | None
    speaker: str | None
    text: str
    line: int


@dataclass(frozen=True)
class TranscriptWarning:
    line: int | None
    message: str


@dataclass(frozen=True)
class ParsedTranscript:
    source: str
    header: dict[str, str] = field(default_factory=dict)
    segments: tuple[TranscriptSegment, ...] = ()
    warnings: tuple[TranscriptWarning, ...] = ()

    @property
    def last_start(self) -> float:
        return max((s.start for s in self.segments), default=0.0)
