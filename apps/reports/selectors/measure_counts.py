"""R8 measure counts per organization: what `organization_measures_refresh` stores as MeasureCount rows.

Each count is grouped by the organization the official works in, so the figure of a subtree is the sum
of its organizations' rows and equals `r8_measures_live` over that subtree (the test of the stored
figures checks it on the demo data). A handful of grouped queries cover every organization at once.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.db.models import Count, F, QuerySet

from apps.core.calendar import years_before
from apps.core.text import fold_name
from apps.organizations.models import Level, Term
from apps.people.models import Official, WorkHistory
from apps.planning.selectors import planned_q
from apps.rules.engine import age_in_years
from apps.rules.models import RuleSet

# Codes of the stored rows: the measures of `r8_measures`, plus the officials counted and the bands.
OFFICIALS = "OFFICIALS"  # officials working in the organization: the total of ROTATED and SCIENCE_TECH
LONG_HELD = "LONG_HELD"  # head posts held `same_post_years` or more in one place (count only)
AGE_BANDS = ("AGE_BAND_1", "AGE_BAND_2", "AGE_BAND_3")  # planned officials by age today
SECRETARY_AND_CHAIR = ("BI_THU", "CT_UBND")
HEAD_POSTS = ("BI_THU", "CT_HDND", "CT_UBND", "CT_MTTQ", "TRUONG_BAN", "TRUONG_PHONG")


@dataclass(frozen=True)
class MeasureRow:
    organization_id: int
    term_id: int | None  # None: the same whatever the term
    code: str
    count: int
    total: int = 0


def is_local(home_town: str, locality: str, flag: bool) -> bool:
    """Local when the home town names the organization's locality; the official's flag when either is empty."""
    if home_town and locality:
        return fold_name(locality) in fold_name(home_town)
    return flag


def measure_counts_by_organization(
    *, organization_ids: Collection[int] | None, terms: Sequence[Term], today: dt.date, rule_set: RuleSet
) -> list[MeasureRow]:
    """The R8 counts of each organization (None: every organization) for the terms, as of `today`."""
    officials: QuerySet[Official] = Official.objects.all()
    history: QuerySet[WorkHistory] = WorkHistory.objects.all()
    if organization_ids is not None:
        ids = sorted(set(organization_ids))
        officials = officials.filter(organization_id__in=ids)
        history = history.filter(official__organization_id__in=ids)
    rows: list[MeasureRow] = []

    def grouped(query: QuerySet, code: str, term_id: int | None = None) -> None:  # type: ignore[type-arg]
        for org_id, n in query.values("org").annotate(n=Count("pk")).values_list("org", "n"):
            rows.append(MeasureRow(org_id, term_id, code, n))

    counted = officials.annotate(org=F("organization_id")).order_by()
    grouped(counted, OFFICIALS)
    grouped(counted.filter(science_technology=True), "SCIENCE_TECH")

    non_local: dict[int, list[int]] = {}
    heads = officials.filter(
        organization__level=Level.COMMUNE, current_position__code__in=SECRETARY_AND_CHAIR
    ).values_list("organization_id", "home_town", "organization__locality", "is_local")
    for org_id, home, locality, flag in heads:
        pair = non_local.setdefault(org_id, [0, 0])
        pair[0] += not is_local(home, locality, flag)
        pair[1] += 1
    rows += [MeasureRow(org_id, None, "NON_LOCAL", n, total) for org_id, (n, total) in non_local.items()]

    by_org = history.annotate(org=F("official__organization_id")).order_by()
    for term in terms:
        period = by_org.filter(start_date__gte=term.start_date, start_date__lte=min(term.end_date, today))
        rotated = (
            period.filter(is_rotation=True).values("org").annotate(n=Count("official_id", distinct=True))
        )
        rows += [MeasureRow(org_id, term.pk, "ROTATED", n) for org_id, n in rotated.values_list("org", "n")]
        appointed: dict[int, list[int]] = {}
        for org_id, born, start in period.filter(position__isnull=False).values_list(
            "org", "official__birth_date", "start_date"
        ):
            pair = appointed.setdefault(org_id, [0, 0])
            pair[0] += age_in_years(born, start) < rule_set.young_appointment_age_below
            pair[1] += 1
        rows += [MeasureRow(org_id, term.pk, "YOUNG_APPOINTED", n, t) for org_id, (n, t) in appointed.items()]

    young_by_level = {row.level: row.young_age_below for row in rule_set.levels.all()}
    committee: dict[tuple[int, str], list[int]] = {}
    members = officials.filter(current_position__group="committee").values_list(
        "organization_id", "organization__level", "birth_date"
    )
    for org_id, level, born in members:
        pair = committee.setdefault((org_id, level), [0, 0])
        limit = young_by_level.get(level)
        pair[0] += limit is not None and age_in_years(born, today) < limit
        pair[1] += 1
    rows += [
        MeasureRow(org_id, None, f"YOUNG_COMMITTEE_{level.upper()}", n, total)
        for (org_id, level), (n, total) in committee.items()
    ]

    long_held = by_org.filter(
        end_date__isnull=True,
        start_date__lte=years_before(today, rule_set.same_post_years),
        position__code__in=HEAD_POSTS,
        organization_id=F("official__organization_id"),
    )
    grouped(long_held, LONG_HELD)

    limit1, limit2 = rule_set.age_band_1_below, rule_set.age_band_2_below
    bands: Counter[tuple[int, int]] = Counter()
    for org_id, born in officials.filter(planned_q()).values_list("organization_id", "birth_date"):
        age = age_in_years(born, today)
        bands[(org_id, 0 if age < limit1 else 1 if age < limit2 else 2)] += 1
    rows += [MeasureRow(org_id, None, AGE_BANDS[band], n) for (org_id, band), n in bands.items()]
    return rows
