"""One settings object (``ijw.settings.Settings``): the environment variables and defaults of
docs/operations.md ("Configuration"), overridden by the command line, read the same by every service, the
CLI and the Alembic environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from ijw.auth.ratelimit import FailureLimiter
from ijw.db import head_revision
from ijw.settings import Settings, db_url
from ijw_app.cli.database import resolve_url
from ijw_app.cli.main import app
from services.export import ExportSettings
from services.ingest.api import ApiSettings
from services.ingest.settings import IngestSettings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ("IJW_DB_URL", "IJW_MIGRATE", "IJW_PSEUDONYM_KEY", "IJW_AUTH_MAX_FAILURES", "IJW_AUTH_WINDOW_S")


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SHARED:
        monkeypatch.delenv(name, raising=False)


def test_the_documented_defaults() -> None:
    """docs/operations.md: IJW_DB_URL sqlite:///ijw.sqlite, IJW_MIGRATE true, no key, 10 failures in 60 s."""
    settings = Settings()
    assert settings.db_url == "sqlite:///ijw.sqlite"
    assert settings.migrate is True
    assert settings.key_bytes() is None
    assert (settings.auth_max_failures, settings.auth_window_s) == (10, 60.0)


def test_every_service_reads_the_same_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IJW_DB_URL", "sqlite:///from-env.sqlite")
    monkeypatch.setenv("IJW_MIGRATE", "false")
    monkeypatch.setenv("IJW_PSEUDONYM_KEY", "k" * 20)
    for settings in (Settings(), ApiSettings(), ExportSettings(), IngestSettings()):
        assert settings.db_url == "sqlite:///from-env.sqlite"
        assert settings.migrate is False
        assert settings.key_bytes() == b"k" * 20
    assert "k" * 20 not in repr(ExportSettings())  # the key is a secret: never in a repr or a log


def test_the_command_line_overrides_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IJW_DB_URL", "sqlite:///from-env.sqlite")
    assert resolve_url(None) == db_url() == "sqlite:///from-env.sqlite"
    assert resolve_url("sqlite:///given.sqlite") == "sqlite:///given.sqlite"
    assert (
        ApiSettings.of(db_url="sqlite:///given.sqlite", bootstrap_servers=None).db_url
        == "sqlite:///given.sqlite"
    )
    assert ApiSettings.of(db_url=None).db_url == "sqlite:///from-env.sqlite"  # None: not given


def test_an_empty_db_url_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IJW_DB_URL", "")
    assert resolve_url(None) == "sqlite:///ijw.sqlite"
    assert ApiSettings().db_url == "sqlite:///ijw.sqlite"


def test_a_bad_value_is_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IJW_AUTH_MAX_FAILURES", "0")
    with pytest.raises(ValidationError, match="auth_max_failures"):
        FailureLimiter.from_environment()
    monkeypatch.setenv("IJW_AUTH_MAX_FAILURES", "3")
    monkeypatch.setenv("IJW_AUTH_WINDOW_S", "5")
    limiter = FailureLimiter.from_environment()
    assert (limiter.max_failures, limiter.window_s) == (3, 5.0)


def test_ijw_db_upgrade_takes_ijw_db_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "env.sqlite"
    monkeypatch.setenv("IJW_DB_URL", f"sqlite:///{target}")
    result = CliRunner().invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert target.exists() and head_revision() in result.output


def test_alembic_takes_ijw_db_url(tmp_path: Path) -> None:
    """``IJW_DB_URL=… alembic upgrade head`` (alembic.ini) migrates the database the variable names."""
    target = tmp_path / "alembic.sqlite"
    env = {**os.environ, "IJW_DB_URL": f"sqlite:///{target}"}
    alembic = Path(sys.executable).with_name("alembic")
    proc = subprocess.run(
        [str(alembic), "-c", str(ROOT / "alembic.ini"), "upgrade", "head"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert target.exists() and not (tmp_path / "ijw.sqlite").exists()
