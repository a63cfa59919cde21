"""A text file read a piece at a time, decoded exactly as `decode_text` decodes
it whole, for a parser that reads a stream (libyaml).

A 10 MB manifest (10,000 testimonies) read whole was held three times at once:
its bytes, its text, and libyaml's UTF-8 copy of the text (33 MB traced at
the peak of reading it). Here no more than a piece is held.

The file is read twice: once to tell its encoding and take its SHA-256, once
to decode it piece by piece. A file that changed between the two is refused.
"""

from __future__ import annotations

import codecs
import hashlib
import unicodedata
from pathlib import Path

from ingest.errors import SourceError
from ingest.transcripts.encoding import (
    BOMS,
    EXPECTED,
    bom_length,
    bomless_utf16,
    decode_text,
    detect_encoding,
)

PIECE = 1 << 18  # bytes read at a time (even, so UTF-16 code units stay whole)


class DecodedFile:
    """`read(size)` gives the decoded text in order, "" at the end; `digest` is
    the SHA-256 of the file's bytes."""

    def __init__(self, path: Path, source: str) -> None:
        self.path, self.source = path, source
        self.encoding, self.digest = _encoding_and_digest(path, source)
        self._file = path.open("rb")
        self._check = hashlib.sha256()
        head = self._file.read(4)
        skip = bom_length(head, self.encoding)
        self._check.update(head[:skip])
        self._file.seek(skip)
        codec = "utf-8" if self.encoding == "utf-8-sig" else self.encoding
        self._decoder = codecs.getincrementaldecoder(codec)()
        self._pending = ""  # decoded, not yet a whole line
        self._ready, self._at = "", 0  # decoded and normalised, handed out up to _at
        self._lines = 0  # newlines handed out before _ready, for a NUL's line
        self._ended = False

    def read(self, size: int = -1) -> str:
        while not self._ended and (size < 0 or len(self._ready) - self._at < size):
            self._decode_piece()
        end = len(self._ready) if size < 0 else self._at + size
        text = self._ready[self._at : end]
        self._at = min(end, len(self._ready))
        return text

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> DecodedFile:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def _decode_piece(self) -> None:
        data = self._file.read(PIECE)
        self._check.update(data)
        self._ended = not data
        try:
            text = self._pending + self._decoder.decode(data, self._ended)
        except UnicodeDecodeError:
            # Only UTF-16 gets here; the whole file read says where, as decode_text does.
            decode_text(self.path.read_bytes(), self.source)
            raise SourceError(
                f"not valid {self.encoding.upper()}; {EXPECTED}", file=self.source
            ) from None
        # As decode_text: a BOM in mid-file dropped, line ends made LF, NFC. Only
        # whole lines are normalised: no composition or CR LF pair crosses a line end.
        text = text.replace("\ufeff", "")
        cut = len(text) if self._ended else max(text.rfind("\n"), text.rfind("\r", 0, -1)) + 1
        text, self._pending = text[:cut], text[cut:]
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if "\x00" in text:
            line = self._lines + self._ready.count("\n") + text[: text.index("\x00")].count("\n")
            raise SourceError(
                f"contains a NUL character, so it looks like a binary file; {EXPECTED}",
                file=self.source,
                line=line + 1,
            )
        self._lines += self._ready.count("\n", 0, self._at)
        self._ready = self._ready[self._at :] + unicodedata.normalize("NFC", text)
        self._at = 0
        if self._ended and self._check.digest() != self.digest:
            raise SourceError("the file changed while it was read; read it again", file=self.source)


def _encoding_and_digest(path: Path, source: str) -> tuple[str, bytes]:
    """The codec detect_encoding would choose for the whole file, and its SHA-256,
    from one pass over it a piece at a time. Only a file that is neither UTF-8 nor
    UTF-16 (Windows-1252, or damaged) is read whole to decide."""
    digest, size, zeros = hashlib.sha256(), 0, [0, 0]
    utf8 = codecs.getincrementaldecoder("utf-8")()
    valid_utf8 = True
    with path.open("rb") as file:
        head = file.read(4)
        marked = next((encoding for bom, encoding in BOMS if head.startswith(bom)), None)
        if marked == "utf-32":
            detect_encoding(head, source)  # refused, as detect_encoding refuses it
        file.seek(0)
        while data := file.read(PIECE):
            digest.update(data)
            if marked:
                continue
            size += len(data)
            zeros[0] += data[0::2].count(0)
            zeros[1] += data[1::2].count(0)
            if valid_utf8:
                try:
                    utf8.decode(data)
                except UnicodeDecodeError:
                    valid_utf8 = False
    if marked:
        return marked, digest.digest()
    try:
        utf8.decode(b"", True)
    except UnicodeDecodeError:
        valid_utf8 = False
    utf16 = bomless_utf16(size, zeros[0], zeros[1])
    if utf16:
        return utf16, digest.digest()
    if valid_utf8:
        return "utf-8", digest.digest()
    return detect_encoding(path.read_bytes(), source), digest.digest()
