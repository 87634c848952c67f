"""R3: the reference date of a next list comes from the Chỉ thị 45 congress months (TermLevelStart)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from apps.organizations.models import Level, Organization, Term, TermLevelStart
from apps.planning.models import ListKind, PlanningList
from apps.planning.services import PLANNING_COLUMNS, planning_list_create
from tests.imports.files import write_csv

pytestmark = pytest.mark.django_db


def _row(workplace: str) -> dict[str, str]:
    return {
        "Họ và tên": "Nguyễn Văn An",
        "Ngày sinh": "15/03/1975",
        "Giới tính": "Nam",
        "Đơn vị công tác": workplace,
        "Chức danh quy hoạch": "BI_THU",
    }


def test_the_chi_thi_45_months_are_shipped() -> None:
    seeded = {
        (row.term.code, row.level): row.start_date for row in TermLevelStart.objects.select_related("term")
    }
    assert seeded == {
        ("2025-2030", "grassroots"): dt.date(2025, 4, 1),
        ("2025-2030", "district"): dt.date(2025, 6, 1),
        ("2025-2030", "commune"): dt.date(2025, 7, 1),
        ("2025-2030", "province"): dt.date(2025, 9, 1),
        ("2026-2031", "province"): dt.date(2026, 3, 1),
        ("2026-2031", "district"): dt.date(2026, 3, 1),
        ("2026-2031", "commune"): dt.date(2026, 3, 1),
    }


def test_import_next_list_at_a_commune_under_the_province_without_reference_date(tmp_path: Path) -> None:
    province = Organization.objects.create(code="TINH", name="Tỉnh", level=Level.PROVINCE)
    Organization.objects.create(code="XA_TT", name="Xã trực thuộc", level=Level.COMMUNE, parent=province)
    path = write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [_row("XA_TT")])
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_planning", str(path), "--org", "XA_TT", "--term", "2025-2030", "--kind", "next",
        stdout=out, stderr=err,
    )  # fmt: skip
    assert err.getvalue() == ""
    assert PlanningList.objects.get().reference_date == dt.date(2025, 7, 1)


def test_page_and_service_take_the_level_month_and_a_term_without_data_its_start() -> None:
    province = Organization.objects.create(code="TINH", name="Tỉnh", level=Level.PROVINCE)
    grassroots = Organization.objects.create(
        code="CS", name="Chi bộ", level=Level.GRASSROOTS, parent=province
    )
    term = Term.objects.get(code="2025-2030")
    made = planning_list_create(organization=province, term=term, kind=ListKind.NEXT, user=None)
    assert made.reference_date == dt.date(2025, 9, 1)
    made = planning_list_create(organization=grassroots, term=term, kind=ListKind.NEXT, user=None)
    assert made.reference_date == dt.date(2025, 4, 1)
    later = Term.objects.get(code="2030-2035")
    made = planning_list_create(organization=province, term=later, kind=ListKind.NEXT, user=None)
    assert made.reference_date == later.start_date
    # an explicit date still wins
    made = planning_list_create(
        organization=grassroots, term=later, kind=ListKind.NEXT, user=None, reference_date=dt.date(2030, 2, 1)
    )
    assert made.reference_date == dt.date(2030, 2, 1)


def test_an_edited_month_is_used_on_its_first_day_and_the_admin_refuses_another_day() -> None:
    row = TermLevelStart.objects.get(term__code="2025-2030", level=Level.PROVINCE)
    row.start_date = dt.date(2025, 10, 15)
    with pytest.raises(ValidationError) as raised:
        row.full_clean()
    assert "start_date" in raised.value.message_dict
    row.save()  # written around the form: still the first of that month
    province = Organization.objects.create(code="TINH", name="Tỉnh", level=Level.PROVINCE)
    made = planning_list_create(organization=province, term=row.term, kind=ListKind.NEXT, user=None)
    assert made.reference_date == dt.date(2025, 10, 1)


def test_the_create_page_without_a_date_takes_the_level_month(client, django_user_model) -> None:  # type: ignore[no-untyped-def]
    from apps.accounts.models import Membership, Role

    province = Organization.objects.create(code="TINH", name="Tỉnh", level=Level.PROVINCE)
    commune = Organization.objects.create(code="XA_TT", name="Xã", level=Level.COMMUNE, parent=province)
    user = django_user_model.objects.create_user(username="bt", password="x-pass-12345")
    Membership.objects.create(user=user, organization=province, role=Role.EDITOR)
    client.force_login(user)
    term = Term.objects.get(code="2025-2030")
    response = client.post(
        "/quy-hoach/tao-moi/",
        {"organization": commune.pk, "term": term.pk, "kind": ListKind.NEXT, "reference_date": ""},
    )
    assert response.status_code == 302
    assert PlanningList.objects.get(organization=commune).reference_date == dt.date(2025, 7, 1)
