"""Small ORM builders of organizations, officials and planning lists for the report tests."""

from __future__ import annotations

import datetime as dt

from apps.organizations.models import Organization, Position, Term
from apps.people.models import Official
from apps.planning.models import PlanningEntry, PlanningList


def org(code: str, level: str, parent: Organization | None = None) -> Organization:
    """An organization named after its code."""
    return Organization.objects.create(code=code, name=f"Đơn vị {code}", level=level, parent=parent)


def person(name: str, born: dt.date, sex: str, where: Organization, **extra: object) -> Official:
    """An official working in `where`."""
    return Official.objects.create(full_name=name, birth_date=born, sex=sex, organization=where, **extra)


def plan_list(
    where: Organization, kind: str, reference: dt.date, *, term: str = "2025-2030", **extra: object
) -> PlanningList:
    """A planning list of `where` for the term."""
    return PlanningList.objects.create(
        organization=where, term=Term.objects.get(code=term), kind=kind, reference_date=reference, **extra
    )


def plan(pl: PlanningList, official: Official, code: str, **extra: object) -> PlanningEntry:
    """An entry of `official` for the position `code` in list `pl`."""
    return PlanningEntry.objects.create(
        planning_list=pl, official=official, position=Position.objects.get(code=code), **extra
    )
