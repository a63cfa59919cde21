"""A generated collection for benchmarks: a manifest, plain-text transcripts
and tiny but valid WAV files, the same every time for the same arguments.

Transcripts are pseudo-English drawn from a few thousand words with Zipf-like
frequencies (so a search bench finds both common and rare words), with
`[hh:mm:ss]` timecodes about ten seconds apart and speaker turns. Each WAV is
8-bit mono at 8 Hz: mutagen reads a duration that covers the last timecode
while the file stays a few kilobytes.
"""

from __future__ import annotations

import random
import re
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import accumulate
from pathlib import Path

import yaml

from archive.timecodes import timecode
from archive.vocabularies import load_themes


def _words(text: str) -> tuple[str, ...]:
    """Whitespace-separated words: long word lists stay readable as prose."""
    return tuple(text.split())


COLLECTION_ID = "bench"
AUDIO_RATE = 8  # frames per second: an hour of audio is 28.8 KB
ZIPF_EXPONENT = 1.0
ZIPF_OFFSET = 2.7  # Zipf-Mandelbrot: flattens the very top ranks a little

# The most frequent words of spoken English, in rank order.
COMMON_WORDS = _words("""
the and i to a of was we in it my that he they you she had there were his her with for
on but at so all not they were our us from when then one them what this would be is
me have said no very out there about up because people father mother would went know
time house like came could did just years home family school city old after back
little day go first children brother sister street remember went two again never
war night work shop some even where year left many who told money jews came told
way men women still only before everything friends how took life came here came now
""")
PLACES = _words(
    "Baghdad Tripoli Aden Casablanca Tehran Damascus Basra Cairo Alexandria Tunis "
    "Algiers Fez Marrakesh Sanaa Beirut Aleppo Shiraz Isfahan Haifa Marseille Naples "
    "Paris Lod Jerusalem Benghazi Mosul Oran Djerba Meknes Constantine Hamadan Mashhad"
)
FIRST_NAMES = _words(
    "Naima Ezra Miriam Yosef Rachel Salim Farha Moshe Esther Daoud Simha Nissim Aziza "
    "Shaul Louise Raphael Mazal Avraham Yvette Eliyahu Regina Menashe Flora Sasson "
    "Habiba Yaakov Sultana David Marcelle Haim Reina Shimon Victorine Meir Gracia Albert"
)
SURNAMES = _words(
    "Dallal Sasson Toledano Cohen Levy Mizrahi Shamash Abergel Benarroch Haddad Nahmias "
    "Khalastchi Somekh Dangoor Hakim Bensimon Attias Azoulay Elmaleh Sabbagh Gabbai "
    "Shasha Yona Zilkha Amzalag Tawil Nassi Ohana Kadouri Moreh Yerushalmi Sarraf"
)
COUNTRIES = ("IQ", "LY", "YE", "MA", "IR", "SY", "EG", "TN", "DZ", "LB", "Aden")
CITIES = {
    "IQ": "Baghdad",
    "LY": "Tripoli",
    "YE": "Sanaa",
    "MA": "Casablanca",
    "IR": "Tehran",
    "SY": "Damascus",
    "EG": "Cairo",
    "TN": "Tunis",
    "DZ": "Algiers",
    "LB": "Beirut",
    "Aden": "Aden",
}
DESTINATIONS = ("IL", "FR", "US", "GB", "CA", "IT")
LANGUAGES = ("ar", "he", "fr", "fa", "it", "en")
CHAPTER_TITLES = ("Childhood", "The years of fear", "Leaving", "Arrival", "Afterwards")


@dataclass(frozen=True)
class BenchCollection:
    """What was generated: where, and how much text and audio."""

    folder: Path
    testimonies: int
    words: int
    segments: int
    transcript_bytes: int
    audio_bytes: int


@cache
def vocabulary(size: int = 4000) -> tuple[str, ...]:
    """Words in frequency rank order: common English first, places spread through
    the middle ranks, pseudo-words (some very rare) for the rest."""
    pseudo = _pseudo_words(size - len(COMMON_WORDS) - len(PLACES))
    words = list(dict.fromkeys(COMMON_WORDS)) + pseudo
    step = (len(words) - 200) // len(PLACES)
    for number, place in enumerate(PLACES):
        words.insert(150 + number * step, place)
    return tuple(words)


