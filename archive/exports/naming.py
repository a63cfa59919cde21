"""File names of exported transcripts and audio, made from accession numbers.

An accession may hold "/" (`MSS/2019/01`); it becomes "+", which an accession
cannot hold, so two accessions never share a file name. Names never hold "%",
CR or LF, which BagIt 1.0 manifests would have to percent-encode.
"""

from __future__ import annotations

import re
from pathlib import PurePath

AUDIO_SUFFIX = re.compile(r"^\.[A-Za-z0-9]{1,8}$")


def file_stem(accession: str) -> str:
    return accession.replace("/", "+")


def webvtt_name(accession: str, part: int, language: str | None = None) -> str:
    """`MV-0001.part1.vtt`; a translation adds its language code: `MV-0001.part1.en.vtt`."""
    return f"{file_stem(accession)}.part{part}{_language(language)}.vtt"


def ohms_name(accession: str, part: int) -> str:
    return f"{file_stem(accession)}.part{part}.ohms.xml"


def text_name(accession: str, language: str | None = None) -> str:
    """Plain text holds every part (`[TAPE n]` lines between them): one file a testimony."""
    return f"{file_stem(accession)}{_language(language)}.txt"


def audio_name(accession: str, part: int, original: str) -> str:
    """`MV-0001.part1.mp3`: the part's own suffix, its name left to the catalogue."""
    suffix = PurePath(original).suffix
    return (
        f"{file_stem(accession)}.part{part}{suffix.lower() if AUDIO_SUFFIX.match(suffix) else ''}"
    )


def _language(language: str | None) -> str:
    return f".{language}" if language else ""
