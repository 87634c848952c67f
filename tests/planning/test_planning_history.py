"""A person's planning history: every list, term and post, with the outcome, in the reader's scope only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.models import Role
from apps.organizations.models import Level, Position
from apps.planning.models import EntryStatus, ListKind, ListStatus
from apps.planning.selectors import PlanningOutcome, official_planning_history
from tests.factories import (
    MembershipFactory,
    OfficialFactory,
    OrganizationFactory,
    PlanningEntryFactory,
    PlanningListFactory,
    TermFactory,
    UserFactory,
    WorkHistoryFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def history():  # type: ignore[no-untyped-def]
    province = OrganizationFactory(code="PH_P", level=Level.PROVINCE)
    district = OrganizationFactory(code="PH_D", level=Level.DISTRICT, parent=province)
    other = OrganizationFactory(code="PH_O", level=Level.DISTRICT, parent=province)
    official = OfficialFactory(full_name="Nguyễn Văn Lịch", organization=district)
    old_term, term = TermFactory(code="2020-2025"), TermFactory(code="2025-2030")
    secretary, deputy = Position.objects.get(code="BI_THU"), Position.objects.get(code="PHO_BI_THU")
    member = Position.objects.get(code="UV_BCH")
    # 2020-2025: planned for deputy secretary, then appointed to it
    old_list = PlanningListFactory(organization=district, term=old_term, status=ListStatus.APPROVED)
    PlanningEntryFactory(planning_list=old_list, official=official, position=deputy)
    WorkHistoryFactory(official=official, organization=district, position=deputy, start_date=dt.date.today())
    # 2025-2030 next list: edition 1 plans secretary and member; edition 2 keeps secretary, removes member
    v1 = PlanningListFactory(organization=district, term=term, kind=ListKind.NEXT, status=ListStatus.APPROVED)
    PlanningEntryFactory(planning_list=v1, official=official, position=secretary)
    PlanningEntryFactory(planning_list=v1, official=official, position=member)
    v2 = PlanningListFactory(organization=district, term=term, kind=ListKind.NEXT, version=2, previous=v1)
    PlanningEntryFactory(planning_list=v2, official=official, position=secretary)
    PlanningEntryFactory(
        planning_list=v2,
        official=official,
        position=member,
        status=EntryStatus.REMOVED,
        removed_reason="Bị kỷ luật khiển trách",
        removed_on=dt.date(2026, 2, 1),
    )
    # current list: edition 1 plans member, edition 2 no longer has them
    c1 = PlanningListFactory(
        organization=district, term=term, kind=ListKind.CURRENT, status=ListStatus.APPROVED
    )
    PlanningEntryFactory(planning_list=c1, official=official, position=member)
    PlanningListFactory(organization=district, term=term, kind=ListKind.CURRENT, version=2, previous=c1)
    # a list of another district plans them too: only its own users and the province see it
    PlanningEntryFactory(
        planning_list=PlanningListFactory(organization=other, term=term), official=official, position=member
    )
    district_user, other_user = UserFactory(), UserFactory()
    MembershipFactory(user=district_user, organization=district, role=Role.VIEWER)
    MembershipFactory(user=other_user, organization=other, role=Role.VIEWER)
    return {"official": official, "district_user": district_user, "other_user": other_user}


def test_every_list_and_post_with_its_outcome(history, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    # the reader's memberships (once per request), entries, newest editions, work history
    with django_assert_num_queries(4):
        rows = official_planning_history(official=history["official"], user=history["district_user"])
    found = {(r.planning_list.term.code, r.planning_list.kind, r.position_name): r for r in rows}
    assert {key: r.outcome for key, r in found.items()} == {
        ("2020-2025", "next", "Phó Bí thư"): PlanningOutcome.APPOINTED,
        ("2025-2030", "next", "Bí thư"): PlanningOutcome.PLANNED,
        ("2025-2030", "next", "Ủy viên Ban Chấp hành"): PlanningOutcome.REMOVED,
        ("2025-2030", "current", "Ủy viên Ban Chấp hành"): PlanningOutcome.NOT_CARRIED,
    }
    removed = found[("2025-2030", "next", "Ủy viên Ban Chấp hành")]
    assert (removed.removed_reason, removed.removed_on) == ("Bị kỷ luật khiển trách", dt.date(2026, 2, 1))
    assert (removed.first_edition, removed.last_edition) == (1, 2)


def test_official_page_shows_the_history_of_the_readers_scope(history) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(history["district_user"])
    page = client.get(reverse("people:detail", kwargs={"pk": history["official"].pk})).content.decode()
    assert "Bị kỷ luật khiển trách" in page
    assert page.count('class="badge badge-ok">') >= 2
    # the other district's user sees nothing of this official (they work in PH_D)
    other = Client()
    other.force_login(history["other_user"])
    assert other.get(reverse("people:detail", kwargs={"pk": history["official"].pk})).status_code == 404
    rows = official_planning_history(official=history["official"], user=history["other_user"])
    assert [(r.planning_list.organization.code, r.outcome) for r in rows] == [
        ("PH_O", PlanningOutcome.PLANNED)
    ]
