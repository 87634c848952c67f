"""The demo data set (`manage.py load_demo`): shape, idempotence, demo logins and the deliberate faults."""

from __future__ import annotations

import datetime
import unicodedata
from collections import Counter
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import models, transaction
from django.test import RequestFactory

from apps.accounts.models import Membership, Role, User
from apps.demo.data import DEMO_PASSWORD, DEMO_USERS, ORGANIZATIONS, PROVINCE_CODE
from apps.demo.dates import DemoDates, demo_dates
from apps.demo.plan import plan_demo
from apps.demo.services import DemoResult, build_demo
from apps.organizations.models import Level, Organization, Term
from apps.people.models import DisciplineRecord, Official, WorkHistory
from apps.planning.models import ListKind, ListStatus, NominationVote, PlanningEntry, PlanningList
from apps.planning.selectors import planning_list_evaluations
from apps.rules.engine import months_remaining
from apps.rules.models import RuleSet

# the day the demo is checked on: the real one, and dates that move it to other terms (the demo is
# dated from the day it is loaded, so its tests must hold whatever the year)
OTHER_DAYS = (
    datetime.date(2023, 1, 10),
    datetime.date(2025, 6, 1),
    datetime.date(2029, 5, 31),
    datetime.date(2031, 3, 15),
    datetime.date(2047, 8, 15),
)
# the rules the demo breaks on purpose, somewhere, on any day
DELIBERATE_CODES = {
    "AGE_FULL_TERM",  # R3 next list, group 1 (Nguyễn Văn An, 57 months)
    "AGE_TWO_TERMS",  # R3 current list, group 2 (Phạm Văn Tiến)
    "DISCIPLINED",  # R7 (Trần Quốc Bảo's reprimand, at the review)
    "PERSON_OVER_CAP",  # R6 four positions for one person
    "POSITION_OVER_CAP",  # R6 five people for one position
    "THIN_BENCH",  # R6 one person for a position
    "NO_WOMAN_IN_GROUP",  # R5
    "QUOTA_YOUNG",  # R5
    "VOTE_BELOW_THRESHOLD",  # a conference vote below half
}

SNAPSHOT_MODELS: list[type[models.Model]] = [
    Organization,
    Official,
    WorkHistory,
    DisciplineRecord,
    PlanningList,
    PlanningEntry,
    NominationVote,
    Membership,
]


@pytest.fixture(scope="module", params=[None, datetime.date(2031, 3, 15)], ids=["today", "2031-03-15"])
def demo(request: Any, django_db_setup: None, django_db_blocker: Any) -> Iterator[DemoResult]:
    """The demo loaded once for the module (today, then on a day of another term), rolled back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_demo(today=request.param)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def loaded(demo: DemoResult, db: None) -> DemoResult:
    """The module's demo, inside the test's own rolled-back savepoint."""
    return demo


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the demo's tables, ordered by id (users without their salted password hash)."""
    rows = {
        model.__name__: list(model._default_manager.order_by("pk").values_list()) for model in SNAPSHOT_MODELS
    }
    rows["User"] = list(
        User.objects.order_by("pk").values_list("pk", "username", "full_name", "is_superuser", "is_staff")
    )
    return rows


def age(birth: datetime.date, at: datetime.date) -> int:
    return at.year - birth.year - ((at.month, at.day) < (birth.month, birth.day))


def demo_list(dates: DemoDates, org: str, kind: str) -> PlanningList:
    term = dates.next_term if kind == "next" else dates.current_term
    return PlanningList.objects.get(organization__code=org, term__code=term, kind=kind)


def active(planning_list: PlanningList) -> list[PlanningEntry]:
    return list(planning_list.entries.filter(status="active").select_related("official", "position"))


def test_the_plan_is_deterministic() -> None:
    dates = demo_dates(datetime.date(2026, 12, 2))
    assert plan_demo(dates) == plan_demo(dates)
    assert plan_demo(dates, 7) != plan_demo(dates)


