"""Reading the demo back: the counts of its rows now in the database and its logins, for printing."""

from __future__ import annotations

from dataclasses import dataclass

from apps.accounts.models import Membership, Role, User
from apps.accounts.selectors import TWO_FACTOR_ROLES
from apps.demo.data import DEMO_PASSWORD, DEMO_USERS, ORG_BY_CODE, PROVINCE_CODE, ROLE_LABELS
from apps.organizations.models import Level, Organization
from apps.people.models import DisciplineRecord, Official, Sex, WorkHistory
from apps.planning.models import EntryStatus, NominationVote, PlanningEntry, PlanningList


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    role_label: str
    organization_code: str
    organization_name: str
    full_name: str
    two_factor: bool = False  # the role requires two-factor login (the demo device's key is printed)


def demo_counts() -> dict[str, int]:
    """Counts of the demo rows now in the database (the province's subtree and the demo users)."""
    province = Organization.objects.filter(code=PROVINCE_CODE).first()
    if province is None:
        return {}
    orgs = Organization.objects.in_subtree(province)
    officials = Official.objects.in_subtree(province)
    lists = PlanningList.objects.in_subtree(province)
    entries = PlanningEntry.objects.filter(planning_list__in=lists)
    return {
        "organizations": orgs.count(),
        "districts": orgs.filter(level=Level.DISTRICT).count(),
        "communes": orgs.filter(level=Level.COMMUNE).count(),
        "officials": officials.count(),
        "women": officials.filter(sex=Sex.FEMALE).count(),
        "ethnic_minority": officials.filter(ethnic_minority=True).count(),
        "work_history": WorkHistory.objects.filter(official__in=officials).count(),
        "disciplines": DisciplineRecord.objects.filter(official__in=officials).count(),
        "planning_lists": lists.count(),
        "entries": entries.count(),
        "removed_entries": entries.filter(status=EntryStatus.REMOVED).count(),
        "votes": NominationVote.objects.filter(entry__in=entries).count(),
        "users": User.objects.filter(username__in=[u.username for u in DEMO_USERS]).count(),
        "memberships": Membership.objects.filter(user__username__in=[u.username for u in DEMO_USERS]).count(),
    }


def demo_logins() -> list[DemoLogin]:
    """The demo accounts, for printing."""
    return [
        DemoLogin(
            username=u.username,
            password=DEMO_PASSWORD,
            role=u.role,
            role_label=ROLE_LABELS[Role(u.role)],
            organization_code=u.organization,
            organization_name=ORG_BY_CODE[u.organization].name,
            full_name=u.full_name,
            two_factor=u.superuser or u.role in TWO_FACTOR_ROLES,
        )
        for u in DEMO_USERS
    ]
