"""Alerts: the daily job on a frozen clock, each alert once, the bell, read/unread per user, e-mail, scope."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Role
from apps.organizations.models import Level, Position
from apps.planning.models import ListKind, ListStatus
from apps.reports.models import Alert, AlertKind
from apps.reports.services.alerts import alerts_build
from apps.reports.tasks import alerts_build_task
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
# a man born 10/06/1966 retires at 62 on 30/06/2028: 6 months after 15/12/2027
FROZEN = dt.datetime(2027, 12, 15, 6, 0, tzinfo=dt.UTC)


def frozen(moment: dt.datetime):  # type: ignore[no-untyped-def]
    """Freeze Django's clock (timezone.now, and so localdate and auto_now_add) at `moment`."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.fixture
def tree():  # type: ignore[no-untyped-def]
    province = OrganizationFactory(code="AL_P", name="Tỉnh Báo", level=Level.PROVINCE)
    district = OrganizationFactory(code="AL_D", name="Huyện Báo", level=Level.DISTRICT, parent=province)
    other = OrganizationFactory(code="AL_O", name="Huyện Khác", level=Level.DISTRICT, parent=province)
    secretary = Position.objects.get(code="BI_THU")
    holder = OfficialFactory(
        full_name="Nguyễn Văn Hưu",
        birth_date=dt.date(1966, 6, 10),
        organization=district,
        current_position=secretary,
    )
    # born a month later: retires 31/07/2028, 7 months after the frozen day
    OfficialFactory(
        full_name="Trần Văn Sau",
        birth_date=dt.date(1966, 7, 10),
        organization=district,
        current_position=secretary,
    )
    user = UserFactory(email="huyen@example.vn")
    MembershipFactory(user=user, organization=district, role=Role.VIEWER)
    outsider = UserFactory(email="khac@example.vn")
    MembershipFactory(user=outsider, organization=other, role=Role.EDITOR)
    return {
        "province": province,
        "district": district,
        "other": other,
        "holder": holder,
        "user": user,
        "outsider": outsider,
    }


