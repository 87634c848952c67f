"""R8: the other measures the reports show, over an organization's subtree, with the rule set's targets.

Each share is counted in SQL-sized reads (one query per measure) and compared exactly with its target
(`share_ok`); a measure without a target is shown as a figure only ("chưa đặt chỉ tiêu").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q

from apps.core.calendar import years_before
from apps.core.text import fold_name
from apps.organizations.models import Level, Organization, Term
from apps.people.models import Official, WorkHistory
from apps.planning.selectors import planned_q
from apps.rules.engine import age_in_years, share_ok, share_percent
from apps.rules.models import RuleSet

SECRETARY_AND_CHAIR = ("BI_THU", "CT_UBND")
HEAD_POSTS = ("BI_THU", "CT_HDND", "CT_UBND", "CT_MTTQ", "TRUONG_BAN", "TRUONG_PHONG")


@dataclass(frozen=True)
class Measure:
    code: str
    label: str  # Vietnamese, as every report file writes it
    count: int
    total: int
    target: float | None

    @property
    def percent(self) -> float | None:
        return share_percent(self.count, self.total)

    @property
    def ok(self) -> bool | None:
        return None if self.target is None else share_ok(self.count, self.total, Decimal(str(self.target)))


@dataclass(frozen=True)
class LongHeld:
    official_id: int
    full_name: str
    organization: str
    position: str
    since: dt.date


@dataclass
class Measures:
    rule_set: str
    measures: list[Measure] = field(default_factory=list)
    long_held: list[LongHeld] = field(default_factory=list)
    age_bands: list[tuple[str, int]] = field(default_factory=list)  # label, planned officials


def _target(value: Any) -> float | None:
    return None if value is None else float(value)


def is_local(home_town: str, locality: str, flag: bool) -> bool:
    """Local when the home town names the organization's locality; the official's flag when either is empty."""
    if home_town and locality:
        return fold_name(locality) in fold_name(home_town)
    return flag


def r8_measures(*, organization: Organization, term: Term, today: dt.date) -> Measures:
    """The R8 measures of the organization's subtree for the term, under the rule set in force today."""
    rule_set = RuleSet.objects.in_force_on(today).prefetch_related("levels").first()
    if rule_set is None:
        return Measures(rule_set="")
    young_by_level = {row.level: row.young_age_below for row in rule_set.levels.all()}
    committee_targets = {row.level: row.young_committee_target for row in rule_set.levels.all()}
    officials = Official.objects.filter(organization__path__startswith=organization.path)
    out = Measures(rule_set=rule_set.code)

    # Non-local commune secretaries and chairs (seed 002).
    heads = officials.filter(
        organization__level=Level.COMMUNE, current_position__code__in=SECRETARY_AND_CHAIR
    ).values_list("home_town", "organization__locality", "is_local")
    flags = [not is_local(home, locality, flag) for home, locality, flag in heads]
    out.measures.append(
        Measure("NON_LOCAL", "Bí thư, Chủ tịch UBND cấp xã không phải người địa phương", sum(flags), len(flags),
                _target(rule_set.non_local_target_percent))
    )  # fmt: skip

    # Rotation in the term, and young appointments in it (seed 003), from work history.
    total = officials.count()
    period = WorkHistory.objects.filter(
        official__organization__path__startswith=organization.path,
        start_date__gte=term.start_date,
        start_date__lte=min(term.end_date, today),
    )
    rotated = period.filter(is_rotation=True).values("official_id").distinct().count()
    out.measures.append(
        Measure(
            "ROTATED",
            "Cán bộ được luân chuyển trong nhiệm kỳ",
            rotated,
            total,
            _target(rule_set.rotation_target_percent),
        )
    )
    appointments = list(
        period.filter(position__isnull=False).values_list("official__birth_date", "start_date")
    )
    young = sum(
        age_in_years(born, start) < rule_set.young_appointment_age_below for born, start in appointments
    )
    out.measures.append(
        Measure(
            "YOUNG_APPOINTED",
            f"Bổ nhiệm cán bộ dưới {rule_set.young_appointment_age_below} tuổi trong nhiệm kỳ",
            young,
            len(appointments),
            _target(rule_set.young_appointment_target_percent),
        )
    )

    # Young members of the committees, per level (seed 003).
    members = officials.filter(current_position__group="committee").values_list(
        "birth_date", "organization__level"
    )
    by_level: dict[str, list[int]] = {}
    for born, level in members:
        counts = by_level.setdefault(level, [0, 0])
        counts[1] += 1
        limit = young_by_level.get(level)
        counts[0] += limit is not None and age_in_years(born, today) < limit
    labels = dict(Level.choices)
    for level in Level.values:
        if level in by_level:
            count, level_total = by_level[level]
            out.measures.append(
                Measure(
                    f"YOUNG_COMMITTEE_{level.upper()}",
                    f"Cấp ủy viên trẻ — {str(labels[level]).lower()}",
                    count,
                    level_total,
                    _target(committee_targets.get(level)),
                )
            )

    # Head posts held for `same_post_years` or more in one place (QĐ 65): flagged for rotation.
    since = years_before(today, rule_set.same_post_years)
    rows = (
        WorkHistory.objects.filter(
            official__organization__path__startswith=organization.path,
            end_date__isnull=True,
            start_date__lte=since,
            position__code__in=HEAD_POSTS,
            organization_id=F("official__organization_id"),
        )
        .order_by("start_date", "official__full_name")
        .values_list(
            "official_id", "official__full_name", "organization__name", "position__name", "start_date"
        )
    )
    out.long_held = [LongHeld(*row) for row in rows]

    # Three age bands (QĐ 377, no target in the press) over the planned officials of the subtree.
    limit1, limit2 = rule_set.age_band_1_below, rule_set.age_band_2_below
    # counted in SQL (nationally ~400,000 planned officials): age < limit <=> born after the same day
    # `limit` years ago (years_before: a 29 February birthday counts from 1 March, as age_in_years)
    young1, young2 = (
        Q(birth_date__gt=years_before(today, limit1)),
        Q(birth_date__gt=years_before(today, limit2)),
    )
    counted = officials.filter(planned_q()).aggregate(
        b0=Count("pk", filter=young1),
        b1=Count("pk", filter=~young1 & young2),
        b2=Count("pk", filter=~young1 & ~young2),
    )
    bands = [counted["b0"], counted["b1"], counted["b2"]]
    out.age_bands = [
        (f"Dưới {limit1} tuổi", bands[0]),
        (f"Từ {limit1} đến dưới {limit2} tuổi", bands[1]),
        (f"Từ {limit2} tuổi trở lên", bands[2]),
    ]
    return out
