"""Term projection (contracts §9), its page and Excel file, the org chart and the successor finder."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from apps.accounts.models import Role
from apps.organizations.models import Level, Position
from apps.planning.models import ListKind
from apps.planning.selectors import planning_list_evaluate
from apps.reports.selectors.finder import successor_candidates
from apps.reports.selectors.foresight import term_projection
from apps.reports.views.foresight import projection_chart
from tests.factories import (
    DisciplineRecordFactory,
    MembershipFactory,
    OfficialFactory,
    OrganizationFactory,
    PlanningEntryFactory,
    PlanningListFactory,
    TermFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 1, 15)


@pytest.fixture
def scope():  # type: ignore[no-untyped-def]
    """A district with a commune; the district's secretary (born 15/03/1968, retires 31/03/2030) is
    planned for by one eligible and one too-old official; the commune's chair has nobody planned."""
    province = OrganizationFactory(code="FS_P", name="Tỉnh Dự Báo", level=Level.PROVINCE)
    district = OrganizationFactory(code="FS_D", name="Huyện Dự Báo", level=Level.DISTRICT, parent=province)
    commune = OrganizationFactory(code="FS_C", name="Xã Dự Báo", level=Level.COMMUNE, parent=district)
    other = OrganizationFactory(code="FS_O", name="Huyện Khác", level=Level.DISTRICT, parent=province)
    secretary, chair = Position.objects.get(code="BI_THU"), Position.objects.get(code="CT_UBND")
    holder = OfficialFactory(
        full_name="Nguyễn Văn Giữ",
        birth_date=dt.date(1968, 3, 15),
        organization=district,
        current_position=secretary,
    )
    commune_holder = OfficialFactory(
        full_name="Trần Thị Xã",
        sex="F",
        birth_date=dt.date(1972, 8, 1),
        organization=commune,
        current_position=chair,
    )
    other_holder = OfficialFactory(
        full_name="Lê Văn Ngoài",
        birth_date=dt.date(1967, 1, 1),
        organization=other,
        current_position=secretary,
    )
    term = TermFactory(code="2025-2030")
    next_list = PlanningListFactory(organization=district, term=term, kind=ListKind.NEXT)
    young = OfficialFactory(
        full_name="Phạm Văn Trẻ",
        birth_date=dt.date(1980, 1, 1),
        organization=district,
    )
    old = OfficialFactory(full_name="Hoàng Văn Già", birth_date=dt.date(1966, 1, 1), organization=district)
    eligible_entry = PlanningEntryFactory(planning_list=next_list, official=young, position=secretary)
    old_entry = PlanningEntryFactory(planning_list=next_list, official=old, position=secretary)
    return {
        "province": province,
        "district": district,
        "commune": commune,
        "other": other,
        "term": term,
        "holder": holder,
        "commune_holder": commune_holder,
        "other_holder": other_holder,
        "next_list": next_list,
        "young": young,
        "old": old,
        "eligible_entry": eligible_entry,
        "old_entry": old_entry,
        "secretary": secretary,
    }


def _command_json(tmp_path: Path, *args: str) -> dict:  # type: ignore[type-arg]
    output = tmp_path / "projection.json"
    call_command("term_projection", *args, "--format", "json", "--output", str(output), stdout=io.StringIO())
    return json.loads(output.read_text(encoding="utf-8"))


