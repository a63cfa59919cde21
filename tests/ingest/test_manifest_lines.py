"""A manifest problem points to the line holding the bad value — a list's item,
a key's line — in YAML and JSON, and to the row (and column) in CSV; the
entry's first line only when the problem is with the entry as a whole."""

from __future__ import annotations

import json

import pytest
import yaml

from ingest.collection import load_collection
from ingest.errors import SourceError
from ingest.manifest_files import read_manifest
from ingest.pipeline import run_ingest
from ingest.positions import json_positions
from tests.collections import default_manifest, make_collection
from tests.conftest import initialised
from tests.ingest.test_manifest_formats import CSV_TESTIMONIES, csv_collection


def bad_manifest() -> dict:
    """The default collection with errors deep inside its second testimony."""
    manifest = default_manifest()
    entry = manifest["testimonies"][1]
    entry["countries"] = ["IQ", "YE", "Lybia"]
    entry["recorded"] = "1999-02-30"
    entry["chapters"] = [
        {"start": 0, "title": "Baghdad"},
        {"start": "00:99:00", "title": "Leaving"},
    ]
    return manifest


def line_of(lines: list[str], text: str, after: int = 0) -> int:
    """The 1-based number of the first line at or after `after` that contains text."""
    return next(n for n, line in enumerate(lines, 1) if n >= after and text in line)


def problem_lines(loaded) -> dict[str, tuple[str, int | None]]:
    return {p.field: (p.file, p.line) for p in loaded.problems}


def test_yaml_problems_point_to_the_line_of_the_bad_value(tmp_path):
    folder = make_collection(tmp_path / "y", bad_manifest())
    lines = (folder / "manifest.yaml").read_text(encoding="utf-8").splitlines()
    entry = line_of(lines, "- accession: T-2")
    chapters = line_of(lines, "chapters:", entry)
    assert problem_lines(load_collection(folder)) == {
        # The third item of the list, on its own line; not the entry's first line.
        "testimonies[1].countries.2": ("manifest.yaml", line_of(lines, "- Lybia")),
        "testimonies[1].recorded": ("manifest.yaml", line_of(lines, "recorded: '1999-02-30'")),
        "testimonies[1].chapters.1.start": (
            "manifest.yaml",
            line_of(lines, "start: 00:99:00", chapters),
        ),
    }


def test_yaml_flow_lists_and_multi_line_entries_point_to_the_item(tmp_path):
    manifest = default_manifest()
    del manifest["testimonies"][2]["themes"], manifest["testimonies"][2]["languages"]
    folder = make_collection(tmp_path / "flow", manifest)
    text = (folder / "manifest.yaml").read_text(encoding="utf-8")
    entry = "- accession: T-3\n"
    assert entry in text
    # A hand-written entry: a flow list, a key two lines below its entry, a ; list.
    text = text.replace(
        entry,
        entry + "  themes: [farhud,\n    pogrom and riots]\n  languages: en; Frensh\n",
    )
    (folder / "manifest.yaml").write_text(text, encoding="utf-8")
    lines = text.splitlines()
    problems = problem_lines(load_collection(folder))
    assert problems["testimonies[2].themes.1"] == (
        "manifest.yaml",
        line_of(lines, "pogrom and riots]"),
    )
    # One text holding a ;-separated list: its items share the key's line.
    assert problems["testimonies[2].languages.1"] == (
        "manifest.yaml",
        line_of(lines, "languages: en; Frensh"),
    )


def test_an_unknown_key_and_a_missing_one_point_to_the_entry_or_the_key(tmp_path):
    manifest = default_manifest()
    manifest["testimonies"][0]["contries"] = ["LY"]
    del manifest["testimonies"][2]["title"]
    folder = make_collection(tmp_path / "keys", manifest)
    lines = (folder / "manifest.yaml").read_text(encoding="utf-8").splitlines()
    problems = problem_lines(load_collection(folder))
    assert problems["testimonies[0].contries"] == ("manifest.yaml", line_of(lines, "contries:"))
    # A key that is not there has no line of its own: the entry's is named.
    assert problems["testimonies[2].title"] == (
        "manifest.yaml",
        line_of(lines, "- accession: T-3"),
    )


def test_the_collection_record_names_its_line(tmp_path):
    manifest = default_manifest()
    manifest["collection"]["id"] = "Not A Slug"
    folder = make_collection(tmp_path / "c", manifest)
    lines = (folder / "manifest.yaml").read_text(encoding="utf-8").splitlines()
    with pytest.raises(SourceError) as error:
        load_collection(folder)
    assert (error.value.file, error.value.line, error.value.field) == (
        "manifest.yaml",
        line_of(lines, "id: Not A Slug"),
        "collection.id",
    )


def test_json_problems_point_to_the_line_of_the_bad_value(tmp_path):
    folder = make_collection(tmp_path / "j", bad_manifest())
    (folder / "manifest.yaml").unlink()
    text = json.dumps(bad_manifest(), indent=2)
    (folder / "manifest.json").write_text(text, encoding="utf-8")
    lines = text.splitlines()
    entry = line_of(lines, '"accession": "T-2"')
    chapters = line_of(lines, '"chapters"', entry)
    assert problem_lines(load_collection(folder)) == {
        "testimonies[1].countries.2": ("manifest.json", line_of(lines, '"Lybia"')),
        "testimonies[1].recorded": ("manifest.json", line_of(lines, '"recorded"', entry)),
        "testimonies[1].chapters.1.start": (
            "manifest.json",
            line_of(lines, '"00:99:00"', chapters),
        ),
    }


