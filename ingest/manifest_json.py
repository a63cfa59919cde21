"""A JSON manifest read with the standard library, the items of the lists it is
told to stream handed over one at a time as they are read, as a YAML
manifest's are (ingest.manifest_files): `json.loads` built every testimony of
a 10,000-testimony manifest at once (load peak 126 MB, against 72 MB for the
same manifest in YAML).

The top object is walked key by key with `JSONDecoder.raw_decode`; anything
else (a manifest that is not an object) is read whole. Errors are
json.JSONDecodeError with json's own messages and positions.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.decoder import WHITESPACE

# Python refuses to read integers of more digits than this (a denial-of-service guard).
MAX_INT_DIGITS = 4300


def json_int(digits: str) -> int | str:
    """An integer, or its text if Python refuses to read one that long."""
    return int(digits) if len(digits.lstrip("-")) <= MAX_INT_DIGITS else digits


def load_json(text: str, streamed: dict[str, Callable[[int, object], None]]) -> object:
    """The document; the items of a top-level list whose key is in streamed are
    handed to its function (number, item) as read, and that list is left empty.
    A key written twice is an error (json.loads would keep the last silently)."""
    decoder = json.JSONDecoder(parse_int=json_int)
    at = _space(text, 0)
    if not text.startswith("{", at):
        return decoder.decode(text)
    raw: dict[str, object] = {}
    at = _space(text, at + 1)
    if text.startswith("}", at):
        return _end(text, at + 1, raw)
    while True:
        if not text.startswith('"', at):
            raise json.JSONDecodeError(
                "Expecting property name enclosed in double quotes", text, at
            )
        key, key_at = decoder.raw_decode(text, at)
        if key in raw:
            raise json.JSONDecodeError(
                f"found the key {key!r} a second time; expected each top-level key once",
                text,
                at,
            )
        at = _space(text, key_at)
        if not text.startswith(":", at):
            raise json.JSONDecodeError("Expecting ':' delimiter", text, at)
        at = _space(text, at + 1)
        take = streamed.get(key)
        if take is not None and text.startswith("[", at):
            raw[key], at = [], _stream_list(decoder, text, at, take)
        else:
            raw[key], at = decoder.raw_decode(text, at)
        at = _space(text, at)
        if text.startswith(",", at):
            at = _space(text, at + 1)
        elif text.startswith("}", at):
            return _end(text, at + 1, raw)
        else:
            raise json.JSONDecodeError("Expecting ',' delimiter", text, at)


def _stream_list(decoder, text: str, at: int, take: Callable[[int, object], None]) -> int:
    """Hands over the items of the list at `at`; the position after it."""
    at = _space(text, at + 1)
    if text.startswith("]", at):
        return at + 1
    number = 0
    while True:
        item, at = decoder.raw_decode(text, at)
        take(number, item)
        number += 1
        at = _space(text, at)
        if text.startswith(",", at):
            at = _space(text, at + 1)
        elif text.startswith("]", at):
            return at + 1
        else:
            raise json.JSONDecodeError("Expecting ',' delimiter", text, at)


def _end(text: str, at: int, raw: dict) -> dict:
    at = _space(text, at)
    if at != len(text):
        raise json.JSONDecodeError("Extra data", text, at)
    return raw


def _space(text: str, at: int) -> int:
    return WHITESPACE.match(text, at).end()
