"""The files of a collection folder an ingest reports as unused when no entry
names them: transcripts and audio only, hidden ones and links leading out left out."""

from __future__ import annotations

import os

from ingest.paths import collection_files


def test_collection_files_are_the_visible_transcripts_and_audio_inside_the_folder(tmp_path):
    folder = tmp_path / "collection"
    outside = tmp_path / "elsewhere"
    for relative in (
        "transcripts/T-1.txt",
        "transcripts/deeper/T-2.VTT",
        "audio/T-1.wav",
        "notes.pdf",
        ".hidden.txt",
        ".cache/T-3.txt",
        "audio/.partial/T-4.mp3",
    ):
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text("x")
    (outside / "linked").mkdir(parents=True)
    (outside / "secret.txt").write_text("x")
    (outside / "linked" / "T-5.txt").write_text("x")
    os.symlink(outside / "secret.txt", folder / "transcripts" / "out.txt")
    os.symlink(folder / "audio" / "T-1.wav", folder / "audio" / "again.wav")
    os.symlink(outside / "linked", folder / "linked-folder")

    found = collection_files(folder)

    root = os.path.realpath(folder)
    assert found == {
        os.path.join(root, "transcripts", "T-1.txt"),
        os.path.join(root, "transcripts", "deeper", "T-2.VTT"),
        # a link to a file inside is that file
        os.path.join(root, "audio", "T-1.wav"),
    }