def test_json_on_few_lines_still_names_each_line():
    text = (
        '{"collection": {"id": "x", "title": "X"},\n'
        ' "testimonies": [{"accession": "T-1", "e": {}, "f": [],\n'
        '   "title": "a \\"quoted\\" [title], {with} marks", "countries": ["IQ",\n'
        '   "Lybia"]}, {"accession": "T-2"}]}'
    )
    json.loads(text)
    positions = json_positions(text)
    assert positions[("testimonies", 0)] == 2
    assert positions[("testimonies", 0, "title")] == 3
    assert positions[("testimonies", 0, "countries", 0)] == 3
    assert positions[("testimonies", 0, "countries", 1)] == 4
    assert positions[("testimonies", 1, "accession")] == 4


def test_csv_problems_name_the_row_and_the_column(tmp_path):
    rows = CSV_TESTIMONIES + "T-9,Bad,miriam-toledano,IQ;Lybia,,,,,,,\n"
    folder = csv_collection(tmp_path, rows)
    (folder / "chapters.csv").write_text(
        "accession,start,title\nT-1,00:00:07,The 1945 riots\nT-9,00:00:01,Fine\n"
        "T-9,00:99:00,Leaving\n"
    )
    assert problem_lines(load_collection(folder)) == {
        "testimonies[2].countries.1": ("manifest.csv", 4),
        # A chapter's row is in chapters.csv, not in the testimony's file.
        "testimonies[2].chapters.1.start": ("chapters.csv", 4),
    }


def test_aliases_in_yaml_are_walked_once(tmp_path):
    """A billion laughs still reads in no time, with lines where the values start."""
    laughs = "\n".join(f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 10))
    text = (
        "l0: &l0 [Lybia]\n"
        + laughs
        + "\ncollection: {id: x, title: X}\ntestimonies:\n- accession: T-1\n"
        "  title: Laughs\n  speakers: [a]\n  countries: *l9\n"
    )
    (tmp_path / "manifest.yaml").write_text(text, encoding="utf-8")
    raw = read_manifest(tmp_path / "manifest.yaml")
    ((_, origin),) = raw.sections["testimonies"]
    assert origin.line == 13
    # The list is l9's, walked once where it was written: its items point to the alias.
    assert origin.at(("countries", 0)).line == 16
    assert yaml.safe_load(text)["collection"] == {"id": "x", "title": "X"}


def test_problems_found_while_ingesting_point_to_the_field_too(tmp_path, empty_settings):
    """Not only validation: a missing file, a talk's unknown reference."""
    manifest = default_manifest()
    manifest["testimonies"][0]["audio"] = ["audio/T-1.wav", "audio/missing.wav"]
    manifest["talks"][0]["testimonies"] = ["T-1", "T-404"]
    folder = make_collection(tmp_path / "run", manifest)
    (folder / "audio/missing.wav").unlink(missing_ok=True)
    lines = (folder / "manifest.yaml").read_text(encoding="utf-8").splitlines()
    report = run_ingest(
        folder, sessions=initialised(empty_settings), index_dir=empty_settings.index_dir
    )
    found = {(p.item, p.field): (p.file, p.line) for p in report.problems if p.item}
    assert found[("T-1", "audio[1]")] == ("manifest.yaml", line_of(lines, "- audio/missing.wav"))
    talk = line_of(lines, "- id: talk-1")
    assert found[("talk-1", "testimonies[1]")] == ("manifest.yaml", line_of(lines, "- T-404", talk))


def test_a_yaml_manifest_read_entry_by_entry_reads_as_the_whole_document(tmp_path):
    """The manifest is composed a list item at a time (memory): the values are
    yaml.safe_load's and each line the one the whole composed document gives."""
    from ingest.manifest_files import SAFE_LOADER, ManifestLoader, _compose_by_entry, _EntryLoader
    from ingest.positions import yaml_positions

    text = (
        "# A fictional collection\n"
        "collection: {id: x, title: X, languages: [en, he]}\n"
        "base: &base\n  languages: [en]\n  countries: [IQ]\n"
        "speakers:\n- id: a\n  name: A\n- {id: b, name: B}\n"
        "testimonies:\n"
        "- accession: T-1\n  <<: *base\n  title: One\n  speakers: [a]\n"
        "  chapters:\n  - {start: '00:00:01', title: Leaving, keywords: [Basra, &k boat]}\n"
        "- accession: T-2\n  title: Two\n  title: Two again\n  speakers: [b, a]\n"
        "  recorded: 1999-02-30\n  keywords: [*k, plane]\n"
        "- T-3 is not a mapping\n"
        "talks: []\n"
    )
    node = yaml.compose(text, Loader=SAFE_LOADER)
    whole = ManifestLoader(text).construct_document(node), yaml_positions(node)
    values, lines = _compose_by_entry(_EntryLoader(text))
    assert values == whole[0]
    assert values["testimonies"][0]["countries"] == ["IQ"]
    assert {path: lines[path] for path in whole[1]} == whole[1]
    # Values merged in from an anchor (<<: *base) are walked again in the entry
    # that merges them: their lines are where the anchor wrote them, as the
    # whole document's walk gave for the key holding them.
    for path in set(lines) - set(whole[1]):
        assert lines[path] == whole[1][path[:-1]], path
    assert lines[("testimonies", 1, "title")] == 19  # the key written last


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("collection: {id: x}\n---\ncollection: {id: y}\n", "but found another document"),
        ("collection: {id: x}\n[a, b]: c\n", "found a key that is not text"),
        ("collection: {id: x}\ntestimonies:\n- *nowhere\n", "found undefined alias"),
    ],
)
def test_a_broken_yaml_manifest_is_named_with_its_line(tmp_path, text, expected):
    (tmp_path / "manifest.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        read_manifest(tmp_path / "manifest.yaml")
    assert expected in str(raised.value)
    assert raised.value.line is not None
