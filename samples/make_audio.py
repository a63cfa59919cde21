#!/usr/bin/env python3
"""Regenerate the synthetic audio of the mena-voices demo collection.

Every recording in this collection is synthetic speech. For each testimony in
manifest.yaml this script reads its transcripts with the archive's own parser
(`ingest.transcripts.read_transcript`, so plain text, WebVTT, SRT, OHMS XML and
DOCX are all read exactly as `testimony ingest` reads them), speaks each
segment with espeak-ng (one voice for the interviewer, another for each
witness; Hebrew and Arabic words with a Hebrew or Arabic voice; a testimony
recorded in French in French voices) and lays the clips end to end so that
each segment's speech starts exactly at its timecode, padding with silence
(sox). Recording parts are counted as the archive counts them: one per
transcript file, or one per tape when a plain-text file has tape markers; the
n-th part goes to the n-th audio file. Each part is encoded, mono, to the
format named by the audio path's extension: .mp3 (lame, 24 kbit/s), .ogg
(oggenc, Vorbis), .opus (opusenc, 16 kbit/s) and .m4a (ffmpeg, AAC 24 kbit/s)
at 16 kHz; .flac (flac) and .wav (sox) as 8-bit samples at 8 kHz, to keep the
demo collection small.

DOCX transcripts are rebuilt from their plain-text source in docx-src/ first
(make_docx.py). A testimony's `translations` must have the same segments and
timecodes as its transcript; they are checked, not spoken.

If a segment's speech would run past the next segment's timecode the script
stops and names the transcript file and line. With --retime it instead
rewrites the timecodes (each segment starts at the previous start plus the
previous segment's speech plus a one-second pause, rounded up to a whole
second) in the transcript, its translations and, for DOCX, its source, moves
the chapter starts in manifest.yaml along with them, and then builds the
audio. Plain text, DOCX, WebVTT and SRT can be retimed; OHMS XML carries its
timings in a sync map or cues of its own and must be edited by hand.

With --check nothing is synthesized or written: the transcripts are parsed,
chapter starts and translations checked against the segments, and every audio
file's duration compared with its part's last timecode.

Usage (from the repository root):

    /work/main/.venv/bin/python samples/make_audio.py            # all
    /work/main/.venv/bin/python samples/make_audio.py MV-0003    # one
    /work/main/.venv/bin/python samples/make_audio.py --retime MV-0003
    /work/main/.venv/bin/python samples/make_audio.py --check

Needs the project's python (for its transcript parsers, PyYAML and mutagen)
and the Debian packages espeak-ng, sox, lame, vorbis-tools, opus-tools, flac
and ffmpeg. These tools are only needed to regenerate the demo audio; the
archive itself does not use them. Output is deterministic as far as the tools
allow (fixed Ogg serial numbers, sox in repeatable mode, ffmpeg bit-exact
flags).
"""

from __future__ import annotations

import argparse
import itertools
import math
import re
import shutil
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # the project's ingest package, when not installed
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import make_docx  # noqa: E402  (this folder)

from archive.timecodes import srt_timestamp, timecode, vtt_timestamp  # noqa: E402
from ingest.errors import SourceError  # noqa: E402
from ingest.transcripts import read_transcript  # noqa: E402

MANIFEST = HERE / "manifest.yaml"
RATE = 22050  # espeak-ng's native sample rate; parts are built at it
PAUSE = 1.0  # seconds of silence after each segment when retiming
TAIL = 1.5  # seconds of silence after the last segment of a part
TOOLS = ["espeak-ng", "sox", "lame", "oggenc", "opusenc", "flac", "ffmpeg"]
APT = "apt-get install -y espeak-ng sox lame vorbis-tools opus-tools flac ffmpeg"

