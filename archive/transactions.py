"""Transactions for one run of catalogue writes: a real run commits each as it
closes; a dry run holds them all inside one transaction rolled back at the end.

So a dry run's outcomes are computed by the very code that writes, later writes
see earlier ones (a testimony its new speakers, a talk its new testimonies) as
in a real run, and nothing stays: not a row, not a deletion.

SQLite has one writer at a time, and a transaction that has written holds the
lock until it ends: a dry run of a large collection would keep every other
writer (a talk request, a staff login, an ingest) waiting, then failing. So on
a SQLite file a dry run's transaction is held on a snapshot copy of the
catalogue, made (the live file only read) as the run starts and removed as it
ends. PostgreSQL's writers are not held up by another's open transaction: there
the dry run's is on the catalogue itself.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, closing, contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from archive.database import sqlite_engine

Transaction = Callable[[], AbstractContextManager[Session]]

SNAPSHOT = "catalogue.sqlite"
# Held locked by the dry run using the snapshot folder: free once it has ended,
# however it ended (even killed), so the next dry run can remove what it left.
OWNER = "owner.lock"


@contextmanager
def write_run(sessions: sessionmaker[Session], *, dry_run: bool) -> Iterator[Transaction]:
    """Yield `transaction`: `with transaction() as session:` is one unit of writes,
    undone alone when it raises, as a real run's own transaction would be."""
    if not dry_run:
        yield sessions.begin
        return
    with _dry_run_engine(sessions.kw["bind"]) as engine, sessions(bind=engine) as session:
        _begin(session)
        try:
            yield lambda: _savepoint(session)
        finally:
            session.rollback()


@contextmanager
def _savepoint(session: Session) -> Iterator[Session]:
    try:
        with session.begin_nested():
            yield session
    finally:
        # A fresh identity map for each unit, as a real run's new session has;
        # it also keeps a long dry run's memory flat.
        session.expunge_all()


def _begin(session: Session) -> None:
    """Open the outer transaction in the database itself before any savepoint."""
    if session.get_bind().dialect.name == "sqlite":
        # pysqlite opens a transaction only before a data change; a SAVEPOINT
        # issued first would open one itself, and its RELEASE would commit.
        session.connection().exec_driver_sql("BEGIN")


@contextmanager
def _dry_run_engine(engine: Engine) -> Iterator[Engine]:
    """Where a dry run writes: a snapshot of a SQLite file, else the catalogue itself."""
    catalogue = _sqlite_file(engine)
    if catalogue is None:
        yield engine
        return
    with _snapshot_folder(catalogue) as folder:
        snapshot = folder / SNAPSHOT
        # One backup step: the whole catalogue copied as of one moment, inside
        # one read transaction, which (WAL) holds up no writer.
        with engine.connect() as connection, closing(sqlite3.connect(snapshot)) as copy:
            connection.connection.driver_connection.backup(copy)
        copy_engine = sqlite_engine(engine.url.set(database=str(snapshot), query={}))
        try:
            yield copy_engine
        finally:
            copy_engine.dispose()


def _sqlite_file(engine: Engine) -> Path | None:
    """The file of a SQLite catalogue, whatever the URL's form. None on another
    database, and for an in-memory one: no other process can write it, so the
    dry run's transaction stays on it."""
    if engine.dialect.name != "sqlite":
        return None
    with engine.connect() as connection:
        databases = connection.exec_driver_sql("PRAGMA database_list").all()
    file = next((file for _seq, name, file in databases if name == "main"), "")
    return Path(file) if file else None


@contextmanager
def _snapshot_folder(catalogue: Path) -> Iterator[Path]:
    """A folder beside the catalogue (the same disk, which has room for it), owned
    by this dry run and removed with everything in it as the run ends."""
    prefix = f"{catalogue.name}.dry-run-"
    for folder in catalogue.parent.glob(f"{prefix}*"):
        _remove_if_abandoned(folder)
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=catalogue.parent))
    try:
        with open(folder / f"{OWNER}.new", "w") as owner:
            fcntl.flock(owner, fcntl.LOCK_EX)
            # Renamed once locked: a folder whose OWNER is free has been left.
            os.replace(folder / f"{OWNER}.new", folder / OWNER)
            yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _remove_if_abandoned(folder: Path) -> None:
    """Remove the snapshot of a dry run killed before it could (its lock is free)."""
    try:
        with open(folder / OWNER) as owner:
            fcntl.flock(owner, fcntl.LOCK_EX | fcntl.LOCK_NB)
            shutil.rmtree(folder, ignore_errors=True)
    except OSError:  # in use by a dry run under way, or not a folder of ours
        pass
