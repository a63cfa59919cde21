"""The examples in docs/manifest.md are valid manifests: the documentation
cannot drift from what the ingest accepts."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.collection import load_collection

DOC = Path(__file__).resolve().parents[2] / "docs" / "manifest.md"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_yaml_example_validates(tmp_path):
    (tmp_path / "manifest.yaml").write_text(blocks("yaml")[0], encoding="utf-8")
    loaded = load_collection(tmp_path)
    assert loaded.problems == [] and [t.accession for t in loaded.testimonies] == ["MV-0001"]
    assert loaded.speakers[0].pitch and loaded.speakers[0].portrait


def test_json_example_validates(tmp_path):
    (tmp_path / "manifest.json").write_text(blocks("json")[0], encoding="utf-8")
    loaded = load_collection(tmp_path)
    assert loaded.problems == [] and loaded.testimonies[0].chapters[0].title


def test_csv_examples_validate(tmp_path):
    names = ["manifest.csv", "collection.csv", "speakers.csv", "chapters.csv"]
    for name, text in zip(names, blocks("csv"), strict=True):
        (tmp_path / name).write_text(text, encoding="utf-8")
    loaded = load_collection(tmp_path)
    assert loaded.problems == []
    assert [t.accession for t in loaded.testimonies] == ["MV-0001", "MV-0002"]
    assert loaded.speakers[0].pitch and loaded.speakers[0].portrait
    assert [c.title for c in loaded.testimonies[0].chapters] == [
        "Childhood in Bataween",
        "The Farhud",
    ]
    assert loaded.speakers[0].name_variants == ["Naomi Dalal", "נעמי דלאל"]