ASIDE_RE = re.compile(r"\([^)]*\)|\[[^\]]*\]")  # "(laughs)" is not spoken
START_RE = re.compile(r"""^(\s*(?:-\s+)?start:\s*)(["']?)\d{1,2}:\d{2}:\d{2}\2(\s*(?:#.*)?)$""")
TXT_TIMECODE_RE = re.compile(r"\[\d{1,3}:[0-5]\d:[0-5]\d(?:[.,]\d{1,3})?\]")
TIMING_RE = re.compile(r"^(\s*)(\S+)(\s*-->\s*)(\S+)(.*)$")

# Transcript types whose timings --retime cannot rewrite (OHMS: sync map or cues).
FIXED_TIMINGS = {".xml"}

# Letters of right-to-left scripts, spoken with a voice of their own language.
HEBREW = "\u0590-\u05ff\ufb1d-\ufb4f"
ARABIC = "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"
SCRIPT_RUN = re.compile(
    rf"(?P<he>[{HEBREW}](?:[{HEBREW}\s,'\"׳״.\-]*[{HEBREW}])?)"
    rf"|(?P<ar>[{ARABIC}](?:[{ARABIC}\s,'\".\-]*[{ARABIC}])?)"
)
# espeak-ng voice (language) for a testimony language other than English.
ESPEAK_LANGUAGE = {"fr": "fr-fr", "he": "he", "ar": "ar", "it": "it", "fa": "fa", "tr": "tr"}


@dataclass(frozen=True)
class Voice:
    """An espeak-ng voice: name (language+variant), pitch 0-99, words per minute."""

    name: str
    pitch: int
    speed: int

    @property
    def variant(self) -> str:
        return self.name.partition("+")[2]

    def in_language(self, language: str) -> Voice:
        """The same variant, pitch and speed speaking another language."""
        variant = f"+{self.variant}" if self.variant else ""
        return Voice(f"{language}{variant}", self.pitch, self.speed)


# Interviewers are voiced by name (from the manifest), witnesses by the first
# word of the label used in the transcript (their first name in capitals).
INTERVIEWER_VOICES = {
    "Hila Marom": Voice("en-us+f2", 60, 160),
    "Tom Avital": Voice("en-us+m3", 40, 165),
    "Claire Mimran": Voice("en-us+f4", 66, 160),
    "Jonah Brandt": Voice("en-us+m2", 48, 165),
}
DEFAULT_INTERVIEWER = Voice("en-us+m1", 45, 165)
WITNESS_VOICES = {
    "NAIMA": Voice("en-gb+f4", 48, 150),
    "RAFFAELE": Voice("en-gb+m7", 35, 150),
    "SAADIA": Voice("en-gb-x-rp+m2", 42, 152),
    "LUCIENNE": Voice("en-gb+f3", 62, 158),
    "MESSODY": Voice("en-gb+f5", 55, 158),
    "NESSIM": Voice("en-gb+m4", 30, 150),
    "YVETTE": Voice("en-gb+f2", 58, 150),  # speaks French in MV-0009
    "MAURICE": Voice("en-gb+m6", 38, 155),
    "NAHID": Voice("en-gb-x-rp+f4", 64, 155),
    "AZIZ": Voice("en-gb+m3", 44, 150),
    "RASHEL": Voice("en-gb-scotland+f3", 52, 150),
    "YOSEF": Voice("en-gb-x-gbclan+m5", 36, 145),
    "FUAD": Voice("en-gb-x-rp+m6", 32, 150),
    "MARCELLA": Voice("en-gb+f1", 56, 156),
    "MAZAL": Voice("en-gb-x-gbcwmd+f5", 60, 145),
    "RAOUL": Voice("en-gb-x-rp+m4", 46, 158),
    "RACHELLE": Voice("en-gb-x-gbclan+f2", 62, 158),
}
DEFAULT_WITNESS = Voice("en-gb+m1", 50, 155)


class BuildError(Exception):
    """An expected failure, reported as one clear line without a traceback."""


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


