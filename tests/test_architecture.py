"""The layers of the house (``docs/architecture.md``), as the import-linter contracts in ``pyproject.toml``
state them: they hold on the tree, and they fail when a service reaches into another's internals or the
domain library imports a service or a tool.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("ijw", "services", "ijw_app", "ijw_tools")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]


def _copy_tree(target: Path) -> None:
    """The Python sources of the four root packages and the contracts, in ``target``."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            target / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        )
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(tree), "PATH": str(LINT_IMPORTS.parent), "HOME": str(tree)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "pyproject.toml"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not LINT_IMPORTS.exists():
        pytest.fail(f"import-linter is a dev dependency; {LINT_IMPORTS} is missing")
    target = tmp_path_factory.mktemp("house")
    _copy_tree(target)
    return target


def test_the_contracts_hold_on_the_tree(tree: Path) -> None:
    result = _lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "source", "contract"),
    [
        # a service reaching into another service's internals instead of its public __init__
        (
            "services/dashboard/leak.py",
            "from services.export.service import Exporter\n",
            "The export service is used by other services only through its public surface",
        ),
        (
            "services/export/leak.py",
            "from services.quality.linking.linker import LinkFinding\n",
            "The quality service is used by other services only through its public surface",
        ),
        # the domain library importing a service, a service importing a tool
        ("ijw/leak.py", "import services.quality\n", "Layers:"),
        ("services/ingest/leak.py", "from ijw_tools.traffic import TrafficConfig\n", "Layers:"),
    ],
)
def test_a_broken_layer_is_refused(tree: Path, module: str, source: str, contract: str) -> None:
    path = tree / module
    path.write_text(source)
    try:
        result = _lint(tree)
    finally:
        path.unlink()
    assert result.returncode != 0
    report = " ".join(result.stdout.split())  # import-linter wraps long contract names
    (name,) = [c["name"] for c in CONTRACTS if c["name"].startswith(contract)]
    assert f"{name} BROKEN" in report, result.stdout


DOC = ROOT / "docs" / "architecture.md"
#: a repository path cited in backticks: starts with a top-level folder of the repository
_TOP = "ijw|services|ijw_app|ijw_tools|xsd|productcodes|codelijsten|tests|docs"
_CITED = re.compile(rf"`((?:{_TOP})/[^`\s*]*)`")


def test_the_architecture_page_cites_only_paths_that_exist() -> None:
    cited = set(_CITED.findall(DOC.read_text()))
    assert len(cited) > 30
    missing = sorted(path for path in cited if not (ROOT / path).exists())
    assert missing == [], f"docs/architecture.md cites paths that do not exist: {missing}"


def test_the_architecture_page_names_every_package() -> None:
    """Every package of the four roots, down to the second level, is named on the page (as a path or a
    dotted name), so a new package is placed in the picture when it is added."""
    text = DOC.read_text()
    packages = [
        init.parent.relative_to(ROOT)
        for root in PACKAGES
        for init in sorted((ROOT / root).glob("**/__init__.py"))
        if len(init.parent.relative_to(ROOT).parts) <= 2
    ]
    unnamed = [str(p) for p in packages if f"{p.as_posix()}/" not in text and ".".join(p.parts) not in text]
    assert unnamed == [], f"packages missing from docs/architecture.md: {unnamed}"
