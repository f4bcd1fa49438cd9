"""The docker/ files stay consistent with the product (no Docker engine runs here, so they are checked
statically: every `ijw` command they run exists, every service that runs has a health check, and every path
the Dockerfile copies is in the repository)."""

from __future__ import annotations

import re

import yaml
from typer.main import get_command

from ijw.paths import REPO_ROOT
from ijw_app.cli.main import app

DOCKER = REPO_ROOT / "docker"


def test_compose_services_run_existing_commands() -> None:
    compose = yaml.safe_load((DOCKER / "compose.yaml").read_text())
    group = get_command(app)  # the lazy top-level group: commands load when asked for
    commands = set(group.list_commands(None))  # type: ignore[attr-defined]
    ijw_services = {n: s for n, s in compose["services"].items() if s.get("image") == "ijw-verwerker"}
    assert {"ingest-worker", "quality", "export", "api", "migrate"} <= set(ijw_services)
    for name, service in ijw_services.items():
        if "entrypoint" in service:
            continue
        command = service["command"]
        assert command[0] in commands, name
        target = group.get_command(None, command[0])  # type: ignore[attr-defined]
        if hasattr(target, "commands"):  # a sub-app: its sub-command must exist too
            assert command[1] in target.commands, name
            target = target.commands[command[1]]
        options = {opt for param in target.params for opt in param.opts + param.secondary_opts}
        for word in command:
            if word.startswith("--"):
                assert word in options, (name, word)


def _option(command: list[str], name: str) -> str:
    return command[command.index(name) + 1]


def test_export_service_writes_to_its_volume_and_checks_its_heartbeat() -> None:
    service = yaml.safe_load((DOCKER / "compose.yaml").read_text())["services"]["export"]
    command = service["command"]
    assert command[:2] == ["export", "run"] and "--bsn" not in command  # pseudonymised, never BSNs
    out = _option(command, "--out")
    assert any(volume.split(":")[1] == out for volume in service["volumes"])
    assert "IJW_PSEUDONYM_KEY" in service["environment"]
    assert "migrate" in service["depends_on"]
    heartbeat = _option(command, "--heartbeat")
    assert heartbeat in " ".join(service["healthcheck"]["test"])
    # the heartbeat may be older than one interval (--every) but not much more
    minutes = int(re.search(r"-mmin -(\d+)", " ".join(service["healthcheck"]["test"])).group(1))  # type: ignore[union-attr]
    assert int(_option(command, "--every")) / 60 < minutes < 2 * int(_option(command, "--every")) / 60


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


def test_compose_has_no_default_secrets() -> None:
    """Issue 11: compose fell back to the database password ``ijw`` when IJW_DB_PASSWORD was unset. Every use
    of a secret must be ``${NAME:?…}`` (compose refuses to start without it), never a default or empty."""
    text = (DOCKER / "compose.yaml").read_text()
    for secret in ("IJW_DB_PASSWORD", "IJW_PSEUDONYM_KEY"):
        uses = re.findall(r"\$\{" + secret + r"([^}]*)\}", text)
        assert uses, secret
        assert all(use.startswith(":?") for use in uses), (secret, uses)
    assert "POSTGRES_PASSWORD: ${IJW_DB_PASSWORD:?" in text
    # the broker is reachable on the compose network only (see docs/operations.md, Security)
    compose = yaml.safe_load(text)
    assert "ports" not in compose["services"]["kafka"]