def fmt_tc(seconds):
    """Seconds as hh:mm:ss (with tenths when not whole)."""
    whole = int(seconds)
    text = timecode(whole)
    tenths = round((seconds - whole) * 10)
    return f"{text}.{tenths}" if tenths else text


def parse_tc(value, where):
    """A chapter start from YAML ("00:01:05", or 65 if YAML read it as base 60)."""
    if isinstance(value, int):
        return value
    m = re.fullmatch(r"(\d{1,2}):([0-5]\d):([0-5]\d)", str(value).strip())
    if not m:
        raise BuildError(f"{where}: {value!r} is not a hh:mm:ss timecode")
    return int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3])


def rel(path):
    return path.relative_to(HERE)


def run(cmd):
    """Run a tool; raise BuildError with its message if it fails."""
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise BuildError(f"{cmd[0]} failed ({proc.returncode}): " + " | ".join(detail))
    return proc.stdout


def check_tools():
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        raise BuildError(f"missing tools: {', '.join(missing)} (install with: {APT})")


def inside(rel_path, what):
    """Resolve a manifest path, refusing paths that leave the collection folder."""
    path = (HERE / str(rel_path)).resolve()
    if HERE not in path.parents:
        raise BuildError(f"{what}: path {rel_path!r} leaves the collection folder")
    return path


def as_list(value):
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def parse_file(path):
    """The archive's reading of one transcript, refusing anything it would warn about."""
    if not path.is_file():
        raise BuildError(f"{rel(path)}: transcript not found")
    if path.suffix.lower() == ".docx":
        source = make_docx.source_for(path)
        if source is not None and make_docx.build(source, path):
            print(f"  rebuilt {rel(path)} from {rel(source)}")
    try:
        parsed = read_transcript(path, str(rel(path)))
    except SourceError as error:
        where = f":{error.line}" if error.line else ""
        raise BuildError(f"{error.file or rel(path)}{where}: {error.message}") from None
    for warning in parsed.warnings:
        where = f":{warning.line}" if warning.line else ""
        raise BuildError(f"{rel(path)}{where}: the archive would warn: {warning.message}")
    if not parsed.segments:
        raise BuildError(f"{rel(path)}: no timecoded segments")
    return parsed


def read_parts(testimony):
    """The testimony's recording parts, each with its segments and audio file."""
    acc = testimony["accession"]
    transcripts = [inside(t, acc) for t in as_list(testimony.get("transcript"))]
    audio = [inside(a, acc) for a in as_list(testimony.get("audio"))]
    for path in audio:
        if path.suffix.lower() not in FORMATS:
            raise BuildError(
                f"{acc}: cannot make {rel(path)}; the audio extension must be "
                f"one of {', '.join(FORMATS)}"
            )
    parts = []
    for tpath in transcripts:
        parsed = parse_file(tpath)
        for tape in range(1, parsed.parts + 1):
            segments = [
                Segment(tpath, s.line, s.start, s.speaker, s.text, i)
                for i, s in enumerate(parsed.segments)
                if s.part == tape
            ]
            chapters = [c.start for c in parsed.chapters if c.part == tape]
            parts.append(Part(len(parts) + 1, tpath, tape, segments, None, chapters))
    if len(parts) != len(audio):
        raise BuildError(
            f"{acc}: the transcripts hold {len(parts)} recording part(s) but "
            f"{len(audio)} audio file(s) are listed; they must pair up by part"
        )
    for part, apath in zip(parts, audio, strict=True):
        part.audio = apath
        for seg in part.segments:
            if not seg.label:
                raise BuildError(f"{rel(seg.file)}:{seg.line}: segment has no speaker")
        check_order(part)
    return parts


def check_order(part):
    for prev, seg in itertools.pairwise(part.segments):
        if seg.start <= prev.start:
            raise BuildError(
                f"{rel(seg.file)}:{seg.line}: timecode {fmt_tc(seg.start)} "
                f"does not come after {fmt_tc(prev.start)}"
            )


