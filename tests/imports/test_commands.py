"""The import commands through call_command: summaries on stdout, one problem a line on stderr, status 1."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from apps.organizations.management.commands import import_organizations as org_command
from apps.organizations.models import Organization
from apps.people.models import Official
from apps.planning.management.commands import import_planning as planning_command
from apps.planning.models import PlanningEntry, PlanningList
from apps.planning.services import PLANNING_COLUMNS
from tests.imports.files import write_csv, write_xlsx
from tests.imports.samples import an, binh, counts

ORG_HEADERS = ["Mã", "Tên", "Cấp", "Mã cấp trên"]


def call(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_import_organizations_command(tmp_path: Path) -> None:
    rows = [
        {"Mã": "HUYEN_A", "Tên": "Huyện A", "Cấp": "Huyện", "Mã cấp trên": "TINH"},
        {"Mã": "TINH", "Tên": "Tỉnh", "Cấp": "Tỉnh"},
    ]
    path = write_csv(tmp_path / "org.csv", ORG_HEADERS, rows)
    out, _ = call("import_organizations", str(path), "--dry-run")
    assert out.strip() == org_command.DRY_RUN.format(rows=2, created=2, updated=0, unchanged=0)
    assert not Organization.objects.exists()
    out, err = call("import_organizations", str(path))
    assert out.strip() == org_command.DONE.format(rows=2, created=2, updated=0, unchanged=0)
    assert err == ""
    assert Organization.objects.get(code="HUYEN_A").parent.code == "TINH"  # type: ignore[union-attr]


@pytest.mark.django_db
def test_import_organizations_command_rejects_bad_input(tmp_path: Path) -> None:
    rows = [{"Mã": "A", "Tên": "A", "Cấp": "Quận"}, {"Mã": "B", "Tên": "B", "Cấp": "Xã", "Mã cấp trên": "Z"}]
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "import_organizations", str(write_csv(tmp_path / "org.csv", ORG_HEADERS, rows)), stderr=err
        )
    assert raised.value.returncode == 1
    assert err.getvalue().splitlines() == [
        "Dòng 2, cột Cấp: Cấp “Quận” không hợp lệ; dùng một trong: Trung ương, Tỉnh, Huyện, Xã, Cơ sở.",
        "Dòng 3, cột Mã cấp trên: Không có tổ chức mã “Z” trong tệp hoặc trong dữ liệu.",
    ]
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_import_planning_command(tmp_path: Path, tree: dict[str, Organization]) -> None:
    path = write_xlsx(tmp_path / "ds.xlsx", PLANNING_COLUMNS, [an(), binh()])
    args = ("import_planning", str(path), "--org", "HUYEN_A", "--term", "2025-2030", "--kind", "next")
    out, _ = call(*args, "--dry-run")
    assert out.startswith("Kiểm tra thử, không ghi gì: 2 dòng hợp lệ cho danh sách HUYEN_A")
    assert counts() == (0, 0, 0, 4)
    out, err = call(*args, "--reference-date", "2025-10-01")
    assert out.strip() == planning_command.DONE.format(
        rows=2,
        org="HUYEN_A",
        term="2025-2030",
        kind="nhiệm kỳ kế tiếp",
        created=" (danh sách mới)",
        oc=2,
        ou=0,
        on=0,
        ec=2,
        eu=0,
        en=0,
        es=0,
    )
    assert err == ""
    assert str(PlanningList.objects.get().reference_date) == "2025-10-01"
    out, _ = call(*args)
    assert "Cán bộ: 0 thêm mới, 0 cập nhật, 2 không đổi." in out
    assert (Official.objects.count(), PlanningEntry.objects.count()) == (2, 2)


@pytest.mark.django_db
def test_import_planning_command_rejects_bad_input(tmp_path: Path, tree: dict[str, Organization]) -> None:
    path = write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [an(), an(**{"Giới tính": "Ông", "STT": "2"})])
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "import_planning",
            str(path),
            "--org",
            "HUYEN_A",
            "--term",
            "2025-2030",
            "--kind",
            "next",
            stderr=err,
        )
    assert raised.value.returncode == 1
    assert err.getvalue().splitlines() == [
        "Dòng 3, cột Giới tính: Giới tính “Ông” không hợp lệ; ghi “Nam” hoặc “Nữ”."
    ]
    assert counts() == (0, 0, 0, 4)


@pytest.mark.django_db
def test_import_planning_command_unknown_org_and_term(tmp_path: Path, tree: dict[str, Organization]) -> None:
    path = write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [an()])
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "import_planning", str(path), "--org", "X", "--term", "1999", "--kind", "next", stderr=err
        )
    assert raised.value.returncode == 1
    assert err.getvalue().splitlines() == [
        planning_command.UNKNOWN_ORGANIZATION.format(code="X"),
        planning_command.UNKNOWN_TERM.format(code="1999"),
    ]
