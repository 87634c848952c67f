"""Time the compliance report over a national-scale scratch database (not run by `make test`).

    python benchmarks/evaluate.py [--entries 100000] [--database-url URL] [--keep] [--tracemalloc]

Creates the database `cadreplan_bench` (--name) on the server of --database-url, else of DATABASE_URL,
else on the embedded server; migrates it, loads N entries with benchmarks/scale_data.py and times:

  a1. evaluate + summary   every list of the national tree through the rules engine, with the
                           per-list figures and totals (compliance_report_build without entries_detail)
  a2. full report dict     the same with entries_detail: the dict the JSON export serializes
  b.  SQL aggregate        subtree_structure_totals (the ORM query dashboards use)
  c.  raw SQL GROUP BY     the same counts hand-written: the lower bound for b
  a3. (--export)           a2, then writing the JSON and the CSV file

Each step runs in a forked child, so its peak RSS (ru_maxrss) is its own (Django's baseline included).
Goals (issue 13): a1 within 5 times c (the raw-SQL floor of the same run); b within 3 times c; and, as
before, a1 for 1,000,000 entries within 60 s on 2 cores.

`evaluate_figures(entries=..., reuse=True)` runs the same steps and returns the figures (seconds, ratios,
goals) for other scripts (benchmarks/reports.py).
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS_PER_MILLION = 60.0
GOAL_RATIO = 3.0  # b. the ORM aggregate against c. the raw SQL
GOAL_EVALUATE_RATIO = 5.0  # a1. evaluate + summary against c. the raw SQL (issue 13)

# Step c: the structure counts of subtree_structure_totals, written by hand. A small CTE resolves each
# list's young-age cutoff (its rule set: chosen, else used, else in force), the entries then join it.
RAW_STRUCTURE_SQL = """
WITH scope AS (
    SELECT l.id,
           (l.reference_date - make_interval(years => rl.young_age_below))::date AS young_after
    FROM planning_planninglist l
    JOIN organizations_organization o ON o.id = l.organization_id
    LEFT JOIN LATERAL (
        SELECT r.id FROM rules_ruleset r
        WHERE (r.valid_from IS NULL OR r.valid_from <= l.reference_date)
          AND (r.valid_to IS NULL OR r.valid_to >= l.reference_date)
        ORDER BY r.valid_from DESC NULLS LAST, r.id
        LIMIT 1
    ) in_force ON TRUE
    LEFT JOIN rules_rulesetlevel rl
           ON rl.rule_set_id = COALESCE(l.rule_set_id, l.rule_set_used_id, in_force.id) AND rl.level = o.level
    WHERE o.path LIKE %(path)s AND l.term_id = %(term)s
      AND NOT EXISTS (SELECT 1 FROM planning_planninglist newer WHERE newer.previous_id = l.id)
),
per_person AS (
    SELECT e.planning_list_id, e.official_id, count(*) AS n,
           bool_or(p.sex = 'F') AS woman, bool_or(p.ethnic_minority) AS ethnic,
           bool_or(p.birth_date > s.young_after) AS young
    FROM planning_planningentry e
    JOIN scope s ON s.id = e.planning_list_id
    JOIN people_official p ON p.id = e.official_id
    WHERE e.status = 'active'
    GROUP BY e.planning_list_id, e.official_id
)
SELECT (SELECT count(*) FROM scope), count(*), count(DISTINCT official_id), coalesce(sum(n), 0),
       count(*) FILTER (WHERE woman), count(*) FILTER (WHERE ethnic), count(*) FILTER (WHERE young)
FROM per_person
"""
RAW_KEYS = ("lists", "people", "distinct_people", "entries", "women", "ethnic", "young")


def server_url(given: str | None) -> str:
    """The URL of the server to benchmark on: --database-url, DATABASE_URL, else the embedded server."""
    if given or os.environ.get("DATABASE_URL"):
        return given or os.environ["DATABASE_URL"]
    sys.path.insert(0, str(ROOT))
    from cadreplan.embedded_db import database_url

    return database_url()


def with_database(url: str, name: str) -> str:
    """The same server URL pointing at database `name`."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate_database(url: str, name: str) -> None:
    """Drop (forcefully) and create the scratch database."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url: str, name: str) -> None:
    """Drop the scratch database."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def peak_rss_mb() -> float:
    """The peak resident set size in MB of this process or of any child it waited for (processes it
    forked to evaluate in parallel), whichever is larger (Linux reports ru_maxrss in KB)."""
    return (
        max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        )
        / 1024
    )


