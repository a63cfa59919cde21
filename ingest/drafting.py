"""Validated manifest entries plus their files -> catalogue drafts.

Reads the transcripts and audio a testimony names and reports what a person
would miss: a missing file, timecodes beyond the audio, unreadable audio.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from archive.audio import audio_facts
from archive.drafts import (
    ChapterDraft,
    ProgrammeDraft,
    RecordingDraft,
    SegmentDraft,
    SpeakerDraft,
    TalkDraft,
    TestimonyDraft,
    draft_checksum,
)
from archive.timecodes import timecode as format_timecode
from ingest.audio import read_audio, unreadable_recording
from ingest.errors import SourceError
from ingest.limits import DEFAULT_LIMITS, SizeLimits
from ingest.manifest import ProgrammeEntry, SpeakerEntry, TalkEntry, TestimonyEntry
from ingest.origins import Origin
from ingest.paths import resolve_in_folder
from ingest.positions import field_path
from ingest.report import Problem
from ingest.transcripts import ParsedTranscript, read_transcript


@dataclass
class TestimonyBuild:
    draft: TestimonyDraft
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    # A transcript or translation was refused (unsafe, undecodable, too big) or a
    # path left the collection: the entry is left out of the catalogue, not
    # catalogued without its words.
    refused: bool = False


def speaker_draft(
    entry: SpeakerEntry, collection_slug: str, portrait: str | None = None
) -> SpeakerDraft:
    values = entry.model_dump()
    values["slug"] = values.pop("id")
    values["collection_slug"], values["portrait"] = collection_slug, portrait
    return SpeakerDraft(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})


def programme_draft(entry: ProgrammeEntry) -> ProgrammeDraft:
    values = entry.model_dump()
    values["slug"] = values.pop("id")
    return ProgrammeDraft(**values)


def talk_draft(entry: TalkEntry) -> TalkDraft:
    values = entry.model_dump()
    values["slug"], values["programme_slug"] = values.pop("id"), values.pop("programme")
    return TalkDraft(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})


def build_testimony(
    entry: TestimonyEntry,
    folder: Path,
    origin: Origin,
    collection_slug: str,
    limits: SizeLimits = DEFAULT_LIMITS,
) -> TestimonyBuild:
    files = _TestimonyFiles(entry, folder, origin, limits)
    recordings = tuple(files.recording(n) for n in range(1, len(entry.audio) + 1))
    durations = {r.part: r.duration for r in recordings if r.readable and r.duration}
    segments: list[SegmentDraft] = []
    file_chapters: list[ChapterDraft] = []
    offset = 0  # parts before this transcript: files follow each other, tapes within a file
    for number in range(1, len(entry.transcript) + 1):
        transcript = files.transcript(number)
        if transcript is None:
            offset += 1
            continue
        segments += _segments(transcript, offset, durations, entry, files.problems)
        file_chapters += [_chapter(c, c.part + offset) for c in transcript.chapters]
        offset += transcript.parts
    for language, paths in entry.translations.items():
        for number in range(1, len(paths) + 1):
            translation = files.translation(language, number)
            if translation is not None:
                segments += [
                    replace(s, language=language)
                    for s in _segments(translation, number - 1, durations, entry, files.problems)
                ]
    chapters = tuple(_chapter(c, c.part) for c in entry.chapters) or tuple(file_chapters)
    parts = max(len(entry.audio), offset)
    for chapter in chapters:
        if parts and chapter.part > parts:
            files.problem(
                "warning",
                f"chapter {chapter.title!r} is in part {chapter.part}, but there are {parts} parts",
                "chapters",
            )
    draft = TestimonyDraft(
        accession=entry.accession,
        collection_slug=collection_slug,
        title=entry.title,
        speakers=tuple(entry.speakers),
        interviewers=tuple(entry.interviewers),
        recorded=entry.recorded,
        place=entry.place,
        languages=tuple(entry.languages),
        summary=entry.summary,
        countries=tuple(entry.countries),
        year_from=entry.years[0] if entry.years else None,
        year_to=entry.years[1] if entry.years else None,
        themes=tuple(entry.themes),
        access=entry.access,
        embargo_until=entry.embargo_until,
        rights=entry.rights,
        recordings=recordings,
        segments=tuple(segments),
        chapters=chapters,
    )
    draft = replace(draft, source_checksum=draft_checksum(draft))
    return TestimonyBuild(draft, files.problems, files.used, files.refused)


class _TestimonyFiles:
    """The files one manifest entry names: located, size-checked, read, reported."""

    def __init__(
        self, entry: TestimonyEntry, folder: Path, origin: Origin, limits: SizeLimits
    ) -> None:
        self.entry, self.folder, self.origin, self.limits = entry, folder, origin, limits
        self.problems: list[Problem] = []
        self.used: list[Path] = []
        self.refused = False

    def problem(
        self,
        severity: str,
        message: str,
        field_name: str | None = None,
        *,
        file: str | None = None,
        line: int | None = None,
    ) -> None:
        # The manifest's line holding the field (a path's own line in a list), else the entry's.
        where = self.origin.at(field_path(field_name) if field_name else ())
        self.problems.append(
            Problem(
                severity,
                message,
                file=file or where.file,  # type: ignore[arg-type]
                line=line if file else where.line,
                field=None if file else field_name,
                item=self.entry.accession,
            )
        )

    def locate(self, key: str, number: int) -> Path | None:
        relative = getattr(self.entry, key)[number - 1]
        return self.locate_path(relative, f"{key}[{number - 1}]", key)

    def locate_path(self, relative: str, field_name: str, kind: str) -> Path | None:
        try:
            path = resolve_in_folder(
                self.folder, relative, manifest=self.origin.file, field=field_name
            )
        except SourceError as error:
            self.problem("error", error.message, field_name)
            self.refused = True
            return None
        try:
            present = path.is_file()
        except OSError as error:  # a name too long for the file system, say
            self.problem("error", f"{relative!r} cannot be used: {error.strerror}", field_name)
            self.refused = True
            return None
        if not present:
            self.problem("warning", f"{relative!r} is referenced but missing", field_name)
            return None
        self.used.append(path)
        too_big = self.limits.problem(path, kind)
        if too_big:
            self.problem("error", too_big, file=relative)
            self.refused = self.refused or kind == "transcript"
            return None
        return path

    def recording(self, number: int) -> RecordingDraft:
        relative = self.entry.audio[number - 1]
        path = self.locate("audio", number)
        if path is None:
            return RecordingDraft(
                part=number,
                path=relative,
                readable=False,
                problem="file missing, too large or outside the collection",
            )
        try:
            info = read_audio(path)
        except OSError as error:  # present but unreadable: permissions, an I/O error
            message = f"cannot read: {error.strerror}"
            self.problems.append(
                unreadable_recording(message, file=relative, item=self.entry.accession)
            )
            return RecordingDraft(part=number, path=relative, readable=False, problem=message)
        if info.problem:
            self.problems.append(
                unreadable_recording(info.problem, file=relative, item=self.entry.accession)
            )
        return RecordingDraft(
            part=number,
            path=str(path),
            tags=info.tags,
            readable=info.readable,
            problem=info.problem,
            **audio_facts(info),
        )

    def transcript(self, number: int) -> ParsedTranscript | None:
        relative = self.entry.transcript[number - 1]
        return self.parse(relative, self.locate("transcript", number))

    def translation(self, language: str, number: int) -> ParsedTranscript | None:
        relative = self.entry.translations[language][number - 1]
        field_name = f"translations.{language}[{number - 1}]"
        return self.parse(relative, self.locate_path(relative, field_name, "transcript"))

    def parse(self, relative: str, path: Path | None) -> ParsedTranscript | None:
        if path is None:
            return None
        try:
            transcript = read_transcript(path, relative)
        except SourceError as error:
            self.refused = True
            self.problems.append(
                Problem(
                    "error",
                    error.message,
                    file=error.file or relative,
                    line=error.line,
                    field=error.field,
                    item=self.entry.accession,
                )
            )
            return None
        for warning in transcript.warnings:
            self.problem("warning", warning.message, file=relative, line=warning.line)
        return transcript


def _chapter(chapter, part: int) -> ChapterDraft:
    """A chapter from the manifest or from the file itself (OHMS index points)."""
    return ChapterDraft(
        part=part,
        start=chapter.start,
        title=chapter.title,
        synopsis=chapter.synopsis,
        keywords=tuple(chapter.keywords),
        gps=chapter.gps,
    )


def _segments(
    transcript: ParsedTranscript,
    offset: int,
    durations: dict[int, float],
    entry: TestimonyEntry,
    problems: list[Problem],
) -> list[SegmentDraft]:
    """Segments with their recording part; the last of each part runs to the audio's end."""
    drafts: list[SegmentDraft] = []
    last_of_part = {s.part: s for s in transcript.segments}
    for tape, segment in last_of_part.items():
        duration = durations.get(tape + offset)
        if duration is not None and segment.start > duration:
            problems.append(
                Problem(
                    "warning",
                    f"last timecode {format_timecode(segment.start)} is beyond the end "
                    f"of the audio ({format_timecode(duration)})",
                    file=transcript.source,
                    line=segment.line,
                    item=entry.accession,
                )
            )
    for segment in transcript.segments:
        part = segment.part + offset
        end = segment.end
        if last_of_part[segment.part] is segment:
            duration = durations.get(part)
            end = duration if duration and duration > segment.start else None
        drafts.append(
            SegmentDraft(
                part=part,
                start=segment.start,
                end=end,
                speaker_label=segment.speaker,
                text=segment.text,
            )
        )
    return drafts
