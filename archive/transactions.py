"""Transactions for one run of catalogue writes: a real run commits each as it
closes; a dry run holds them all inside one transaction rolled back at the end.

So a dry run's outcomes are computed by the very code that writes, later writes
see earlier ones (a testimony its new speakers, a talk its new testimonies) as
in a real run, and nothing stays: not a row, not a deletion.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

from sqlalchemy.orm import Session, sessionmaker

Transaction = Callable[[], AbstractContextManager[Session]]


@contextmanager
def write_run(sessions: sessionmaker[Session], *, dry_run: bool) -> Iterator[Transaction]:
    """Yield `transaction`: `with transaction() as session:` is one unit of writes,
    undone alone when it raises, as a real run's own transaction would be."""
    if not dry_run:
        yield sessions.begin
        return
    with sessions() as session:
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
