"""R3: an entry's target group from the official's current post through the rule set, with its reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client

from apps.accounts.models import Membership, Role, User
from apps.organizations.models import Level, Organization, Position, Term
from apps.people.models import Official
from apps.planning.models import ListKind, PlanningEntry, PlanningList
from apps.rules.models import RuleSet
from tests.factories import hashed_test_password
from tests.rules_db.report import report_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting() -> tuple[Organization, PlanningList]:
    province = Organization.objects.create(code="TINH", name="Tỉnh", level=Level.PROVINCE)
    pl = PlanningList.objects.create(
        organization=province, term=Term.objects.get(code="2025-2030"), kind=ListKind.NEXT,
        reference_date=dt.date(2025, 9, 1),
    )  # fmt: skip
    # born 1975: 62 at 2037, 137 months left: the group alone decides nothing here
    rows = [
        ("Trưởng phòng A", "TRUONG_PHONG", None),  # a group-2 post: group 2
        ("Phó ban B", "PHO_TRUONG_BAN", None),  # a group-1 post: group 1
        ("Không rõ C", None, None),  # no catalogue post: the planned post's default (1)
        ("Chọn riêng D", "TRUONG_PHONG", 1),  # the override wins
    ]
    for i, (name, post, override) in enumerate(rows):
        official = Official.objects.create(
            full_name=name, birth_date=dt.date(1975, 1, 1 + i), sex="M", organization=province,
            current_position=Position.objects.get(code=post) if post else None,
        )  # fmt: skip
        PlanningEntry.objects.create(
            planning_list=pl, official=official, position=Position.objects.get(code="PHO_BI_THU"),
            target_group_override=override,
        )  # fmt: skip
    return province, pl


def test_groups_and_reasons_in_the_report(
    setting: tuple[Organization, PlanningList], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = report_json(monkeypatch, tmp_path, "TINH")
    detail = {e["full_name"]: e for e in data["lists"][0]["entries_detail"]}
    got = {name: (e["target_group"], e["target_group_source"]) for name, e in detail.items()}
    assert got == {
        "Trưởng phòng A": (2, "current_post"),
        "Phó ban B": (1, "current_post"),
        "Không rõ C": (1, "planned_post"),
        "Chọn riêng D": (1, "override"),
    }
    assert detail["Trưởng phòng A"]["target_group_reason"] == (
        "Đối tượng 2: theo chức vụ hiện tại (Trưởng phòng), theo bộ quy tắc HD16-2022."
    )
    assert detail["Không rõ C"]["target_group_reason"].startswith("Đối tượng 1: theo mặc định của chức danh")


def test_the_mapping_is_rule_set_data(
    setting: tuple[Organization, PlanningList], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    RuleSet.objects.filter(code="HD16-2022").update(use_current_post_for_target_group=False)
    data = report_json(monkeypatch, tmp_path, "TINH")
    assert {e["target_group_source"] for e in data["lists"][0]["entries_detail"]} == {
        "planned_post",
        "override",
    }
    RuleSet.objects.filter(code="HD16-2022").update(
        use_current_post_for_target_group=True, group1_current_posts=["TRUONG_PHONG", "PHO_TRUONG_BAN"]
    )
    data = report_json(monkeypatch, tmp_path, "TINH")
    assert {e["full_name"]: e["target_group"] for e in data["lists"][0]["entries_detail"]}[
        "Trưởng phòng A"
    ] == 1


def test_the_list_page_says_why(setting: tuple[Organization, PlanningList]) -> None:
    province, pl = setting
    user = User.objects.create(username="bt", password=hashed_test_password(), full_name="Biên tập")
    Membership.objects.create(user=user, organization=province, role=Role.VIEWER)
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(user)
    page = client.get(f"/quy-hoach/{pl.pk}/").content.decode()
    assert "theo chức vụ hiện tại" in page
    assert "mặc định của chức danh quy hoạch" in page
    assert "chọn riêng cho dòng này" in page
