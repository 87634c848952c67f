"""R9: standards per post and level, TRAINING_NEEDED in the report, the training-needs page and export."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from django.test import Client

from apps.accounts.models import Membership, Role, User
from apps.organizations.models import Level, Organization, Position, PositionStandard, Term
from apps.people.models import Official
from apps.planning.models import ListKind, PlanningEntry, PlanningList
from tests.factories import hashed_test_password
from tests.rules_db.report import entry_codes, report_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting() -> tuple[Organization, Organization, PlanningList, Client]:
    province = Organization.objects.create(code="TINH", name="Tỉnh Đông", level=Level.PROVINCE)
    commune = Organization.objects.create(code="XA", name="Xã Tây", level=Level.COMMUNE, parent=province)
    term = Term.objects.get(code="2025-2030")
    pl = PlanningList.objects.create(
        organization=province, term=term, kind=ListKind.NEXT, reference_date=dt.date(2025, 9, 1)
    )
    pl_xa = PlanningList.objects.create(
        organization=commune, term=term, kind=ListKind.NEXT, reference_date=dt.date(2025, 7, 1)
    )
    people = [
        # province post: đại học and cao cấp needed
        (pl, "Cao Văn Đủ", "Thạc sĩ Luật", "cao_cap"),
        (pl, "Trần Văn Thiếu", "Cao đẳng Sư phạm", "trung_cap"),
        (pl, "Lê Văn Chưa Ghi", "", ""),
        # commune post: trung cấp theory is enough
        (pl_xa, "Đinh Thị Xã", "Đại học Kinh tế", "trung_cap"),
    ]
    for i, (planning_list, name, education, theory) in enumerate(people):
        official = Official.objects.create(
            full_name=name, birth_date=dt.date(1980, 1, 1 + i), sex="M", organization=planning_list.organization,
            education=education, political_theory=theory,
        )  # fmt: skip
        PlanningEntry.objects.create(
            planning_list=planning_list, official=official, position=Position.objects.get(code="UV_BCH")
        )
    user = User.objects.create(username="xem", password=hashed_test_password(), full_name="Người xem")
    Membership.objects.create(user=user, organization=province, role=Role.VIEWER)
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(user)
    return province, commune, pl, client


def test_default_standards_are_shipped() -> None:
    standard = PositionStandard.objects.get(position__code="BI_THU", level=Level.PROVINCE)
    assert (standard.min_education, standard.min_political_theory) == (3, 3)
    standard = PositionStandard.objects.get(position__code="BI_THU", level=Level.COMMUNE)
    assert (standard.min_education, standard.min_political_theory) == (3, 2)
    assert PositionStandard.objects.count() == Position.objects.count() * 5


def test_training_needed_in_the_json_report(
    setting: tuple[Organization, Organization, PlanningList, Client],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    data = report_json(monkeypatch, tmp_path, "TINH")
    by_org = {lst["organization"]: lst for lst in data["lists"]}
    province_index = data["lists"].index(by_org["TINH"])
    detail = {e["full_name"]: e for e in by_org["TINH"]["entries_detail"]}
    assert [f["code"] for f in detail["Trần Văn Thiếu"]["findings"]] == ["TRAINING_NEEDED"]
    finding = detail["Trần Văn Thiếu"]["findings"][0]
    assert finding["severity"] == "warning" and detail["Trần Văn Thiếu"]["eligible"] is True
    assert finding["message"] == (
        "Cần đào tạo, bồi dưỡng: trình độ chuyên môn cao đẳng, chức danh cần từ đại học trở lên; "
        "lý luận chính trị trung cấp, chức danh cần từ cao cấp trở lên."
    )
    assert detail["Cao Văn Đủ"]["findings"] == [] and detail["Lê Văn Chưa Ghi"]["findings"] == []
    assert entry_codes(data, 1 - province_index) == [[]]  # the commune's standard is trung cấp


def test_a_standard_is_data(
    setting: tuple[Organization, Organization, PlanningList, Client],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    PositionStandard.objects.filter(position__code="UV_BCH", level=Level.PROVINCE).update(min_education=2)
    data = report_json(monkeypatch, tmp_path, "TINH")
    province = next(lst for lst in data["lists"] if lst["organization"] == "TINH")
    message = next(e for e in province["entries_detail"] if e["full_name"] == "Trần Văn Thiếu")["findings"][
        0
    ]["message"]
    assert "trình độ chuyên môn" not in message and "lý luận chính trị trung cấp" in message


def test_the_training_pages_and_their_export(
    setting: tuple[Organization, Organization, PlanningList, Client],
) -> None:
    province, commune, pl, client = setting
    page = client.get(f"/quy-hoach/{pl.pk}/dao-tao/").content.decode()
    assert "Trần Văn Thiếu" in page and "Lê Văn Chưa Ghi" in page and "Cao Văn Đủ" not in page
    assert "trình độ chuyên môn: chưa có thông tin" in page
    response = client.get(f"/quy-hoach/{pl.pk}/dao-tao/?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][:3] == ["STT", "Họ và tên", "Ngày sinh"]
    assert values[2][1] == "Trần Văn Thiếu" and values[2][7].startswith("trình độ chuyên môn cao đẳng")
    assert values[3][1] == "Lê Văn Chưa Ghi" and values[3][8].startswith(
        "trình độ chuyên môn: chưa có thông tin"
    )
    subtree = client.get(f"/quy-hoach/dao-tao/to-chuc/{province.pk}/?term=2025-2030").content.decode()
    assert "Trần Văn Thiếu" in subtree and "Đinh Thị Xã" not in subtree
    Official.objects.filter(full_name="Đinh Thị Xã").update(political_theory="so_cap")
    subtree = client.get(f"/quy-hoach/dao-tao/to-chuc/{province.pk}/?term=2025-2030").content.decode()
    assert (
        "Đinh Thị Xã" in subtree and "lý luận chính trị sơ cấp, chức danh cần từ trung cấp trở lên" in subtree
    )
    assert client.get(f"/quy-hoach/dao-tao/to-chuc/{commune.pk}/").status_code == 200
    assert (
        'href="/quy-hoach/' + str(pl.pk) + '/dao-tao/"' in client.get(f"/quy-hoach/{pl.pk}/").content.decode()
    )