def _pseudo_words(count: int) -> list[str]:
    rng = random.Random(0)
    onsets = _words("b c d f g h j k l m n p r s t v w br cr dr fl gr pl pr sh st th tr")
    nuclei = _words("a e i o u ai ea ee oo ou")
    codas = ["", "", "", "n", "r", "s", "t", "l", "nd", "st", "ck", "m"]
    words: dict[str, None] = {}
    while len(words) < count:
        syllables = rng.choice((1, 1, 2, 2, 2, 3))
        word = "".join(
            rng.choice(onsets) + rng.choice(nuclei) + rng.choice(codas) for _ in range(syllables)
        )
        # Tape and side markers start a new recording part in a transcript.
        if word not in COMMON_WORDS and word not in ("tape", "part", "side"):
            words[word] = None
    return list(words)


@cache
def _cumulative_weights(size: int) -> tuple[float, ...]:
    return tuple(accumulate(1 / (rank + ZIPF_OFFSET) ** ZIPF_EXPONENT for rank in range(size)))


def common_words(count: int) -> list[str]:
    """The most frequent generated words that are not stop-word-short (for queries)."""
    return [w for w in vocabulary() if len(w) > 3][:count]


def rare_words(count: int) -> list[str]:
    """The least frequent words of the vocabulary (for queries)."""
    return list(vocabulary()[-count:])


