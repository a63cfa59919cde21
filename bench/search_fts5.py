"""Raw SQLite FTS5 for the search benchmark (bench/search.py): the segments raw
Whoosh indexes, one row each, in an FTS5 table (stdlib sqlite3), searched top
10 by rank — the second floor ours is compared with."""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from bench.collection import segment_documents, transcript_files

FTS5_FILE = "fts5.sqlite"
TOKENIZER = "porter unicode61 remove_diacritics 2"
# About as much text around the words as Whoosh's default ContextFragmenter.
SNIPPET_TOKENS = 32
_PHRASE = re.compile(r'"([^"]+)"')
_WORD = re.compile(r"\w+")


def build_fts5(folder: Path, path: Path) -> dict:
    """One row per segment of folder's transcripts, in one transaction, then
    FTS5's 'optimize' (all of its b-trees merged into one, as raw Whoosh's
    single commit leaves one segment)."""
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    connection = sqlite3.connect(path)
    connection.execute(
        f"CREATE VIRTUAL TABLE segments USING fts5(id UNINDEXED, text, tokenize='{TOKENIZER}')"
    )
    rows = (
        document
        for transcript in transcript_files(folder)
        for document in segment_documents(transcript)
    )
    with connection:
        connection.executemany("INSERT INTO segments (id, text) VALUES (?, ?)", rows)
        connection.execute("INSERT INTO segments (segments) VALUES ('optimize')")
    documents = connection.execute("SELECT count(*) FROM segments").fetchone()[0]
    connection.close()
    return {
        "fts5_seconds": time.perf_counter() - started,
        "fts5_documents": documents,
        "fts5_mb": path.stat().st_size / 1_000_000,
    }


def fts5_query(text: str) -> str:
    """A person's words as an FTS5 query: a quoted phrase stays a phrase; other
    words are ORed, as raw Whoosh and our plain mode OR them. Each word is
    quoted so that AND, OR, NOT or NEAR typed as words stay words."""
    phrases = [" ".join(_WORD.findall(p)) for p in _PHRASE.findall(text)]
    words = _WORD.findall(_PHRASE.sub(" ", text))
    return " OR ".join(f'"{term}"' for term in [*phrases, *words] if term)


def fts5_runner(connection: sqlite3.Connection) -> Callable:
    """Top 10 segments by rank (bm25), ids read; with snippets for the highlight kind."""

    def run(case):
        match = fts5_query(case.text)
        if case.raw_highlights:
            return connection.execute(
                "SELECT id, snippet(segments, 1, '<b>', '</b>', '…', ?) FROM segments "
                "WHERE segments MATCH ? ORDER BY rank LIMIT 10",
                (SNIPPET_TOKENS, match),
            ).fetchall()
        return connection.execute(
            "SELECT id FROM segments WHERE segments MATCH ? ORDER BY rank LIMIT 10", (match,)
        ).fetchall()

    return run


def fts5_matches(connection: sqlite3.Connection, text: str) -> int:
    """How many segments FTS5 matches for text (untimed)."""
    query = "SELECT count(*) FROM segments WHERE segments MATCH ?"
    return connection.execute(query, (fts5_query(text),)).fetchone()[0]