def read_translations(testimony, parts):
    """Each translation file parsed; its segment starts must be the transcript's."""
    acc = testimony["accession"]
    result = {}
    transcripts = [inside(t, acc) for t in as_list(testimony.get("transcript"))]
    for language, paths in (testimony.get("translations") or {}).items():
        paths = [inside(p, acc) for p in as_list(paths)]
        if len(paths) != len(transcripts):
            raise BuildError(
                f"{acc}: translations[{language}] lists {len(paths)} file(s) for "
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
                    f"{rel(translated)}: its timecodes differ from {rel(original)} "
                    f"from segment {first + 1} on ({len(theirs)} segments, "
                    f"{len(ours)} in the transcript)"
                )
            result.setdefault(original, []).append(translated)
    return result


def spoken_runs(text):
    """(language or None, text) pieces: Hebrew and Arabic apart from the rest."""
    runs, at = [], 0
    for m in SCRIPT_RUN.finditer(text):
        if m.start() > at:
            runs.append((None, text[at : m.start()]))
        runs.append(("he" if m["he"] else "ar", m.group()))
        at = m.end()
    runs.append((None, text[at:]))
    tidy = [(lang, re.sub(r"\s+", " ", piece).strip()) for lang, piece in runs]
    # Pieces of bare punctuation ("," between two Hebrew phrases) say nothing.
    return [(lang, piece) for lang, piece in tidy if re.search(r"\w", piece)]


def espeak(text, voice, out, txt):
    txt.write_text(text + "\n", encoding="utf-8")
    voice_args = ["-v", voice.name, "-p", str(voice.pitch), "-s", str(voice.speed)]
    run(["espeak-ng", *voice_args, "-w", str(out), "-f", str(txt)])
    with wave.open(str(out)) as w:
        if w.getframerate() != RATE or w.getnchannels() != 1:
            raise BuildError(f"espeak-ng produced an unexpected format in {out.name}")
        return w.getnframes()


def synthesize(seg, voice, workdir, tag):
    """Speak one segment with espeak-ng into a wav file; return the Clip."""
    spoken = re.sub(r"\s+", " ", ASIDE_RE.sub(" ", seg.text)).strip()
    runs = spoken_runs(spoken)
    if not runs:
        raise BuildError(f"{rel(seg.file)}:{seg.line}: segment has nothing to say")
    out = workdir / f"{tag}.wav"
    if len(runs) == 1 and runs[0][0] is None:
        return Clip(out, espeak(runs[0][1], voice, out, workdir / f"{tag}.txt"))
    pieces = []
    for k, (language, piece) in enumerate(runs):
        piece_voice = voice.in_language(language) if language else voice
        wav = workdir / f"{tag}-{k}.wav"
        espeak(piece, piece_voice, wav, workdir / f"{tag}-{k}.txt")
        pieces.append(str(wav))
    run(["sox", "-R", *pieces, str(out)])
    with wave.open(str(out)) as w:
        return Clip(out, w.getnframes())


def voice_for(label, testimony):
    """The interviewer's voice for INTERVIEWER or an interviewer's (first) name, in
    any case ("Hila Marom", "HILA"); else the witness's, by the label's first word."""
    names = testimony.get("interviewers") or []
    language = (testimony.get("languages") or ["en"])[0]
    known = {n.casefold(): n for n in names} | {n.split()[0].casefold(): n for n in names}
    key = " ".join(label.split()).casefold()
    if key == "interviewer" or key in known:
        name = known.get(key, names[0] if names else "")
        voice = INTERVIEWER_VOICES.get(name, DEFAULT_INTERVIEWER)
    else:
        voice = WITNESS_VOICES.get(key.split()[0].upper(), DEFAULT_WITNESS)
    if language != "en":
        voice = voice.in_language(ESPEAK_LANGUAGE.get(language, language))
    return voice


