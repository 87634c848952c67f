"""factory_boy factories for every model; catalogue rows (terms, positions, rule sets) are fetched, not duplicated."""

from __future__ import annotations

import datetime
from functools import cache

import factory
from django.contrib.auth.hashers import make_password
from factory.django import DjangoModelFactory

from apps.accounts.models import Membership, Role, User
from apps.organizations.models import (
    Level,
    Organization,
    Position,
    PositionGroup,
    TargetGroup,
    Term,
    TermKind,
    TermLevelStart,
)
from apps.people.models import (
    DisciplineLevel,
    DisciplineRecord,
    Official,
    PoliticalTheory,
    Sex,
    WorkHistory,
)
from apps.planning.models import (
    EntryStatus,
    ListKind,
    ListStatus,
    NominationVote,
    PlanningEntry,
    PlanningList,
    VoteStep,
)
from apps.rules.models import RuleSet, RuleSetLevel

FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MALE_NAMES = ["Văn An", "Hữu Bình", "Minh Cường", "Đức Dũng", "Quang Hải", "Văn Hùng", "Thanh Sơn"]
FEMALE_NAMES = ["Thị Lan", "Thị Hoa", "Thanh Hương", "Ngọc Mai", "Thị Thu", "Thu Trang", "Hồng Nhung"]
TEST_PASSWORD = "cadreplan-test"


@cache
def hashed_test_password() -> str:
    """TEST_PASSWORD hashed once per test run: hashing per user would make every factory call slow."""
    return make_password(TEST_PASSWORD)


def vietnamese_name(sex: str, n: int) -> str:
    """A realistic Vietnamese full name (NFC, with diacritics) for sequence number n."""
    given = FEMALE_NAMES if sex == Sex.FEMALE else MALE_NAMES
    return f"{FAMILY_NAMES[n % len(FAMILY_NAMES)]} {given[(n // len(FAMILY_NAMES)) % len(given)]}"


class OrganizationFactory(DjangoModelFactory[Organization]):
    """An organization (commune by default); pass `level=` and `parent=` to place it in a tree."""

    class Meta:
        model = Organization
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"ORG{n:04d}")
    name = factory.LazyAttributeSequence(
        lambda o, n: (
            {
                Level.CENTRAL: "Trung ương",
                Level.PROVINCE: "Tỉnh",
                Level.DISTRICT: "Huyện",
                Level.COMMUNE: "Xã",
                Level.GRASSROOTS: "Chi bộ",
            }[o.level]
            + f" Thử Nghiệm {n}"
        )
    )
    level = Level.COMMUNE
    parent = None


class TermFactory(DjangoModelFactory[Term]):
    """A term; the shipped ones (2020-2025, 2025-2030, ...) are fetched by code."""

    class Meta:
        model = Term
        django_get_or_create = ("code",)

    code = "2025-2030"
    name = factory.LazyAttribute(lambda o: f"Nhiệm kỳ {o.code.replace('-', '–')}")
    kind = TermKind.PARTY
    start_date = factory.LazyAttribute(lambda o: datetime.date(int(o.code[:4]), 6, 1))
    end_date = factory.LazyAttribute(lambda o: datetime.date(int(o.code[:4]) + 5, 5, 31))


class TermLevelStartFactory(DjangoModelFactory[TermLevelStart]):
    class Meta:
        model = TermLevelStart
        django_get_or_create = ("term", "level")

    term = factory.SubFactory(TermFactory)
    level = Level.COMMUNE
    start_date = factory.LazyAttribute(lambda o: o.term.start_date)


class PositionFactory(DjangoModelFactory[Position]):
    """A catalogue position; the shipped codes (BI_THU, UV_BCH, ...) are fetched, not duplicated."""

    class Meta:
        model = Position
        django_get_or_create = ("code",)

    code = "UV_BCH"
    name = "Ủy viên Ban Chấp hành"
    group = PositionGroup.COMMITTEE
    default_target_group = TargetGroup.GROUP_1
    rank = 50
    sort_order = 4


