"""--retime: timecodes that fit the speech, written into transcripts, translations and manifest."""

from __future__ import annotations

import math
import re

import make_docx  # samples/

from archive.timecodes import srt_timestamp, vtt_timestamp
from ingest.transcripts import read_transcript
from synthesis.collection import MANIFEST, BuildError, same_time, shown, timecode_with_tenths
from synthesis.parts import FIXED_TIMINGS, Segment, chapter_starts, check_fits

PAUSE = 1.0  # seconds of silence after each segment when retiming
START_RE = re.compile(r"""^(\s*(?:-\s+)?start:\s*)(["']?)\d{1,2}:\d{2}:\d{2}\2(\s*(?:#.*)?)$""")
TXT_TIMECODE_RE = re.compile(r"\[\d{1,3}:[0-5]\d:[0-5]\d(?:[.,]\d{1,3})?\]")
TIMING_RE = re.compile(r"^(\s*)(\S+)(\s*-->\s*)(\S+)(.*)$")


def retimed(part):
    """New start seconds: previous start + its speech + PAUSE, rounded up."""
    starts = [part.segments[0].start]
    for clip in part.clips[:-1]:
        starts.append(math.ceil(starts[-1] + clip.seconds + PAUSE))
    return starts


def rewrite_lines(path, edits):
    """Apply {line number: new line} to a text file; return True if it changed."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    new = list(lines)
    for number, line in edits.items():
        new[number - 1] = line
    if new == lines:
        return False
    path.write_text("\n".join(new) + "\n", encoding="utf-8")
    return True


def txt_edits(lines, segments, starts):
    edits = {}
    for seg, start in zip(segments, starts, strict=True):
        line = lines[seg.line - 1]
        if len(TXT_TIMECODE_RE.findall(line)) != 1:
            raise BuildError(
                f"{shown(seg.file)}:{seg.line}: --retime needs exactly one timecode on the line"
            )
        edits[seg.line] = TXT_TIMECODE_RE.sub(f"[{timecode_with_tenths(start)}]", line, count=1)
    return edits


def caption_stamp(seconds, comma):
    return srt_timestamp(seconds) if comma else vtt_timestamp(seconds)


def caption_edits(lines, segments, starts, clips, comma):
    edits = {}
    for k, (seg, start) in enumerate(zip(segments, starts, strict=True)):
        m = TIMING_RE.match(lines[seg.line - 1])
        if not m:
            raise BuildError(f"{shown(seg.file)}:{seg.line}: expected a cue timing line")
        end = starts[k + 1] if k + 1 < len(starts) else math.ceil(start + clips[k].seconds)
        edits[seg.line] = (
            f"{m[1]}{caption_stamp(start, comma)}{m[3]}{caption_stamp(end, comma)}{m[5]}"
        )
    return edits


def retime_file(path, segments, starts, clips):
    """Rewrite the timecodes of `segments` (all in `path`) to `starts`."""
    suffix = path.suffix.lower()
    if all(same_time(seg.start, start) for seg, start in zip(segments, starts, strict=True)):
        return False
    if suffix == ".docx":
        source = make_docx.source_for(path)
        if source is None:
            raise BuildError(f"{shown(path)}: no source in docx-src/ to retime; edit it by hand")
        # DOCX line numbers count the non-empty paragraphs: the source's body lines.
        lines = source.read_text(encoding="utf-8").splitlines()
        body = [number for number, _ in make_docx.read_source_lines(source)[1]]
        moved = [
            Segment(source, body[s.line - 1], s.start, s.label, s.text, s.index) for s in segments
        ]
        changed = rewrite_lines(source, txt_edits(lines, moved, starts))
        return make_docx.build(source, path) or changed
    lines = path.read_text(encoding="utf-8").splitlines()
    if suffix == ".txt":
        return rewrite_lines(path, txt_edits(lines, segments, starts))
    if suffix in (".vtt", ".srt"):
        edits = caption_edits(lines, segments, starts, clips, comma=suffix == ".srt")
        return rewrite_lines(path, edits)
    raise BuildError(
        f"{shown(path)}: --retime cannot rewrite {suffix} timings (OHMS XML keeps them in a "
        "sync map or cues of its own); edit the file by hand so the speech fits"
    )


def rewrite_chapters(accession, starts):
    """Rewrite the chapter `start:` lines of one testimony in manifest.yaml."""
    lines = MANIFEST.read_text(encoding="utf-8").splitlines()
    head = re.compile(rf"""^\s*-\s+accession:\s*["']?{re.escape(accession)}["']?\s*$""")
    begin = next((i for i, line in enumerate(lines) if head.match(line)), None)
    if begin is None:
        raise BuildError(
            f"manifest.yaml: cannot find '- accession: {accession}' to "
            "update its chapters; edit the chapter starts by hand"
        )
    k = 0
    for i in range(begin + 1, len(lines)):
        if re.match(r"^\s*-\s+accession:|^\S", lines[i]):
            break
        m = START_RE.match(lines[i])
        if m and k < len(starts):
            lines[i] = f'{m[1]}"{timecode_with_tenths(starts[k])}"{m[3]}'
            k += 1
    if k != len(starts):
        raise BuildError(
            f"manifest.yaml: found {k} chapter start lines for "
            f"{accession}, expected {len(starts)}; edit them by hand"
        )
    MANIFEST.write_text("\n".join(lines) + "\n", encoding="utf-8")


def apply_retime(testimony, parts, translations):
    """Rewrite transcripts, translations and chapter starts to fit the speech."""
    mapping, new_starts = {}, {}
    for part in parts:
        if part.transcript.suffix.lower() in FIXED_TIMINGS:
            check_fits(part)  # timings of its own: kept if the speech fits
            new_starts[part.number] = [s.start for s in part.segments]
            continue
        new_starts[part.number] = retimed(part)
        mapping[part.number] = {
            s.start: n for s, n in zip(part.segments, new_starts[part.number], strict=True)
        }
    old_chapters = chapter_starts(testimony, parts)
    new_chapters = chapter_starts(testimony, parts, mapping)
    for transcript in dict.fromkeys(p.transcript for p in parts):
        mine = [p for p in parts if p.transcript == transcript]
        segments = [s for p in mine for s in p.segments]
        starts = [n for p in mine for n in new_starts[p.number]]
        clips = [c for p in mine for c in p.clips]
        if retime_file(transcript, segments, starts, clips):
            print(f"  retimed {shown(transcript)}")
        for translated in translations.get(transcript, []):
            parsed = read_transcript(translated, str(shown(translated)))
            theirs = [
                Segment(translated, s.line, s.start, s.speaker, s.text, i)
                for i, s in enumerate(parsed.segments)
            ]
            if retime_file(translated, theirs, starts, clips):
                print(f"  retimed {shown(translated)}")
    for part in parts:
        for seg, start in zip(part.segments, new_starts[part.number], strict=True):
            seg.start = start
    if new_chapters != old_chapters:
        rewrite_chapters(testimony["accession"], new_chapters)
        print(f"  moved the chapter starts of {testimony['accession']} in manifest.yaml")