def test_command_writes_the_json_of_contracts_9(scope, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = _command_json(tmp_path, "--org", "FS_D", "--term", "2025-2030")
    assert data["organization"] == "FS_D" and data["term"] == "2025-2030" and data["generated_at"]
    posts = {(p["organization"], p["position"]): p for p in data["posts"]}
    assert set(posts) == {("FS_D", "BI_THU"), ("FS_C", "CT_UBND")}  # the other district is outside
    secretary = posts[("FS_D", "BI_THU")]
    assert secretary["holder"] == {
        "full_name": "Nguyễn Văn Giữ",
        "birth_date": "1968-03-15",
        "sex": "M",
        "retirement_date": "2030-03-31",
        "retirement_overridden": False,
        "vacates": "2030-03",
        # 72 months (group 1 of a current list) before 03/2030: meets it until 03/2024
        "age_limit_month": "2024-04",
    }
    # eligible first; the old one has 53 months at 01/06/2025 (needs 60 for group 1 of a next list)
    assert [(s["full_name"], s["eligible"], s["list_kind"]) for s in secretary["successors"]] == [
        ("Phạm Văn Trẻ", True, "next"),
        ("Hoàng Văn Già", False, "next"),
    ]
    assert secretary["covered"] is True
    chair = posts[("FS_C", "CT_UBND")]
    assert chair["successors"] == [] and chair["covered"] is False
    # the commune chair (woman born 08/1972) retires 12/2030, after the term: not vacating
    assert chair["holder"]["vacates"] is None
    assert data["by_month"] == [{"month": "2030-03", "vacating": 1, "uncovered": 0}]


def test_successor_figures_agree_with_the_list_page(scope, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = _command_json(tmp_path, "--org", "FS_D", "--term", "2025-2030")
    successors = next(p for p in data["posts"] if p["position"] == "BI_THU")["successors"]
    by_entry = {
        r.entry_id: r for r in planning_list_evaluate(planning_list=scope["next_list"]).result.entry_results
    }
    for entry, shown in zip((scope["eligible_entry"], scope["old_entry"]), successors, strict=True):
        assert (by_entry[entry.pk].eligible, by_entry[entry.pk].months_remaining) == (
            shown["eligible"],
            shown["months_remaining"],
        )


def test_until_and_the_override_move_the_vacating_month(scope, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = _command_json(tmp_path, "--org", "FS_D", "--term", "2025-2030", "--until", "2029-12")
    assert data["by_month"] == []
    assert all(p["holder"]["vacates"] is None for p in data["posts"])
    scope["commune_holder"].retirement_override = dt.date(2027, 6, 30)
    scope["commune_holder"].retirement_override_reason = "Nghỉ hưu trước tuổi"
    scope["commune_holder"].save()
    data = _command_json(tmp_path, "--org", "FS_D", "--term", "2025-2030", "--until", "2029-12")
    assert data["by_month"] == [{"month": "2027-06", "vacating": 1, "uncovered": 1}]
    chair = next(p for p in data["posts"] if p["position"] == "CT_UBND")
    assert chair["holder"]["retirement_date"] == "2027-06-30" and chair["holder"]["retirement_overridden"]


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (("--org", "NOPE", "--term", "2025-2030"), 1),
        (("--org", "FS_D", "--term", "1990-1995"), 1),
        (("--org", "FS_D", "--term", "2025-2030", "--until", "2030-13"), 2),
    ],
)
def test_bad_input_writes_nothing(scope, tmp_path, args, status) -> None:  # type: ignore[no-untyped-def]
    output = tmp_path / "out.json"
    with pytest.raises(CommandError) as error:
        call_command("term_projection", *args, "--format", "json", "--output", str(output))
    assert error.value.returncode == status
    assert not output.exists()


def test_xlsx_has_the_posts_and_the_months(scope, tmp_path) -> None:  # type: ignore[no-untyped-def]
    output = tmp_path / "projection.xlsx"
    call_command(
        "term_projection",
        "--org",
        "FS_D",
        "--term",
        "2025-2030",
        "--format",
        "xlsx",
        "--output",
        str(output),
        stdout=io.StringIO(),
    )
    book = openpyxl.load_workbook(output)
    posts = list(book["Chức danh"].iter_rows(min_row=3, values_only=True))
    assert [(r[1], r[3], r[4], r[10]) for r in posts] == [
        ("FS_D", "Bí thư", "Nguyễn Văn Giữ", "Có"),
        ("FS_C", "Chủ tịch UBND", "Trần Thị Xã", "Không"),
    ]
    assert posts[0][7] == dt.datetime(2030, 3, 31)
    assert "Phạm Văn Trẻ (đủ điều kiện" in posts[0][11]
    months = list(book["Theo tháng"].iter_rows(min_row=3, values_only=True))
    assert [(m[0], m[1], m[2]) for m in months] == [(dt.datetime(2030, 3, 1), 1, 0)]


def test_chart_counts_ten_years_and_filters_narrow_the_posts(scope) -> None:  # type: ignore[no-untyped-def]
    projection = term_projection(organization=scope["district"], term=scope["term"], today=TODAY)
    assert [y.year for y in projection.by_year] == list(range(2026, 2036))
    by_year = {y.year: (y.covered, y.uncovered) for y in projection.by_year}
    # the secretary (03/2030, covered) and the commune chair (woman born 08/1972: 58 years 4 months,
    # 12/2030, after the term so not "vacating", but in the ten-year chart; nobody planned)
    assert by_year[2030] == (1, 1)
    assert sum(y.vacating for y in projection.by_year) == 2
    chart = projection_chart(projection)
    assert chart["datasets"][0]["data"] == [y.covered for y in projection.by_year]
    assert chart["datasets"][1]["data"] == [y.uncovered for y in projection.by_year]
    communes = term_projection(organization=scope["district"], term=scope["term"], level=Level.COMMUNE)
    assert [p.holder_name for p in communes.posts] == ["Trần Thị Xã"]
    by_code = term_projection(organization=scope["district"], term=scope["term"], position_code="BI_THU")
    assert [p.holder_name for p in by_code.posts] == ["Nguyễn Văn Giữ"]


def test_projection_reads_a_bounded_number_of_queries(scope, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):  # more posts and lists must not mean more queries
        district = OrganizationFactory(level=Level.COMMUNE, parent=scope["district"])
        OfficialFactory(organization=district, current_position=scope["secretary"])
        PlanningEntryFactory(planning_list=PlanningListFactory(organization=district, term=scope["term"]))
    # holders 1; lists of the term + their evaluation 11 (with proposals, entries at the same level,
    # position standards, votes and confidence votes); rule sets 2; issue 13: the position catalogue
    # of the evaluation (its entries query joins no post)
    with django_assert_max_num_queries(15):
        term_projection(organization=scope["district"], term=scope["term"])


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_page_shows_the_subtree_only(scope) -> None:  # type: ignore[no-untyped-def]
    viewer = UserFactory()
    MembershipFactory(user=viewer, organization=scope["district"], role=Role.VIEWER)
    client = _client(viewer)
    response = client.get(
        reverse("reports:projection", kwargs={"pk": scope["district"].pk}), {"until": "2035-12"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Văn Giữ" in page and "Trần Thị Xã" in page and "Lê Văn Ngoài" not in page
    assert 'data-chart="chart-vacating"' in page and 'id="chart-vacating"' in page
    # drill-down to the commune, and nothing of the other district
    assert reverse("reports:projection", kwargs={"pk": scope["commune"].pk}) in page
    assert client.get(reverse("reports:projection", kwargs={"pk": scope["other"].pk})).status_code == 404
    assert client.get(reverse("reports:org_chart", kwargs={"pk": scope["other"].pk})).status_code == 404
    assert client.get(reverse("reports:finder", kwargs={"pk": scope["other"].pk})).status_code == 404
    # a bad month is a message on the form, never a 500
    bad = client.get(reverse("reports:projection", kwargs={"pk": scope["district"].pk}), {"until": "12/2030"})
    assert bad.status_code == 200 and "YYYY-MM" in bad.content.decode()


def test_org_chart_marks_posts_without_an_eligible_successor(scope) -> None:  # type: ignore[no-untyped-def]
    editor = UserFactory()
    MembershipFactory(user=editor, organization=scope["district"], role=Role.EDITOR)
    page = (
        _client(editor)
        .get(reverse("reports:org_chart", kwargs={"pk": scope["district"].pk}))
        .content.decode()
    )
    assert page.count('class="post fs-uncovered"') == 1  # the commune chair
    assert "Phạm Văn Trẻ" in page and "@page { size: A4 landscape" not in page  # the print CSS is a file
    css = Path(__file__).resolve().parents[2] / "static" / "css" / "foresight.css"
    assert "size: A4 landscape" in css.read_text()


def test_finder_ranks_with_reasons(scope) -> None:  # type: ignore[no-untyped-def]
    district = scope["district"]
    disciplined = OfficialFactory(
        full_name="Đỗ Văn Kỷ", birth_date=dt.date(1985, 1, 1), organization=district
    )
    DisciplineRecordFactory(official=disciplined, start_date=dt.date(2025, 1, 1))
    OfficialFactory(
        full_name="Vũ Thị Nữ", sex="F", birth_date=dt.date(1990, 2, 2), organization=scope["commune"]
    )
    OfficialFactory(full_name="Bùi Văn Hưu", birth_date=dt.date(1955, 1, 1), organization=district)
    result = successor_candidates(
        planning_list=scope["next_list"], position=scope["secretary"], at=dt.date(2025, 6, 1)
    )
    names = [c.full_name for c in result.candidates]
    # already planned people and the long-retired are left out
    assert "Phạm Văn Trẻ" not in names and "Hoàng Văn Già" not in names and "Bùi Văn Hưu" not in names
    assert names.index("Vũ Thị Nữ") < names.index("Đỗ Văn Kỷ")
    kỷ = next(c for c in result.candidates if c.full_name == "Đỗ Văn Kỷ")
    assert not kỷ.eligible and {r.code: r.ok for r in kỷ.reasons}["discipline"] is False
    nữ = next(c for c in result.candidates if c.full_name == "Vũ Thị Nữ")
    # born 02/1990, retires at 60 in 02/2050: YM(02/2050) - YM(06/2025) = 296
    assert nữ.eligible and nữ.months == 296
    women = next(q for q in nữ.quotas if q.code == "QUOTA_WOMEN")
    assert (women.before.count, women.before.total) == (0, 2)
    assert (women.after_count, women.after_total) == (1, 3)
    assert result.planned == 2 and result.required_months == 60


def test_finder_page_links_to_the_what_if_add(scope) -> None:  # type: ignore[no-untyped-def]
    editor = UserFactory()
    MembershipFactory(user=editor, organization=scope["district"], role=Role.EDITOR)
    client = _client(editor)
    woman = OfficialFactory(
        full_name="Vũ Thị Nữ", sex="F", birth_date=dt.date(1990, 2, 2), organization=scope["commune"]
    )
    url = reverse("reports:finder", kwargs={"pk": scope["district"].pk})
    page = client.get(url, {"position": "BI_THU", "at": "2025-06-01"}).content.decode()
    add = reverse("planning:entry_add", kwargs={"pk": scope["next_list"].pk})
    link = f"{add}?official={woman.pk}&amp;position={scope['secretary'].pk}"
    assert link in page
    form = client.get(add, {"official": woman.pk, "position": scope["secretary"].pk}).content.decode()
    assert f'value="{woman.pk}" form="entry-form" checked' in form, form[form.find("pl-choices") :][:800]
    assert "Vũ Thị Nữ" in form
    viewer = UserFactory()
    MembershipFactory(user=viewer, organization=scope["district"], role=Role.VIEWER)
    assert add not in _client(viewer).get(url, {"position": "BI_THU", "at": "2025-06-01"}).content.decode()
