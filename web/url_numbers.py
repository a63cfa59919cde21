"""Whole numbers in addresses: the `int` route converter and the reader of
numeric query-string arguments, both bounded to what the catalogue's
databases hold, so that a huge number is a 404 rather than an OverflowError."""

from __future__ import annotations

import re

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter, Map

# The largest PostgreSQL INTEGER, the type of every id and part column (SQLite's
# driver overflows only past 2**63 - 1, PostgreSQL refuses 2**31 as "integer out
# of range"): no id, part or page of the catalogue lies beyond it.
LARGEST = 2**31 - 1
_WHOLE = re.compile(r"-?[0-9]+")


class BoundedIntegerConverter(IntegerConverter):
    """`<int:...>` that matches nothing beyond LARGEST: the address is a 404."""

    def __init__(self, map: Map, *args, **kwargs) -> None:
        kwargs.setdefault("max", LARGEST)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Replace the `int` converter; call before any blueprint adds its rules."""
    app.url_map.converters["int"] = BoundedIntegerConverter


def whole_number(name: str, default: int, *, largest: int = LARGEST) -> int:
    """The query-string argument `name` as a whole number: `default` when it is
    absent or not a number (as Flask's `type=int` does), a 404 when it is beyond
    ±`largest` — no page, part or id is that far away."""
    text = request.args.get(name, "").strip()
    if not _WHOLE.fullmatch(text):
        return default
    # More than 20 digits is beyond LARGEST anyway (and int() of thousands is slow).
    if len(text.lstrip("-")) > 20 or abs(int(text)) > largest:
        abort(404)
    return int(text)
