"""Re-checking a list under another rule set or reference date: entry-by-entry difference, nothing stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.models import Role
from apps.organizations.models import Level, Position
from apps.planning.models import ListKind, PlanningList
from apps.planning.selectors import planning_list_evaluate, planning_list_recheck
from apps.rules.models import RuleSet
from tests.factories import (
    MembershipFactory,
    OfficialFactory,
    OrganizationFactory,
    PlanningEntryFactory,
    PlanningListFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def current_list():  # type: ignore[no-untyped-def]
    """A current list reviewed on 01/04/2022 with the man born 15/03/1968 of domain R3 (95 months left)."""
    district = OrganizationFactory(code="RC_D", level=Level.DISTRICT)
    planning_list = PlanningListFactory(
        organization=district, kind=ListKind.CURRENT, reference_date=dt.date(2022, 4, 1)
    )
    man = OfficialFactory(full_name="Trần Văn Mẫu", birth_date=dt.date(1968, 3, 15), organization=district)
    young = OfficialFactory(full_name="Lê Văn Trẻ", birth_date=dt.date(1985, 1, 1), organization=district)
    member = Position.objects.get(code="UV_BCH")
    PlanningEntryFactory(planning_list=planning_list, official=man, position=member)
    PlanningEntryFactory(planning_list=planning_list, official=young, position=member)
    return planning_list


def test_a_later_date_makes_the_older_man_ineligible(current_list) -> None:  # type: ignore[no-untyped-def]
    stored = PlanningList.objects.values().get(pk=current_list.pk)
    # 01/04/2025: 59 months left (03/2030 - 04/2025), below the 72 months of group 1 of a current list
    recheck = planning_list_recheck(planning_list=current_list, reference_date=dt.date(2025, 4, 1))
    assert [(r.full_name, r.before.months_remaining, r.after.months_remaining) for r in recheck.lost] == [
        ("Trần Văn Mẫu", 95, 59)
    ]
    assert recheck.gained == []
    assert recheck.rows[1].change == ""  # the young one keeps his eligibility
    assert recheck.lost[0].new_findings[0].code == "AGE_CURRENT_TERM"
    # nothing is stored: the list and its own evaluation are unchanged
    assert PlanningList.objects.values().get(pk=current_list.pk) == stored
    assert all(r.eligible for r in planning_list_evaluate(planning_list=current_list).result.entry_results)


def test_an_earlier_date_makes_him_eligible_again(current_list) -> None:  # type: ignore[no-untyped-def]
    later = planning_list_recheck(planning_list=current_list, reference_date=dt.date(2025, 4, 1))
    assert len(later.lost) == 1
    current_list.reference_date = dt.date(2025, 4, 1)
    current_list.save()
    back = planning_list_recheck(planning_list=current_list, reference_date=dt.date(2022, 4, 1))
    assert [r.full_name for r in back.gained] == ["Trần Văn Mẫu"]


def test_another_rule_set(current_list) -> None:  # type: ignore[no-untyped-def]
    strict = RuleSet.objects.get(code="QD377-2025")
    strict.pk = None
    strict.code, strict.current_group1_months = "STRICT", 100
    strict.save()
    recheck = planning_list_recheck(planning_list=current_list, rule_set_id=strict.pk)
    assert recheck.params.code == "STRICT" and recheck.reference_date == dt.date(2022, 4, 1)
    assert [r.full_name for r in recheck.lost] == ["Trần Văn Mẫu"]


def test_page_for_readers_and_a_bad_date(current_list) -> None:  # type: ignore[no-untyped-def]
    viewer = UserFactory()
    MembershipFactory(user=viewer, organization=current_list.organization, role=Role.VIEWER)
    client = Client()
    client.force_login(viewer)
    url = reverse("planning:recheck", kwargs={"pk": current_list.pk})
    page = client.get(url, {"reference_date": "01/04/2025"}).content.decode()
    assert "Trần Văn Mẫu" in page and "Lê Văn Trẻ" not in page  # only the entries that change
    bad = client.get(url, {"reference_date": "31/02/2025"})
    assert bad.status_code == 200 and "Trần Văn Mẫu" not in bad.content.decode()
    outsider = UserFactory()
    MembershipFactory(user=outsider, organization=OrganizationFactory(level=Level.DISTRICT), role=Role.ADMIN)
    client.force_login(outsider)
    assert client.get(url, {"reference_date": "01/04/2025"}).status_code == 404
