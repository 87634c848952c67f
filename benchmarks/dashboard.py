"""Time the national dashboard on a scale database (not run by `make test`).

    DATABASE_URL=postgres://.../cadreplan_scale python benchmarks/dashboard.py [--org SC-TW] [--requests 20]

The database must hold a dataset with summaries: `python manage.py seed_scale --entries 1000000`.
Measures server time (no network): `dashboard_data` alone, and the whole request (middleware, selector,
template, chart data) through Django's test client as a logged-in superuser, for

  cold   the sums cache cleared before each request: the first visit after a summaries refresh
  warm   the cache filled: every later visit until the summaries change again

and prints median, p95 and max in ms. Goal: a national dashboard request within 300 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_MS = 300.0
BENCH_USER = "bench_dashboard"


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, round(pct / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def timed(action: Callable[[], object], times: int, before: Callable[[], None] | None = None) -> list[float]:
    """Milliseconds of `times` runs of `action` (calling `before`, untimed, ahead of each)."""
    found = []
    for _ in range(times):
        if before is not None:
            before()
        started = time.perf_counter()
        action()
        found.append((time.perf_counter() - started) * 1000)
    return found


def main(argv: list[str] | None = None) -> int:
    """Time the dashboard; print the table; exit 1 when the warm p95 misses the goal."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--org", default="SC-TW", help="organization code (default: the national root)")
    parser.add_argument("--term", default="2025-2030")
    parser.add_argument(
        "--requests", type=int, default=20, help="warm requests (cold: a quarter, at least 5)"
    )
    args = parser.parse_args(argv)

    # the test client speaks plain HTTP to the production settings
    os.environ.setdefault("HTTPS", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadreplan.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from apps.accounts.models import User
    from apps.organizations.models import Organization, Term
    from apps.reports.models import ListSummary
    from apps.reports.selectors import dashboard_data

    org = Organization.objects.get(code=args.org)
    term = Term.objects.get(code=args.term)
    summaries = ListSummary.objects.in_subtree(org).filter(term=term).count()
    if not summaries:
        print(f"no summaries under {args.org}: run `manage.py seed_scale --entries N` first", file=sys.stderr)
        return 2
    user, _ = User.objects.get_or_create(
        username=BENCH_USER, defaults={"full_name": "Benchmark", "is_superuser": True, "is_staff": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    url = reverse("reports:dashboard_organization", kwargs={"pk": org.pk}) + f"?term={term.code}"

    def selector() -> None:
        dashboard_data(user=user, organization=org, term=term)

    def request() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: {response.status_code}")

    request()  # connections, templates and translations loaded once, as in a running server
    cold = max(5, args.requests // 4)
    rows = [
        ("dashboard_data, cold", timed(selector, cold, before=cache.clear)),
        ("dashboard_data, warm", timed(selector, args.requests)),
        ("GET dashboard, cold", timed(request, cold, before=cache.clear)),
        ("GET dashboard, warm", timed(request, args.requests)),
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM reports_summarycount")
        buckets = cursor.fetchone()[0]
    print(
        f"scope {org.code} ({org.name}), term {term.code}: {summaries} list summaries, {buckets} bucket rows"
    )
    print(f"{'step':<24}{'n':>4}{'median ms':>12}{'p95 ms':>10}{'max ms':>10}")
    for name, values in rows:
        print(
            f"{name:<24}{len(values):>4}{statistics.median(values):>12.1f}"
            f"{percentile(values, 95):>10.1f}{max(values):>10.1f}"
        )
    warm_p95 = percentile(rows[3][1], 95)
    print(f"goal: GET dashboard p95 <= {GOAL_MS:.0f} ms (warm): {'met' if warm_p95 <= GOAL_MS else 'MISSED'}")
    return 0 if warm_p95 <= GOAL_MS else 1


if __name__ == "__main__":
    sys.exit(main())
