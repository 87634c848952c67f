"""Successor finder: the officials of a list's subtree who could be planned for a post, ranked, with reasons.

Every test is the engine's: months remaining (R2) against the R3 threshold of the list's kind and the
entry's target group, discipline in effect (R7), a post below the planned one (R6, QD377), the
positions-per-person cap (R6), and the young/women/ethnic shares (R4, R5) the list would have with the
candidate added. The list's own figures come from `planning_list_evaluate`, as on the list page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date
from operator import itemgetter

from apps.organizations.models import Position
from apps.people.models import DisciplineRecord, Official
from apps.planning.models import EntryStatus, PlanningEntry, PlanningList
from apps.planning.selectors import ListEvaluation, planning_list_evaluate
from apps.rules.engine import (
    Discipline,
    EntryFacts,
    Quota,
    is_young,
    months_remaining,
    retirement_date,
    share_ok,
)
from apps.rules.engine.eligibility import age_thresholds, discipline_in_effect, is_not_higher

SHOWN = 20
# Oldest retirement age of the roadmap (62 years) plus a month: anyone born earlier has retired by `at`.
MAX_RETIREMENT_MONTHS = 62 * 12 + 1

CANDIDATE_COLUMNS = (
    "id",
    "full_name",
    "birth_date",
    "sex",
    "retirement_override",
    "retires_at_60",
    "ethnic_minority",
    "meets_political_standard",
    "organization__name",
    "organization__level",
    "current_position__rank",
    "current_position__name",
)


@dataclass(frozen=True, slots=True)
class Reason:
    """One test of a candidate: passed or not, and the Vietnamese-ready figures shown for it."""

    code: str  # months | target_group | discipline | higher_post | cap | standard
    ok: bool
    value: str


@dataclass(frozen=True, slots=True)
class QuotaEffect:
    code: str
    before: Quota
    after_count: int
    after_total: int
    after_percent: float | None
    after_ok: bool | None


@dataclass(frozen=True, slots=True)
class Candidate:
    official_id: int
    full_name: str
    organization_name: str
    current_post: str
    birth_date: date
    sex: str
    ethnic: bool
    retirement_date: date
    months: int
    required: int
    eligible: bool
    reasons: tuple[Reason, ...]
    quotas: tuple[QuotaEffect, ...]
    score: tuple[int, ...]


@dataclass
class FinderResult:
    planning_list: PlanningList
    position: Position
    at: date
    target_group: int
    required_months: int
    planned: int  # people already planned for this position in the list
    cap_people: int
    evaluated: int
    eligible: int
    candidates: list[Candidate]


def _quota_effects(
    quotas: tuple[Quota, ...], *, young: bool, woman: bool, ethnic: bool, already: bool
) -> tuple[QuotaEffect, ...]:
    flags = {"QUOTA_YOUNG": young, "QUOTA_WOMEN": woman, "QUOTA_ETHNIC": ethnic}
    effects = []
    for q in quotas:
        count = q.count + (0 if already else int(flags.get(q.code, False)))
        total = q.total + (0 if already else 1)
        percent = round(100 * count / total, 2) if total else None
        ok = None if q.target is None or not total else share_ok(count, total, q.target)
        effects.append(QuotaEffect(q.code, q, count, total, percent, ok))
    return tuple(effects)


def successor_candidates(
    *, planning_list: PlanningList, position: Position, at: date, limit: int = SHOWN
) -> FinderResult:
    """Officials of the list organization's subtree who could be planned for `position`, best first.

    Officials already planned for that position in the list, and those retired by `at`, are left out.
    Ranking: eligible first, then fewer failed tests, then a current post just below the planned one,
    then the longest horizon.
    """
    evaluation: ListEvaluation = planning_list_evaluate(planning_list=planning_list)
    params, facts = evaluation.params, evaluation.facts
    level = facts.level
    target_group = position.default_target_group
    _code, required, _warning, _months = age_thresholds(facts.kind, target_group, params)
    entries_of = Counter(e.official_id for e in facts.entries)
    planned_here = {e.official_id for e in facts.entries if e.position_code == position.code}
    cap_people = params.max_people_per_position

    earliest_birth = date(at.year - MAX_RETIREMENT_MONTHS // 12 - 1, 1, 1)
    officials = (
        Official.objects.in_subtree(planning_list.organization)
        .filter(birth_date__gte=earliest_birth)
        .exclude(pk__in=planned_here)
    )
    rows = list(officials.values_list(*CANDIDATE_COLUMNS))
    ids = [row[0] for row in rows]
    disciplines: dict[int, list[Discipline]] = defaultdict(list)
    if ids:
        for official_id, lvl, start, end in DisciplineRecord.objects.filter(
            official__in=officials, start_date__lte=at
        ).values_list("official_id", "level", "start_date", "end_date"):
            disciplines[official_id].append(Discipline(level=lvl, start=start, end=end))

    # A province has ~13,000 officials: score them all with plain tuples, build the reasons of the shown ones.
    below_cache: dict[tuple[int | None, str], bool] = {}

    def below(current_rank: int | None, org_level: str) -> bool:
        key = (current_rank, org_level)
        found = below_cache.get(key)
        if found is None:
            entry = EntryFacts(
                entry_id=0,
                official_id=0,
                full_name="",
                sex="M",
                birth_date=at,
                position_code=position.code,
                position_group=position.group,
                position_rank=position.rank,
                target_group=target_group,
                current_position_rank=current_rank,
                current_position_level=org_level,
            )
            found = below_cache[key] = current_rank is None or not is_not_higher(entry, level)
        return found

    cap = params.max_positions_per_person
    check_higher = params.require_higher_position
    min_rank = params.discipline_min_rank
    scored = []
    eligible_count = 0
    for row in rows:
        (
            official_id,
            _name,
            birth,
            sex,
            override,
            at_60,
            _e,
            meets_standard,
            _o,
            org_level,
            current_rank,
            _c,
        ) = row
        months = months_remaining(sex, birth, at, override=override, retires_at_60=at_60)
        if months < 0:
            continue
        held = disciplines.get(official_id)
        discipline = discipline_in_effect(held, at, min_rank) if held else None
        is_below = below(current_rank, org_level)
        count = entries_of.get(official_id, 0) + 1
        checks = (
            months >= required,
            discipline is None,
            is_below or not check_higher,
            count <= cap,
            bool(meets_standard),
        )
        failed = checks.count(False)
        eligible_count += failed == 0
        gap = (
            position.rank - current_rank if current_rank is not None and current_rank < position.rank else 999
        )
        scored.append(((failed, gap, -months, official_id), row, months, checks, discipline, count))
    scored.sort(key=itemgetter(0))
    evaluated = len(scored)

    candidates = []
    for score, row, months, checks, discipline, count in scored[:limit]:
        official_id, full_name, birth, sex, override, at_60, ethnic, _m, org_name, _l, _r, current_name = row
        months_ok, discipline_ok, higher_ok, cap_ok, standard_ok = checks
        reasons = (
            Reason("months", months_ok, str(months)),
            Reason("target_group", True, str(target_group)),
            Reason("discipline", discipline_ok, discipline.level if discipline else ""),
            Reason("higher_post", higher_ok, current_name or ""),
            Reason("cap", cap_ok, str(count)),
            Reason("standard", standard_ok, ""),
        )
        candidates.append(
            Candidate(
                official_id=official_id,
                full_name=full_name,
                organization_name=org_name,
                current_post=current_name or "",
                birth_date=birth,
                sex=sex,
                ethnic=ethnic,
                retirement_date=retirement_date(sex, birth, override=override, retires_at_60=at_60),
                months=months,
                required=required,
                eligible=score[0] == 0,
                reasons=reasons,
                quotas=(),
                score=score,
            )
        )
    shown = []
    ref = facts.reference_date
    for c in candidates:
        quotas = _quota_effects(
            evaluation.result.quotas,
            young=is_young(c.birth_date, ref, level, params),
            woman=c.sex == "F",
            ethnic=c.ethnic,
            already=c.official_id in entries_of,
        )
        shown.append(_with_quotas(c, quotas))
    return FinderResult(
        planning_list=planning_list,
        position=position,
        at=at,
        target_group=target_group,
        required_months=required,
        planned=len(planned_here),
        cap_people=cap_people,
        evaluated=evaluated,
        eligible=eligible_count,
        candidates=shown,
    )


def _with_quotas(c: Candidate, quotas: tuple[QuotaEffect, ...]) -> Candidate:
    return replace(c, quotas=quotas)


def newest_lists_of(*, organization_id: int, term_id: int | None = None) -> list[PlanningList]:
    """The newest edition of each list of one organization (optionally one term), newest term first."""
    lists = PlanningList.objects.latest_versions().filter(organization_id=organization_id)
    if term_id is not None:
        lists = lists.filter(term_id=term_id)
    return list(lists.select_related("term", "organization").order_by("-term__start_date", "kind"))


def is_planned(*, planning_list: PlanningList, official_id: int, position: Position) -> bool:
    """Whether the official already has an active entry for the position in the list."""
    return PlanningEntry.objects.filter(
        planning_list=planning_list, official_id=official_id, position=position, status=EntryStatus.ACTIVE
    ).exists()
