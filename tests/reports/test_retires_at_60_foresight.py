"""A woman who retires at 60 (R1) leaves her post at 60 in the projection, the alerts and the finder too."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.organizations.models import Level, Position
from apps.reports.models import Alert, AlertKind
from apps.reports.selectors.finder import successor_candidates
from apps.reports.selectors.foresight import month_start, term_projection
from apps.reports.services.alerts import alerts_build
from apps.rules.engine import retirement_date
from tests.factories import OfficialFactory, OrganizationFactory, PlanningListFactory, TermFactory

pytestmark = pytest.mark.django_db
BORN = dt.date(1968, 1, 10)


@pytest.fixture
def district():  # type: ignore[no-untyped-def]
    province = OrganizationFactory(code="R60_P", name="Tỉnh Sáu Mươi", level=Level.PROVINCE)
    return OrganizationFactory(code="R60_D", name="Huyện Sáu Mươi", level=Level.DISTRICT, parent=province)


def _woman(district, **extra):  # type: ignore[no-untyped-def]
    return OfficialFactory(
        full_name="Lê Thị Sáu Mươi",
        sex="F",
        birth_date=BORN,
        retires_at_60=True,
        retires_at_60_basis="Nghị định 135/2020/NĐ-CP, Điều 5",
        organization=district,
        **extra,
    )


def test_the_flag_moves_her_retirement() -> None:
    at_60 = retirement_date("F", BORN, retires_at_60=True)
    assert at_60 == dt.date(2028, 1, 31) and retirement_date("F", BORN) < dt.date(2026, 1, 1)


def test_the_projection_vacates_her_post_at_60(district) -> None:  # type: ignore[no-untyped-def]
    _woman(district, current_position=Position.objects.get(code="BI_THU"))
    projection = term_projection(
        organization=district, term=TermFactory(code="2025-2030"), today=dt.date(2026, 12, 2)
    )
    [post] = projection.posts
    assert post.vacates == month_start(retirement_date("F", BORN, retires_at_60=True))


def test_the_retiring_alert_counts_to_60(district) -> None:  # type: ignore[no-untyped-def]
    woman = _woman(district, current_position=Position.objects.get(code="BI_THU"))
    alerts_build(today=dt.date(2027, 10, 15), send_mail=False)  # 3 months before 31/01/2028
    [alert] = Alert.objects.filter(kind=AlertKind.RETIRING)
    assert woman.full_name in alert.message and alert.due_on == dt.date(2028, 1, 31)


def test_the_finder_counts_her_months_to_60(district) -> None:  # type: ignore[no-untyped-def]
    woman = _woman(district)
    planning_list = PlanningListFactory(organization=district, term=TermFactory(code="2025-2030"))
    found = successor_candidates(
        planning_list=planning_list, position=Position.objects.get(code="PHO_BI_THU"), at=dt.date(2026, 12, 2)
    )
    [candidate] = [c for c in found.candidates if c.official_id == woman.pk]
    assert candidate.retirement_date == dt.date(2028, 1, 31) and candidate.months == 13
