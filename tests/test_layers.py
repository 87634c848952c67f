"""The layer order of docs/architecture.md holds: import-linter's three contracts are kept, and an upward
import put back anywhere breaks them (so the check can fail)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), str(folder / ".importlinter"), "--no-cache"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def copy_of_apps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("layers")
    shutil.copytree(ROOT / "apps", folder / "apps", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", folder / ".importlinter")
    return folder


def test_the_three_contracts_are_kept() -> None:
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        # a lower app reaching up: people names the reports task again
        ("apps/people/probe.py", "from apps.reports.tasks import summaries_refresh", "layer order"),
        ("apps/accounts/probe.py", "from apps.planning.models import PlanningList", "layer order"),
        ("apps/core/probe.py", "from apps.people.models import Official", "layer order"),
        # a page reading another app's models instead of its selectors, upward
        ("apps/organizations/probe_views.py", "from apps.planning.models import PlanningList", "layer order"),
        ("apps/rules/engine/probe.py", "from apps.core.text import fold_name", "engine imports no app"),
        ("apps/reports/selectors/probe.py", "from apps.reports.services import requests", "cycles"),
    ],
)
def test_an_upward_import_breaks_a_contract(
    copy_of_apps: Path, module: str, line: str, contract: str
) -> None:
    probe = copy_of_apps / module
    try:
        probe.write_text(line + "\n", encoding="utf-8")
        result = lint(copy_of_apps)
    finally:
        probe.unlink()
    assert result.returncode == 1, result.stdout
    broken = [row for row in result.stdout.splitlines() if row.endswith("BROKEN") or " BROKEN " in row]
    assert any(contract in row for row in broken), result.stdout
    if contract == "layer order":  # the report names the probe's own import
        assert module.removesuffix(".py").replace("/", ".") + " ->" in result.stdout, result.stdout
