"""R8 stored: the per-organization measure rows equal the live count, follow changes, and feed the pages.

Also the science and technology share (QĐ 377): the official's flag on the form, in the import file and
in the demo data.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.demo.services import DemoResult, build_demo
from apps.organizations.models import Organization, Term
from apps.people.models import Official
from apps.planning.services import PLANNING_COLUMNS
from apps.reports.models import MeasureCount
from apps.reports.selectors.measures import Measures, r8_measures, r8_measures_live
from apps.reports.services import list_summaries_refresh
from apps.reports.services.measures import organization_measures_refresh
from tests.authz.cases_people import official_form_data
from tests.authz.world import World
from tests.imports.files import write_csv

pytestmark = pytest.mark.django_db
S_T = "Trình độ khoa học, công nghệ"


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[DemoResult]:
    """The demo loaded once for the module, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            result = build_demo()
            list_summaries_refresh()  # the nightly refresh: every list and every organization
            yield result
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _plain(measures: Measures) -> Measures:
    return dataclasses.replace(measures, computed_on=None)


def test_the_stored_figures_equal_the_live_count_on_the_demo(demo: DemoResult, db: None) -> None:
    today = timezone.localdate()
    compared = 0
    for term in Term.objects.filter(start_date__lte=today):
        for org in Organization.objects.filter(depth__lte=2).order_by("path"):  # the province, its districts
            stored = r8_measures(organization=org, term=term, today=today)
            assert stored.computed_on == today  # read from the rows, not counted again
            assert _plain(stored) == r8_measures_live(organization=org, term=term, today=today), org.code
            compared += 1
    assert compared >= 6
    province = Organization.objects.get(depth=0)
    figures = r8_measures(organization=province, term=Term.objects.get(code="2025-2030"), today=today)
    by_code = {m.code: m for m in figures.measures}
    officials = Official.objects.count()
    assert by_code["SCIENCE_TECH"].total == officials
    assert by_code["SCIENCE_TECH"].count == Official.objects.filter(science_technology=True).count() > 0
    assert by_code["SCIENCE_TECH"].target is None  # QĐ 377 gives no number: a figure with no target
    assert by_code["NON_LOCAL"].total > 0 and figures.band_total > 0 and figures.long_held_count > 0


def test_the_demo_flags_its_engineers_and_doctors(demo: DemoResult, db: None) -> None:
    flagged = Official.objects.filter(science_technology=True).values_list("education", "education_subject")
    assert flagged and all(
        level == "Tiến sĩ" or subject.startswith(("Kỹ sư", "Tiến sĩ")) for level, subject in flagged
    )
    assert not Official.objects.filter(
        science_technology=False, education_subject__startswith="Kỹ sư"
    ).exists()


def test_an_edit_on_the_form_shows_on_the_page_and_refreshes_the_stored_rows(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    today, term = timezone.localdate(), world.list_a.term
    organization_measures_refresh()
    before = {m.code: m for m in r8_measures(organization=world.A, term=term, today=today).measures}
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(world.users["editor"])
    official = world.official_a
    url = reverse("people:edit", args=[official.pk])
    assert "Trình độ khoa học, công nghệ" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the refresh runs once the change is committed
        response = client.post(url, official_form_data(official, science_technology="on"))
    assert response.status_code == 302
    official.refresh_from_db()
    assert official.science_technology is True
    page = client.get(reverse("people:detail", args=[official.pk])).content.decode()
    assert "Trình độ khoa học, công nghệ</dt><dd>Có</dd>" in page
    after = {m.code: m for m in r8_measures(organization=world.A, term=term, today=today).measures}
    assert after["SCIENCE_TECH"].count == before["SCIENCE_TECH"].count + 1
    assert MeasureCount.objects.filter(organization=world.A, code="SCIENCE_TECH", count=1).exists()


def _import(path: Path, world: World) -> str:
    err = io.StringIO()
    call_command(
        "import_planning", str(path), "--org", world.A.code, "--term", world.list_a.term.code,
        "--kind", "next", stdout=io.StringIO(), stderr=err,
    )  # fmt: skip
    return err.getvalue()


def _row(world: World, value: str) -> dict[str, str]:
    official = world.official_a
    return {
        "Họ và tên": official.full_name,
        "Ngày sinh": official.birth_date.strftime("%d/%m/%Y"),
        "Giới tính": "Nam" if official.sex == "M" else "Nữ",
        "Số định danh": official.national_id or "",
        "Đơn vị công tác": world.A.code,
        "Chức danh quy hoạch": "PHO_BI_THU",
        S_T: value,
    }


def test_the_import_column_sets_clears_and_keeps_the_flag(world: World, tmp_path: Path) -> None:
    assert S_T in PLANNING_COLUMNS and PLANNING_COLUMNS.index(S_T) > PLANNING_COLUMNS.index("Ghi chú")
    official = world.official_a
    _import(write_csv(tmp_path / "a.csv", PLANNING_COLUMNS, [_row(world, "có")]), world)
    official.refresh_from_db()
    assert official.science_technology is True
    _import(write_csv(tmp_path / "b.csv", PLANNING_COLUMNS, [_row(world, "")]), world)  # empty: kept
    official.refresh_from_db()
    assert official.science_technology is True
    _import(write_csv(tmp_path / "c.csv", PLANNING_COLUMNS, [_row(world, "Không")]), world)
    official.refresh_from_db()
    assert official.science_technology is False
    # a file without the column at all still imports (the column is optional)
    columns = [c for c in PLANNING_COLUMNS if c != S_T]
    _import(write_csv(tmp_path / "d.csv", columns, [_row(world, "")]), world)


def test_a_bad_value_is_refused_by_row_and_column_and_nothing_is_written(
    world: World, tmp_path: Path
) -> None:
    revision = world.official_a.revision
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "import_planning", str(write_csv(tmp_path / "f.csv", PLANNING_COLUMNS, [_row(world, "kỹ sư")])),
            "--org", world.A.code, "--term", world.list_a.term.code, "--kind", "next", stderr=err,
        )  # fmt: skip
    assert err.getvalue().splitlines() == [
        f"Dòng 2, cột {S_T}: Cột “{S_T}” ghi “có”, “không” hoặc để trống, không ghi “kỹ sư”."
    ]
    assert raised.value.returncode == 1
    world.official_a.refresh_from_db()
    assert world.official_a.revision == revision and world.official_a.science_technology is False


