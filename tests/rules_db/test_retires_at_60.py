"""R1: the retire-at-60 flag of a woman official, with its legal basis, in every computation."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from apps.organizations.models import Level, Organization, Position, Term
from apps.people.models import Official
from apps.people.selectors import working_status
from apps.planning.models import ListKind, PlanningEntry, PlanningList
from apps.planning.selectors import planning_list_evaluate
from apps.planning.services import PLANNING_COLUMNS
from apps.planning.services.import_format import RETIRES_AT_60_IMPORTED_BASIS
from tests.imports.files import write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def district() -> Organization:
    province = Organization.objects.create(code="TINH", name="Tỉnh", level=Level.PROVINCE)
    return Organization.objects.create(code="HUYEN_A", name="Huyện A", level=Level.DISTRICT, parent=province)


def test_the_flag_moves_the_retirement_of_the_list_and_the_official_page(district: Organization) -> None:
    # Born 06/1970: 57 years 4 months by the roadmap (10/2027), 60 years with the flag (06/2030).
    woman = Official.objects.create(
        full_name="Lê Thị Hoa", birth_date=dt.date(1970, 6, 1), sex="F", organization=district
    )
    pl = PlanningList.objects.create(
        organization=district, term=Term.objects.get(code="2025-2030"), kind=ListKind.NEXT,
        reference_date=dt.date(2025, 6, 1),
    )  # fmt: skip
    PlanningEntry.objects.create(
        planning_list=pl, official=woman, position=Position.objects.get(code="UV_BCH")
    )
    before = planning_list_evaluate(planning_list=pl).result.entry_results[0]
    assert (before.retirement_date, before.months_remaining) == (dt.date(2027, 10, 31), 28)
    assert [f.code for f in before.findings] == ["AGE_FULL_TERM"]
    woman.retires_at_60 = True
    woman.retires_at_60_basis = "Chỉ thị 45-CT/TW, phụ lục 2"
    woman.save()
    after = planning_list_evaluate(planning_list=pl).result.entry_results[0]
    assert (after.retirement_date, after.months_remaining) == (dt.date(2030, 6, 30), 60)
    assert [f.code for f in after.findings] == ["AGE_PREFER_TWO_TERMS"]
    assert working_status(woman, dt.date(2025, 6, 1)).retirement_date == dt.date(2030, 6, 30)


def test_a_man_cannot_carry_the_flag(district: Organization) -> None:
    with pytest.raises(IntegrityError):
        Official.objects.create(
            full_name="Trần Văn Bình", birth_date=dt.date(1970, 6, 1), sex="M", organization=district,
            retires_at_60=True,
        )  # fmt: skip


def _row(**extra: str) -> dict[str, str]:
    row = {
        "Họ và tên": "Lê Thị Hoa",
        "Ngày sinh": "01/06/1970",
        "Giới tính": "Nữ",
        "Đơn vị công tác": "HUYEN_A",
        "Chức danh quy hoạch": "UV_BCH",
    }
    row.update(extra)
    return row


def _import(path: Path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_planning", str(path), "--org", "HUYEN_A", "--term", "2025-2030", "--kind", "next",
        stdout=out, stderr=err,
    )  # fmt: skip
    return out.getvalue(), err.getvalue()


def test_the_import_column_sets_the_flag_with_a_basis(tmp_path: Path, district: Organization) -> None:
    assert "Nghỉ hưu ở tuổi 60" in PLANNING_COLUMNS
    _import(write_csv(tmp_path / "a.csv", PLANNING_COLUMNS, [_row(**{"Nghỉ hưu ở tuổi 60": "có"})]))
    woman = Official.objects.get()
    assert woman.retires_at_60 is True
    assert woman.retires_at_60_basis == RETIRES_AT_60_IMPORTED_BASIS
    result = planning_list_evaluate(planning_list=PlanningList.objects.get()).result.entry_results[0]
    assert result.retirement_date == dt.date(2030, 6, 30)
    # an empty cell leaves the recorded flag alone
    _import(write_csv(tmp_path / "b.csv", PLANNING_COLUMNS, [_row()]))
    assert Official.objects.get().retires_at_60 is True


def test_the_import_refuses_a_bad_value_and_a_man(tmp_path: Path, district: Organization) -> None:
    rows = [
        _row(**{"Nghỉ hưu ở tuổi 60": "không rõ"}),
        _row(**{"Họ và tên": "Trần Văn Bình", "Giới tính": "Nam", "Nghỉ hưu ở tuổi 60": "có"}),
    ]
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "import_planning", str(write_csv(tmp_path / "c.csv", PLANNING_COLUMNS, rows)),
            "--org", "HUYEN_A", "--term", "2025-2030", "--kind", "next", stderr=err,
        )  # fmt: skip
    assert raised.value.returncode == 1
    assert err.getvalue().splitlines() == [
        "Dòng 2, cột Nghỉ hưu ở tuổi 60: Cột “Nghỉ hưu ở tuổi 60” ghi “có” hoặc để trống, không ghi “không rõ”.",
        "Dòng 3, cột Nghỉ hưu ở tuổi 60: Chỉ cán bộ nữ mới được nghỉ hưu ở tuổi 60 theo quy định này; "
        "cán bộ này là nam.",
    ]
    assert not Official.objects.exists()
