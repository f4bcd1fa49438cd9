"""The docker/ files stay consistent with the product (no Docker engine runs here, so they are checked
statically: every `ijw` command they run exists, every service that runs has a health check, and every path
the Dockerfile copies is in the repository)."""

from __future__ import annotations

import re

import yaml
from typer.main import get_command

from ijw.cli.main import app
from ijw.paths import REPO_ROOT

DOCKER = REPO_ROOT / "docker"


def test_compose_services_run_existing_commands() -> None:
    compose = yaml.safe_load((DOCKER / "compose.yaml").read_text())
    commands = set(get_command(app).commands)  # type: ignore[attr-defined]
    ijw_services = {n: s for n, s in compose["services"].items() if s.get("image") == "ijw-verwerker"}
    assert {"ingest-worker", "quality", "api", "migrate"} <= set(ijw_services)
    for name, service in ijw_services.items():
        if "entrypoint" in service:
            continue
        command = service["command"]
        assert command[0] in commands, name
        group = get_command(app).commands[command[0]]  # type: ignore[attr-defined]
        if hasattr(group, "commands"):  # a sub-app: its sub-command must exist too
            assert command[1] in group.commands, name


def test_long_running_services_have_health_checks() -> None:
    compose = yaml.safe_load((DOCKER / "compose.yaml").read_text())
    for name, service in compose["services"].items():
        if service.get("restart") == "no":
            continue
        assert "healthcheck" in service, name


def test_dockerfile_copies_existing_paths() -> None:
    text = (DOCKER / "Dockerfile").read_text()
    sources = [src for line in re.findall(r"^COPY (.+)$", text, re.M) for src in line.split()[:-1]]
    assert sources
    for source in sources:
        assert (REPO_ROOT / source).exists(), source