@pytest.mark.parametrize("today", [datetime.date(2026, 12, 2), *OTHER_DAYS])
def test_today_always_has_a_running_review_and_a_next_term_to_build(today: datetime.date) -> None:
    dates = demo_dates(today)
    start = int(dates.current_term[:4])
    assert datetime.date(start, 6, 1) <= today < datetime.date(start + 5, 6, 1)  # the term running today
    assert dates.next_term == f"{start + 5}-{start + 10}"
    assert datetime.date(start, 6, 1) <= dates.review <= today
    plan = plan_demo(dates)
    for planning_list in plan.lists:
        if planning_list.kind == ListKind.NEXT:
            assert planning_list.term == dates.next_term and planning_list.reference_date > today
        else:
            assert (planning_list.term, planning_list.reference_date) == (dates.current_term, dates.review)
        for when in (planning_list.decision_date, planning_list.submitted_at, planning_list.decided_at):
            assert when is None or (when.date() if isinstance(when, datetime.datetime) else when) <= today
        for entry in planning_list.entries:
            assert entry.removed_on is None or entry.removed_on <= today
            assert all(vote.held_on <= today for vote in entry.votes)
    for person in plan.officials:
        assert all(row.start <= today for row in person.history)
        assert all(d.start <= today for d in person.disciplines)
        assert person.party_admission_date <= today
        assert person.months_left(dates.review) >= 0  # at work at the review
    # the domain's example (R3): 57 months left at the start of the next term, whatever the year
    too_old = plan.official("too_old")
    assert too_old.months_left(dates.next_reference(Level.DISTRICT)) == 57
    # the reprimand counts at the review under either rule set (QD377: 24 months from the decision)
    disciplined = plan.official("disciplined")
    assert any(dates.review.toordinal() - d.start.toordinal() < 365 for d in disciplined.disciplines)


def test_running_load_demo_again_changes_nothing(loaded: DemoResult) -> None:
    before = snapshot()
    out = StringIO()
    today = loaded.dates.today.isoformat()
    call_command("load_demo", f"--today={today}", stdout=out)
    assert snapshot() == before
    assert build_demo(today=loaded.dates.today).counts == loaded.counts
    text = out.getvalue()
    assert f"{loaded.counts['officials']} cán bộ" in text
    for user in DEMO_USERS:
        assert user.username in text
    assert DEMO_PASSWORD in text


def test_tree_has_both_shapes_under_the_province(loaded: DemoResult) -> None:
    province = Organization.objects.get(code=PROVINCE_CODE)
    subtree = Organization.objects.in_subtree(province)
    assert set(subtree.values_list("code", flat=True)) >= {spec.code for spec in ORGANIZATIONS}
    assert subtree.filter(level=Level.DISTRICT).count() >= 3
    assert subtree.filter(level=Level.COMMUNE, parent__level=Level.DISTRICT).count() >= 10
    assert subtree.filter(level=Level.COMMUNE, parent=province).exists()  # no district (after 1/7/2025)
    assert loaded.counts["districts"] >= 3 and loaded.counts["communes"] >= 11


