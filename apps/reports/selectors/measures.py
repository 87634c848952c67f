"""R8: the other measures the reports show, over an organization's subtree, with the rule set's targets.

`r8_measures` reads them from the stored per-organization rows (MeasureCount, refreshed with the list
summaries: nightly, and for the organizations of the officials a change touches), which stays fast at
national scale; `r8_measures_live` counts them from the officials (one query per measure), and is used
where nothing is stored yet. Each share is compared exactly with its target (`share_ok`); a measure
without a target is shown as a figure only ("chưa đặt chỉ tiêu").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, F, Max, Min, Q, Sum

from apps.core.calendar import years_before
from apps.organizations.models import Level, Organization, Term
from apps.people.models import Official, WorkHistory
from apps.planning.selectors import planned_q
from apps.reports.models import MeasureCount
from apps.reports.selectors.measure_counts import (
    AGE_BANDS,
    HEAD_POSTS,
    LONG_HELD,
    OFFICIALS,
    SECRETARY_AND_CHAIR,
    is_local,
)
from apps.rules.engine import age_in_years, share_ok, share_percent
from apps.rules.models import RuleSet

__all__ = ["HEAD_POSTS", "SECRETARY_AND_CHAIR", "is_local", "r8_measures", "r8_measures_live"]
CACHE_SECONDS = 24 * 60 * 60  # the key changes whenever any stored row does
LONG_HELD_SHOWN = 20  # head posts held long in one place named on the dashboard (the report names all)
LABELS = {
    "NON_LOCAL": "Bí thư, Chủ tịch UBND cấp xã không phải người địa phương",
    "ROTATED": "Cán bộ được luân chuyển trong nhiệm kỳ",
    "SCIENCE_TECH": "Cán bộ có trình độ khoa học, công nghệ",
}


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
    long_held: list[LongHeld] = field(default_factory=list)  # the first `long_held_limit`, oldest first
    age_bands: list[tuple[str, int]] = field(default_factory=list)  # label, planned officials
    long_held_count: int = 0  # every head post held long in one place, listed or not
    computed_on: dt.date | None = None  # the day of the stored figures; None: counted just now

    @property
    def band_total(self) -> int:
        return sum(count for _, count in self.age_bands)

    @property
    def band_rows(self) -> list[tuple[str, int, float | None]]:
        """Each age band with its share of the planned officials (2 places)."""
        return [(label, count, share_percent(count, self.band_total)) for label, count in self.age_bands]


def _target(value: Any) -> float | None:
    return None if value is None else float(value)


def _appointed_label(rule_set: RuleSet) -> str:
    return f"Bổ nhiệm cán bộ dưới {rule_set.young_appointment_age_below} tuổi trong nhiệm kỳ"


def _committee_label(level: str) -> str:
    return f"Cấp ủy viên trẻ — {str(dict(Level.choices)[level]).lower()}"


def _band_labels(rule_set: RuleSet) -> list[str]:
    limit1, limit2 = rule_set.age_band_1_below, rule_set.age_band_2_below
    return [f"Dưới {limit1} tuổi", f"Từ {limit1} đến dưới {limit2} tuổi", f"Từ {limit2} tuổi trở lên"]


def _long_held(
    *, organization: Organization, rule_set: RuleSet, today: dt.date, limit: int | None
) -> list[LongHeld]:
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
    return [LongHeld(*row) for row in (rows if limit is None else rows[:limit])]


def r8_measures(
    *, organization: Organization, term: Term, today: dt.date, long_held_limit: int | None = None
) -> Measures:
    """The R8 measures of the organization's subtree for the term, from the stored rows (live if none).

    The stored rows were counted under the rule set in force on their day (`computed_on`); its targets
    and thresholds name the figures. `long_held_limit` caps the names listed (the count is all of them).
    """
    # Every refresh writes rows (an OFFICIALS row per organization refreshed), so the newest id names the
    # stored data: a cheap index lookup, and the sums of a subtree are cached under it.
    version = MeasureCount.objects.aggregate(latest=Max("id"))["latest"]
    if version is None:
        return r8_measures_live(
            organization=organization, term=term, today=today, long_held_limit=long_held_limit
        )
    key = f"r8-measures:{organization.path}|{term.pk}|{long_held_limit}|{today.isoformat()}|{version}"
    cached = cache.get(key)
    if cached is None:
        cached = _stored_measures(
            organization=organization, term=term, today=today, long_held_limit=long_held_limit
        )
        cache.set(key, cached, CACHE_SECONDS)
    return cached  # type: ignore[no-any-return]


def _stored_measures(
    *, organization: Organization, term: Term, today: dt.date, long_held_limit: int | None
) -> Measures:
    rows = MeasureCount.objects.in_subtree(organization).filter(Q(term=term) | Q(term__isnull=True))
    sums = {
        row["code"]: row
        for row in rows.values("code")
        .annotate(count=Sum("count"), total=Sum("total"), rule_set=Max("rule_set"), day=Min("computed_on"))
        .order_by()
    }
    rule_set = None
    if sums:
        code = max(row["rule_set"] for row in sums.values())
        rule_set = RuleSet.objects.filter(code=code).prefetch_related("levels").first()
    if rule_set is None:
        return r8_measures_live(
            organization=organization, term=term, today=today, long_held_limit=long_held_limit
        )

    def counted(code: str) -> tuple[int, int]:
        row = sums.get(code)
        return (row["count"], row["total"]) if row else (0, 0)

    officials = counted(OFFICIALS)[0]
    out = Measures(rule_set=rule_set.code, computed_on=min(row["day"] for row in sums.values()))
    out.measures.append(
        Measure(
            "NON_LOCAL",
            LABELS["NON_LOCAL"],
            *counted("NON_LOCAL"),
            _target(rule_set.non_local_target_percent),
        )
    )
    out.measures.append(
        Measure(
            "ROTATED",
            LABELS["ROTATED"],
            counted("ROTATED")[0],
            officials,
            _target(rule_set.rotation_target_percent),
        )
    )
    out.measures.append(
        Measure("YOUNG_APPOINTED", _appointed_label(rule_set), *counted("YOUNG_APPOINTED"), _target(rule_set.young_appointment_target_percent))
    )  # fmt: skip
    committee_targets = {row.level: row.young_committee_target for row in rule_set.levels.all()}
    for level in Level.values:
        code = f"YOUNG_COMMITTEE_{level.upper()}"
        if code in sums:
            out.measures.append(
                Measure(code, _committee_label(level), *counted(code), _target(committee_targets.get(level)))
            )
    out.measures.append(
        Measure("SCIENCE_TECH", LABELS["SCIENCE_TECH"], counted("SCIENCE_TECH")[0], officials, _target(rule_set.science_technology_target_percent))
    )  # fmt: skip
    out.long_held_count = counted(LONG_HELD)[0]
    if out.long_held_count:
        out.long_held = _long_held(
            organization=organization, rule_set=rule_set, today=today, limit=long_held_limit
        )
    out.age_bands = [
        (label, counted(code)[0]) for label, code in zip(_band_labels(rule_set), AGE_BANDS, strict=True)
    ]
    return out


def r8_measures_live(
    *, organization: Organization, term: Term, today: dt.date, long_held_limit: int | None = None
) -> Measures:
    """The R8 measures of the organization's subtree for the term, counted now under the rule set in force today."""
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

    # The share of officials with science and technology qualifications (QĐ 377, no number in the press).
    science = officials.filter(science_technology=True).count()
    out.measures.append(
        Measure("SCIENCE_TECH", LABELS["SCIENCE_TECH"], science, total, _target(rule_set.science_technology_target_percent))
    )  # fmt: skip

    # Head posts held for `same_post_years` or more in one place (QĐ 65): flagged for rotation.
    everyone = _long_held(organization=organization, rule_set=rule_set, today=today, limit=None)
    out.long_held_count = len(everyone)
    out.long_held = everyone if long_held_limit is None else everyone[:long_held_limit]

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