def in_child(step: Callable[[], Any], *, trace: bool = False) -> dict[str, Any]:
    """Run `step` in a forked child; return its seconds, peak RSS, tracemalloc peak and summary."""
    from django.db import connections

    connections.close_all()  # the child opens its own connection
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read)
        outcome: dict[str, Any]
        try:
            if trace:
                tracemalloc.start()
            started = time.perf_counter()
            result = step()
            seconds = time.perf_counter() - started
            traced = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
            outcome = {"seconds": seconds, "rss": peak_rss_mb(), "traced": traced, "result": result}
        except BaseException as exc:  # noqa: BLE001 - reported by the parent
            outcome = {"error": repr(exc)}
        with os.fdopen(write, "wb") as pipe:
            pickle.dump(outcome, pipe)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        outcome = pickle.load(pipe)
    os.waitpid(pid, 0)
    if "error" in outcome:
        raise RuntimeError(outcome["error"])
    return outcome


def parser() -> argparse.ArgumentParser:
    """The command line (also read by evaluate_figures for its defaults)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--database-url", help="server to use (default: DATABASE_URL, else embedded)")
    parser.add_argument("--name", default="cadreplan_bench", help="scratch database name")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--reuse", action="store_true", help="reuse a kept database: skip create and load")
    parser.add_argument("--tracemalloc", action="store_true", help="also measure Python allocations (slow)")
    parser.add_argument("--export", action="store_true", help="also time writing the JSON and CSV files")
    parser.add_argument("--summary-only", action="store_true", help="skip a2 (the full report dict)")
    return parser


def run_steps(args: argparse.Namespace) -> list[tuple[str, dict[str, Any]]]:
    """Create (unless reused), load and time every step; the (label, outcome) rows in order."""
    url = server_url(args.database_url)
    if not args.reuse:
        recreate_database(url, args.name)
    os.environ["DATABASE_URL"] = with_database(url, args.name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadreplan.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from apps.organizations.models import Organization, Term
    from apps.reports.exporters import write_report
    from apps.reports.selectors import compliance_report_build, subtree_structure_totals
    from benchmarks.scale_data import generate

    rows: list[tuple[str, dict[str, Any]]] = []
    try:
        if not args.reuse:
            call_command("migrate", verbosity=0)
            rows.append(("generate (COPY)", in_child(lambda: generate(entries=args.entries))))
        root = Organization.objects.get(code="SC-TW")
        term = Term.objects.get(code="2025-2030")

        def summary() -> dict[str, int]:
            return compliance_report_build(organization=root, term=term, entries_detail=False)["totals"]

        def full() -> dict[str, int]:
            report = compliance_report_build(organization=root, term=term)
            return {
                "lists": len(report["lists"]),
                "details": sum(len(x["entries_detail"]) for x in report["lists"]),
            }

        def aggregate() -> dict[str, int]:
            return subtree_structure_totals(organization=root, term=term)

        def raw() -> dict[str, int]:
            with connection.cursor() as cursor:
                cursor.execute(RAW_STRUCTURE_SQL, {"path": f"{root.path}%", "term": term.id})
                return dict(zip(RAW_KEYS, cursor.fetchone(), strict=True))

        def export() -> dict[str, float]:
            report = compliance_report_build(organization=root, term=term)
            timings: dict[str, float] = {}
            with tempfile.TemporaryDirectory() as folder:
                for fmt in ("json", "csv"):
                    path = Path(folder) / f"report.{fmt}"
                    started = time.perf_counter()
                    write_report(report, fmt=fmt, path=path)
                    timings[f"{fmt}_seconds"] = time.perf_counter() - started
                    timings[f"{fmt}_mb"] = path.stat().st_size / 2**20
            return timings

        steps = {
            "c. raw SQL GROUP BY": raw,
            "b. SQL aggregate (ORM)": aggregate,
            "a1. evaluate + summary": summary,
        }
        if not args.summary_only:
            steps["a2. full report dict"] = full
        if args.export:
            steps["a3. a2 + JSON + CSV files"] = export
        for label, step in steps.items():
            outcome = in_child(step)
            if args.tracemalloc:
                outcome["traced"] = in_child(step, trace=True)["traced"]
            rows.append((label, outcome))
    finally:
        connection.close()
        if not args.keep:
            drop_database(url, args.name)
    return rows


def evaluate_figures(
    *, entries: int = 1_000_000, reuse: bool = True, keep: bool = True, **options: Any
) -> dict[str, Any]:
    """The figures of one run, for other scripts: seconds and peak RSS per step, the ratios and goals.

    `options` are the command line's other options by name (database_url, name, export, tracemalloc).
    """
    args = parser().parse_args([])
    args.entries, args.reuse, args.keep = entries, reuse, keep
    for key, value in options.items():
        setattr(args, key, value)
    results = dict(run_steps(args))
    raw = results["c. raw SQL GROUP BY"]["seconds"]
    evaluate = results["a1. evaluate + summary"]
    return {
        "entries": entries,
        "load": os.getloadavg(),
        "steps": {label: {"seconds": o["seconds"], "rss_mb": o["rss"]} for label, o in results.items()},
        "raw_sql_seconds": raw,
        "evaluate_summary_seconds": evaluate["seconds"],
        "evaluate_summary_rss_mb": evaluate["rss"],
        "evaluate_ratio": evaluate["seconds"] / raw,
        "evaluate_goal_ratio": GOAL_EVALUATE_RATIO,
        "aggregate_ratio": results["b. SQL aggregate (ORM)"]["seconds"] / raw,
        "aggregate_goal_ratio": GOAL_RATIO,
    }


def main(argv: list[str] | None = None) -> int:
    """Create, load and time; print the table; exit 1 when a goal is missed."""
    args = parser().parse_args(argv)
    rows = run_steps(args)
    results = dict(rows)
    entries = args.entries
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nentries: {entries:,}   (python {sys.version.split()[0]}, {os.cpu_count()} CPU, load {load})")
    if "generate (COPY)" in results:
        print("dataset: " + ", ".join(f"{k} {v:,}" for k, v in results["generate (COPY)"]["result"].items()))
    print(f"{'step':<26}{'seconds':>10}{'entries/s':>14}{'peak RSS MB':>14}{'tracemalloc MB':>16}")
    for label, outcome in rows:
        traced = "" if outcome.get("traced") is None else f"{outcome['traced']:.0f}"
        print(
            f"{label:<26}{outcome['seconds']:>10.2f}{entries / outcome['seconds']:>14,.0f}"
            f"{outcome['rss']:>14.0f}{traced:>16}"
        )
    if "a3. a2 + JSON + CSV files" in results:
        files = results["a3. a2 + JSON + CSV files"]["result"]
        print(
            f"  of which: JSON write {files['json_seconds']:.2f} s ({files['json_mb']:.0f} MB), "
            f"CSV write {files['csv_seconds']:.2f} s ({files['csv_mb']:.0f} MB)"
        )
    ratio = results["b. SQL aggregate (ORM)"]["seconds"] / results["c. raw SQL GROUP BY"]["seconds"]
    print(f"aggregate / raw SQL: {ratio:.2f}x")

    summary_totals = results["a1. evaluate + summary"]["result"]
    sql_totals = results["b. SQL aggregate (ORM)"]["result"]
    raw_totals = results["c. raw SQL GROUP BY"]["result"]
    consistent = sql_totals == raw_totals and all(sql_totals[k] == summary_totals[k] for k in RAW_KEYS)
    print(f"engine totals = ORM aggregate = raw SQL: {'yes' if consistent else 'NO'}")
    if not consistent:
        print(f"  engine {summary_totals}\n  orm    {sql_totals}\n  raw    {raw_totals}")

    budget = GOAL_SECONDS_PER_MILLION * max(entries, 1) / 1_000_000
    summary_ok = results["a1. evaluate + summary"]["seconds"] <= budget
    evaluate_ratio = results["a1. evaluate + summary"]["seconds"] / results["c. raw SQL GROUP BY"]["seconds"]
    evaluate_ok = evaluate_ratio <= GOAL_EVALUATE_RATIO
    print(f"goal evaluate + summary <= {budget:.1f} s: {'met' if summary_ok else 'MISSED'}")
    print(
        f"goal evaluate + summary <= {GOAL_EVALUATE_RATIO:.0f}x raw SQL GROUP BY: {evaluate_ratio:.2f}x "
        f"({results['a1. evaluate + summary']['seconds']:.2f} s / {results['c. raw SQL GROUP BY']['seconds']:.2f} s)"
        f" {'met' if evaluate_ok else 'MISSED'}"
    )
    print(
        f"goal aggregate <= {GOAL_RATIO:.0f}x raw: {ratio:.2f}x {'met' if ratio <= GOAL_RATIO else 'MISSED'}"
    )
    return 0 if consistent and summary_ok and evaluate_ok and ratio <= GOAL_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