def speak(testimony, parts, workdir):
    for part in parts:
        part.clips = [
            synthesize(seg, voice_for(seg.label, testimony), workdir, f"p{part.number}-s{k:03d}")
            for k, seg in enumerate(part.segments)
        ]


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
                f"{rel(seg.file)}:{seg.line}: speech runs {clip.seconds:.1f} s, to "
                f"{end:.1f} s, past the next timecode [{fmt_tc(nxt.start)}] on "
                f"line {nxt.line} ({hint})"
            )


def same_time(a, b):
    return abs(a - b) < 1e-6


def chapter_starts(testimony, parts, mapping=None):
    """Check chapters point at segment starts; return their (possibly new) starts.

    The manifest's chapters are checked, or else the index points the transcript
    files carry (OHMS), which the archive then uses as chapters."""
    acc, result = testimony["accession"], []
    chapters = testimony.get("chapters") or []
    for ch in chapters:
        part = ch.get("part", 1)
        where = f"{acc} chapter {ch.get('title')!r}"
        if not 1 <= part <= len(parts):
            raise BuildError(f"{where}: part {part} does not exist")
        start = parse_tc(ch.get("start"), where)
        segments = parts[part - 1].segments
        if not any(same_time(start, s.start) for s in segments):
            raise BuildError(
                f"{where}: {fmt_tc(start)} is not a segment start in "
                f"{rel(parts[part - 1].transcript)}"
            )
        result.append(mapping[part][start] if mapping else start)
    if not chapters:
        for part in parts:
            for start in part.file_chapters:
                if not any(same_time(start, s.start) for s in part.segments):
                    raise BuildError(
                        f"{acc}: index point at {fmt_tc(start)} in {rel(part.transcript)} "
                        "is not a segment start"
                    )
    return result


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
                f"{rel(seg.file)}:{seg.line}: --retime needs exactly one timecode on the line"
            )
        edits[seg.line] = TXT_TIMECODE_RE.sub(f"[{fmt_tc(start)}]", line, count=1)
    return edits


def caption_stamp(seconds, comma):
    return srt_timestamp(seconds) if comma else vtt_timestamp(seconds)


def caption_edits(lines, segments, starts, clips, comma):
    edits = {}
    for k, (seg, start) in enumerate(zip(segments, starts, strict=True)):
        m = TIMING_RE.match(lines[seg.line - 1])
        if not m:
            raise BuildError(f"{rel(seg.file)}:{seg.line}: expected a cue timing line")
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
            raise BuildError(f"{rel(path)}: no source in docx-src/ to retime; edit it by hand")
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
        f"{rel(path)}: --retime cannot rewrite {suffix} timings (OHMS XML keeps them in a "
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
            lines[i] = f'{m[1]}"{fmt_tc(starts[k])}"{m[3]}'
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
    for tpath in dict.fromkeys(p.transcript for p in parts):
        mine = [p for p in parts if p.transcript == tpath]
        segments = [s for p in mine for s in p.segments]
        starts = [n for p in mine for n in new_starts[p.number]]
        clips = [c for p in mine for c in p.clips]
        if retime_file(tpath, segments, starts, clips):
            print(f"  retimed {rel(tpath)}")
        for translated in translations.get(tpath, []):
            parsed = read_transcript(translated, str(rel(translated)))
            theirs = [
                Segment(translated, s.line, s.start, s.speaker, s.text, i)
                for i, s in enumerate(parsed.segments)
            ]
            if retime_file(translated, theirs, starts, clips):
                print(f"  retimed {rel(translated)}")
    for part in parts:
        for seg, start in zip(part.segments, new_starts[part.number], strict=True):
            seg.start = start
    if new_chapters != old_chapters:
        rewrite_chapters(testimony["accession"], new_chapters)
        print(f"  moved the chapter starts of {testimony['accession']} in manifest.yaml")


