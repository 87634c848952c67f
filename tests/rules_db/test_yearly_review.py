"""R7: the yearly review date of each list, the lists due on the home page, and the board's conclusions
("không hoàn thành nhiệm vụ", "vi phạm quy định") as removal reasons."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from apps.accounts.models import Membership, Role, User
from apps.core.calendar import years_before
from apps.organizations.models import Level, Organization, Position, Term
from apps.people.models import BoardConclusion, Official
from apps.planning.models import EntryStatus, ListKind, PlanningEntry, PlanningList
from apps.planning.services import planning_list_apply_removal_triggers
from apps.reports.selectors import reviews_due
from tests.factories import hashed_test_password

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting() -> tuple[Organization, User, Client]:
    province = Organization.objects.create(code="TINH", name="Tỉnh Đông", level=Level.PROVINCE)
    user = User.objects.create(username="bt", password=hashed_test_password(), full_name="Biên tập")
    Membership.objects.create(user=user, organization=province, role=Role.EDITOR)
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(user)
    return province, user, client


def _list(org: Organization, kind: str = ListKind.CURRENT, term: str = "2025-2030") -> PlanningList:
    return PlanningList.objects.create(
        organization=org, term=Term.objects.get(code=term), kind=kind, reference_date=dt.date(2025, 9, 1)
    )


def test_recording_the_review_from_the_list_page(setting: tuple[Organization, User, Client]) -> None:
    province, user, client = setting
    pl = _list(province)
    response = client.post(f"/quy-hoach/{pl.pk}/ra-soat-hang-nam/")
    assert response.status_code == 302
    pl.refresh_from_db()
    assert pl.last_reviewed_on == timezone.localdate()
    page = client.get(f"/quy-hoach/{pl.pk}/").content.decode()
    assert "Rà soát hằng năm gần nhất" in page and timezone.localdate().strftime("%d/%m/%Y") in page


def test_lists_due_for_review_on_the_home_page(setting: tuple[Organization, User, Client]) -> None:
    province, user, client = setting
    today = timezone.localdate()
    stale, fresh, new, ended = _list(province), _list(province, ListKind.NEXT), None, None
    PlanningList.objects.filter(pk=stale.pk).update(
        last_reviewed_on=years_before(today, 1) - dt.timedelta(days=1)
    )
    PlanningList.objects.filter(pk=fresh.pk).update(last_reviewed_on=today - dt.timedelta(days=30))
    district = Organization.objects.create(
        code="HUYEN", name="Huyện Tây", level=Level.DISTRICT, parent=province
    )
    never = _list(district)
    PlanningList.objects.filter(pk=never.pk).update(created_at=timezone.now() - dt.timedelta(days=400))
    new = _list(district, ListKind.NEXT)  # made today: not due yet
    ended = _list(district, term="2020-2025")  # its term is over
    PlanningList.objects.filter(pk=ended.pk).update(created_at=timezone.now() - dt.timedelta(days=900))
    found, total = reviews_due(user=user, today=today)
    assert [r.list_id for r in found] == [never.pk, stale.pk]  # never reviewed first
    assert total == 2 and new.pk not in [r.list_id for r in found]
    page = client.get("/").content.decode()
    assert "Danh sách đến hạn rà soát hằng năm" in page
    assert f'href="/quy-hoach/{never.pk}/"' in page and "chưa rà soát" in page
    # another organization's user does not see them
    other = Organization.objects.create(code="TINH2", name="Tỉnh khác", level=Level.PROVINCE)
    outsider = User.objects.create(username="ngoai", password=hashed_test_password(), full_name="Ngoài")
    Membership.objects.create(user=outsider, organization=other, role=Role.EDITOR)
    assert reviews_due(user=outsider, today=today) == ([], 0)


@pytest.mark.parametrize(
    ("kind", "reason", "text"),
    [
        ("task_failure", "task_failure", "Có kết luận không hoàn thành nhiệm vụ ngày 02/03/2026"),
        ("violation", "violation", "Có kết luận vi phạm quy định ngày 02/03/2026"),
    ],
)
def test_board_conclusions_are_removal_reasons(
    setting: tuple[Organization, User, Client], kind: str, reason: str, text: str
) -> None:
    province, user, _ = setting
    pl = _list(province)  # current list, 2025-09-01: HD16-2022 removes
    official = Official.objects.create(
        full_name="Võ Văn Năm", birth_date=dt.date(1985, 1, 1), sex="M", organization=province
    )
    entry = PlanningEntry.objects.create(
        planning_list=pl, official=official, position=Position.objects.get(code="UV_BCH")
    )
    BoardConclusion.objects.create(official=official, kind=kind, concluded_on=dt.date(2026, 3, 2))
    assert planning_list_apply_removal_triggers(planning_list=pl, user=user, at=dt.date(2026, 3, 1)) == []
    [trigger] = planning_list_apply_removal_triggers(planning_list=pl, user=user, at=dt.date(2026, 3, 2))
    assert (trigger.reason, trigger.message.startswith(text)) == (reason, True)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.REMOVED and entry.removed_reason.startswith(text)