class RuleSetFactory(DjangoModelFactory[RuleSet]):
    """A rule set; HD16-2022 and QD377-2025 ship with the app and are fetched by code."""

    class Meta:
        model = RuleSet
        django_get_or_create = ("code",)

    code = "HD16-2022"
    name = "Quy định 50-QĐ/TW và Hướng dẫn 16-HD/BTCTW"
    valid_from = None
    valid_to = datetime.date(2025, 10, 7)


class RuleSetLevelFactory(DjangoModelFactory[RuleSetLevel]):
    class Meta:
        model = RuleSetLevel
        django_get_or_create = ("rule_set", "level")

    rule_set = factory.SubFactory(RuleSetFactory)
    level = Level.COMMUNE
    young_age_below = 35


class OfficialFactory(DjangoModelFactory[Official]):
    """An official with a Vietnamese name and a unique 12-digit national ID (pass `national_id=None` for none)."""

    class Meta:
        model = Official

    sex = Sex.MALE
    full_name = factory.LazyAttributeSequence(lambda o, n: vietnamese_name(o.sex, n))
    birth_date = datetime.date(1980, 5, 10)
    ethnicity = "Kinh"
    national_id = factory.Sequence(lambda n: f"0981{n:08d}")
    home_town = "xã An Hòa, huyện An Phú, tỉnh Minh Sơn"
    organization = factory.SubFactory(OrganizationFactory)
    current_position = None
    current_position_title = "Chuyên viên"
    political_theory = PoliticalTheory.INTERMEDIATE
    education = "Đại học"
    education_subject = "Cử nhân Luật"


class DisciplineRecordFactory(DjangoModelFactory[DisciplineRecord]):
    """A reprimand in effect since 2024 (no end date) unless told otherwise."""

    class Meta:
        model = DisciplineRecord

    official = factory.SubFactory(OfficialFactory)
    level = DisciplineLevel.REPRIMAND
    decision_number = factory.Sequence(lambda n: f"{n + 1}-QĐ/UBKT")
    start_date = datetime.date(2024, 1, 10)
    end_date = None
    reason = "Vi phạm quy chế làm việc"


class WorkHistoryFactory(DjangoModelFactory[WorkHistory]):
    class Meta:
        model = WorkHistory

    official = factory.SubFactory(OfficialFactory)
    organization = factory.SelfAttribute("official.organization")
    position = None
    title = "Chuyên viên"
    start_date = datetime.date(2015, 1, 1)
    end_date = None
    is_rotation = False


class PlanningListFactory(DjangoModelFactory[PlanningList]):
    """A draft 'next' list for 2025-2030 with the term start as reference date."""

    class Meta:
        model = PlanningList

    organization = factory.SubFactory(OrganizationFactory, level=Level.DISTRICT)
    term = factory.SubFactory(TermFactory)
    kind = ListKind.NEXT
    version = 1
    reference_date = factory.LazyAttribute(lambda o: o.term.start_date)
    status = ListStatus.DRAFT


class PlanningEntryFactory(DjangoModelFactory[PlanningEntry]):
    """An active entry; the official works in the list's organization by default."""

    class Meta:
        model = PlanningEntry

    planning_list = factory.SubFactory(PlanningListFactory)
    official = factory.SubFactory(
        OfficialFactory, organization=factory.SelfAttribute("..planning_list.organization")
    )
    position = factory.SubFactory(PositionFactory)
    status = EntryStatus.ACTIVE


class NominationVoteFactory(DjangoModelFactory[NominationVote]):
    class Meta:
        model = NominationVote

    entry = factory.SubFactory(PlanningEntryFactory)
    step = VoteStep.CONFERENCE
    held_on = datetime.date(2025, 5, 15)
    summoned = 40
    present = 38
    valid_ballots = 38
    in_favour = 30


class UserFactory(DjangoModelFactory[User]):
    """A user whose password is TEST_PASSWORD."""

    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"canbo{n}")
    full_name = factory.Sequence(lambda n: vietnamese_name(Sex.FEMALE if n % 2 else Sex.MALE, n))
    password = factory.LazyFunction(hashed_test_password)


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.VIEWER
