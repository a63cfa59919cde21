#!/usr/bin/env python3
"""Regenerate the synthetic audio of the mena-voices demo collection.

Every recording in this collection is synthetic speech. For each testimony in
manifest.yaml this script reads the transcript of every recording part,
speaks each segment with espeak-ng (one voice for the interviewer, another for
the witness), and lays the clips end to end so that each segment's speech
starts exactly at its transcript timecode, padding with silence (sox). The
result is encoded, mono, to the format named by the audio path's extension:
.mp3 (lame, 24 kbit/s), .ogg (oggenc, Vorbis), .opus (opusenc, 16 kbit/s) and
.m4a (ffmpeg, AAC 24 kbit/s) at 16 kHz; .flac (flac) and .wav (sox) as
8-bit samples at 8 kHz, to keep the demo collection small.

If a segment's speech would run past the next segment's timecode the script
stops and names the transcript file and line. With --retime it instead
rewrites the transcript timecodes (each segment starts at the previous start
plus the previous segment's speech plus a one-second pause, rounded up to a whole
second), moves the chapter starts in manifest.yaml along with them, and then
builds the audio.

Usage (from the repository root):

    /work/main/.venv/bin/python samples/make_audio.py            # all
    /work/main/.venv/bin/python samples/make_audio.py MV-0003    # one
    /work/main/.venv/bin/python samples/make_audio.py --retime

Needs python3 with PyYAML and the Debian packages espeak-ng, sox, lame,
vorbis-tools, opus-tools, flac and ffmpeg. These tools are only needed to
regenerate the demo audio; the archive itself does not use them.
Output is deterministic as far as the tools allow (fixed Ogg serial numbers,
sox in repeatable mode, ffmpeg bit-exact flags).
"""

import argparse
import itertools
import math
import re
import shutil
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "manifest.yaml"
RATE = 22050  # espeak-ng's native sample rate; parts are built at it
PAUSE = 1.0  # seconds of silence after each segment when retiming
TAIL = 1.5  # seconds of silence after the last segment of a part
TOOLS = ["espeak-ng", "sox", "lame", "oggenc", "opusenc", "flac", "ffmpeg"]
APT = "apt-get install -y espeak-ng sox lame vorbis-tools opus-tools flac ffmpeg"

TIMECODE_RE = re.compile(r"^\[(\d{2}):([0-5]\d):([0-5]\d)\]\s*(.*)$")
LABEL_RE = re.compile(r"^([A-Z][A-Z .'\-]*):\s*(.*)$")
ASIDE_RE = re.compile(r"\([^)]*\)|\[[^\]]*\]")  # "(laughs)" is not spoken
START_RE = re.compile(r"""^(\s*(?:-\s+)?start:\s*)(["']?)\d{1,2}:\d{2}:\d{2}\2(\s*(?:#.*)?)$""")


@dataclass(frozen=True)
class Voice:
    """An espeak-ng voice: name (with variant), pitch 0-99, words per minute."""

    name: str
    pitch: int
    speed: int


# Interviewers are voiced by name (from the manifest), witnesses by the label
# used in the transcript (their first name in capitals).
INTERVIEWER_VOICES = {
    "Hila Marom": Voice("en-us+f2", 60, 160),
    "Tom Avital": Voice("en-us+m3", 40, 165),
}
DEFAULT_INTERVIEWER = Voice("en-us+m1", 45, 165)
WITNESS_VOICES = {
    "NAIMA": Voice("en-gb+f4", 48, 150),
    "RAFFAELE": Voice("en-gb+m7", 35, 150),
    "SAADIA": Voice("en-gb-x-rp+m2", 42, 152),
    "LUCIENNE": Voice("en-gb+f3", 62, 158),
    "MESSODY": Voice("en-gb+f5", 55, 158),
    "NESSIM": Voice("en-gb+m4", 30, 150),
}
DEFAULT_WITNESS = Voice("en-gb+m1", 50, 155)


class BuildError(Exception):
    """An expected failure, reported as one clear line without a traceback."""


@dataclass
class Segment:
    line: int  # 1-based line number of the timecode in the transcript
    start: int  # seconds from the start of the part
    label: str
    text: str


@dataclass
class Clip:
    path: Path
    samples: int

    @property
    def seconds(self):
        return self.samples / RATE


def fmt_tc(seconds):
    """Seconds as hh:mm:ss."""
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def parse_tc(value, where):
    """A chapter start from YAML ("00:01:05", or 65 if YAML read it as base 60)."""
    if isinstance(value, int):
        return value
    m = re.fullmatch(r"(\d{1,2}):([0-5]\d):([0-5]\d)", str(value).strip())
    if not m:
        raise BuildError(f"{where}: {value!r} is not a hh:mm:ss timecode")
    return int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3])


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


