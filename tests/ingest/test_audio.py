"""Audio metadata through mutagen, on real files made here."""

from __future__ import annotations

import hashlib

from ingest.audio import read_audio
from tests.collections import write_wav


def test_wav_metadata(tmp_path):
    path = write_wav(tmp_path / "a.wav", 2.5)
    info = read_audio(path)
    assert info.readable
    assert round(info.duration, 2) == 2.5
    assert (info.sample_rate, info.channels, info.mime_type) == (8000, 1, "audio/wav")
    assert info.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert info.size == path.stat().st_size


def test_zero_byte_file_is_reported_not_raised(tmp_path):
    path = tmp_path / "empty.mp3"
    path.write_bytes(b"")
    info = read_audio(path)
    assert not info.readable
    assert info.problem == "the file is empty (0 bytes)"


def test_garbage_is_reported_not_raised(tmp_path):
    path = tmp_path / "noise.mp3"
    path.write_bytes(b"this is not audio at all" * 10)
    info = read_audio(path)
    assert not info.readable and info.problem


def test_truncated_wav_is_reported(tmp_path):
    path = write_wav(tmp_path / "a.wav", 1.0)
    path.write_bytes(path.read_bytes()[:44])  # header only
    info = read_audio(path)
    assert not info.readable
    assert info.problem.startswith("truncated: the header says 1.0s")
