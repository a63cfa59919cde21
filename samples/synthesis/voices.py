"""Each speaker's espeak-ng voice, and segments spoken into clips."""

from __future__ import annotations

import re
import wave
from dataclasses import dataclass

from synthesis.collection import RATE, BuildError, run, shown
from synthesis.parts import Clip

ASIDE_RE = re.compile(r"\([^)]*\)|\[[^\]]*\]")  # "(laughs)" is not spoken

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
        raise BuildError(f"{shown(seg.file)}:{seg.line}: segment has nothing to say")
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
