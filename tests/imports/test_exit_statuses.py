"""Real exit statuses of the import commands (0 done, 1 bad input, 2 wrong usage), run as processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from apps.organizations.models import Level, Organization
from apps.people.models import Official
from apps.planning.management.commands import import_planning as planning_command
from apps.planning.models import PlanningEntry, PlanningList
from apps.planning.services import PLANNING_COLUMNS
from apps.planning.services import import_format as imp
from tests.conftest import subprocess_database_url
from tests.imports.files import write_csv
from tests.imports.samples import an, binh

ROOT = Path(__file__).resolve().parents[2]
ORG_HEADERS = ["Mã", "Tên", "Cấp", "Mã cấp trên"]


def manage(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": subprocess_database_url()}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.django_db(transaction=True)
def test_real_exit_statuses(tmp_path: Path) -> None:
    org_file = write_csv(
        tmp_path / "org.csv",
        ORG_HEADERS,
        [
            {"Mã": "XA_1", "Tên": "Xã 1", "Cấp": "Xã", "Mã cấp trên": "HUYEN_A"},
            {"Mã": "HUYEN_A", "Tên": "Huyện A", "Cấp": "Huyện", "Mã cấp trên": "TINH"},
            {"Mã": "TINH", "Tên": "Tỉnh", "Cấp": "Tỉnh"},
        ],
    )
    done = manage("import_organizations", str(org_file))
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert "3 tổ chức thêm mới" in done.stdout
    assert Organization.objects.get(code="XA_1").level == Level.COMMUNE

    good = write_csv(tmp_path / "good.csv", PLANNING_COLUMNS, [an(), binh()])
    bad = write_csv(tmp_path / "bad.csv", PLANNING_COLUMNS, [an(**{"Ngày sinh": "31/02/1970"}), binh()])
    options = ["--org", "HUYEN_A", "--term", "2025-2030", "--kind", "next"]

    rejected = manage("import_planning", str(bad), *options)
    assert rejected.returncode == 1
    assert rejected.stderr.splitlines()[0] == "Dòng 2, cột Ngày sinh: " + imp.IMPOSSIBLE_DATE.format(
        value="31/02/1970"
    )
    assert rejected.stdout == ""
    assert (Official.objects.count(), PlanningList.objects.count()) == (0, 0)

    unknown = manage(
        "import_planning", str(good), "--org", "KHONG_CO", "--term", "2025-2030", "--kind", "next"
    )
    assert unknown.returncode == 1
    assert unknown.stderr.splitlines()[0] == planning_command.UNKNOWN_ORGANIZATION.format(code="KHONG_CO")

    for usage in (
        ["import_planning", str(good), "--term", "2025-2030", "--kind", "next"],  # no --org
        ["import_planning", str(good), *options[:4], "--kind", "later"],
        ["import_planning", str(good), *options, "--reference-date", "01/06/2025"],
        ["import_organizations"],
    ):
        wrong = manage(*usage)
        assert wrong.returncode == 2, (usage, wrong.stderr)
        assert "usage:" in wrong.stderr

    ok = manage("import_planning", str(good), *options)
    assert (ok.returncode, ok.stderr) == (0, ""), ok.stderr
    assert ok.stdout.startswith("Đã nhập 2 dòng vào danh sách quy hoạch HUYEN_A – nhiệm kỳ 2025-2030")
    assert (Official.objects.count(), PlanningEntry.objects.count()) == (2, 2)
    again = manage("import_planning", str(good), *options)
    assert again.returncode == 0
    assert (Official.objects.count(), PlanningEntry.objects.count()) == (2, 2)
