"""The schema is created and upgraded by Alembic, and checked before use."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from archive.database import (
    DatabaseError,
    head_revision,
    make_engine,
    require_current_schema,
    upgrade_database,
)
from archive.models import Base


def test_init_creates_every_table_then_is_idempotent(empty_settings):
    engine = make_engine(empty_settings)
    assert upgrade_database(engine) == (None, head_revision())
    assert upgrade_database(engine) == (head_revision(), head_revision())
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    if engine.dialect.name == "sqlite":
        assert (empty_settings.data_dir / "archive.sqlite").is_file()
    else:  # TESTIMONY_TEST_POSTGRES=1: the same migrations on PostgreSQL
        assert engine.dialect.name == "postgresql"


def test_migrations_match_the_models(empty_settings):
    """A model change without a migration would make this fail."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(empty_settings)
    upgrade_database(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_an_uninitialised_database_says_run_init(empty_settings):
    with pytest.raises(DatabaseError, match="not initialised.*testimony init"):
        require_current_schema(make_engine(empty_settings))
