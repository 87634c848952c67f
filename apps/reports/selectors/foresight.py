"""Term projection (contracts §9): who leaves each post held in a subtree, when, and who is ready.

Dates come from the rules engine only (R1 retirement with its override, R2 months, R3 thresholds);
successors and their eligibility come from `planning_list_evaluations`, the one evaluation path, so a
successor shown here has the badge the list page shows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from apps.organizations.models import Organization, Term
from apps.people.models import Official
from apps.planning.selectors import planning_list_evaluations, planning_lists_in_scope
from apps.rules.adapters import RuleSetCatalogue
from apps.rules.engine import retirement_date
from apps.rules.engine.horizon import stops_meeting

CHART_YEARS = 10

HOLDER_COLUMNS = (
    "id",
    "full_name",
    "birth_date",
    "sex",
    "retirement_override",
    "retires_at_60",
    "organization_id",
    "organization__code",
    "organization__name",
    "organization__level",
    "organization__path",
    "current_position_id",
    "current_position__code",
    "current_position__name",
    "current_position__group",
    "current_position__default_target_group",
)


@dataclass(frozen=True, slots=True)
class Successor:
    """An active entry planned for a post, with the engine's verdict on it."""

    entry_id: int
    official_id: int
    full_name: str
    eligible: bool
    months_remaining: int
    list_id: int
    list_kind: str


@dataclass(frozen=True, slots=True)
class Post:
    """A post held in the subtree: its holder, when they leave, who is planned for it."""

    organization_id: int
    organization_code: str
    organization_name: str
    organization_path: str
    level: str
    position_id: int
    position_code: str
    position_name: str
    position_group: str
    holder_id: int
    holder_name: str
    birth_date: date
    sex: str
    retirement_date: date
    overridden: bool
    age_limit_month: date  # first month they no longer meet the age condition of a current list (R3)
    vacates: date | None  # first day of the retirement month, None after `until`
    successors: tuple[Successor, ...]

    @property
    def covered(self) -> bool:
        return any(s.eligible for s in self.successors)

    @property
    def eligible_successors(self) -> int:
        return sum(s.eligible for s in self.successors)


@dataclass(frozen=True, slots=True)
class MonthCount:
    month: date
    vacating: int
    uncovered: int


@dataclass(frozen=True, slots=True)
class YearCount:
    year: int
    covered: int
    uncovered: int

    @property
    def vacating(self) -> int:
        return self.covered + self.uncovered


@dataclass(frozen=True, slots=True)
class ChildCount:
    """Posts of one child organization's subtree (None: the organization's own posts)."""

    organization: Organization | None
    posts: int
    vacating: int
    uncovered: int


@dataclass
class Projection:
    organization: Organization
    term: Term
    until: date
    today: date
    generated_at: datetime
    posts: list[Post]
    by_month: list[MonthCount] = field(default_factory=list)
    by_year: list[YearCount] = field(default_factory=list)


def month_start(day: date) -> date:
    return day.replace(day=1)


def _successors(
    *, organization: Organization, term: Term, max_depth: int | None = None
) -> dict[tuple[int, str], list[Successor]]:
    """Active entries of the newest lists of the term in the subtree, by (list organization, position)."""
    found: dict[tuple[int, str], list[Successor]] = defaultdict(list)
    lists = planning_lists_in_scope(organization=organization, term=term)
    if max_depth is not None:
        lists = lists.filter(organization__depth__lte=max_depth)
    for evaluation in planning_list_evaluations(lists=lists):
        info = evaluation.info
        for facts, result in zip(evaluation.facts.entries, evaluation.result.entry_results, strict=True):
            found[(info.organization_id, facts.position_code)].append(
                Successor(
                    entry_id=result.entry_id,
                    official_id=result.official_id,
                    full_name=facts.full_name,
                    eligible=result.eligible,
                    months_remaining=result.months_remaining,
                    list_id=info.id,
                    list_kind=info.kind,
                )
            )
    return found


def _order_successors(items: list[Successor]) -> tuple[Successor, ...]:
    # eligible first (contracts §9), then the longest horizon
    return tuple(sorted(items, key=lambda s: (not s.eligible, -s.months_remaining, s.full_name, s.entry_id)))


