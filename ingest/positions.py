"""Where each value of a YAML or JSON manifest was written: the line of every
mapping key and list item, by its path (("testimonies", 0, "countries", 0)),
so that a problem points at the line holding the bad value."""

from __future__ import annotations

import json
import re
from collections.abc import MutableMapping, Set

import yaml

FieldPath = tuple[str | int, ...]

# A JSON text already parsed by json.loads, read again token by token for positions:
# a string, a punctuation mark, or a bare literal (number, true, false, null).
# A field as problems name it: translations.he[0] -> ("translations", "he", 0).
FIELD_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")
JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+', re.DOTALL)


def yaml_positions(root: yaml.Node | None, walked: Set[int] = frozenset()) -> dict[FieldPath, int]:
    """path -> line (1-based) of each mapping key and list item in the composed document.

    A node reached again through an alias is not walked twice: a few lines of
    nested aliases stand for billions of values ("billion laughs"). Its values
    keep the lines where the anchor wrote them; the alias itself is found at the
    line of the key or list item that holds it. `walked`: ids of anchored nodes
    an earlier call walked (a manifest composed entry by entry), skipped alike."""
    positions: dict[FieldPath, int] = {}
    seen: set[int] = set()
    # Depth first in document order, so that an anchor is met before its aliases;
    # only mappings and lists are pushed (a scalar's line is recorded where it is met).
    pending: list[tuple[FieldPath, yaml.Node]] = []
    if root is not None:
        pending.append(((), root))
    while pending:
        path, node = pending.pop()
        if id(node) in seen or id(node) in walked:
            continue  # an alias: found at the line of the key or list holding it
        seen.add(id(node))
        if path and isinstance(path[-1], int):  # a list's item
            positions[path] = node.start_mark.line + 1
        children: list[tuple[FieldPath, yaml.Node]] = []
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    # A key written twice: YAML keeps the last value, and so its line.
                    positions[(*path, key.value)] = key.start_mark.line + 1
                    if not isinstance(value, yaml.ScalarNode):
                        children.append(((*path, key.value), value))
        elif isinstance(node, yaml.SequenceNode):
            for number, item in enumerate(node.value):
                if isinstance(item, yaml.ScalarNode):
                    if id(item) not in seen and id(item) not in walked:  # else an alias
                        seen.add(id(item))
                        positions[(*path, number)] = item.start_mark.line + 1
                else:
                    children.append(((*path, number), item))
        pending.extend(reversed(children))
    return positions


def json_positions(
    text: str, positions: MutableMapping[FieldPath, int] | None = None
) -> MutableMapping[FieldPath, int]:
    """path -> line (1-based) of each object key and array item of a valid JSON
    text, put in `positions` (a new dict if none) in document order."""
    positions = {} if positions is None else positions
    # One frame per open container: its path, and the key or index of its current value.
    frames: list[list] = []
    expect_key = False
    line, counted = 1, 0
    for token in JSON_TOKEN.finditer(text):
        mark = token.group()
        first = mark[0]
        if first in ",:]}":
            if first == ",":
                if isinstance(frames[-1][1], int):
                    frames[-1][1] += 1
                else:
                    expect_key = True
            elif first != ":":
                frames.pop()
                expect_key = False
            continue
        if not expect_key and not (first in "[{" or (frames and isinstance(frames[-1][1], int))):
            continue  # a plain value of an object's key: the key's line is known
        start = token.start()
        line += text.count("\n", counted, start)
        counted = start
        frame = frames[-1] if frames else None
        if expect_key:
            frame[1] = json.loads(mark) if "\\" in mark else mark[1:-1]  # type: ignore[index]
            positions[(*frame[0], frame[1])] = line  # type: ignore[index]
            expect_key = False
            continue
        path: FieldPath = (*frame[0], frame[1]) if frame else ()
        if frame and isinstance(frame[1], int):
            positions[path] = line
        if first in "[{":
            frames.append([path, 0 if first == "[" else None])
            expect_key = first == "{"
    return positions


def field_path(name: str) -> FieldPath:
    """The path of a field named as problems name it (`translations.he[0]`, `audio[1]`)."""
    return tuple(int(index) if index else key for index, key in FIELD_PART.findall(name))
