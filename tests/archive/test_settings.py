"""Settings come from the environment, once, with clear errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archive.errors import SettingsError
from archive.settings import DEMO_SEARCH_RATE_LIMIT, Settings


def test_defaults_put_everything_in_instance(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_environ({})
    assert settings.data_dir == tmp_path / "instance"
    assert settings.database_url == f"sqlite:///{tmp_path / 'instance' / 'archive.sqlite'}"
    assert settings.index_dir == tmp_path / "instance" / "index"


def test_database_url_overrides_the_sqlite_file(tmp_path):
    settings = Settings.from_environ(
        {"TESTIMONY_DATA_DIR": str(tmp_path), "TESTIMONY_DATABASE_URL": "postgresql://u@h/db"}
    )
    assert settings.database_url == "postgresql://u@h/db"
    assert settings.index_dir == tmp_path / "index"


def test_a_bad_database_url_is_refused_with_an_example():
    with pytest.raises(SettingsError, match="not a database URL; expected e.g."):
        Settings.from_environ({"TESTIMONY_DATABASE_URL": "archive.sqlite"})


def test_data_dir_that_is_a_file_is_refused(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(SettingsError, match="is a file; expected a directory"):
        Settings.from_environ({"TESTIMONY_DATA_DIR": str(target)})


def test_secret_key_is_generated_once_and_kept(tmp_path):
    settings = Settings.from_environ({"TESTIMONY_DATA_DIR": str(tmp_path)})
    first = settings.resolved_secret_key()
    assert len(first) == 64
    assert (
        Settings.from_environ({"TESTIMONY_DATA_DIR": str(tmp_path)}).resolved_secret_key() == first
    )
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_configured_secret_key_wins(tmp_path):
    settings = Settings.from_environ(
        {"TESTIMONY_DATA_DIR": str(tmp_path), "TESTIMONY_SECRET_KEY": "s3cret"}
    )
    assert settings.resolved_secret_key() == "s3cret"
    assert not (tmp_path / "secret_key").exists()


def test_base_url_and_oai_identity_are_settings():
    settings = Settings.from_environ(
        {
            "TESTIMONY_BASE_URL": " https://archive.example.org/voices/ ",
            "TESTIMONY_OAI_REPOSITORY_NAME": "Harbour Archive",
            "TESTIMONY_OAI_REPOSITORY_ID": "harbour.example.org",
            "TESTIMONY_OAI_ADMIN_EMAIL": "oai@harbour.example.org",
        }
    )
    assert settings.base_url == "https://archive.example.org/voices"  # no trailing slash
    assert settings.oai_repository_name == "Harbour Archive"
    assert settings.oai_repository_id == "harbour.example.org"
    assert settings.oai_admin_email == "oai@harbour.example.org"
    unset = Settings.from_environ({})
    assert (unset.base_url, unset.oai_repository_id, unset.oai_admin_email) == (None, None, None)
    assert unset.oai_repository_name == "Testimony oral-history archive"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TESTIMONY_BASE_URL", "archive.example.org"),
        ("TESTIMONY_BASE_URL", "ftp://archive.example.org"),
        ("TESTIMONY_BASE_URL", "https://"),
        ("TESTIMONY_BASE_URL", "https://archive.example.org/?lang=en"),
        ("TESTIMONY_BASE_URL", "https://archive.example.org/#top"),
        ("TESTIMONY_BASE_URL", "https://archive.example.org:http/"),
        ("TESTIMONY_BASE_URL", "https://[::1/"),
        ("TESTIMONY_OAI_REPOSITORY_ID", "harbour archive"),
        ("TESTIMONY_OAI_REPOSITORY_ID", "oai:harbour"),
        ("TESTIMONY_OAI_ADMIN_EMAIL", "webmaster"),
        ("TESTIMONY_OAI_ADMIN_EMAIL", "web master@example.org"),
    ],
)
def test_a_bad_address_setting_is_refused_naming_it(name, value):
    with pytest.raises(SettingsError, match=f"^{name}=.*expected"):
        Settings.from_environ({name: value})


def test_every_setting_read_is_in_the_readme_settings_table():
    """A setting nobody can find is a setting nobody sets: each TESTIMONY_*
    variable archive/settings.py reads has its row in README's table, and the
    table lists no variable that is not read."""
    root = Path(__file__).resolve().parents[2]
    source = (root / "archive" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'env\.get\(\s*"(TESTIMONY_\w+)"', source))
    readme = (root / "README.md").read_text(encoding="utf-8")
    table = set(re.findall(r"^\| `(TESTIMONY_\w+)` \|", readme, flags=re.MULTILINE))
    assert len(read) >= 12  # the pattern still finds how settings are read
    assert read == table


def test_the_demo_allows_more_searches_unless_the_limit_is_set(tmp_path):
    unset = {"TESTIMONY_DATA_DIR": str(tmp_path)}
    demo = Settings.from_environ(unset).for_demo(unset)
    assert demo.search_rate_limit == DEMO_SEARCH_RATE_LIMIT
    chosen = {**unset, "TESTIMONY_SEARCH_RATE_LIMIT": "5 per minute"}
    assert Settings.from_environ(chosen).for_demo(chosen).search_rate_limit == "5 per minute"
