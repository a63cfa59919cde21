"""Bytes of a transcript to text: UTF-8, UTF-16 or Windows-1252, NFC with LF newlines."""

from __future__ import annotations

import codecs
import re
import unicodedata

from ingest.errors import SourceError

EXPECTED = "expected UTF-8, UTF-16 or Windows-1252 text"

# Longest first: the UTF-32 LE BOM begins with the UTF-16 LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# C0 controls that never occur in a text file (tab, LF, FF and CR do).
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
NON_ASCII_RUN = re.compile(rb"[\x80-\xff]+")
# Decoded with "surrogateescape", each byte that is not UTF-8 becomes U+DC80-U+DCFF.
INVALID_UTF8 = re.compile("[\udc80-\udcff]")
NON_ASCII = re.compile("[^\x00-\x7f]")


def decode_text(data: bytes, source: str) -> str:
    encoding = detect_encoding(data, source)
    body = data[bom_length(data, encoding) :]
    try:
        text = body.decode("utf-8" if encoding == "utf-8-sig" else encoding)
    except UnicodeDecodeError as error:
        # Only UTF-16 gets here: detection has already proved UTF-8 and cp1252 decode.
        offset = error.start + len(data) - len(body)
        raise SourceError(
            f"byte {offset} is not valid {encoding.upper()} ({error.reason}); {EXPECTED}",
            file=source,
            line=body[: error.start].decode(encoding, "replace").count("\n") + 1,
        ) from None
    # A BOM pasted in mid-file (after indentation, from a concatenated file) is
    # invisible but would hide the speaker label after it; as a zero-width
    # no-break space it is deprecated, so nothing is lost.
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise SourceError(
            f"contains a NUL character, so it looks like a binary file; {EXPECTED}",
            file=source,
            line=text[: text.index("\x00")].count("\n") + 1,
        )
    return unicodedata.normalize("NFC", text)


def detect_encoding(data: bytes, source: str | None = None) -> str:
    """The codec to read `data` with: utf-8-sig, utf-8, utf-16-le, utf-16-be or cp1252.

    A byte-order mark decides; without one, UTF-16 is recognised by its NUL bytes,
    then valid UTF-8 wins, then Windows-1252 if the bytes look like it. Anything
    else is a SourceError rather than a guess that would garble the transcript.
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            if encoding == "utf-32":
                raise SourceError(
                    "UTF-32 is not supported; expected UTF-8, UTF-16 or Windows-1252",
                    file=source,
                    line=1,
                )
            return encoding
    utf16 = bomless_utf16(len(data), data[0::2].count(0), data[1::2].count(0))
    if utf16:
        return utf16
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = error.start
    else:
        return "utf-8"
    valid, invalid = _utf8_counts(data)
    if valid > invalid:
        # Read as Windows-1252, every one of its accented letters would be garbled.
        raise SourceError(
            f"byte {bad} is not valid UTF-8 ({data[bad : bad + 1]!r}) in a file that is "
            f"otherwise UTF-8 ({valid} non-ASCII characters read as UTF-8, {invalid} "
            f"{'byte does' if invalid == 1 else 'bytes do'} not): "
            f"it looks damaged; {EXPECTED}",
            file=source,
            line=data[:bad].count(b"\n") + 1,
        )
    reason = _not_cp1252(data)
    if reason is None:
        return "cp1252"
    raise SourceError(
        f"byte {bad} is not valid UTF-8 ({data[bad : bad + 1]!r}) and the file does not look "
        f"like Windows-1252 either ({reason}); {EXPECTED}",
        file=source,
        line=data[:bad].count(b"\n") + 1,
    )


def _utf8_counts(data: bytes) -> tuple[int, int]:
    """Non-ASCII characters that are valid UTF-8, and bytes that are not.

    Windows-1252 text is almost never valid UTF-8 by accident (an accented letter
    would have to be followed by the right punctuation bytes), so where the valid
    characters outnumber the invalid bytes, the file is UTF-8 with a few damaged bytes.
    """
    text = data.decode("utf-8", "surrogateescape")
    invalid = len(INVALID_UTF8.findall(text))
    return len(NON_ASCII.findall(text)) - invalid, invalid


def bom_length(data: bytes, encoding: str) -> int:
    bom = {
        "utf-8-sig": codecs.BOM_UTF8,
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
    }.get(encoding, b"")
    return len(bom) if bom and data.startswith(bom) else 0


def bomless_utf16(size: int, even: int, odd: int) -> str | None:
    """UTF-16 without a BOM, told by the zero high byte of its ASCII characters:
    `size` bytes of which `even` zero bytes at even offsets, `odd` at odd ones.

    Timecodes, spaces, digits and newlines are ASCII even in Hebrew or Chinese
    transcripts, so a third of the code units having a zero byte on one side is
    plenty; the other side may hold a few zeros (U+0100, U+4E00...) but far fewer.
    Text in any 8-bit encoding has no NUL bytes at all.
    """
    units = size // 2
    if units < 2 or size % 2:
        return None
    if odd >= units * 0.3 and even * 4 < odd:
        return "utf-16-le"
    if even >= units * 0.3 and odd * 4 < even:
        return "utf-16-be"
    return None


def _not_cp1252(data: bytes) -> str | None:
    """Why `data` is not Windows-1252 text, or None if it may well be.

    Almost any byte string decodes as cp1252, so decoding alone proves nothing.
    Western European text has its non-ASCII letters one or two at a time inside
    otherwise ASCII words (Crémieux, Größe, informação, “École”). Double-byte
    encodings of Chinese, Japanese and Korean (GB2312, Big5, EUC) and the 8-bit
    encodings of Cyrillic, Greek, Hebrew and Arabic put whole words in bytes
    >= 0x80, so most of their non-ASCII bytes sit in runs of three or more. When
    more than 30% do, the file is refused. Latin-2 and similar Latin alphabets
    still pass and may lose a few letters: that is the accepted limit.
    """
    try:
        data.decode("cp1252")
    except UnicodeDecodeError as error:
        byte = data[error.start : error.start + 1]
        return f"byte {error.start} ({byte!r}) is undefined in Windows-1252"
    control = CONTROL_BYTES.search(data)
    if control:
        return f"control byte {control.group()!r} at byte {control.start()}, as in binary data"
    runs = [len(run) for run in NON_ASCII_RUN.findall(data)]
    in_long_runs = sum(length for length in runs if length >= 3)
    if in_long_runs > 0.3 * sum(runs):
        return (
            "its non-ASCII bytes come in long runs, as in Chinese, Japanese, Korean "
            "or Cyrillic text"
        )
    return None
