"""Plain-text transcripts: curly-brace timecodes, tape markers and timecode restarts."""

from __future__ import annotations

import pytest

from ingest.transcripts.plaintext import parse_plain_text


def spans(text: str) -> list[tuple[float, float | None, int, str]]:
    return [(s.start, s.end, s.part, s.text) for s in parse_plain_text(text, "t.txt").segments]


def warnings(text: str) -> list[tuple[int | None, str]]:
    return [(w.line, w.message) for w in parse_plain_text(text, "t.txt").warnings]


def test_curly_brace_timecodes_mix_with_square_ones():
    text = "{00:00:01} A: one\n[0:00:03.5] A: two {00:00:07} three\n"
    assert spans(text) == [(1.0, 3.5, 1, "one"), (3.5, 7.0, 1, "two"), (7.0, None, 1, "three")]
    assert warnings(text) == []


def test_parenthesised_times_are_ordinary_text():
    text = "[00:00:01] A: It was (00:10:00) or so, {00:00:02 not closed.\n"
    assert spans(text) == [(1.0, None, 1, "It was (00:10:00) or so, {00:00:02 not closed.")]


def test_mismatched_brackets_are_not_timecodes():
    assert spans("[00:00:01] A: one [00:00:02} two\n") == [(1.0, None, 1, "one [00:00:02} two")]


def test_out_of_range_minutes_are_a_warning_with_the_line_not_text():
    # Issue 13: a malformed timecode is reported, not merged silently into the text.
    text = "[00:00:01] A: at\n[00:75:00] then\n"
    assert spans(text) == [(1.0, None, 1, "at then")]
    [(line, message)] = warnings(text)
    assert line == 2 and "[00:75:00]" in message


@pytest.mark.parametrize(
    "marker",
    [
        "[TAPE 2]",
        "TAPE 2",
        "Tape 2, Side A",
        "--- Tape 2 ---",
        "[Side B]",
        "Part 2",
        "part 2",
        "  *** TAPE NO. 2 *** ",
        "(Tape 2 - Side B)",
        "TAPE #2:",
    ],
)
def test_tape_markers_start_a_new_part(marker):
    text = (
        f"[00:00:00] A: one\n[00:30:00] A: two\n{marker}\n[00:00:00] A: three\n[00:00:09] A: four\n"
    )
    assert spans(text) == [
        (0.0, 1800.0, 1, "one"),
        (1800.0, None, 1, "two"),
        (0.0, 9.0, 2, "three"),
        (9.0, None, 2, "four"),
    ]
    assert warnings(text) == []


def test_marker_naming_the_current_tape_changes_nothing():
    text = "[TAPE 1]\n[00:00:00] A: one\nTAPE 1\n[00:00:09] A: two\n"
    assert spans(text) == [(0.0, 9.0, 1, "one"), (9.0, None, 1, "two")]


def test_tapes_and_sides_each_make_a_part():
    text = (
        "Tape 1, Side A\n[00:00:00] A: one\n"
        "Tape 1, Side B\n[00:00:00] A: two\n"
        "Tape 2, Side A\n[00:00:00] A: three\n"
        "Tape 2\nSide B\n[00:00:00] A: four\n"
    )
    assert [(part, words) for _, _, part, words in spans(text)] == [
        (1, "one"),
        (2, "two"),
        (3, "three"),
        (4, "four"),
    ]
    assert warnings(text) == []


def test_first_timecode_after_a_marker_is_never_backwards():
    text = "[00:10:00] A: one\n[TAPE 1]\n[00:00:30] A: two\n[00:00:20] A: three\n"
    assert [(s.part, s.start) for s in parse_plain_text(text, "t.txt").segments] == [
        (1, 600.0),
        (1, 30.0),
        (1, 20.0),
    ]
    assert warnings(text) == [(4, "timecode goes backwards (20s after 30s)")]


def test_restart_without_marker_is_a_new_part_with_a_warning():
    text = "[00:00:00] A: one\n[00:45:10] A: two\n[00:00:02] A: three\n[00:00:30] B: four\n"
    assert spans(text) == [
        (0.0, 2710.0, 1, "one"),
        (2710.0, None, 1, "two"),
        (2.0, 30.0, 2, "three"),
        (30.0, None, 2, "four"),
    ]
    assert warnings(text) == [
        (3, "timecodes restart at 00:00:02 without a tape marker: taken as part 2")
    ]


def test_restart_then_marker_for_that_tape_stays_in_the_same_part():
    text = "[00:45:10] A: one\n[00:00:00] A: two\nTAPE 2\n[00:00:05] A: three\n"
    assert [s.part for s in parse_plain_text(text, "t.txt").segments] == [1, 2, 2]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[00:00:50] A: one\n[00:00:01] A: two\n", "timecode goes backwards (1s after 50s)"),
        ("[00:45:00] A: one\n[00:00:05] A: two\n", "timecode goes backwards (5s after 2700s)"),
        ("[00:45:00] A: one\n[00:30:00] A: two\n", "timecode goes backwards (1800s after 2700s)"),
    ],
)
def test_other_backward_jumps_keep_the_plain_warning(text, message):
    assert warnings(text) == [(2, message)]
    assert {s.part for s in parse_plain_text(text, "t.txt").segments} == {1}


@pytest.mark.parametrize(
    "line",
    ["Tape 2 was lost.", "Part 2 of the story", "Side by side", "The tape 2", "- - -", "[Side Z]"],
)
def test_lines_that_only_mention_tapes_are_text(line):
    text = f"[00:00:00] A: one\n{line}\n"
    assert spans(text) == [(0.0, None, 1, f"one {line}")]


def test_a_long_rule_of_dashes_is_text_and_quick():
    rule = "-" * 20000
    assert spans(f"[00:00:00] A: one\n{rule}\n") == [(0.0, None, 1, f"one {rule}")]


def test_accented_capitals_are_speakers():
    transcript = parse_plain_text("[00:00:00] CRÉMIEUX: Oui.\nŁUKASZ: Tak.\nÉlise: non\n", "t.txt")
    assert [(s.speaker, s.text) for s in transcript.segments] == [
        ("CRÉMIEUX", "Oui."),
        ("ŁUKASZ", "Tak. Élise: non"),
    ]


def test_header_block_is_unchanged_by_markers():
    text = "Title: Two tapes\nDate: 1994-02-07\n\n[TAPE 1]\n[00:00:00] A: one\n[TAPE 2]\n[00:00:00] A: two\n"
    transcript = parse_plain_text(text, "t.txt")
    assert transcript.header == {"title": "Two tapes", "date": "1994-02-07"}
    assert [(s.part, s.line) for s in transcript.segments] == [(1, 5), (2, 7)]
    assert transcript.parts == 2