def test_retiring_in_six_months_raises_exactly_one_alert_once(
    tree, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with frozen(FROZEN), django_capture_on_commit_callbacks(execute=True):
        assert timezone.localdate() == dt.date(2027, 12, 15)
        assert alerts_build_task() == 1
        assert alerts_build_task() == 0  # the same day again
    with frozen(FROZEN + dt.timedelta(days=1)), django_capture_on_commit_callbacks(execute=True):
        assert alerts_build_task() == 0  # the next day: still within 6 months, already raised
    alerts = list(Alert.objects.filter(kind=AlertKind.RETIRING))
    assert len(alerts) == 1
    alert = alerts[0]
    assert alert.organization == tree["district"] and alert.due_on == dt.date(2028, 6, 30)
    assert (
        "Nguyễn Văn Hưu" in alert.message and "30/06/2028" in alert.message and "còn 6 tháng" in alert.message
    )
    assert alert.url == reverse("people:detail", kwargs={"pk": tree["holder"].pk})
    assert alert.created_at == FROZEN
    # one mail, to the district's user only, sent once
    assert [m.to for m in mail.outbox] == [["huyen@example.vn"]]
    assert "Nguyễn Văn Hưu" in mail.outbox[0].body


def test_seven_months_ahead_is_not_yet_an_alert(tree) -> None:  # type: ignore[no-untyped-def]
    alerts_build(today=dt.date(2027, 11, 15), send_mail=False)  # Hưu: 7 months, Sau: 8
    assert not Alert.objects.filter(kind=AlertKind.RETIRING).exists()


def test_bell_list_and_read_state_per_user_in_scope(tree) -> None:  # type: ignore[no-untyped-def]
    with frozen(FROZEN):
        alerts_build(today=timezone.localdate(), send_mail=False)
    alert = Alert.objects.get(kind=AlertKind.RETIRING)
    client, outsider, admin = Client(), Client(), Client()
    client.force_login(tree["user"])
    outsider.force_login(tree["outsider"])
    province_admin = UserFactory()
    MembershipFactory(user=province_admin, organization=tree["province"], role=Role.ADMIN)
    admin.force_login(province_admin)
    badge = reverse("reports:alerts_badge")
    assert ">1</span>" in client.get(badge).content.decode()
    assert "Nguyễn Văn Hưu" in client.get(reverse("reports:alerts")).content.decode()
    # another district's user sees nothing of it and cannot open it
    assert "badge" not in outsider.get(badge).content.decode()
    assert "Nguyễn Văn Hưu" not in outsider.get(reverse("reports:alerts")).content.decode()
    assert outsider.post(reverse("reports:alert_open", kwargs={"pk": alert.pk})).status_code == 404
    # opening it marks it read for this user only and goes to the page that resolves it
    response = client.post(reverse("reports:alert_open", kwargs={"pk": alert.pk}))
    assert response.status_code == 302 and response["Location"] == alert.url
    assert "badge" not in client.get(badge).content.decode()
    assert ">1</span>" in admin.get(badge).content.decode()
    assert admin.post(reverse("reports:alerts_read_all")).status_code == 302
    assert "badge" not in admin.get(badge).content.decode()


def test_planned_official_disciplined_moved_or_below_age_and_list_events(tree) -> None:  # type: ignore[no-untyped-def]
    district, other = tree["district"], tree["other"]
    term = TermFactory(code="2025-2030")
    member = Position.objects.get(code="UV_BCH")
    # a current list reviewed 01/01/2027
    current = PlanningListFactory(
        organization=district, term=term, kind=ListKind.CURRENT, reference_date=dt.date(2027, 1, 1)
    )
    young = OfficialFactory(full_name="Lê Văn Kỷ", birth_date=dt.date(1985, 1, 1), organization=district)
    DisciplineRecordFactory(official=young, start_date=dt.date(2027, 11, 1))
    PlanningEntryFactory(planning_list=current, official=young, position=member)
    mover = OfficialFactory(full_name="Phạm Văn Chuyển", birth_date=dt.date(1984, 1, 1), organization=other)
    PlanningEntryFactory(planning_list=current, official=mover, position=member)
    # born 20/01/1971, retires 31/01/2033: 72 months left at 01/01/2027 (group 1 passes), 61 at 15/12/2027
    aging = OfficialFactory(
        full_name="Hoàng Văn Tuổi", birth_date=dt.date(1971, 1, 20), organization=district
    )
    PlanningEntryFactory(planning_list=current, official=aging, position=member)
    submitted = PlanningListFactory(
        organization=district, term=term, kind=ListKind.NEXT, status=ListStatus.SUBMITTED, submitted_at=FROZEN
    )
    alerts_build(today=dt.date(2027, 12, 15), send_mail=False)
    kinds = {(a.kind, a.organization.code) for a in Alert.objects.all()}
    assert (AlertKind.DISCIPLINED, "AL_D") in kinds
    assert (AlertKind.MOVED, "AL_D") in kinds
    assert (AlertKind.SUBMITTED, "AL_P") in kinds  # submitted to the level above
    assert (AlertKind.REVIEW_DUE, "AL_D") not in kinds  # reviewed less than a year ago
    age = Alert.objects.filter(kind=AlertKind.AGE)
    assert [a.message.split(",")[0] for a in age] == ["Đồng chí Hoàng Văn Tuổi"]
    assert Alert.objects.get(kind=AlertKind.SUBMITTED).url == reverse(
        "planning:detail", kwargs={"pk": submitted.pk}
    )
    alerts_build(today=dt.date(2028, 1, 2), send_mail=False)
    assert Alert.objects.filter(kind=AlertKind.REVIEW_DUE, organization=district).count() == 1
    assert Alert.objects.filter(kind=AlertKind.DISCIPLINED).count() == 1  # still once