def test_the_export_writes_the_column_and_imports_back(world: World, tmp_path: Path) -> None:
    Official.objects.filter(pk=world.official_a.pk).update(science_technology=True)
    client = Client()
    client.force_login(world.users["editor"])
    response = client.get(reverse("planning:export", kwargs={"pk": world.list_a.pk}))
    table = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [c.value for c in table[1]]
    assert header == PLANNING_COLUMNS
    values = {
        r[header.index("Họ và tên")].value: r[header.index(S_T)].value for r in table.iter_rows(min_row=2)
    }
    assert values[world.official_a.full_name] == "có"


def test_the_dashboard_charts_and_tables_read_the_stored_rows(world: World) -> None:
    Official.objects.filter(pk=world.official_a.pk).update(science_technology=True)
    organization_measures_refresh()
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(world.users["viewer"])
    url = reverse("reports:dashboard_organization", kwargs={"pk": world.A.pk})
    page = client.get(f"{url}?term={world.list_a.term.code}").content.decode()
    assert 'data-chart="chart-measures"' in page and 'data-chart="chart-age-bands"' in page
    chart = json.loads(
        re.search(r'<script id="chart-measures" type="application/json">(.*?)</script>', page, re.S)[1]
    )  # type: ignore[index]
    science = [" ".join(lines) for lines in chart["labels"]].index("Cán bộ có trình độ khoa học, công nghệ")
    officials = Official.objects.filter(organization__path__startswith=world.A.path).count()
    assert chart["datasets"][0]["data"][science] == round(100 / officials, 2)
    bands = json.loads(
        re.search(r'<script id="chart-age-bands" type="application/json">(.*?)</script>', page, re.S)[1]
    )  # type: ignore[index]
    assert len(bands["labels"]) == 3 and sum(bands["datasets"][0]["data"]) >= 1
    assert "Cơ cấu ba độ tuổi của cán bộ trong quy hoạch" in page and "Số liệu ngày" in page
    # the sibling's editor reads neither the page nor the figures of A
    client.force_login(world.users["sibling"])
    assert client.get(url).status_code == 404


def test_the_report_files_carry_every_measure_from_the_stored_rows(
    demo: DemoResult, db: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from apps.reports.exporters.pdf import render_pdf_html
    from apps.reports.exporters.xlsx import write_xlsx
    from tests.rules_db.report import report_json

    province = Organization.objects.get(depth=0)
    report = report_json(monkeypatch, tmp_path, province.code)
    data = report["measures"]
    live = r8_measures_live(
        organization=province, term=Term.objects.get(code="2025-2030"), today=timezone.localdate()
    )
    assert data["computed_on"] == timezone.localdate().isoformat()  # read from the stored rows
    assert [(m["code"], m["count"], m["total"]) for m in data["items"]] == [
        (m.code, m.count, m.total) for m in live.measures
    ]
    assert {"NON_LOCAL", "ROTATED", "YOUNG_APPOINTED", "SCIENCE_TECH"} <= {m["code"] for m in data["items"]}
    assert data["long_held_count"] == live.long_held_count == len(data["long_held"])
    assert [b["count"] for b in data["age_bands"]] == [count for _, count in live.age_bands]
    stream = io.BytesIO()
    write_xlsx(report, stream)
    sheet = openpyxl.load_workbook(io.BytesIO(stream.getvalue()))["Chỉ tiêu khác"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    science = next(m for m in live.measures if m.code == "SCIENCE_TECH")
    assert rows["Cán bộ có trình độ khoa học, công nghệ"][1:5] == (
        str(science.count),
        str(science.total),
        f"{science.percent:.2f}".replace(".", ","),
        "Chưa đặt chỉ tiêu",
    )
    long_held = "Chức vụ người đứng đầu giữ ở một nơi quá hai nhiệm kỳ, cần xem xét luân chuyển"
    assert rows[long_held][1] == str(live.long_held_count)
    html = render_pdf_html(report)
    assert "Cán bộ có trình độ khoa học, công nghệ" in html and long_held in html
