"""Writing the demo: `build_demo()` writes the plan of `apps.demo.plan` in one transaction, keyed on
stable codes, national ID numbers and user names, so running it again changes nothing."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import pghistory
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.models import Membership, User
from apps.accounts.selectors import two_factor_required
from apps.core.education import parse_education
from apps.demo.data import (
    CATALOGUE,
    DEMO_PASSWORD,
    DEMO_TOTP_DEVICE,
    DEMO_TOTP_SECRET,
    DEMO_USERS,
    NATIONAL_ID_PREFIX,
    ORG_BY_CODE,
    ORGANIZATIONS,
    PROVINCE_CODE,
    SEED,
)
from apps.demo.dates import TERM_START, TERM_YEARS, DemoDates, demo_dates, term_code
from apps.demo.plan import plan_demo
from apps.demo.selectors import DemoLogin, demo_counts, demo_logins
from apps.demo.specs import DemoPlan, EntrySpec
from apps.organizations.models import Level, Organization, Position, Term, TermKind, TermLevelStart
from apps.people.models import DisciplineRecord, Official, WorkHistory
from apps.planning.models import EntryStatus, ListKind, NominationVote, PlanningEntry, PlanningList

M = TypeVar("M", bound=models.Model)


def _sync(
    model: type[M],
    existing: Iterable[M],
    key: Callable[[M], Hashable],
    wanted: dict[Hashable, dict[str, Any]],
    *,
    one_by_one: bool = False,
) -> dict[Hashable, M]:
    """Make the rows in `existing` exactly `wanted` (by key): create, update what differs, delete the rest."""
    by_key: dict[Hashable, M] = {}
    stale: list[M] = []
    for obj in existing:
        if key(obj) in by_key:
            stale.append(obj)
        else:
            by_key[key(obj)] = obj
    result: dict[Hashable, M] = {}
    created: list[M] = []
    updated: list[M] = []
    changed_fields: set[str] = set()
    for k, values in wanted.items():
        found = by_key.pop(k, None)
        if found is None:
            obj = model(**values)
            created.append(obj)
        else:
            obj = found
            changed = [name for name, value in values.items() if getattr(obj, name) != value]
            if changed:
                for name in changed:
                    setattr(obj, name, values[name])
                updated.append(obj)
                changed_fields.update(changed)
        result[k] = obj
    stale.extend(by_key.values())
    if stale:
        model._default_manager.filter(pk__in=[obj.pk for obj in stale]).delete()
    if one_by_one:
        for obj in created + updated:
            obj.save()
    else:
        model._default_manager.bulk_create(created)
        if updated:
            model._default_manager.bulk_update(updated, sorted(changed_fields))
    return result


@dataclass(frozen=True)
class DemoResult:
    counts: dict[str, int]
    logins: list[DemoLogin]
    dates: DemoDates


def _write_organizations() -> dict[str, Organization]:
    orgs: dict[str, Organization] = {}
    existing = {o.code: o for o in Organization.objects.filter(code__in=ORG_BY_CODE)}
    for spec in ORGANIZATIONS:
        values = {
            "name": spec.name,
            "level": spec.level,
            "parent": orgs[spec.parent] if spec.parent else None,
            "place": spec.place,
            "is_active": True,
            **_document_format(spec),
        }
        org = existing.get(spec.code)
        if org is None:
            org = Organization(code=spec.code, **values)
            org.save()
        elif any(getattr(org, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(org, name, value)
            org.save()  # keeps the materialized path of the subtree right
        orgs[spec.code] = org
    return orgs


# The boards' papers (domain §4): who issues and signs them, for the province and its districts
SIGNERS = {Level.PROVINCE: "Hoàng Văn Thành", Level.DISTRICT: "Nguyễn Thị Lan"}
HIGHER_BODY = {Level.PROVINCE: "TỈNH ỦY", Level.DISTRICT: "HUYỆN ỦY"}
ABBREVIATION = {Level.PROVINCE: "BTCTU", Level.DISTRICT: "BTCHU"}


def _document_format(spec: Any) -> dict[str, Any]:
    if spec.level not in SIGNERS:
        return {}  # communes have no organization board: the papers' defaults apply
    return {
        "document_higher_body": f"{HIGHER_BODY[spec.level]} {spec.place.upper()}",
        "document_issuer": "BAN TỔ CHỨC",
        "document_abbreviation": ABBREVIATION[spec.level],
        "signer_name": SIGNERS[spec.level],
        "signer_is_deputy": spec.level == Level.DISTRICT,
    }


def _write_users(orgs: dict[str, Organization]) -> dict[str, User]:
    password = make_password(DEMO_PASSWORD)  # hashed once: the same known password for every demo user
    users: dict[str, User] = {}
    for spec in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=spec.username)
        user.full_name = spec.full_name
        user.is_superuser = user.is_staff = spec.superuser
        user.is_active = True
        user.password = password
        user.save()
        users[spec.username] = user
    _sync(
        Membership,
        Membership.objects.filter(user__in=users.values()),
        lambda m: (m.user_id, m.organization_id),
        {
            (users[s.username].pk, orgs[s.organization].pk): {
                "user_id": users[s.username].pk,
                "organization_id": orgs[s.organization].pk,
                "role": s.role,
            }
            for s in DEMO_USERS
        },
    )
    _write_demo_devices(users.values())
    return users


def _write_demo_devices(users: Iterable[User]) -> None:
    """The demo accounts that must use two-factor login get one authenticator, with the published key."""
    key = base64.b32decode(DEMO_TOTP_SECRET).hex()
    for user in users:
        TOTPDevice.objects.filter(user=user).exclude(name=DEMO_TOTP_DEVICE, key=key).delete()
        if two_factor_required(user=user):
            TOTPDevice.objects.update_or_create(
                user=user,
                name=DEMO_TOTP_DEVICE,
                defaults={"key": key, "confirmed": True, "throttling_failure_count": 0},
            )


def _write_officials(
    plan: DemoPlan, orgs: dict[str, Organization], positions: dict[str, Position]
) -> dict[str, Official]:
    wanted: dict[Hashable, dict[str, Any]] = {}
    for spec in plan.officials:
        education = parse_education(spec.education) or ("", spec.education)
        wanted[spec.national_id] = {
            "national_id": spec.national_id,
            "full_name": spec.full_name,
            "birth_date": spec.birth_date,
            "birth_year_only": False,
            "sex": spec.sex,
            "ethnicity": spec.ethnicity,
            "home_town": spec.home_town,
            "organization_id": orgs[spec.organization].pk,
            "current_position_id": positions[spec.position].pk if spec.position else None,
            "current_position_title": spec.title,
            "party_admission_date": spec.party_admission_date,
            "education": education[0],
            "education_subject": education[1],
            "political_theory": spec.political_theory,
            "is_local": spec.is_local,
            "science_technology": spec.science_technology,
            "meets_political_standard": spec.meets_political_standard,
            "political_standard_note": spec.political_standard_note,
            "retirement_override": spec.retirement_override,
            "retirement_override_reason": spec.retirement_override_reason,
            "note": spec.note,
        }
    # only the demo's own people: officials entered by hand are left alone
    existing = Official.objects.filter(national_id__in=list(wanted))
    officials = _sync(Official, existing, lambda o: o.national_id, wanted, one_by_one=True)
    ids = {k: o.pk for k, o in officials.items()}
    by_nid = {spec.national_id: spec for spec in plan.officials}
    _sync(
        WorkHistory,
        WorkHistory.objects.filter(official_id__in=ids.values()),
        lambda w: (w.official_id, w.start_date),
        {
            (ids[nid], row.start): {
                "official_id": ids[nid],
                "organization_id": orgs[row.organization].pk if row.organization else None,
                "position_id": positions[row.position].pk if row.position else None,
                "title": row.title,
                "start_date": row.start,
                "end_date": row.end,
                "is_rotation": row.rotation,
            }
            for nid, spec in by_nid.items()
            for row in spec.history
        },
    )
    _sync(
        DisciplineRecord,
        DisciplineRecord.objects.filter(official_id__in=ids.values()),
        lambda d: (d.official_id, d.decision_number),
        {
            (ids[nid], d.decision_number): {
                "official_id": ids[nid],
                "level": d.level,
                "decision_number": d.decision_number,
                "start_date": d.start,
                "end_date": d.end,
                "reason": d.reason,
            }
            for nid, spec in by_nid.items()
            for d in spec.disciplines
        },
    )
    return {str(k): o for k, o in officials.items()}


def _write_lists(
    plan: DemoPlan,
    orgs: dict[str, Organization],
    positions: dict[str, Position],
    officials: dict[str, Official],
    users: dict[str, User],
) -> None:
    terms = {t.code: t for t in Term.objects.filter(code__in=[plan.dates.current_term, plan.dates.next_term])}

    def user_id(username: str | None) -> int | None:
        return users[username].pk if username else None

    lists = _sync(
        PlanningList,
        PlanningList.objects.filter(organization__in=orgs.values(), term__in=terms.values(), version=1),
        lambda pl: (pl.organization_id, pl.term_id, pl.kind),
        {
            (orgs[s.organization].pk, terms[s.term].pk, s.kind): {
                "organization_id": orgs[s.organization].pk,
                "term_id": terms[s.term].pk,
                "kind": s.kind,
                "version": 1,
                "previous_id": None,
                "reference_date": s.reference_date,
                # R7: a current list's reference date is the day of its yearly review
                "last_reviewed_on": s.reference_date if s.kind == ListKind.CURRENT else None,
                "status": s.status,
                "rule_set_id": None,
                "decision_number": s.decision_number,
                "decision_date": s.decision_date,
                "return_comment": s.return_comment,
                "submitted_at": s.submitted_at,
                "submitted_by_id": user_id(s.submitted_by),
                "decided_at": s.decided_at,
                "decided_by_id": user_id(s.decided_by),
            }
            for s in plan.lists
        },
        one_by_one=True,
    )
    entry_specs: dict[Hashable, EntrySpec] = {}
    wanted: dict[Hashable, dict[str, Any]] = {}
    for s in plan.lists:
        list_id = lists[(orgs[s.organization].pk, terms[s.term].pk, s.kind)].pk
        for e in s.entries:
            official_id, position_id = officials[e.national_id].pk, positions[e.position].pk
            k = (list_id, official_id, position_id)
            entry_specs[k] = e
            wanted[k] = {
                "planning_list_id": list_id,
                "official_id": official_id,
                "position_id": position_id,
                "target_group_override": None,
                "first_time": e.first_time,
                "note": e.note,
                "status": EntryStatus.REMOVED if e.removed_reason else EntryStatus.ACTIVE,
                "removed_reason": e.removed_reason,
                "removed_on": e.removed_on,
                "flagged_for_review": "",
            }
    entries = _sync(
        PlanningEntry,
        PlanningEntry.objects.filter(planning_list__in=[pl.pk for pl in lists.values()]),
        lambda pe: (pe.planning_list_id, pe.official_id, pe.position_id),
        wanted,
    )
    _sync(
        NominationVote,
        NominationVote.objects.filter(entry__in=[pe.pk for pe in entries.values()]),
        lambda v: (v.entry_id, v.step),
        {
            (entries[k].pk, v.step): {
                "entry_id": entries[k].pk,
                "step": v.step,
                "held_on": v.held_on,
                "summoned": v.summoned,
                "present": v.present,
                "valid_ballots": v.valid_ballots,
                "in_favour": v.in_favour,
            }
            for k, e in entry_specs.items()
            for v in e.votes
        },
    )


def _term(start_year: int) -> Term:
    """The party term starting in `start_year`, created like the shipped ones when it is not there yet."""
    end_year = start_year + TERM_YEARS
    term, _ = Term.objects.get_or_create(
        code=term_code(start_year),
        defaults={
            "name": f"Nhiệm kỳ {start_year}–{end_year}",
            "kind": TermKind.PARTY,
            "start_date": dt.date(start_year, *TERM_START),
            "end_date": dt.date(end_year, *TERM_START) - dt.timedelta(days=1),
        },
    )
    return term


def demo_calendar(today: dt.date) -> DemoDates:
    """The demo's dates on `today`, with the congress months of the next term's levels (domain R3)."""
    dates = demo_dates(today)
    _term(dates.current_start)
    following = _term(dates.current_start + TERM_YEARS)
    starts = dict(TermLevelStart.objects.filter(term=following).values_list("level", "start_date"))
    return demo_dates(today, starts)


@transaction.atomic
def build_demo(seed: int = SEED, *, today: dt.date | None = None) -> DemoResult:
    """Load (or reset) the demo data set dated from `today` in one transaction; running it again changes nothing."""
    dates = demo_calendar(today or timezone.localdate())
    plan = plan_demo(dates, seed)
    with pghistory.context(source="load_demo"):
        positions = {p.code: p for p in Position.objects.all()}
        missing = set(CATALOGUE) - set(positions)
        if missing:
            raise RuntimeError(f"Thiếu chức danh trong danh mục: {', '.join(sorted(missing))}")
        orgs = _write_organizations()
        users = _write_users(orgs)
        officials = _write_officials(plan, orgs, positions)
        _write_lists(plan, orgs, positions, officials, users)
        # demo officials of an earlier plan (demo ID prefix, demo province) that no list uses any more
        Official.objects.in_subtree(orgs[PROVINCE_CODE]).filter(
            national_id__startswith=NATIONAL_ID_PREFIX, planning_entries__isnull=True
        ).exclude(national_id__in=list(officials)).delete()
    return DemoResult(counts=demo_counts(), logins=demo_logins(), dates=dates)
