"""Bytes of a transcript to text: UTF-8 (with or without BOM), NFC-normalised."""

from __future__ import annotations

import unicodedata

from ingest.errors import SourceError


def decode_text(data: bytes, source: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(
            f"byte {error.start} is not valid UTF-8 ({data[error.start : error.start + 1]!r}); "
            "expected a UTF-8 text file",
            file=source,
            line=line,
        ) from None
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