def assemble(part, out, workdir):
    """Lay clips on a silent track so each starts at its segment's timecode."""
    slots = []
    segments, clips = part.segments, part.clips
    at = [round(seg.start * RATE) for seg in segments]
    for i, clip in enumerate(clips):
        end = at[i + 1] if i + 1 < len(segments) else at[i] + clip.samples + int(TAIL * RATE)
        lead = at[0] if i == 0 else 0
        slot = workdir / f"slot-{i:03d}.wav"
        trail = end - at[i] - clip.samples
        run(["sox", "-R", str(clip.path), str(slot), "pad", f"{lead}s", f"{trail}s"])
        slots.append(str(slot))
    run(["sox", "-R", *slots, str(out)])


# Audio path extension -> (sample rate, bits per sample, encoder command).
# Each command token is formatted with src, dst, title, artist and comment;
# None means sox writes the file itself.
ENCODERS = {
    ".mp3": (
        16000,
        16,
        "lame --quiet -m m -b 24 --tt {title} --ta {artist} --tc {comment} {src} {dst}",
    ),
    ".ogg": (
        16000,
        16,
        "oggenc -Q -q 0 --serial 1 -t {title} -a {artist} -c COMMENT={comment} -o {dst} {src}",
    ),
    ".opus": (
        16000,
        16,
        "opusenc --quiet --bitrate 16 --serial 1 --title {title} "
        "--artist {artist} --comment COMMENT={comment} {src} {dst}",
    ),
    ".flac": (
        8000,
        8,
        "flac --silent --best -f --tag=TITLE={title} --tag=ARTIST={artist} "
        "--tag=COMMENT={comment} -o {dst} {src}",
    ),
    ".m4a": (
        16000,
        16,
        "ffmpeg -nostdin -loglevel error -y -i {src} -map_metadata -1 "
        "-metadata title={title} -metadata artist={artist} -metadata comment={comment} "
        "-c:a aac -b:a 24k -fflags +bitexact -flags:a +bitexact -f mp4 {dst}",
    ),
    ".wav": (8000, 8, None),
}
FORMATS = tuple(ENCODERS)


def encoder(src, dst, tags):
    """Return (sample rate, bits per sample, command or None) to encode src into dst."""
    ext = dst.suffix.lower()
    if ext not in ENCODERS:
        raise BuildError(f"no encoder for '{ext}' (use {', '.join(FORMATS)})")
    rate, bits, template = ENCODERS[ext]
    if template is None:
        return rate, bits, None
    title, artist, comment = tags
    values = {"src": src, "dst": dst, "title": title, "artist": artist, "comment": comment}
    return rate, bits, [token.format(**values) for token in template.split()]


def resample(part_wav, rate, bits, out):
    """Resample a built part to rate and bits; 8 bits are quantized without
    dither, so that silence stays digital silence (no hiss, far smaller FLAC)."""
    dither = ["-D"] if bits == 8 else []
    run(["sox", "-R", str(part_wav), "-r", str(rate), "-b", str(bits), *dither, str(out)])


def encode(part_wav, dest, tags, workdir):
    """Resample the built part and encode it to dest (written atomically)."""
    staged, wide = workdir / "staged.wav", workdir / "staged-16bit.wav"
    tmp = dest.with_name(f".{dest.stem}.tmp{dest.suffix}")
    rate, bits, command = encoder(wide, tmp, tags)
    try:
        resample(part_wav, rate, bits, staged if bits == 8 else wide)
        if command is None:
            shutil.copyfile(staged if bits == 8 else wide, tmp)
        else:
            if bits == 8:  # 8-bit FLAC streams trip up ffmpeg: hand over 16-bit words
                run(["sox", "-R", str(staged), "-b", "16", str(wide)])
            run(command)
    except BuildError:
        tmp.unlink(missing_ok=True)
        raise
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp.replace(dest)


