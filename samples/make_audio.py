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
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # the project's ingest package, when not installed
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))  # make_docx and synthesis/, beside this file

from synthesis.collection import BuildError, load_manifest, shown, timecode_with_tenths  # noqa: E402
from synthesis.encoding import assemble, audio_seconds, encode  # noqa: E402
from synthesis.parts import (  # noqa: E402
    chapter_starts,
    check_fits,
    read_parts,
    read_translations,
)
from synthesis.retiming import apply_retime  # noqa: E402
from synthesis.voices import speak  # noqa: E402

TOOLS = ["espeak-ng", "sox", "lame", "oggenc", "opusenc", "flac", "ffmpeg"]
APT = "apt-get install -y espeak-ng sox lame vorbis-tools opus-tools flac ffmpeg"


def check_tools():
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        raise BuildError(f"missing tools: {', '.join(missing)} (install with: {APT})")


def check_testimony(testimony):
    """Parse, check chapters and translations, compare audio durations; write nothing."""
    accession = testimony.get("accession", "?")
    parts = read_parts(testimony)
    if not parts:
        print(f"{accession}: no transcript/audio")
        return
    read_translations(testimony, parts)
    chapter_starts(testimony, parts)
    for part in parts:
        last = part.segments[-1].start
        seconds = audio_seconds(part.audio)
        if seconds <= last:
            raise BuildError(
                f"{shown(part.audio)} lasts {seconds:.1f} s, but the last timecode of "
                f"part {part.number} is {timecode_with_tenths(last)}"
            )
        print(
            f"{accession} part {part.number}: {shown(part.audio)} {seconds:.1f} s, last timecode "
            f"{timecode_with_tenths(last)} ({len(part.segments)} segments) ok"
        )


def build_testimony(testimony, speakers, retime, workdir):
    accession = testimony.get("accession", "?")
    parts = read_parts(testimony)
    if not parts:
        print(f"{accession}: no transcript/audio, skipped")
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
        title = testimony.get("title", accession) + (
            f" (part {part.number})" if len(parts) > 1 else ""
        )
        part_wav = workdir / f"part-{part.number}.wav"
        assemble(part, part_wav, workdir)
        encode(part_wav, part.audio, (title, artist, comment), workdir)
        print(
            f"{accession} part {part.number}: {shown(part.audio)} "
            f"({len(part.segments)} segments, "
            f"last at {timecode_with_tenths(part.segments[-1].start)})"
        )


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
