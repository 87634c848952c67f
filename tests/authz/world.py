"""The fixed world every authorization case runs in: one province, two districts, six actors.

    P (province)                 parent_approver: approver of P;  admin: admin of P
    ├── A (district)             viewer: viewer of A;  editor: editor of A
    │   └── A1 (commune)
    └── B (district)             sibling: editor of B

Objects are owned by A unless their name says otherwise. Add objects here (never remove or rename
one) when a new page needs them; every case file shares this world.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from django.contrib.auth.hashers import make_password

from apps.accounts.models import Membership, Role, User
from apps.organizations.models import Level, Organization, Position, Term
from apps.people.models import DisciplineRecord, Official, WorkHistory
from apps.planning.models import ListKind, ListStatus, PlanningEntry, PlanningList

ACTORS = ("anonymous", "viewer", "editor", "sibling", "parent_approver", "admin")
PASSWORD = "authz-matrix-password"


@dataclass
class World:
    P: Organization
    A: Organization
    A1: Organization
    B: Organization
    users: dict[str, User | None]  # actor -> user; None for anonymous
    official_a: Official  # works in A
    official_a1: Official  # works in A1 (the subtree of A)
    official_b: Official  # works in B (the sibling's)
    list_a: PlanningList  # draft, next term, of A, with entry_a
    entry_a: PlanningEntry  # official_a planned as Phó Bí thư in list_a
    list_a_submitted: PlanningList  # submitted, current term, of A, with one entry
    list_b: PlanningList  # draft of B, with one entry
    list_p: PlanningList  # draft of the province P


def _org(code: str, name: str, level: str, parent: Organization | None = None) -> Organization:
    return Organization.objects.create(code=code, name=name, level=level, parent=parent)


@cache
def _password_hash() -> str:
    # hashing is deliberately slow: once per test run, not six times per case
    return make_password(PASSWORD)


def _user(username: str, role: str | None, org: Organization | None) -> User:
    user = User.objects.create(username=username, password=_password_hash(), full_name=username)
    if role and org:
        Membership.objects.create(user=user, organization=org, role=role)
    return user


def _official(name: str, org: Organization, national_id: str, sex: str = "M") -> Official:
    return Official.objects.create(
        full_name=name,
        birth_date=dt.date(1978, 4, 12),
        sex=sex,
        organization=org,
        national_id=national_id,
        current_position_title="Chuyên viên",
    )


def build_world() -> World:
    """Create the world in the test database (a few dozen rows)."""
    p = _org("AUTHZ_P", "Tỉnh Kiểm Thử", Level.PROVINCE)
    a = _org("AUTHZ_A", "Huyện A", Level.DISTRICT, p)
    a1 = _org("AUTHZ_A1", "Xã A1", Level.COMMUNE, a)
    b = _org("AUTHZ_B", "Huyện B", Level.DISTRICT, p)
    users: dict[str, User | None] = {
        "anonymous": None,
        "viewer": _user("authz_viewer", Role.VIEWER, a),
        "editor": _user("authz_editor", Role.EDITOR, a),
        "sibling": _user("authz_sibling", Role.EDITOR, b),
        "parent_approver": _user("authz_approver", Role.APPROVER, p),
        "admin": _user("authz_admin", Role.ADMIN, p),
    }
    official_a = _official("Nguyễn Văn An", a, "001078000001")
    official_a1 = _official("Trần Thị Bình", a1, "001078000002", sex="F")
    official_b = _official("Lê Văn Cường", b, "001078000003")
    WorkHistory.objects.create(
        official=official_a, organization=a, title="Chuyên viên", start_date=dt.date(2010, 1, 1)
    )
    DisciplineRecord.objects.create(
        official=official_b, level="reprimand", start_date=dt.date(2024, 1, 1), reason="Kiểm thử"
    )
    term = Term.objects.get(code="2025-2030")
    deputy = Position.objects.get(code="PHO_BI_THU")
    member = Position.objects.get(code="UV_BCH")
    list_a = PlanningList.objects.create(
        organization=a, term=term, kind=ListKind.NEXT, reference_date=dt.date(2025, 6, 1)
    )
    entry_a = PlanningEntry.objects.create(planning_list=list_a, official=official_a, position=deputy)
    list_a_submitted = PlanningList.objects.create(
        organization=a,
        term=term,
        kind=ListKind.CURRENT,
        reference_date=dt.date(2026, 1, 1),
        status=ListStatus.SUBMITTED,
    )
    PlanningEntry.objects.create(planning_list=list_a_submitted, official=official_a1, position=member)
    list_b = PlanningList.objects.create(
        organization=b, term=term, kind=ListKind.NEXT, reference_date=dt.date(2025, 6, 1)
    )
    PlanningEntry.objects.create(planning_list=list_b, official=official_b, position=member)
    list_p = PlanningList.objects.create(
        organization=p, term=term, kind=ListKind.NEXT, reference_date=dt.date(2025, 6, 1)
    )
    return World(
        P=p,
        A=a,
        A1=a1,
        B=b,
        users=users,
        official_a=official_a,
        official_a1=official_a1,
        official_b=official_b,
        list_a=list_a,
        entry_a=entry_a,
        list_a_submitted=list_a_submitted,
        list_b=list_b,
        list_p=list_p,
    )
