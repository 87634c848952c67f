"""Item 11: the rule-set page shows every parameter with its rule, source and "to confirm" flag, in
Vietnamese, and every list page links to it ("Căn cứ: …")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import translation

from apps.accounts.models import Membership, Role, User
from apps.organizations.models import Level, Organization, Term
from apps.planning.models import ListKind, PlanningList
from apps.rules.models import RuleSet
from apps.rules.parameters import LEVEL_PARAMETERS, RULE_SET_PARAMETERS
from tests.factories import hashed_test_password

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_vi() -> Client:
    province = Organization.objects.create(code="TINH", name="Tỉnh", level=Level.PROVINCE)
    user = User.objects.create(username="xem", password=hashed_test_password(), full_name="Người xem")
    Membership.objects.create(user=user, organization=province, role=Role.VIEWER)
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(user)
    return client


def test_every_parameter_with_its_source_and_to_confirm(client_vi: Client) -> None:
    page = client_vi.get("/quy-tac/QD377-2025/").content.decode()
    rule_set = RuleSet.objects.get(code="QD377-2025")
    for parameter in RULE_SET_PARAMETERS:
        with translation.override("vi"):
            label = str(RuleSet._meta.get_field(parameter.field).verbose_name)
        assert f"<td>{label[:1].upper()}{label[1:]}" in page, parameter.field
        assert parameter.source in page, parameter.field
    for parameter in LEVEL_PARAMETERS:
        assert parameter.source[:20] in page
    assert "Còn cần xác minh" in page
    assert page.count("cần xác minh</span>") == len(rule_set.to_confirm)
    assert "số tháng kể từ quyết định khiển trách" in page.lower()
    assert "Quy định 377-QĐ/TW ngày 08/10/2025" in page
    assert "Trưởng ban (ban đảng)" in page  # the group-1 current posts by name


def test_clearing_a_mark_is_data(client_vi: Client) -> None:
    RuleSet.objects.filter(code="HD16-2022").update(to_confirm=[])
    page = client_vi.get("/quy-tac/HD16-2022/").content.decode()
    assert "cần xác minh</span>" not in page
    assert "Không có: mọi con số đều dựa trên văn bản đã dẫn." in page


def test_the_list_page_links_to_its_rule_set(client_vi: Client) -> None:
    province = Organization.objects.get(code="TINH")
    pl = PlanningList.objects.create(
        organization=province, term=Term.objects.get(code="2025-2030"), kind=ListKind.NEXT,
        reference_date=dt.date(2025, 9, 1),
    )  # fmt: skip
    page = client_vi.get(f"/quy-hoach/{pl.pk}/").content.decode()
    assert 'href="/quy-tac/HD16-2022/"' in page
    assert "Căn cứ: Quy định 50-QĐ/TW và Hướng dẫn 16-HD/BTCTW" in page
    assert "Bộ quy tắc" in client_vi.get("/quy-tac/").content.decode()