def inside(rel, what):
    """Resolve a manifest path, refusing paths that leave the collection folder."""
    path = (HERE / str(rel)).resolve()
    if HERE not in path.parents:
        raise BuildError(f"{what}: path {rel!r} leaves the collection folder")
    return path


def read_transcript(path):
    """Return (lines, segments) of a plain-text transcript (docs/manifest.md)."""
    name = path.relative_to(HERE)
    if not path.is_file():
        raise BuildError(f"{name}: transcript not found")
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    if lines and not TIMECODE_RE.match(lines[0]):
        while i < len(lines) and lines[i].strip():
            i += 1  # skip the header block
    segments, label = [], None
    for n in range(i, len(lines)):
        text = lines[n].strip()
        m = TIMECODE_RE.match(text)
        if m:
            rest = m[4]
            lm = LABEL_RE.match(rest)
            if lm:
                label, rest = lm[1].strip(), lm[2]
            if label is None:
                raise BuildError(f"{name}:{n + 1}: segment has no speaker label")
            start = int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3])
            segments.append(Segment(n + 1, start, label, rest.strip()))
        elif text and not segments:
            raise BuildError(f"{name}:{n + 1}: text before the first timecode")
        elif text:
            segments[-1].text += " " + text
    if not segments:
        raise BuildError(f"{name}: no timecoded segments")
    return lines, segments


def check_order(name, segments):
    for prev, seg in itertools.pairwise(segments):
        if seg.start <= prev.start:
            raise BuildError(
                f"{name}:{seg.line}: timecode {fmt_tc(seg.start)} "
                f"does not come after {fmt_tc(prev.start)}"
            )


def synthesize(seg, voice, workdir, tag):
    """Speak one segment with espeak-ng into a wav file; return the Clip."""
    spoken = re.sub(r"\s+", " ", ASIDE_RE.sub(" ", seg.text)).strip()
    if not spoken:
        raise BuildError(f"{tag}: line {seg.line} has nothing to say")
    txt, out = workdir / f"{tag}.txt", workdir / f"{tag}.wav"
    txt.write_text(spoken + "\n", encoding="utf-8")
    voice_args = ["-v", voice.name, "-p", str(voice.pitch), "-s", str(voice.speed)]
    run(["espeak-ng", *voice_args, "-w", str(out), "-f", str(txt)])
    with wave.open(str(out)) as w:
        if w.getframerate() != RATE or w.getnchannels() != 1:
            raise BuildError(f"espeak-ng produced an unexpected format in {out.name}")
        return Clip(out, w.getnframes())


def check_fits(name, segments, clips):
    """Fail if any segment's speech runs past the next segment's timecode."""
    for (seg, nxt), clip in zip(itertools.pairwise(segments), clips, strict=False):
        end = seg.start + clip.seconds
        if end > nxt.start:
            raise BuildError(
                f"{name}:{seg.line}: speech runs {clip.seconds:.1f} s, to "
                f"{end:.1f} s, past the next timecode [{fmt_tc(nxt.start)}] on "
                f"line {nxt.line} (rerun with --retime to rewrite the timecodes)"
            )


def retimed(segments, clips):
    """New start seconds: previous start + its speech + PAUSE, rounded up."""
    starts = [segments[0].start]
    for clip in clips[:-1]:
        starts.append(math.ceil(starts[-1] + clip.seconds + PAUSE))
    return starts


def rewrite_transcript(path, lines, segments, starts):
    """Replace the timecode of each segment line; return True if anything changed."""
    new = list(lines)
    for seg, start in zip(segments, starts, strict=True):
        new[seg.line - 1] = re.sub(
            r"^\[\d{2}:\d{2}:\d{2}\]", f"[{fmt_tc(start)}]", new[seg.line - 1].strip()
        )
    if new == lines:
        return False
    path.write_text("\n".join(new) + "\n", encoding="utf-8")
    return True


def chapter_starts(testimony, parts, mapping=None):
    """Check chapters point at segment starts; return their (possibly new) starts."""
    acc, result = testimony["accession"], []
    for ch in testimony.get("chapters") or []:
        part = ch.get("part", 1)
        where = f"{acc} chapter {ch.get('title')!r}"
        if not 1 <= part <= len(parts):
            raise BuildError(f"{where}: part {part} does not exist")
        start = parse_tc(ch.get("start"), where)
        segments = parts[part - 1][1]
        if start not in {s.start for s in segments}:
            raise BuildError(
                f"{where}: {fmt_tc(start)} is not a segment start in "
                f"{parts[part - 1][0].relative_to(HERE)}"
            )
        result.append(mapping[part][start] if mapping else start)
    return result


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