def audio_seconds(path):
    """Duration of an audio file as the archive reads it (mutagen)."""
    try:
        import mutagen
    except ImportError:
        raise BuildError("--check needs mutagen (use the project's python)") from None
    if not path.is_file():
        raise BuildError(f"{rel(path)}: audio file missing")
    audio = mutagen.File(path)
    if audio is None or not getattr(audio.info, "length", 0):
        raise BuildError(f"{rel(path)}: not readable as audio")
    return float(audio.info.length)


def check_testimony(testimony):
    """Parse, check chapters and translations, compare audio durations; write nothing."""
    acc = testimony.get("accession", "?")
    parts = read_parts(testimony)
    if not parts:
        print(f"{acc}: no transcript/audio")
        return
    read_translations(testimony, parts)
    chapter_starts(testimony, parts)
    for part in parts:
        last = part.segments[-1].start
        seconds = audio_seconds(part.audio)
        if seconds <= last:
            raise BuildError(
                f"{rel(part.audio)} lasts {seconds:.1f} s, but the last timecode of "
                f"part {part.number} is {fmt_tc(last)}"
            )
        print(
            f"{acc} part {part.number}: {rel(part.audio)} {seconds:.1f} s, last timecode "
            f"{fmt_tc(last)} ({len(part.segments)} segments) ok"
        )


def build_testimony(testimony, speakers, retime, workdir):
    acc = testimony.get("accession", "?")
    parts = read_parts(testimony)
    if not parts:
        print(f"{acc}: no transcript/audio, skipped")
        return
    translations = read_translations(testimony, parts)
    speak(testimony, parts, workdir)
    if retime:
        apply_retime(testimony, parts, translations)
    else:
        for part in parts:
            check_fits(part)
        chapter_starts(testimony, parts)
    artist = ", ".join(speakers.get(s, s) for s in testimony.get("speakers", []))
    comment = "Fictional demo testimony, synthesized speech (espeak-ng). CC0 1.0."
    for part in parts:
        title = testimony.get("title", acc) + (f" (part {part.number})" if len(parts) > 1 else "")
        part_wav = workdir / f"part-{part.number}.wav"
        assemble(part, part_wav, workdir)
        encode(part_wav, part.audio, (title, artist, comment), workdir)
        print(
            f"{acc} part {part.number}: {rel(part.audio)} "
            f"({len(part.segments)} segments, last at {fmt_tc(part.segments[-1].start)})"
        )


def load_manifest():
    try:
        data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BuildError(f"{MANIFEST} not found") from None
    except yaml.YAMLError as exc:
        raise BuildError(f"manifest.yaml does not parse: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("testimonies"), list):
        raise BuildError("manifest.yaml has no 'testimonies' list")
    return data


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("accessions", nargs="*", help="only these testimonies (e.g. MV-0003)")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument(
        "--retime",
        action="store_true",
        help="rewrite transcript timecodes and chapter starts to fit the speech",
    )
    mode.add_argument(
        "--check",
        action="store_true",
        help="check transcripts, chapters, translations and audio durations; write nothing",
    )
    args = ap.parse_args(argv)
    try:
        if not args.check:
            check_tools()
        data = load_manifest()
        speakers = {s.get("id"): s.get("name") for s in data.get("speakers") or []}
        chosen = [
            t
            for t in data["testimonies"]
            if not args.accessions or t.get("accession") in args.accessions
        ]
        unknown = set(args.accessions) - {t.get("accession") for t in chosen}
        if unknown:
            raise BuildError(f"no such accession(s): {', '.join(sorted(unknown))}")
        for testimony in chosen:
            if args.check:
                check_testimony(testimony)
                continue
            with tempfile.TemporaryDirectory(prefix="mv-audio-") as tmp:
                build_testimony(testimony, speakers, args.retime, Path(tmp))
    except BuildError as exc:
        print(f"make_audio: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("make_audio: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
