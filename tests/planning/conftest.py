"""Shared set-up of the planning tests: a province P with districts D (the list's) and B, commune C under D."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from apps.accounts.models import Membership, Role, User
from apps.organizations.models import Level, Organization, Position, Term
from apps.people.models import Official
from apps.planning.models import ListKind, PlanningEntry, PlanningList
from tests.factories import hashed_test_password

NEXT_REFERENCE = dt.date(2025, 6, 1)


@dataclass
class Planning:
    P: Organization
    D: Organization
    C: Organization
    B: Organization
    term: Term
    editor: User  # editor of D
    viewer: User  # viewer of D
    approver: User  # approver of P: approves D's lists
    approver_d: User  # approver of D itself: may not approve D's own lists
    sibling: User  # editor of B
    admin: User  # admin of P
    pl: PlanningList  # draft 'next' list of D, reference 01/06/2025, empty

    def official(
        self, name: str, born: dt.date, sex: str = "M", org: Organization | None = None, **extra: object
    ) -> Official:
        return Official.objects.create(
            full_name=name, birth_date=born, sex=sex, organization=org or self.D, **extra
        )

    def plan(
        self, official: Official, code: str, pl: PlanningList | None = None, **extra: object
    ) -> PlanningEntry:
        return PlanningEntry.objects.create(
            planning_list=pl or self.pl, official=official, position=Position.objects.get(code=code), **extra
        )


def _user(username: str, role: str, org: Organization) -> User:
    # one cached hash for every test user (TEST_PASSWORD): hashing per user makes set-up slow
    user = User.objects.create(
        username=username, password=hashed_test_password(), full_name=f"Người {username}"
    )
    Membership.objects.create(user=user, organization=org, role=role)
    return user


@pytest.fixture
def planning(db: None) -> Planning:
    p = Organization.objects.create(code="P", name="Tỉnh P", level=Level.PROVINCE)
    d = Organization.objects.create(code="D", name="Huyện D", level=Level.DISTRICT, parent=p)
    c = Organization.objects.create(code="C", name="Xã C", level=Level.COMMUNE, parent=d)
    b = Organization.objects.create(code="B", name="Huyện B", level=Level.DISTRICT, parent=p)
    term = Term.objects.get(code="2025-2030")
    return Planning(
        P=p,
        D=d,
        C=c,
        B=b,
        term=term,
        editor=_user("editor", Role.EDITOR, d),
        viewer=_user("viewer", Role.VIEWER, d),
        approver=_user("approver", Role.APPROVER, p),
        approver_d=_user("approver_d", Role.APPROVER, d),
        sibling=_user("sibling", Role.EDITOR, b),
        admin=_user("admin", Role.ADMIN, p),
        pl=PlanningList.objects.create(
            organization=d, term=term, kind=ListKind.NEXT, reference_date=NEXT_REFERENCE
        ),
    )
