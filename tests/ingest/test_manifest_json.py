"""A JSON manifest walked key by key gives what json.loads gives, with the
streamed list's items handed over in order, and json's own errors."""

from __future__ import annotations

import json

import pytest

from ingest.manifest_json import load_json

VALID = [
    '{"collection": {"id": "c"}, "testimonies": [{"accession": "T-1"}, {"accession": "T-2"}]}',
    '\n {\n  "testimonies" : [ ] ,\n  "collection" : {"id": "c", "n": [1, 2.5, null, true]}\n }\n',
    '{"testimonies": [1, "two", [3], {"four": 4}], "talks": [{"id": "t"}]}',
    '{"collection": {"big": 1' + "0" * 5000 + "}}",
    "{}",
    "[1, 2]",
    '"just text"',
]
INVALID = [
    '{"collection": {"id": "c"} "testimonies": []}',
    '{"testimonies": [{"a": 1} {"a": 2}]}',
    '{"testimonies": [{"a": 1},]}',
    '{"testimonies": [1, 2]} extra',
    "{collection: {}}",
    '{"collection" {}}',
    '{"testimonies": [',
    '{"testimonies": [1,\n 2,\n oops]}',
    "",
    "{",
]


@pytest.mark.parametrize("text", VALID)
def test_the_document_and_the_streamed_items_are_json_loads(text):
    taken = []
    got = load_json(text, {"testimonies": lambda n, item: taken.append((n, item))})
    expected = json.loads(text, parse_int=lambda d: int(d) if len(d) <= 4300 else d)
    if isinstance(expected, dict) and isinstance(expected.get("testimonies"), list):
        assert [item for _n, item in taken] == expected["testimonies"]
        assert [n for n, _item in taken] == list(range(len(taken)))
        expected["testimonies"] = []
    assert got == expected


@pytest.mark.parametrize("text", INVALID)
def test_errors_are_json_s_with_the_same_line(text):
    with pytest.raises(json.JSONDecodeError) as whole:
        json.loads(text)
    with pytest.raises(json.JSONDecodeError) as walked:
        load_json(text, {"testimonies": lambda n, item: None})
    assert (walked.value.msg, walked.value.lineno) == (whole.value.msg, whole.value.lineno)


def test_a_top_level_key_written_twice_is_an_error_not_a_lost_section():
    text = '{"testimonies": [{"a": 1}],\n "collection": {},\n "testimonies": []}'
    with pytest.raises(json.JSONDecodeError, match="'testimonies' a second time") as raised:
        load_json(text, {})
    assert raised.value.lineno == 3
