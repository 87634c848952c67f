"""Time the successor finder and the term projection at province scope (not run by `make test`).

    DATABASE_URL=postgres://.../wt_foresight python benchmarks/finder.py [--org SC-T01] [--runs 7]

The database must hold the scale dataset: `python manage.py seed_scale --entries 1000000`.
Measures server time (no network), median and max of `--runs` runs after one warm-up run:

  finder       `successor_candidates` for the province's newest next list of the term, post BI_THU,
               at the list's reference date: every official of the province's subtree tested
  GET finder   the whole finder page through Django's test client as a logged-in superuser
  floor        the same candidate rows read by a hand-written SQL query (no ranking, no rules): what
               reading the subtree costs at least
  projection   `term_projection` of the province (every post held, its successors from the newest
               lists of the term through `planning_list_evaluations`)

Goal: the finder within 1 s at province scope on the 1,000,000-entry data; exit 1 when it misses.
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
GOAL_S = 1.0
BENCH_USER = "bench_finder"

FLOOR_SQL = """
SELECT o.id, o.full_name, o.birth_date, o.sex, o.retirement_override, o.ethnic_minority,
       o.meets_political_standard, g.name, g.level, p.rank, p.name
FROM people_official o
JOIN organizations_organization g ON g.id = o.organization_id
LEFT JOIN organizations_position p ON p.id = o.current_position_id
WHERE g.path LIKE %s AND o.birth_date >= %s
"""


def timed(action: Callable[[], object], times: int) -> list[float]:
    """Seconds of `times` runs of `action`."""
    found = []
    for _ in range(times):
        started = time.perf_counter()
        action()
        found.append(time.perf_counter() - started)
    return found


def main(argv: list[str] | None = None) -> int:
    """Time the finder and the projection; print the table; exit 1 when the finder misses the goal."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--org", default="SC-T01", help="organization code (default: a province of the scale data)"
    )
    parser.add_argument("--term", default="2025-2030")
    parser.add_argument("--position", default="BI_THU")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)

    os.environ.setdefault("HTTPS", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadreplan.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from apps.accounts.models import User
    from apps.organizations.models import Organization, Position, Term
    from apps.people.models import Official
    from apps.planning.models import PlanningList
    from apps.reports.selectors.finder import MAX_RETIREMENT_MONTHS, successor_candidates
    from apps.reports.selectors.foresight import term_projection

    org = Organization.objects.get(code=args.org)
    term = Term.objects.get(code=args.term)
    position = Position.objects.get(code=args.position)
    planning_list = (
        PlanningList.objects.latest_versions().filter(organization=org, term=term, kind="next").first()
    )
    if planning_list is None:
        print(f"no next list of {args.org}: run `manage.py seed_scale --entries N` first", file=sys.stderr)
        return 2
    at = planning_list.reference_date
    earliest = at.replace(year=at.year - MAX_RETIREMENT_MONTHS // 12 - 1, month=1, day=1)
    officials = Official.objects.in_subtree(org).count()
    lists = PlanningList.objects.in_subtree(org).filter(term=term).count()

    user, _ = User.objects.get_or_create(
        username=BENCH_USER, defaults={"full_name": "Benchmark", "is_superuser": True, "is_staff": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    url = reverse("reports:finder", kwargs={"pk": org.pk})
    query = {"list": planning_list.pk, "position": position.code, "at": at.isoformat()}

    result = successor_candidates(planning_list=planning_list, position=position, at=at)

    def finder() -> None:
        successor_candidates(planning_list=planning_list, position=position, at=at)

    def request() -> None:
        response = client.get(url, query)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: {response.status_code}")

    def floor() -> None:
        with connection.cursor() as cursor:
            cursor.execute(FLOOR_SQL, [org.path + "%", earliest])
            cursor.fetchall()

    def projection() -> None:
        term_projection(organization=org, term=term)

    for action in (finder, request, floor, projection):  # warm-up: connections, templates, caches
        action()
    posts = len(term_projection(organization=org, term=term).posts)
    rows = [
        ("finder (selector)", timed(finder, args.runs)),
        ("GET finder page", timed(request, args.runs)),
        ("floor: raw SQL read", timed(floor, args.runs)),
        ("term projection", timed(projection, args.runs)),
    ]
    print(
        f"scope {org.code} ({org.name}), term {term.code}: {officials} officials, {lists} lists, "
        f"{posts} posts held; finder tested {result.evaluated} officials, {result.eligible} eligible"
    )
    print(f"{'step':<22}{'n':>4}{'median s':>11}{'max s':>9}")
    for name, values in rows:
        print(f"{name:<22}{len(values):>4}{statistics.median(values):>11.3f}{max(values):>9.3f}")
    finder_s = statistics.median(rows[0][1])
    page_s = statistics.median(rows[1][1])
    floor_s = statistics.median(rows[2][1])
    print(f"finder / floor: {finder_s / floor_s:.1f}x; GET page / floor: {page_s / floor_s:.1f}x")
    met = page_s <= GOAL_S
    print(f"goal: GET finder page median <= {GOAL_S:.0f} s at province scope: {'met' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