def assemble(segments, clips, out, workdir):
    """Lay clips on a silent track so each starts at its segment's timecode."""
    slots = []
    for i, (seg, clip) in enumerate(zip(segments, clips, strict=True)):
        end = (
            segments[i + 1].start * RATE
            if i + 1 < len(segments)
            else seg.start * RATE + clip.samples + int(TAIL * RATE)
        )
        lead = seg.start * RATE if i == 0 else 0
        slot = workdir / f"slot-{i:03d}.wav"
        trail = end - seg.start * RATE - clip.samples
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


def pair_parts(testimony):
    """The testimony's (transcript path, audio path) pairs, in part order."""
    acc = testimony["accession"]
    transcripts = testimony.get("transcript") or []
    if isinstance(transcripts, str):
        transcripts = [transcripts]
    audio = testimony.get("audio") or []
    if isinstance(audio, str):
        audio = [audio]
    if len(transcripts) != len(audio):
        raise BuildError(
            f"{acc}: {len(transcripts)} transcript(s) but "
            f"{len(audio)} audio file(s); they must pair up by part"
        )
    for name in audio:
        if Path(str(name)).suffix.lower() not in FORMATS:
            raise BuildError(
                f"{acc}: cannot make {name!r}; the audio extension must be "
                f"one of {', '.join(FORMATS)}"
            )
    return [(inside(t, acc), inside(a, acc)) for t, a in zip(transcripts, audio, strict=True)]


def voice_for(label, testimony):
    if label == "INTERVIEWER":
        names = testimony.get("interviewers") or []
        return INTERVIEWER_VOICES.get(names[0] if names else "", DEFAULT_INTERVIEWER)
    return WITNESS_VOICES.get(label, DEFAULT_WITNESS)


def speak_parts(testimony, pairs, workdir):
    """Read and synthesize every part: list of (transcript, lines, segments, clips)."""
    parts = []
    for p, (tpath, _) in enumerate(pairs, 1):
        lines, segments = read_transcript(tpath)
        check_order(tpath.relative_to(HERE), segments)
        clips = [
            synthesize(seg, voice_for(seg.label, testimony), workdir, f"p{p}-s{k:03d}")
            for k, seg in enumerate(segments)
        ]
        parts.append((tpath, lines, segments, clips))
    return parts


def apply_retime(testimony, parts):
    """Rewrite transcripts and chapter starts to fit the speech; update segments."""
    mapping, new_starts = {}, []
    for p, (_, _, segments, clips) in enumerate(parts, 1):
        new_starts.append(retimed(segments, clips))
        mapping[p] = {s.start: n for s, n in zip(segments, new_starts[-1], strict=True)}
    by_part = [(tpath, segments) for tpath, _, segments, _ in parts]
    old_chapters = chapter_starts(testimony, by_part)
    new_chapters = chapter_starts(testimony, by_part, mapping)
    for (tpath, lines, segments, _), starts in zip(parts, new_starts, strict=True):
        if rewrite_transcript(tpath, lines, segments, starts):
            print(f"  retimed {tpath.relative_to(HERE)}")
        for seg, start in zip(segments, starts, strict=True):
            seg.start = start
    if new_chapters != old_chapters:
        rewrite_chapters(testimony["accession"], new_chapters)
        print(f"  moved the chapter starts of {testimony['accession']} in manifest.yaml")


def build_testimony(testimony, speakers, retime, workdir):
    acc = testimony.get("accession", "?")
    pairs = pair_parts(testimony)
    if not pairs:
        print(f"{acc}: no transcript/audio, skipped")
        return
    parts = speak_parts(testimony, pairs, workdir)
    if retime:
        apply_retime(testimony, parts)
    else:
        for tpath, _, segments, clips in parts:
            check_fits(tpath.relative_to(HERE), segments, clips)
        chapter_starts(testimony, [(t, s) for t, _, s, _ in parts])
    artist = ", ".join(speakers.get(s, s) for s in testimony.get("speakers", []))
    comment = "Fictional demo testimony, synthesized speech (espeak-ng). CC0 1.0."
    for p, ((_, _, segments, clips), (_, apath)) in enumerate(zip(parts, pairs, strict=True), 1):
        title = testimony.get("title", acc) + (f" (part {p})" if len(parts) > 1 else "")
        part_wav = workdir / f"part-{p}.wav"
        assemble(segments, clips, part_wav, workdir)
        encode(part_wav, apath, (title, artist, comment), workdir)
        print(
            f"{acc} part {p}: {apath.relative_to(HERE)} "
            f"({len(segments)} segments, last at {fmt_tc(segments[-1].start)})"
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
    ap.add_argument(
        "--retime",
        action="store_true",
        help="rewrite transcript timecodes and chapter starts to fit the speech",
    )
    args = ap.parse_args(argv)
    try:
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
