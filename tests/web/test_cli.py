"""The `testimony` command line, driven as a user would."""

from __future__ import annotations

import json

import pytest

from tests.collections import make_collection

COMMANDS = [
    "init", "ingest", "check", "reindex", "optimize", "search", "serve", "demo", "users", "export",
    "move",
]  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_explains_itself(cli, command):
    result = cli(command, "--help")
    assert result.exit_code == 0
    assert "Usage: main" in result.output or "Usage: testimony" in result.output
    assert len(result.output.splitlines()) > 4


def test_top_level_help_lists_every_command(cli):
    output = cli("--help").output
    assert all(command in output for command in COMMANDS)


def test_search_json_has_the_promised_shape(cli):
    result = cli("search", "riots", "--json")
    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert isinstance(payload["total"], int) and payload["total"] == 1
    hit = payload["results"][0]
    assert isinstance(hit["accession"], str) and isinstance(hit["title"], str)
    assert hit["accession"] == "T-1"
    moment = hit["moments"][0]
    assert isinstance(moment["start"], float) and isinstance(moment["snippet"], str)
    assert "<mark>riots</mark>" in moment["snippet"]


def test_search_never_shows_restricted_material(cli):
    assert json.loads(cli("search", "zygomorphic", "--json").output)["total"] == 0


def test_init_ingest_rerun_and_reindex(cli, tmp_path):
    data = tmp_path / "data"
    folder = make_collection(tmp_path / "c")
    first = cli("init", data_dir=data)
    assert first.exit_code == 0 and "created at revision" in first.output
    assert "up to date" in cli("init", data_dir=data).output
    ingested = cli("ingest", str(folder), data_dir=data)
    assert ingested.exit_code == 0, ingested.output
    assert "indexed 3 testimonies" in ingested.output
    again = cli("ingest", str(folder), "--report", str(tmp_path / "r.json"), data_dir=data)
    assert again.exit_code == 0
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["counts"]["testimony_unchanged"] == 3 and report["problems"] == []
    assert "Indexed 3 testimonies" in cli("reindex", data_dir=data).output
    assert json.loads(cli("search", "Naples", "--json", data_dir=data).output)["total"] == 1


def test_optimize_merges_the_index_and_keeps_its_answers(cli, tmp_path):
    data = tmp_path / "data"
    folder = make_collection(tmp_path / "c")
    cli("init", data_dir=data)
    cli("ingest", str(folder), data_dir=data)
    cli("ingest", str(folder), "--prune", data_dir=data)
    (folder / "transcripts" / "T-2.txt").write_text("[00:00:00] EZRA: Naples again, in Baghdad.\n")
    cli("ingest", str(folder), data_dir=data)  # a second index segment
    before = json.loads(cli("search", "Naples", "--json", data_dir=data).output)
    result = cli("optimize", data_dir=data)
    assert result.exit_code == 0
    assert result.output.strip().endswith("now 1.")
    assert "had 1 segments" not in result.output
    after = json.loads(cli("search", "Naples", "--json", data_dir=data).output)
    assert [h["accession"] for h in after["results"]] == [h["accession"] for h in before["results"]]
    assert after["total"] == 2


def test_ingest_exit_status_is_1_with_problems_and_2_on_usage(cli, tmp_path):
    data = tmp_path / "data"
    cli("init", data_dir=data)
    folder = make_collection(tmp_path / "c")
    (folder / "audio/T-2.wav").write_bytes(b"")
    result = cli("ingest", str(folder), data_dir=data)
    assert result.exit_code == 1
    assert "error: audio/T-2.wav: T-2: the file is empty (0 bytes)" in result.output
    assert cli("ingest", str(tmp_path / "nowhere"), data_dir=data).exit_code == 2


def test_ingest_before_init_says_what_to_do(cli, tmp_path):
    result = cli("ingest", str(make_collection(tmp_path / "c")), data_dir=tmp_path / "data")
    assert result.exit_code == 1
    assert "run `testimony init`" in result.output


def test_dry_run_reports_and_writes_nothing(cli, tmp_path):
    data = tmp_path / "data"
    cli("init", data_dir=data)
    result = cli("ingest", str(make_collection(tmp_path / "c")), "--dry-run", data_dir=data)
    assert result.exit_code == 0 and "Dry run (nothing written)" in result.output
    assert json.loads(cli("search", "riots", "--json", data_dir=data).output)["total"] == 0


def test_search_json_has_facets_and_takes_every_filter(cli):
    payload = json.loads(cli("search", "Tripoli", "--json").output)
    assert set(payload["facets"]) == {
        "country",
        "origin",
        "destination",
        "theme",
        "decade",
        "language",
        "speaker",
        "collection",
        "interviewer",
    }
    countries = {v["value"]: v["count"] for v in payload["facets"]["country"]["values"]}
    assert countries == {"LY": 1}
    filtered = json.loads(cli("search", "Tripoli", "--json", "--country", "IQ").output)
    assert filtered["total"] == 0
    for option, value in [
        ("--theme", "pogroms-riots"),
        ("--language", "en"),
        ("--speaker", "miriam-toledano"),
        ("--collection", "test-voices"),
        ("--decade", "1940"),
        ("--interviewer", "Test Interviewer"),
        ("--year-from", "1945"),
        ("--year-to", "1946"),
    ]:
        result = json.loads(cli("search", "Tripoli", "--json", option, value).output)
        assert result["total"] == 1, option


def test_search_all_shows_restricted_to_staff(cli):
    assert json.loads(cli("search", "zygomorphic", "--json", "--all").output)["total"] == 1


def test_search_keeps_to_the_time_budget_setting(cli, monkeypatch):
    """TESTIMONY_SEARCH_TIME_BUDGET bounds the command's searches as the site's."""
    assert json.loads(cli("search", "Tripoli", "--json").output)["cut_short"] is False
    monkeypatch.setenv("TESTIMONY_SEARCH_TIME_BUDGET", "0")
    found = json.loads(cli("search", "Tripoli", "--json").output)
    assert found["cut_short"] is True and "time budget" in found["notices"][0]
