"""R8: the other measures with their targets as rule-set data, on the dashboard, in the JSON, XLSX and PDF."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from apps.accounts.models import Membership, Role, User
from apps.core.calendar import years_before
from apps.organizations.models import Level, Organization, Position, Term
from apps.people.models import Official, WorkHistory
from apps.planning.models import ListKind, PlanningEntry, PlanningList
from apps.reports.exporters.xlsx import write_xlsx
from apps.reports.selectors.measures import is_local, r8_measures, r8_measures_live
from tests.factories import hashed_test_password
from tests.rules_db.report import report_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, object]:
    today = timezone.localdate()
    province = Organization.objects.create(code="TINH", name="Tỉnh Đông", level=Level.PROVINCE)
    xa = Organization.objects.create(
        code="XA", name="Xã Tây", level=Level.COMMUNE, parent=province, locality="Tây Sơn"
    )
    bi_thu, ct = Position.objects.get(code="BI_THU"), Position.objects.get(code="CT_UBND")
    local = Official.objects.create(
        full_name="Người Địa Phương",
        birth_date=dt.date(1975, 1, 1),
        sex="M",
        organization=xa,
        current_position=bi_thu,
        home_town="xã Tây Sơn, huyện Cũ",
    )
    outsider = Official.objects.create(
        full_name="Người Nơi Khác",
        birth_date=dt.date(1990, 1, 1),
        sex="M",
        organization=xa,
        current_position=ct,
        home_town="Hà Nội",
    )
    # the secretary has held the post in this commune for 9 years
    WorkHistory.objects.create(
        official=local, organization=xa, position=bi_thu, start_date=years_before(today, 9)
    )
    # the chair came by rotation in this term, appointed at 35
    WorkHistory.objects.create(
        official=outsider, organization=xa, position=ct, start_date=dt.date(2025, 7, 1), is_rotation=True
    )
    pl = PlanningList.objects.create(
        organization=xa,
        term=Term.objects.get(code="2025-2030"),
        kind=ListKind.NEXT,
        reference_date=dt.date(2025, 7, 1),
    )
    for official in (local, outsider):
        PlanningEntry.objects.create(
            planning_list=pl, official=official, position=Position.objects.get(code="UV_BCH")
        )
    return {"province": province, "xa": xa, "today": today}  # fmt: skip


def test_locality_decides_who_is_local() -> None:
    assert is_local("Thôn 2, xã Tây Sơn", "Tây Sơn", False) is True
    assert is_local("Hà Nội", "Tây Sơn", True) is False
    assert is_local("", "Tây Sơn", True) is True  # nothing to compare: the official's flag


def test_the_measures_and_their_targets(world: dict[str, object]) -> None:
    measures = r8_measures(
        organization=world["province"], term=Term.objects.get(code="2025-2030"), today=world["today"]
    )  # type: ignore[arg-type]
    by_code = {m.code: m for m in measures.measures}
    non_local = by_code["NON_LOCAL"]
    assert (non_local.count, non_local.total, non_local.percent, non_local.target, non_local.ok) == (
        1,
        2,
        50.0,
        50.0,
        True,
    )
    assert (by_code["ROTATED"].count, by_code["ROTATED"].total, by_code["ROTATED"].target) == (1, 2, 10.0)
    assert (by_code["YOUNG_APPOINTED"].count, by_code["YOUNG_APPOINTED"].total) == (1, 1)
    committee = by_code["YOUNG_COMMITTEE_COMMUNE"]  # the secretary, 51: not young at commune level (< 35)
    assert (committee.count, committee.total, committee.target, committee.ok) == (0, 1, 25.0, False)
    assert [r.full_name for r in measures.long_held] == ["Người Địa Phương"]
    assert [count for _, count in measures.age_bands] == [1, 1, 0]  # 36 and 51 years old


def test_in_the_json_xlsx_and_pdf_and_on_the_dashboard(
    world: dict[str, object], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = report_json(monkeypatch, tmp_path, "TINH")
    items = {m["code"]: m for m in data["measures"]["items"]}
    assert items["NON_LOCAL"]["label"] == "Bí thư, Chủ tịch UBND cấp xã không phải người địa phương"
    assert (items["NON_LOCAL"]["actual"], items["NON_LOCAL"]["target"], items["NON_LOCAL"]["ok"]) == (
        50.0,
        50.0,
        True,
    )
    assert data["measures"]["long_held"][0]["full_name"] == "Người Địa Phương"
    stream = io.BytesIO()
    write_xlsx(data, stream)
    sheet = openpyxl.load_workbook(io.BytesIO(stream.getvalue()))["Chỉ tiêu khác"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert rows[0][:6] == [
        "Bí thư, Chủ tịch UBND cấp xã không phải người địa phương",
        "1",
        "2",
        "50,00",
        "50",
        "Đạt",
    ]
    from apps.reports.exporters.pdf import render_pdf_html

    html = render_pdf_html(data)
    assert "Các chỉ tiêu khác" in html and "Cán bộ được luân chuyển trong nhiệm kỳ" in html

    user = User.objects.create(username="xem", password=hashed_test_password(), full_name="Người xem")
    Membership.objects.create(user=user, organization=world["province"], role=Role.VIEWER)  # type: ignore[misc]
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(user)
    page = client.get(f"/bao-cao/tong-quan/{world['province'].pk}/?term=2025-2030").content.decode()  # type: ignore[attr-defined]
    assert (
        "Các chỉ tiêu khác" in page and 'data-chart="chart-measures"' in page and "Người Địa Phương" in page
    )


@pytest.mark.parametrize("today", [dt.date(2024, 2, 29), dt.date(2025, 2, 28), dt.date(2025, 3, 1)])
def test_age_bands_counted_in_sql_agree_with_age_in_years(today: dt.date) -> None:
    """Issue 13: the bands are counted in SQL; a birthday on the day, or on 29 February, is the engine's."""
    from apps.rules.engine import age_in_years

    province = Organization.objects.create(code="AB", name="Tỉnh AB", level=Level.PROVINCE)
    pl = PlanningList.objects.create(
        organization=province, term=Term.objects.get(code="2025-2030"), kind=ListKind.NEXT,
        reference_date=dt.date(2025, 6, 1),
    )  # fmt: skip
    post = Position.objects.get(code="UV_BCH")
    births = []
    for limit in (35, 50, 45, 40, 60):
        edge = years_before(today, limit)
        births += [edge, edge - dt.timedelta(days=1), edge + dt.timedelta(days=1)]
    births += [dt.date(1976, 2, 29), dt.date(1980, 2, 29), dt.date(1988, 2, 29), dt.date(1989, 3, 1)]
    for i, born in enumerate(births):
        official = Official.objects.create(
            full_name=f"Người {i}", birth_date=born, sex="M", organization=province
        )
        PlanningEntry.objects.create(planning_list=pl, official=official, position=post)
    measures = r8_measures_live(organization=province, term=Term.objects.get(code="2025-2030"), today=today)
    rule_set = _rule_set_in_force(today)
    limit1, limit2 = rule_set.age_band_1_below, rule_set.age_band_2_below
    expected = [0, 0, 0]
    for born in births:
        age = age_in_years(born, today)
        expected[0 if age < limit1 else 1 if age < limit2 else 2] += 1
    assert [count for _, count in measures.age_bands] == expected
    assert 0 not in expected


def _rule_set_in_force(today: dt.date):  # type: ignore[no-untyped-def]
    from apps.rules.models import RuleSet

    return RuleSet.objects.in_force_on(today).first()
