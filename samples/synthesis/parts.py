"""A testimony's recording parts as its transcripts and translations give them, and its chapters."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

import make_docx  # samples/

from ingest.errors import SourceError
from ingest.transcripts import read_transcript
from synthesis.collection import (
    RATE,
    BuildError,
    as_list,
    chapter_start_seconds,
    inside,
    same_time,
    shown,
    timecode_with_tenths,
)
from synthesis.encoding import FORMATS

# Transcript types whose timings --retime cannot rewrite (OHMS: sync map or cues).
FIXED_TIMINGS = {".xml"}


@dataclass
class Segment:
    file: Path  # the transcript it comes from
    line: int | None  # line (paragraph, cue timing line) of the segment in that file
    start: float  # seconds from the start of the part
    label: str
    text: str
    index: int  # position among the file's segments, 0-based


@dataclass
class Part:
    number: int  # 1-based, across the testimony
    transcript: Path
    tape: int  # part within the transcript file (tape markers), 1-based
    segments: list[Segment]
    audio: Path
    file_chapters: list[float] = field(default_factory=list)
    clips: list[Clip] = field(default_factory=list)


@dataclass
class Clip:
    path: Path
    samples: int

    @property
    def seconds(self):
        return self.samples / RATE


def parse_file(path):
    """The archive's reading of one transcript, refusing anything it would warn about."""
    if not path.is_file():
        raise BuildError(f"{shown(path)}: transcript not found")
    if path.suffix.lower() == ".docx":
        source = make_docx.source_for(path)
        if source is not None and make_docx.build(source, path):
            print(f"  rebuilt {shown(path)} from {shown(source)}")
    try:
        parsed = read_transcript(path, str(shown(path)))
    except SourceError as error:
        where = f":{error.line}" if error.line else ""
        raise BuildError(f"{error.file or shown(path)}{where}: {error.message}") from None
    for warning in parsed.warnings:
        where = f":{warning.line}" if warning.line else ""
        raise BuildError(f"{shown(path)}{where}: the archive would warn: {warning.message}")
    if not parsed.segments:
        raise BuildError(f"{shown(path)}: no timecoded segments")
    return parsed


def read_parts(testimony):
    """The testimony's recording parts, each with its segments and audio file."""
    accession = testimony["accession"]
    transcripts = [inside(t, accession) for t in as_list(testimony.get("transcript"))]
    audio = [inside(a, accession) for a in as_list(testimony.get("audio"))]
    for path in audio:
        if path.suffix.lower() not in FORMATS:
            raise BuildError(
                f"{accession}: cannot make {shown(path)}; the audio extension must be "
                f"one of {', '.join(FORMATS)}"
            )
    parts = []
    for transcript in transcripts:
        parsed = parse_file(transcript)
        for tape in range(1, parsed.parts + 1):
            segments = [
                Segment(transcript, s.line, s.start, s.speaker, s.text, i)
                for i, s in enumerate(parsed.segments)
                if s.part == tape
            ]
            chapters = [c.start for c in parsed.chapters if c.part == tape]
            parts.append(Part(len(parts) + 1, transcript, tape, segments, None, chapters))
    if len(parts) != len(audio):
        raise BuildError(
            f"{accession}: the transcripts hold {len(parts)} recording part(s) but "
            f"{len(audio)} audio file(s) are listed; they must pair up by part"
        )
    for part, audio_path in zip(parts, audio, strict=True):
        part.audio = audio_path
        for seg in part.segments:
            if not seg.label:
                raise BuildError(f"{shown(seg.file)}:{seg.line}: segment has no speaker")
        check_order(part)
    return parts


def check_order(part):
    for prev, seg in itertools.pairwise(part.segments):
        if seg.start <= prev.start:
            raise BuildError(
                f"{shown(seg.file)}:{seg.line}: timecode {timecode_with_tenths(seg.start)} "
                f"does not come after {timecode_with_tenths(prev.start)}"
            )


def read_translations(testimony, parts):
    """Each translation file parsed; its segment starts must be the transcript's."""
    accession = testimony["accession"]
    result = {}
    transcripts = [inside(t, accession) for t in as_list(testimony.get("transcript"))]
    for language, paths in (testimony.get("translations") or {}).items():
        paths = [inside(p, accession) for p in as_list(paths)]
        if len(paths) != len(transcripts):
            raise BuildError(
                f"{accession}: translations[{language}] lists {len(paths)} file(s) for "
                f"{len(transcripts)} transcript(s)"
            )
        for original, translated in zip(transcripts, paths, strict=True):
            parsed = parse_file(translated)
            ours = [s.start for p in parts if p.transcript == original for s in p.segments]
            theirs = [s.start for s in parsed.segments]
            if ours != theirs:
                first = next(
                    (i for i, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b),
                    min(len(ours), len(theirs)),
                )
                raise BuildError(
                    f"{shown(translated)}: its timecodes differ from {shown(original)} "
                    f"from segment {first + 1} on ({len(theirs)} segments, "
                    f"{len(ours)} in the transcript)"
                )
            result.setdefault(original, []).append(translated)
    return result


def check_fits(part):
    """Fail if any segment's speech runs past the next segment's timecode."""
    for (seg, nxt), clip in zip(itertools.pairwise(part.segments), part.clips, strict=False):
        end = seg.start + clip.seconds
        if end > nxt.start:
            hint = (
                "edit the file's timings or shorten the text by hand"
                if seg.file.suffix.lower() in FIXED_TIMINGS
                else "rerun with --retime to rewrite the timecodes"
            )
            raise BuildError(
                f"{shown(seg.file)}:{seg.line}: speech runs {clip.seconds:.1f} s, to "
                f"{end:.1f} s, past the next timecode [{timecode_with_tenths(nxt.start)}] on "
                f"line {nxt.line} ({hint})"
            )


def chapter_starts(testimony, parts, mapping=None):
    """Check chapters point at segment starts; return their (possibly new) starts.

    The manifest's chapters are checked, or else the index points the transcript
    files carry (OHMS), which the archive then uses as chapters."""
    accession, result = testimony["accession"], []
    chapters = testimony.get("chapters") or []
    for ch in chapters:
        part = ch.get("part", 1)
        where = f"{accession} chapter {ch.get('title')!r}"
        if not 1 <= part <= len(parts):
            raise BuildError(f"{where}: part {part} does not exist")
        start = chapter_start_seconds(ch.get("start"), where)
        segments = parts[part - 1].segments
        if not any(same_time(start, s.start) for s in segments):
            raise BuildError(
                f"{where}: {timecode_with_tenths(start)} is not a segment start in "
                f"{shown(parts[part - 1].transcript)}"
            )
        result.append(mapping[part][start] if mapping else start)
    if not chapters:
        for part in parts:
            for start in part.file_chapters:
                if not any(same_time(start, s.start) for s in part.segments):
                    raise BuildError(
                        f"{accession}: index point at {timecode_with_tenths(start)} in "
                        f"{shown(part.transcript)} is not a segment start"
                    )
    return result