def test_officials_look_real(loaded: DemoResult) -> None:
    province = Organization.objects.get(code=PROVINCE_CODE)
    officials = list(Official.objects.in_subtree(province))
    assert len(officials) >= 150
    names = [o.full_name for o in officials]
    assert all(unicodedata.normalize("NFC", name) == name for name in names)
    assert sum(not name.isascii() for name in names) > 0.8 * len(names)
    assert {name.split()[0] for name in names} >= {"Nguyễn", "Trần", "Lê", "Phạm"}
    ids = [o.national_id for o in officials]
    assert all(i and len(i) == 12 and i.isdigit() for i in ids) and len(set(ids)) == len(ids)
    women = sum(o.sex == "F" for o in officials)
    assert 0.25 * len(officials) <= women <= 0.45 * len(officials)  # a real committee: a quarter or more
    assert {o.ethnicity for o in officials} >= {"Kinh", "Tày", "Nùng", "Dao", "H'Mông"}
    years = loaded.dates.years  # the tables' dates moved by whole terms
    assert all(1962 + years <= o.birth_date.year <= 1995 + years for o in officials)
    assert sum(o.current_position_id is not None for o in officials) > 0.5 * len(officials)
    assert all(o.current_position_title for o in officials)
    assert WorkHistory.objects.filter(official__in=officials, is_rotation=True).exists()
    overridden = [o for o in officials if o.retirement_override]
    assert overridden and all(o.retirement_override_reason for o in overridden)
    assert any(not o.meets_political_standard and o.political_standard_note for o in officials)
    review = loaded.dates.review
    records = DisciplineRecord.objects.filter(official__in=officials, level="reprimand")
    assert any(r.end_date is None or r.end_date >= review for r in records)
    assert any(r.end_date and r.end_date < review for r in records)


def test_every_role_has_a_demo_login(loaded: DemoResult) -> None:
    request = RequestFactory().post("/accounts/login/")
    for role in Role.values:
        assert Membership.objects.filter(
            role=role, user__username__in=[u.username for u in DEMO_USERS]
        ).exists()
    for spec in DEMO_USERS:
        user = authenticate(request, username=spec.username, password=DEMO_PASSWORD)
        assert user is not None and user.username == spec.username
        membership = Membership.objects.get(user=user)
        assert (membership.organization.code, membership.role) == (spec.organization, spec.role)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert not User.objects.get(username="huyen.xem").is_staff
    assert authenticate(request, username="huyen.xem", password="sai-mat-khau") is None
    assert {login.username for login in loaded.logins} == {u.username for u in DEMO_USERS}


def test_every_organization_has_both_lists(loaded: DemoResult) -> None:
    dates = loaded.dates
    lists = PlanningList.objects.filter(organization__code__in=[spec.code for spec in ORGANIZATIONS])
    assert lists.count() == 2 * len(ORGANIZATIONS)
    current = lists.filter(kind=ListKind.CURRENT, term__code=dates.current_term)
    following = lists.filter(kind=ListKind.NEXT, term__code=dates.next_term)
    assert current.count() == following.count() == len(ORGANIZATIONS)
    # R7: the current lists record their yearly review, so none is due on the home page
    assert set(current.values_list("last_reviewed_on", flat=True)) == {dates.review}
    assert not following.exclude(last_reviewed_on=None).exists()
    running = Term.objects.get(code=dates.current_term)
    assert running.start_date <= dates.today <= running.end_date
    assert Term.objects.get(code=dates.next_term).start_date == running.end_date + datetime.timedelta(days=1)
    assert set(current.values_list("reference_date", flat=True)) == {dates.review}
    # domain R3: the congress month of each level for the next term, else its start
    for planning_list in following.select_related("organization", "term"):
        level_start = planning_list.term.level_starts.filter(level=planning_list.organization.level).first()
        expected = level_start.start_date if level_start else planning_list.term.start_date
        assert planning_list.reference_date == expected, planning_list
    assert set(current.values_list("status", flat=True)) == {ListStatus.APPROVED, ListStatus.DRAFT}
    assert set(following.values_list("status", flat=True)) == {
        ListStatus.DRAFT,
        ListStatus.SUBMITTED,
        ListStatus.RETURNED,
    }
    for approved in current.filter(status=ListStatus.APPROVED):
        assert approved.decision_number and approved.decision_date
    assert not following.filter(status=ListStatus.RETURNED, return_comment="").exists()
    for planning_list in lists:
        entries = active(planning_list)
        assert entries, planning_list
        per_position = Counter(e.position.code for e in entries)
        assert sum(2 <= n <= 3 for n in per_position.values()) >= len(per_position) // 2
    votes = NominationVote.objects.filter(entry__planning_list__in=lists)
    assert votes.count() > 100
    assert votes.filter(in_favour__lte=models.F("valid_ballots") / 2).exists()


