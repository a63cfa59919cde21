"""A recording part laid out on its timecodes and encoded to the audio format its path names."""

from __future__ import annotations

import shutil

from synthesis.collection import RATE, BuildError, run, shown

TAIL = 1.5  # seconds of silence after the last segment of a part


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
        raise BuildError(f"{shown(path)}: audio file missing")
    audio = mutagen.File(path)
    if audio is None or not getattr(audio.info, "length", 0):
        raise BuildError(f"{shown(path)}: not readable as audio")
    return float(audio.info.length)
