"""One writer at a time: a second one is told the index is busy, for writes and merges alike."""

from __future__ import annotations

import pytest

from search import index
from search.errors import IndexBusy


def test_second_writer_is_refused_with_a_message(tmp_path, monkeypatch):
    ix = index.create_index(tmp_path / "index")
    holder = ix.writer()  # another process mid-write, as far as the lock file says
    # Give up at once rather than after a minute of waiting for the holder.
    monkeypatch.setattr(index, "WRITE_LOCK_TIMEOUT", 0.0)
    try:
        for attempt in (lambda: index.write_testimonies(ix, []), lambda: index.optimize_index(ix)):
            with pytest.raises(IndexBusy, match="another process is writing the search index"):
                attempt()
    finally:
        holder.cancel()
    assert index.write_testimonies(ix, []) == []