def test_the_deliberate_faults_are_there(loaded: DemoResult) -> None:
    dates = loaded.dates
    # R3 group 1, next list: the domain example, 57 months left at the next term's reference date
    a_next = demo_list(dates, "HUYEN_A", "next")
    old = next(e for e in active(a_next) if e.official.full_name == "Nguyễn Văn An")
    assert (old.official.birth_date, old.official.sex, old.position.code) == (
        datetime.date(1968 + dates.years, 3, 15),
        "M",
        "PHO_BI_THU",
    )
    assert months_remaining("M", old.official.birth_date, a_next.reference_date) == 57
    # R3 group 2: a Trưởng phòng with less than 120 months
    a_current = demo_list(dates, "HUYEN_A", "current")
    short = [e for e in active(a_current) if e.position.code == "TRUONG_PHONG"]
    assert any(
        months_remaining(e.official.sex, e.official.birth_date, a_current.reference_date) < 120 for e in short
    )
    # R7: a reprimand decided before the review, in effect, on an active entry of the current list;
    # removed entries keep their reason and date
    disciplined = [
        e
        for e in active(a_current)
        if e.official.disciplines.filter(
            level="reprimand", start_date__lte=a_current.reference_date, end_date=None
        ).exists()
    ]
    assert disciplined
    removed = PlanningEntry.objects.filter(status="removed")
    assert removed.exists() and all(e.removed_reason and e.removed_on for e in removed)
    # R6: four positions for one person; five people for one position; a thin bench
    b_next = demo_list(dates, "HUYEN_B", "next")
    assert max(Counter(e.official_id for e in active(b_next)).values()) == 4
    c_next = demo_list(dates, "HUYEN_C", "next")
    per_position = Counter(e.position.code for e in active(c_next))
    assert per_position["PCT_UBND"] == 5 and per_position["CT_MTTQ"] == 1
    # R5: a district list whose leadership group has no woman; a list with nobody young
    b_current = demo_list(dates, "HUYEN_B", "current")
    leadership = [e for e in active(b_current) if e.position.group == "leadership"]
    assert leadership and all(e.official.sex == "M" for e in leadership)
    no_young = demo_list(dates, "XA_B2", "next")
    assert all(age(e.official.birth_date, no_young.reference_date) >= 35 for e in active(no_young))
    # R7: not meeting the political standard, yet planned
    assert any(not e.official.meets_political_standard for e in active(demo_list(dates, "XA_A1", "next")))
    # R1 override: fails group 1 by statute, passes with the override
    province_next = demo_list(dates, PROVINCE_CODE, "next")
    overridden = next(e for e in active(province_next) if e.official.retirement_override)
    official, ref = overridden.official, province_next.reference_date
    assert months_remaining(official.sex, official.birth_date, ref) < 60
    assert (
        months_remaining(official.sex, official.birth_date, ref, override=official.retirement_override) >= 60
    )


def test_the_engine_finds_every_deliberate_fault_under_the_rule_set_of_each_term(loaded: DemoResult) -> None:
    dates = loaded.dates
    province = Organization.objects.get(code=PROVINCE_CODE)
    found: set[str] = set()
    for evaluation in planning_list_evaluations(lists=PlanningList.objects.in_subtree(province)):
        result = evaluation.result
        found |= {f.code for f in result.findings} | {
            f.code for entry in result.entry_results for f in entry.findings
        }
        # the rule set in force on the list's reference date: QD377-2025 from 08/10/2025
        in_force = RuleSet.objects.in_force_on(evaluation.info.reference_date).first()
        assert in_force is not None and result.rule_set == in_force.code
        expected = (
            "QD377-2025" if evaluation.info.reference_date >= datetime.date(2025, 10, 8) else "HD16-2022"
        )
        assert result.rule_set == expected
    missing = DELIBERATE_CODES - found
    assert not missing, (dates.today, missing)