def term_projection(
    *,
    organization: Organization,
    term: Term,
    until: date | None = None,
    today: date | None = None,
    level: str = "",
    position_group: str = "",
    position_code: str = "",
    max_depth: int | None = None,
) -> Projection:
    """Every post held in the subtree, its holder's retirement and the successors planned for it.

    `until` (default: the end of the term) bounds `vacates` and `by_month`; `by_year` covers the ten
    years from `today` whatever `until` is. The filters narrow the posts by the organization's level,
    the position group and the position code; `max_depth` stops at organizations of that tree depth.
    """
    today = today or timezone.localdate()
    until = until or term.end_date
    holders = Official.objects.in_subtree(organization).filter(current_position__isnull=False)
    if level:
        holders = holders.filter(organization__level=level)
    if position_group:
        holders = holders.filter(current_position__group=position_group)
    if position_code:
        holders = holders.filter(current_position__code=position_code)
    if max_depth is not None:
        holders = holders.filter(organization__depth__lte=max_depth)
    rows = list(
        holders.order_by("organization__path", "current_position__sort_order", "full_name", "id").values_list(
            *HOLDER_COLUMNS
        )
    )
    successors = _successors(organization=organization, term=term, max_depth=max_depth) if rows else {}
    catalogue = RuleSetCatalogue()
    rule_set = catalogue.in_force_on(today)
    params = catalogue.params[rule_set.id] if rule_set is not None else None

    posts = []
    for (
        holder_id,
        full_name,
        birth,
        sex,
        override,
        at_60,
        org_id,
        org_code,
        org_name,
        org_level,
        org_path,
        position_id,
        position_code_,
        position_name,
        group,
        target_group,
    ) in rows:
        retirement = retirement_date(sex, birth, override=override, retires_at_60=at_60)
        limit = (
            stops_meeting(retirement, target_group, params) if params is not None else month_start(retirement)
        )
        posts.append(
            Post(
                organization_id=org_id,
                organization_code=org_code,
                organization_name=org_name,
                organization_path=org_path,
                level=org_level,
                position_id=position_id,
                position_code=position_code_,
                position_name=position_name,
                position_group=group,
                holder_id=holder_id,
                holder_name=full_name,
                birth_date=birth,
                sex=sex,
                retirement_date=retirement,
                overridden=override is not None,
                age_limit_month=limit,
                vacates=month_start(retirement) if retirement <= until else None,
                successors=_order_successors(successors.get((org_id, position_code_), [])),
            )
        )

    months: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    years: dict[int, list[int]] = {year: [0, 0] for year in range(today.year, today.year + CHART_YEARS)}
    for post in posts:
        if post.vacates is not None:
            months[post.vacates][0] += 1
            months[post.vacates][1] += not post.covered
        year = years.get(post.retirement_date.year)
        if year is not None and post.retirement_date >= month_start(today):
            year[0 if post.covered else 1] += 1
    return Projection(
        organization=organization,
        term=term,
        until=until,
        today=today,
        generated_at=timezone.now(),
        posts=posts,
        by_month=[MonthCount(month, v, u) for month, (v, u) in sorted(months.items())],
        by_year=[YearCount(year, c, u) for year, (c, u) in years.items()],
    )


def projection_by_child(*, projection: Projection) -> list[ChildCount]:
    """Posts, vacating and uncovered posts per child organization of the projection's root (drill-down)."""
    root = projection.organization
    children = list(Organization.objects.filter(parent=root).order_by("name", "path"))
    counts: dict[int | None, list[int]] = {child.pk: [0, 0, 0] for child in children}
    own = [0, 0, 0]
    prefixes = {child.path: child.pk for child in children}
    depth_chars = len(root.path)
    for post in projection.posts:
        bucket = own
        if post.organization_path != root.path:
            rest = post.organization_path[depth_chars:]
            child_path = root.path + rest.split("/", 1)[0] + "/"
            bucket = counts.get(prefixes.get(child_path), own)  # type: ignore[arg-type]
        bucket[0] += 1
        if post.vacates is not None:
            bucket[1] += 1
            bucket[2] += not post.covered
    rows = [ChildCount(None, *own)] if own[0] else []
    rows += [ChildCount(child, *counts[child.pk]) for child in children if counts[child.pk][0]]
    return rows


def projection_dict(projection: Projection) -> dict[str, object]:
    """The JSON form of contracts §9."""

    def month(d: date | None) -> str | None:
        return None if d is None else f"{d:%Y-%m}"

    return {
        "organization": projection.organization.code,
        "term": projection.term.code,
        "generated_at": projection.generated_at.isoformat(),
        "until": month(projection.until),
        "posts": [
            {
                "organization": p.organization_code,
                "organization_name": p.organization_name,
                "position": p.position_code,
                "position_name": p.position_name,
                "holder": {
                    "full_name": p.holder_name,
                    "birth_date": p.birth_date.isoformat(),
                    "sex": p.sex,
                    "retirement_date": p.retirement_date.isoformat(),
                    "retirement_overridden": p.overridden,
                    "vacates": month(p.vacates),
                    "age_limit_month": month(p.age_limit_month),
                },
                "successors": [
                    {
                        "full_name": s.full_name,
                        "eligible": s.eligible,
                        "months_remaining": s.months_remaining,
                        "list_kind": s.list_kind,
                    }
                    for s in p.successors
                ],
                "covered": p.covered,
            }
            for p in projection.posts
        ],
        "by_month": [
            {"month": month(m.month), "vacating": m.vacating, "uncovered": m.uncovered}
            for m in projection.by_month
        ],
    }
