"""A file decoded a piece at a time gives exactly what decode_text gives for
the whole file, or the same refusal, whatever the piece and read sizes."""

from __future__ import annotations

import codecs
import hashlib

import pytest

from ingest.errors import SourceError
from ingest.transcripts import decoded_file
from ingest.transcripts.decoded_file import DecodedFile
from ingest.transcripts.encoding import decode_text

TEXT = (
    "collection:\n  id: fez-1952\n  title: Fès\r\n"
    'testimonies:\r\n  - accession: T-1\r  title: "Ce\u0301line\'s exile"\n'
    "    summary: Baghdad, 1951 \u2014 \u05e2\u05d5\u05dc\u05d9\u05dd"
    " \u0628\u063a\u062f\u0627\u062f\n"
    "    note: a BOM\ufeff pasted mid-line, then e\u0301 at a piece's end\n" * 3
)
CASES = {
    "utf-8": TEXT.encode("utf-8"),
    "utf-8 with BOM": codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    "utf-16-le with BOM": codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
    "utf-16-be with BOM": codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    "utf-16-le, no BOM": TEXT.encode("utf-16-le"),
    "utf-16-be, no BOM": TEXT.encode("utf-16-be"),
    "windows-1252": "title: Crémieux, «École» — 1870\r\nplace: Alger\r\n".encode("cp1252") * 5,
    "lone CRs": b"a: 1\rb: 2\rc: caf\xc3\xa9\r",
    "CR at every piece's end": b"a\r\nb\r\n" * 40,
    "empty": b"",
}
REFUSED = {
    "NUL on a later line": b"a: 1\nb: 2\nc: \x00\n",
    "UTF-32": codecs.BOM_UTF32_LE + "a: 1\n".encode("utf-32-le"),
    "damaged UTF-8": ("é" * 40 + "\n").encode("utf-8") + b"\xff\n",
    "neither UTF-8 nor Windows-1252": bytes(range(0x80, 0x100)) * 4,
    "UTF-16 cut in half": codecs.BOM_UTF16_LE + "ab\n".encode("utf-16-le") + b"a",
}


def _read_all(path, read_size):
    with DecodedFile(path, path.name) as stream:
        pieces = []
        while piece := stream.read(read_size):
            pieces.append(piece)
        return "".join(pieces), stream.digest


@pytest.mark.parametrize("piece", [2, 4, 6, 64, 1 << 18])
@pytest.mark.parametrize("name", sorted(CASES))
def test_pieces_decode_as_the_whole_file_does(tmp_path, monkeypatch, name, piece):
    monkeypatch.setattr(decoded_file, "PIECE", piece)
    path = tmp_path / "manifest.yaml"
    path.write_bytes(CASES[name])
    for read_size in (1, 5, 1024, -1):
        text, digest = _read_all(path, read_size)
        assert text == decode_text(CASES[name], path.name)
        assert digest == hashlib.sha256(CASES[name]).digest()


@pytest.mark.parametrize("piece", [2, 8, 1 << 18])
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_file_decode_text_refuses_is_refused_the_same_way(tmp_path, monkeypatch, name, piece):
    monkeypatch.setattr(decoded_file, "PIECE", piece)
    path = tmp_path / "manifest.yaml"
    path.write_bytes(REFUSED[name])
    with pytest.raises(SourceError) as whole:
        decode_text(REFUSED[name], path.name)
    with pytest.raises(SourceError) as streamed:
        _read_all(path, 7)
    assert (streamed.value.message, streamed.value.line) == (whole.value.message, whole.value.line)


def test_a_file_that_changes_between_its_two_readings_is_refused(tmp_path):
    path = tmp_path / "manifest.yaml"
    path.write_bytes(b"a: 1\n" * 20_000)
    with DecodedFile(path, path.name) as stream:
        path.write_bytes(b"a: 2\n" * 20_000)
        with pytest.raises(SourceError, match="changed while it was read"):
            stream.read()