@pytest.mark.django_db
def test_factories_build_every_model_and_reuse_the_catalogue() -> None:
    from tests import factories as f

    district = f.OrganizationFactory.create(
        level=Level.DISTRICT, parent=f.OrganizationFactory.create(level=Level.PROVINCE)
    )
    commune = f.OrganizationFactory.create(parent=district)
    assert commune.path.startswith(district.path) and commune.depth == 2
    assert f.PositionFactory.create(code="BI_THU").name == "Bí thư"
    assert f.TermFactory.create(code="2020-2025").start_date == datetime.date(2020, 6, 1)
    assert f.RuleSetFactory.create(code="QD377-2025").max_people_per_position == 3
    entry = f.PlanningEntryFactory.create(planning_list__organization=district, position__code="PHO_BI_THU")
    assert entry.official.organization == district and entry.planning_list.term.code == "2025-2030"
    vote = f.NominationVoteFactory.create(entry=entry)
    assert vote.in_favour <= vote.valid_ballots
    f.DisciplineRecordFactory.create(official=entry.official)
    f.WorkHistoryFactory.create(official=entry.official)
    f.RuleSetLevelFactory.create(level=Level.DISTRICT)
    f.TermLevelStartFactory.create()
    membership = f.MembershipFactory.create(organization=district, role=Role.EDITOR)
    assert membership.user.check_password(f.TEST_PASSWORD)
    a, b = f.OfficialFactory.create_batch(2)
    assert a.national_id != b.national_id and len(str(a.national_id)) == 12
    assert f.OfficialFactory.create(national_id=None).national_id is None
    woman = f.OfficialFactory.create(sex="F")
    assert unicodedata.normalize("NFC", woman.full_name) == woman.full_name and not woman.full_name.isascii()


def test_demo_administrator_and_approver_log_in_with_the_published_key(loaded: DemoResult) -> None:
    # two-factor login is enforced for the demo's administrator and approver too: their device has the
    # key printed by load_demo, and `demo_totp` prints its current code; the other demo users have none
    import base64

    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from apps.demo.data import DEMO_TOTP_SECRET

    devices = TOTPDevice.objects.filter(user__username__in=[u.username for u in DEMO_USERS], confirmed=True)
    assert sorted(devices.values_list("user__username", flat=True)) == ["admin", "tinh.duyet"]
    assert {d.bin_key for d in devices} == {base64.b32decode(DEMO_TOTP_SECRET)}
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "CADR EPLA NDEM OTOT" in out.getvalue() and "admin, tinh.duyet" in out.getvalue()
    codes = StringIO()
    call_command("demo_totp", stdout=codes)
    code = codes.getvalue().split("tinh.duyet: ")[1].split()[0]
    client = Client()
    client.post("/dang-nhap/", {"username": "tinh.duyet", "password": DEMO_PASSWORD})
    assert client.get("/")["Location"].startswith("/dang-nhap/ma-xac-thuc/")
    assert client.post("/dang-nhap/ma-xac-thuc/", {"code": code})["Location"] == "/"
    assert client.get("/").status_code == 200


def test_the_demo_districts_papers_carry_their_header_and_signer(loaded: DemoResult) -> None:
    """Domain §4: the demo's boards have their issuer, abbreviation and signer, so its papers are whole."""
    import io

    from docx import Document as read_docx

    from apps.reports.documents import build_document, write_document

    district = Organization.objects.get(code="HUYEN_A")
    planning_list = PlanningList.objects.filter(organization=district, kind=ListKind.CURRENT).latest(
        "version"
    )
    out = io.BytesIO()
    write_document(build_document(planning_list=planning_list, document="list"), "docx", out)
    doc = read_docx(io.BytesIO(out.getvalue()))
    texts = "\n".join(
        [p.text for p in doc.paragraphs]
        + [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    )
    assert "HUYỆN ỦY AN PHÚ" in texts and "-DS/BTCHU" in texts
    assert "K/T TRƯỞNG BAN" in texts and "Nguyễn Thị Lan" in texts
