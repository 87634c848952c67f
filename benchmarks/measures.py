"""Time the R8 measures on a scale database: stored rows against the live count (not run by `make test`).

    DATABASE_URL=postgres://.../cadreplan_scale python benchmarks/measures.py [--org SC-TW] [--runs 5]

The database must hold a dataset: `python manage.py seed_scale --entries N`. The script first replaces
every organization's MeasureCount rows (the nightly refresh's share, timed), then times for the
organization and term:

  cold     `r8_measures` with the cache cleared: one grouped query over the subtree's stored rows, plus
           the long-held names (the first read after a refresh, per web process)
  warm     `r8_measures` again: the version lookup (newest row id) and the cache
  live     `r8_measures_live`: counted from the officials and their work history
  floor    `SELECT count(*)` of the subtree's officials: the cheapest read of the same rows

and prints median and max in ms, with each figure's ratio to the floor. Goal: the stored read of the
national root within 100 ms, warm (it is on the dashboard's path), and equal to the live count.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_MS = 100.0


def timed(action: Callable[[], object], runs: int, before: Callable[[], None] | None = None) -> list[float]:
    found = []
    for _ in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        action()
        found.append((time.perf_counter() - started) * 1000)
    return found


def main(argv: list[str] | None = None) -> int:
    """Refresh, time, compare; exit 1 when the stored read misses the goal or differs from the live one."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--org", default="SC-TW", help="organization code (default: the national root)")
    parser.add_argument("--term", default="2025-2030")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadreplan.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.utils import timezone

    from apps.organizations.models import Organization, Term
    from apps.people.models import Official
    from apps.reports.models import MeasureCount
    from apps.reports.selectors.measures import r8_measures, r8_measures_live
    from apps.reports.services.measures import organization_measures_refresh

    organization = Organization.objects.get(code=args.org)
    term = Term.objects.get(code=args.term)
    today = timezone.localdate()
    started = time.perf_counter()
    rows = organization_measures_refresh()
    refresh_s = time.perf_counter() - started
    officials = Official.objects.filter(organization__path__startswith=organization.path)
    print(
        f"{officials.count():,} officials, {Organization.objects.count():,} organizations; "
        f"refresh of every organization: {rows:,} rows in {refresh_s:.1f} s"
    )

    def stored() -> object:
        return r8_measures(organization=organization, term=term, today=today, long_held_limit=20)

    def live() -> object:
        return r8_measures_live(organization=organization, term=term, today=today, long_held_limit=20)

    results = {
        "floor": timed(lambda: officials.count(), args.runs),
        "cold": timed(stored, args.runs, cache.clear),
        "warm": timed(stored, args.runs),
        "live": timed(live, max(2, args.runs // 2)),
    }
    floor = statistics.median(results["floor"])
    print(f"{'step':<8} {'n':>3} {'median ms':>10} {'max ms':>8} {'× floor':>8}")
    for step, values in results.items():
        median = statistics.median(values)
        print(f"{step:<8} {len(values):>3} {median:>10.1f} {max(values):>8.1f} {median / floor:>8.2f}")
    same = dataclasses.replace(stored(), computed_on=None) == live()  # type: ignore[type-var]
    met = statistics.median(results["warm"]) <= GOAL_MS
    print(
        f"goal: warm stored read ≤ {GOAL_MS:.0f} ms — {'met' if met else 'missed'}; "
        f"stored equals live: {same}; stored rows: {MeasureCount.objects.count():,}"
    )
    return 0 if met and same else 1


if __name__ == "__main__":
    sys.exit(main())
