"""`testimony export`, driven as a user would: formats, targets, what --all changes,
and the exit status (0 clean, 1 something left out, 2 usage)."""

from __future__ import annotations

import csv
import io
import json

import bagit
import pytest

from ingest.transcripts.ohms import parse_ohms
from ingest.transcripts.webvtt import parse_webvtt
from tests.collections import default_manifest, make_collection


def _accessions(csv_text: str) -> list[str]:
    return [row["accession"] for row in csv.DictReader(io.StringIO(csv_text, newline=""))]


def test_export_explains_itself(cli):
    result = cli("export", "--help")
    assert result.exit_code == 0
    assert "webvtt" in result.output and "--all" in result.output and "BagIt" in result.output
    assert "export" in cli("--help").output


def test_csv_to_standard_output_holds_public_testimonies_only(cli):
    result = cli("export", "csv", "-")
    assert result.exit_code == 0, result.output
    assert _accessions(result.stdout) == ["T-1", "T-2"]
    assert "Exported 2 testimonies (public only" in result.stderr


def test_all_includes_restricted_ones_and_says_so(cli):
    result = cli("export", "json", "-", "--all")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [t["accession"] for t in document["testimonies"]] == ["T-1", "T-2", "T-3"]
    assert document["access"] == "all" and "restricted" in document["note"]
    assert [t["visible_to_public"] for t in document["testimonies"]] == [True, True, False]
    assert "1 of them restricted or under embargo (--all: staff use" in result.stderr
    assert _accessions(cli("export", "csv", "-", "--all").stdout) == ["T-1", "T-2", "T-3"]


def test_json_to_a_file_for_one_collection(cli, tmp_path):
    target = tmp_path / "catalogue.json"
    result = cli("export", "json", str(target), "--collection", "test-voices")
    assert result.exit_code == 0, result.output
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["collection"] == "test-voices" and document["count"] == 2
    t1 = document["testimonies"][0]
    assert t1["chapters"][0]["title"] == "The 1945 riots"
    assert t1["recordings"][0]["file"] == "T-1.wav" and len(t1["recordings"][0]["sha256"]) == 64


def test_webvtt_and_ohms_folders_read_back(cli, tmp_path):
    assert cli("export", "webvtt", str(tmp_path / "vtt")).exit_code == 0
    assert sorted(p.name for p in (tmp_path / "vtt").iterdir()) == [
        "T-1.part1.vtt",
        "T-2.part1.vtt",
    ]
    cues = parse_webvtt((tmp_path / "vtt/T-1.part1.vtt").read_bytes(), "T-1").segments
    assert cues[1].speaker == "MIRIAM" and cues[1].text.startswith("In the old Jewish quarter")
    assert cli("export", "ohms", str(tmp_path / "ohms"), "--all").exit_code == 0
    ohms = parse_ohms((tmp_path / "ohms/T-1.part1.ohms.xml").read_bytes(), "T-1")
    assert [c.title for c in ohms.chapters] == ["The 1945 riots"]
    assert [s.text for s in ohms.segments] == [c.text for c in cues]
    assert (tmp_path / "ohms/T-3.part1.ohms.xml").is_file()


def test_bag_of_a_collection_validates(cli, tmp_path):
    target = tmp_path / "bag"
    result = cli("export", "bag", str(target), "--collection", "test-voices")
    assert result.exit_code == 0, result.output
    assert bagit.Bag(str(target)).validate()
    assert sorted(p.name for p in (target / "data/audio").iterdir()) == [
        "T-1.part1.wav",
        "T-2.part1.wav",
    ]


def test_csv_formulas_are_neutralised_unless_raw_cells(cli, tmp_path):
    manifest = default_manifest()
    manifest["testimonies"][0]["title"] = '=HYPERLINK("http://evil.example","Read more")'
    data, folder = tmp_path / "data", make_collection(tmp_path / "c", manifest)
    assert cli("init", data_dir=data).exit_code == 0
    assert cli("ingest", str(folder), data_dir=data).exit_code == 0
    guarded = cli("export", "csv", "-", data_dir=data)
    raw = cli("export", "csv", "-", "--raw-cells", data_dir=data)
    assert guarded.exit_code == raw.exit_code == 0
    titles = [
        [r["title"] for r in csv.DictReader(io.StringIO(result.stdout, newline=""))]
        for result in (guarded, raw)
    ]
    assert titles[0][0] == "'" + titles[1][0]
    assert titles[1][0] == '=HYPERLINK("http://evil.example","Read more")'
    assert "--raw-cells" in cli("export", "--help").output


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("export", "webvtt", "-"), "webvtt writes into a folder; '-' is for csv and json"),
        (("export", "pdf", "-"), "'pdf' is not one of"),
        (("export", "csv", "-", "--collection", "nope"), "no collection 'nope'"),
        (("export", "json", "-", "--raw-cells"), "--raw-cells is for csv only"),
    ],
)
def test_usage_errors_exit_2(cli, arguments, message):
    result = cli(*arguments)
    assert result.exit_code == 2
    assert message in result.output


def test_a_folder_in_use_is_refused_and_left_alone(cli, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = cli("export", "bag", str(tmp_path))
    assert result.exit_code == 2
    assert "is not empty; expected a new or empty folder" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_a_missing_audio_file_exits_1_naming_it_and_the_bag_is_still_made(cli, tmp_path):
    data = tmp_path / "data"
    folder = make_collection(tmp_path / "c")
    assert cli("init", data_dir=data).exit_code == 0
    assert cli("ingest", str(folder), data_dir=data).exit_code == 0
    (folder / "audio/T-2.wav").unlink()
    result = cli("export", "bag", str(tmp_path / "bag"), data_dir=data)
    assert result.exit_code == 1
    assert "T-2: " in result.stderr and "audio/T-2.wav: the audio file of part 1 is missing" in result.stderr  # fmt: skip
    assert "1 problem: the export is incomplete." in result.stderr
    assert bagit.Bag(str(tmp_path / "bag")).validate()
    assert (tmp_path / "bag/data/audio/T-1.part1.wav").is_file()
