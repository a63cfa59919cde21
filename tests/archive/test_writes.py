"""Catalogue writes: one outcome rule, one dry-run mechanism, the ingest-run record."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from archive.drafts import ProgrammeDraft
from archive.ingest_runs import (
    finish_ingest_run,
    get_ingest_run,
    list_ingest_runs,
    record_ingest_run,
    start_ingest_run,
)
from archive.problems import Problem
from archive.programmes.queries import catalogued_programme_slugs
from archive.programmes.writes import save_programme
from archive.transactions import write_run
from archive.writes import change_outcome
from tests.conftest import initialised

SPRING = ProgrammeDraft("spring", "Spring season", "campus_season", starts=date(2026, 2, 1))
AUTUMN = ProgrammeDraft("autumn", "Autumn season", "campus_season")


class Refused(Exception):
    """A unit of writes that fails after writing."""


def test_the_outcome_rule():
    row = object()
    assert change_outcome(None, None, "abc") == "added"
    assert change_outcome(row, "abc", "abc") == "unchanged"
    assert change_outcome(row, "abc", "abd") == "updated"
    # A row stored before checksums were kept is updated, not added again.
    assert change_outcome(row, None, "abc") == "updated"


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_failing_unit_is_undone_alone_and_later_units_see_earlier_ones(empty_settings, dry_run):
    sessions = initialised(empty_settings)
    with write_run(sessions, dry_run=dry_run) as transaction:
        with transaction() as session:
            assert save_programme(session, SPRING) == "added"
        with pytest.raises(Refused), transaction() as session:
            save_programme(session, AUTUMN)
            session.flush()
            raise Refused
        with transaction() as session:
            assert catalogued_programme_slugs(session, {"spring", "autumn"}) == {"spring"}
            assert save_programme(session, SPRING) == "unchanged"
    with sessions() as session:
        kept = catalogued_programme_slugs(session, {"spring", "autumn"})
    assert kept == (set() if dry_run else {"spring"})


def test_a_dry_run_that_raises_keeps_nothing(empty_settings):
    sessions = initialised(empty_settings)
    with pytest.raises(Refused), write_run(sessions, dry_run=True) as transaction:
        with transaction() as session:
            save_programme(session, SPRING)
        raise Refused
    with sessions() as session:
        assert catalogued_programme_slugs(session, {"spring"}) == set()


@pytest.mark.parametrize(
    ("problems", "status"),
    [
        ([], "clean"),
        ([Problem("warning", "file present but not referenced")], "warnings"),
        ([Problem("warning", "w"), Problem("error", "unknown country", item="T-1")], "failed"),
    ],
)
def test_an_ingest_run_is_recorded_running_then_finished(empty_settings, problems, status):
    sessions = initialised(empty_settings)
    with sessions.begin() as session:
        run_id = start_ingest_run(session, "/collections/c", dry_run=True)
    with sessions() as session:
        running = get_ingest_run(session, run_id)
    assert (running.status, running.finished_at, running.dry_run) == ("running", None, True)
    with sessions.begin() as session:
        finish_ingest_run(session, run_id, counts={"testimony_added": 2}, problems=problems)
    with sessions() as session:
        run = get_ingest_run(session, run_id)
    assert run.status == status and run.finished_at is not None
    assert run.counts == {"testimony_added": 2}
    assert [p["message"] for p in run.problems] == [p.message for p in problems]
    assert run.errors == sum(p.severity == "error" for p in problems)


def test_a_move_is_recorded_as_a_clean_run_over_as_it_starts(empty_settings):
    sessions = initialised(empty_settings)
    when = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
    with sessions.begin() as session:
        record_ingest_run(session, "testimony move T-1 other", {"testimony_moved": 1}, when)
    with sessions() as session:
        [run] = list_ingest_runs(session)
    assert (run.source, run.status, run.dry_run) == ("testimony move T-1 other", "clean", False)
    assert run.counts == {"testimony_moved": 1} and run.problems == ()
    assert utc(run.started_at) == utc(run.finished_at) == when


def utc(moment: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes, PostgreSQL aware ones."""
    if moment is None or moment.tzinfo is not None:
        return moment and moment.astimezone(UTC)
    return moment.replace(tzinfo=UTC)