def _sentences(rng: random.Random, count: int, question: bool = False) -> list[str]:
    """`count` words as sentences: capitalised, commas now and then, a full stop."""
    words = vocabulary()
    drawn = rng.choices(words, cum_weights=_cumulative_weights(len(words)), k=count)
    sentences, start = [], 0
    while start < count:
        length = rng.randint(6, 22)
        chunk = drawn[start : start + length]
        start += length
        if len(chunk) > 8 and rng.random() < 0.4:
            chunk[len(chunk) // 2] += ","
        ending = "?" if question else ("." if rng.random() < 0.9 else "!")
        sentences.append(chunk[0].capitalize() + " " * (len(chunk) > 1) + " ".join(chunk[1:]))
        sentences[-1] += ending
    return sentences


@dataclass(frozen=True)
class _Transcript:
    text: str
    words: int
    segments: int
    last_start: int


def _roles(rng: random.Random, segments: int, narrators: list[str]) -> list[str | None]:
    """Who opens each segment: INTERVIEWER, a narrator's label, or None (same speaker)."""
    roles: list[str | None] = ["INTERVIEWER"]
    speaker = narrators[0]
    while len(roles) < segments:
        if roles[-1] == "INTERVIEWER":
            speaker = rng.choice(narrators)
            roles.append(speaker)
        else:
            roles.append("INTERVIEWER" if rng.random() < 0.3 else None)
    return roles


def transcript(
    rng: random.Random, title: str, narrators: list[str], words: int, segments: int
) -> _Transcript:
    """A plain-text transcript of about `words` words in exactly `segments` segments."""
    roles = _roles(rng, segments, narrators)
    weights = [0.15 if role == "INTERVIEWER" else rng.uniform(0.6, 1.4) for role in roles]
    scale = words / sum(weights)
    lines = [f"Title: {title}", "Language: en", ""]
    start = total = 0
    for number, (role, weight) in enumerate(zip(roles, weights, strict=True)):
        if number:
            start += rng.randint(6, 14)
        count = max(4, round(weight * scale))
        total += count
        sentences = _sentences(rng, count, question=role == "INTERVIEWER")
        label = f"{role}: " if role else ""
        paragraph = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
        lines.append(f"[{timecode(start)}] {label}{paragraph[0]}")
        lines += paragraph[1:]
    return _Transcript("\n".join(lines) + "\n", total, segments, start)


def write_wav(path: Path, seconds: int) -> int:
    """A valid, silent WAV of `seconds` at 8 Hz, 8-bit mono; returns its size."""
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(1)
        handle.setframerate(AUDIO_RATE)
        handle.writeframes(b"\x80" * (seconds * AUDIO_RATE))
    return path.stat().st_size


TITLES = (
    "Leaving {city}",
    "Childhood in {city}",
    "The last years in {city}",
    "A family from {city}",
    "From {city} to {place}",
)
PLACES_RECORDED = ("Ramat Gan", "Paris", "New York", "Montreal", "London", "Netanya", "Holon")


def speaker_entries(rng: random.Random, count: int) -> list[dict]:
    """`count` speakers with the manifest's fields, each with a unique id."""
    themes = sorted(load_themes())
    names = [(first, last) for last in SURNAMES for first in FIRST_NAMES]
    rng.shuffle(names)
    entries = []
    for number in range(count):
        first, last = names[number % len(names)]
        country = rng.choice(COUNTRIES)
        born = rng.randint(1925, 1960)
        entries.append(
            {
                "id": f"{first}-{last}-{number + 1:03d}".lower(),
                "name": f"{first} {last}",
                "name_variants": [f"{first[0]}. {last}"],
                "birth_year": born,
                "birthplace": CITIES[country],
                "origin_countries": [country],
                "departure_year": born + rng.randint(5, 30),
                "destinations": [rng.choice(DESTINATIONS)],
                "languages": sorted({"ar", rng.choice(LANGUAGES)}),
                "biography": " ".join(_sentences(rng, 40)),
                "speaks_on": rng.sample(themes, 2),
                "formats": ["in_person"],
                "available": rng.random() < 0.5,
            }
        )
    return entries


def testimony_entry(
    rng: random.Random, number: int, speakers: list[dict], words: int, segments: int
) -> tuple[dict, _Transcript]:
    """One manifest entry and its transcript; one speaker, now and then two."""
    accession = f"BENCH-{number:05d}"
    chosen = [rng.choice(speakers)]
    if rng.random() < 0.08:
        chosen.append(rng.choice(speakers))
    country = chosen[0]["origin_countries"][0]
    title = rng.choice(TITLES).format(city=CITIES[country], place=rng.choice(PLACES))
    narrators = [s["name"].split()[0].upper() for s in chosen]
    text = transcript(rng, title, narrators, words, segments)
    left = chosen[0]["departure_year"]
    access = rng.choices(("public", "restricted", "embargoed"), weights=(85, 10, 5))[0]
    entry = {
        "accession": accession,
        "title": title,
        "speakers": list(dict.fromkeys(s["id"] for s in chosen)),
        "interviewers": [f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"],
        "recorded": f"{rng.randint(1995, 2023)}-{rng.randint(1, 12):02d}",
        "place": rng.choice(PLACES_RECORDED),
        "languages": ["en"],
        "summary": " ".join(_sentences(rng, 50)),
        "countries": [country],
        "years": f"{left - rng.randint(0, 8)}-{left}",
        "themes": rng.sample(sorted(load_themes()), rng.randint(1, 4)),
        "access": access,
        "rights": "CC BY-NC 4.0",
        "transcript": f"transcripts/{accession}.txt",
        "audio": [f"audio/{accession}.wav"],
        "chapters": [
            {
                "start": timecode(text.last_start * n // 3),
                "title": CHAPTER_TITLES[n],
                "keywords": [CITIES[country], rng.choice(PLACES)],
            }
            for n in range(3)
        ],
    }
    if access == "embargoed":
        entry["embargo_until"] = date(rng.randint(2027, 2040), 1, 1)
    return entry, text


def programmes_and_talks(speakers: list[dict], testimonies: list[dict]) -> dict:
    """One campus season with a talk per ten testimonies (at most twenty)."""
    talks = [
        {
            "id": f"talk-{n + 1:02d}",
            "programme": "bench-season",
            "title": f"Talk {n + 1}",
            "speakers": testimonies[n * 10]["speakers"][:1],
            "date": date(2026, 3, 1 + n),
            "status": "delivered",
            "testimonies": [testimonies[n * 10]["accession"]],
        }
        for n in range(min(20, len(testimonies) // 10))
    ]
    programme = {"id": "bench-season", "title": "Bench season", "kind": "campus_season"}
    return {"programmes": [programme], "talks": talks}


def generate_collection(
    folder: Path, testimonies: int = 1000, words: int = 12000, segments: int = 80, seed: int = 1
) -> BenchCollection:
    """Write the collection into folder (created if needed) and say what it holds."""
    for sub in ("transcripts", "audio"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    speakers = speaker_entries(
        random.Random(f"bench-speakers:{seed}"), min(300, max(3, testimonies // 3))
    )
    entries: list[dict] = []
    totals = {"words": 0, "segments": 0, "transcript_bytes": 0, "audio_bytes": 0}
    for number in range(1, testimonies + 1):
        rng = random.Random(f"bench:{seed}:{number}")
        entry, text = testimony_entry(rng, number, speakers, words, segments)
        path = folder / entry["transcript"]
        path.write_text(text.text, encoding="utf-8")
        seconds = text.last_start + rng.randint(5, 30)
        totals["audio_bytes"] += write_wav(folder / entry["audio"][0], seconds)
        totals["transcript_bytes"] += path.stat().st_size
        totals["words"] += text.words
        totals["segments"] += text.segments
        entries.append(entry)
    manifest = {
        "collection": {
            "id": COLLECTION_ID,
            "title": "Benchmark collection (generated)",
            "fictional": True,
            "notice": "Generated text for benchmarks: every testimony is fictional.",
        },
        "speakers": speakers,
        "testimonies": entries,
        **programmes_and_talks(speakers, entries),
    }
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    with (folder / "manifest.yaml").open("w", encoding="utf-8") as handle:
        yaml.dump(manifest, handle, Dumper=dumper, sort_keys=False, allow_unicode=True)
    return BenchCollection(folder, testimonies, **totals)


def transcript_files(folder: Path) -> list[Path]:
    """The generated transcripts in accession order."""
    return sorted((folder / "transcripts").glob("*.txt"))


SEGMENT_START = re.compile(r"^\[\d{2}:\d{2}:\d{2}\] ", re.MULTILINE)
SPEAKER_LABEL = re.compile(r"^[A-Z][A-Z .'\-]{0,40}: ")


def segment_documents(path: Path) -> Iterator[tuple[str, str]]:
    """(id, text) per timecoded segment, speaker label removed, as the parser splits it."""
    pieces = SEGMENT_START.split(path.read_text(encoding="utf-8"))
    for number, body in enumerate(pieces[1:]):
        yield f"{path.stem}:{number}", SPEAKER_LABEL.sub("", body, count=1)


def write_raw_index(folder: Path, index_dir: Path, *, stored_text: bool = False) -> int:
    """The floor both benchmarks compare with: one document per segment in a
    plain Whoosh schema (default analyzer), one writer, one commit; returns
    the documents written. stored_text keeps the text for raw snippets."""
    from whoosh import index
    from whoosh.fields import ID, TEXT, Schema

    index_dir.mkdir(parents=True)
    schema = Schema(id=ID(stored=True), text=TEXT(stored=stored_text))
    writer = index.create_in(str(index_dir), schema).writer(limitmb=128)
    documents = 0
    for path in transcript_files(folder):
        for doc_id, text in segment_documents(path):
            writer.add_document(id=doc_id, text=text)
            documents += 1
    writer.commit()
    return documents


def open_catalogue(data_dir: Path):
    """A new, migrated SQLite catalogue in data_dir: (sessions, index_dir, engine)."""
    # Imported here so that a raw Whoosh child process never loads SQLAlchemy.
    from archive.database import make_engine, make_session_factory, upgrade_database
    from archive.settings import Settings

    settings = Settings.from_environ({"TESTIMONY_DATA_DIR": str(data_dir)})
    engine = make_engine(settings)
    upgrade_database(engine)
    return make_session_factory(engine), settings.index_dir, engine
