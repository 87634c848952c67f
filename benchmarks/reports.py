"""Time the report exports over a national-scale scratch database (not run by `make test`).

    python benchmarks/reports.py [--entries 1000000] [--rows 100000] [--database-url URL] [--keep] [--reuse]

Creates the database `cadreplan_bench_reports` (--name) like benchmarks/evaluate.py (whose helpers it
uses), loads N entries with benchmarks/scale_data.py and times, each step in a forked child so that its
peak RSS (ru_maxrss, Django's baseline included) is its own:

  national report, from the data of the whole tree:
    c. raw SQL GROUP BY       the structure counts hand-written: the lower bound of b
    b. SQL aggregate (ORM)    subtree_structure_totals, the same counts (goal: within 3 times c)
    n. report + XLSX          compliance_report_build, then write_xlsx to a file (goal: 30 s for 1M)
    p. PDF summary            compliance_report_build without entries_detail, then write_pdf (goal: 10 s)
  XLSX of --rows entry rows (goal for 100,000: 15 s and 150 MB), against a plain CSV write of the same
  rows; both writers read the same lists streamed from a JSON-lines file, one list at a time, so that the
  figures are the writers' own:
    x. write_xlsx             XlsxWriter, constant_memory
    v. write_csv              the CSV export (csv module)
  --all-files adds r: requests.report_run's work, the report and its four files (JSON, CSV, XLSX, PDF).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOAL_NATIONAL_SECONDS = 30.0  # per million entries: the report with its XLSX
GOAL_PDF_SECONDS = 10.0
GOAL_RATIO = 3.0
GOAL_XLSX_SECONDS = 15.0  # per 100,000 rows
GOAL_XLSX_MB = 150.0


def lists_file(path: Path, *, rows: int) -> int:
    """Write the first `rows` entries of the national report (whole lists, the last one cut) as JSON lines."""
    from apps.organizations.models import Organization, Term
    from apps.reports.selectors import compliance_report_build

    term = Term.objects.get(code="2025-2030")
    written = 0
    with path.open("w", encoding="utf-8") as out:
        # province by province: never the whole national report in memory
        for province in Organization.objects.filter(parent__code="SC-TW").order_by("path"):
            report = compliance_report_build(organization=province, term=term)
            for lst in report["lists"]:
                lst["entries_detail"] = lst["entries_detail"][: rows - written]
                written += len(lst["entries_detail"])
                out.write(json.dumps(lst, ensure_ascii=False) + "\n")
                if written >= rows:
                    return written
    return written


def streamed_report(path: Path) -> dict[str, Any]:
    """A report whose lists are read from the JSON-lines file one at a time, as the writers consume them."""

    def lists() -> Iterator[dict[str, Any]]:
        with path.open(encoding="utf-8") as source:
            for line in source:
                yield json.loads(line)

    return {
        "organization": "SC-TW",
        "organization_name": "Trung ương",
        "term": "2025-2030",
        "term_name": "Nhiệm kỳ 2025–2030",
        "kind": None,
        "generated_at": "2026-11-22T08:00:00+07:00",
        "lists": lists(),
        "totals": {},
    }


def with_cpu(step: Callable[[], Any]) -> Callable[[], dict[str, Any]]:
    """The step, also reporting this process's CPU seconds: on a shared machine the wall time is not
    the work (the database server's CPU is not counted)."""

    def timed() -> dict[str, Any]:
        started = time.process_time()
        result = step()
        detail = result if isinstance(result, dict) else {"rows": result}
        return {"cpu": time.process_time() - started, **detail}

    return timed


def main(argv: list[str] | None = None) -> int:
    """Create, load and time; print the table; exit 1 when a goal is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=100_000, help="entry rows of the XLSX vs CSV step")
    parser.add_argument("--database-url", help="server to use (default: DATABASE_URL, else embedded)")
    parser.add_argument("--name", default="cadreplan_bench_reports", help="scratch database name")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--reuse", action="store_true", help="reuse a kept database: skip create and load")
    parser.add_argument("--all-files", action="store_true", help="also time the report with its four files")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from benchmarks.evaluate import (
        RAW_KEYS,
        RAW_STRUCTURE_SQL,
        drop_database,
        in_child,
        recreate_database,
        server_url,
        with_database,
    )

    url = server_url(args.database_url)
    if not args.reuse:
        recreate_database(url, args.name)
    os.environ["DATABASE_URL"] = with_database(url, args.name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadreplan.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from apps.organizations.models import Organization, Term
    from apps.reports.exporters import WRITERS
    from apps.reports.exporters.json_csv import write_csv
    from apps.reports.exporters.pdf import write_pdf
    from apps.reports.exporters.xlsx import write_xlsx
    from apps.reports.selectors import compliance_report_build, subtree_structure_totals
    from benchmarks.scale_data import generate

    work = Path(tempfile.mkdtemp(prefix="cadreplan-bench-reports-"))
    rows: list[tuple[str, dict[str, Any]]] = []
    try:
        if not args.reuse:
            call_command("migrate", verbosity=0)
            rows.append(("generate (COPY)", in_child(lambda: generate(entries=args.entries))))
        root = Organization.objects.get(code="SC-TW")
        term = Term.objects.get(code="2025-2030")

        def raw() -> dict[str, int]:
            with connection.cursor() as cursor:
                cursor.execute(RAW_STRUCTURE_SQL, {"path": f"{root.path}%", "term": term.id})
                return dict(zip(RAW_KEYS, cursor.fetchone(), strict=True))

        def aggregate() -> dict[str, int]:
            return subtree_structure_totals(organization=root, term=term)

        def report_and_xlsx() -> dict[str, Any]:
            started = time.perf_counter()
            report = compliance_report_build(organization=root, term=term)
            built = time.perf_counter()
            with (work / "national.xlsx").open("wb") as stream:
                write_xlsx(report, stream)
            return {
                "build s": built - started,
                "xlsx s": time.perf_counter() - built,
                "MB": (work / "national.xlsx").stat().st_size / 2**20,
            }

        def pdf_summary() -> dict[str, Any]:
            started = time.perf_counter()
            report = compliance_report_build(organization=root, term=term, entries_detail=False)
            built = time.perf_counter()
            with (work / "national.pdf").open("wb") as stream:
                write_pdf(report, stream)
            return {"build s": built - started, "pdf s": time.perf_counter() - built}

        def all_files() -> dict[str, Any]:
            report = compliance_report_build(organization=root, term=term)
            seconds = {}
            for fmt, writer in WRITERS.items():
                started = time.perf_counter()
                with (work / f"national.{fmt}").open("wb") as stream:
                    writer(report, stream)
                seconds[f"{fmt} s"] = time.perf_counter() - started
            return seconds

        source = work / "lists.jsonl"
        written = in_child(lambda: lists_file(source, rows=args.rows))["result"]

        def xlsx_rows() -> int:
            with (work / "rows.xlsx").open("wb") as stream:
                write_xlsx(streamed_report(source), stream)
            return written

        def csv_rows() -> int:
            with (work / "rows.csv").open("wb") as stream:
                write_csv(streamed_report(source), stream)
            return written

        steps = {
            "c. raw SQL GROUP BY": raw,
            "b. SQL aggregate (ORM)": aggregate,
            "n. report + XLSX": with_cpu(report_and_xlsx),
            "p. PDF summary": with_cpu(pdf_summary),
            f"x. XLSX {written:,} rows": with_cpu(xlsx_rows),
            f"v. CSV {written:,} rows": with_cpu(csv_rows),
        }
        if args.all_files:
            steps["r. report + 4 files"] = with_cpu(all_files)
        for label, step in steps.items():
            rows.append((label, in_child(step)))
    finally:
        connection.close()
        for path in work.iterdir():
            path.unlink()
        work.rmdir()
        if not args.keep:
            drop_database(url, args.name)

    results = dict(rows)
    print(f"\nentries: {args.entries:,}   (python {sys.version.split()[0]}, {os.cpu_count()} CPU)")
    print(f"{'step':<28}{'seconds':>10}{'peak RSS MB':>14}  detail")
    for label, outcome in rows:
        detail = outcome.get("result")
        if isinstance(detail, dict):
            detail = ", ".join(
                f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in detail.items()
            )
        print(f"{label:<28}{outcome['seconds']:>10.2f}{outcome['rss']:>14.0f}  {detail}")

    scale = max(args.entries, 1) / 1_000_000
    ratio = results["b. SQL aggregate (ORM)"]["seconds"] / results["c. raw SQL GROUP BY"]["seconds"]
    national = results["n. report + XLSX"]["seconds"]
    pdf = results["p. PDF summary"]["result"]["pdf s"]
    xlsx = results[f"x. XLSX {written:,} rows"]
    row_scale = max(written, 1) / 100_000
    goals = [
        (f"aggregate <= {GOAL_RATIO:.0f}x raw SQL ({ratio:.2f}x)", ratio <= GOAL_RATIO),
        (
            f"report + XLSX <= {GOAL_NATIONAL_SECONDS * scale:.1f} s",
            national <= GOAL_NATIONAL_SECONDS * scale,
        ),
        (f"PDF summary (render) <= {GOAL_PDF_SECONDS:.0f} s", pdf <= GOAL_PDF_SECONDS),
        (
            f"XLSX rows <= {GOAL_XLSX_SECONDS * row_scale:.1f} s",
            xlsx["seconds"] <= GOAL_XLSX_SECONDS * row_scale,
        ),
        (f"XLSX rows peak RSS <= {GOAL_XLSX_MB:.0f} MB", xlsx["rss"] <= GOAL_XLSX_MB),
    ]
    for label, met in goals:
        print(f"goal {label}: {'met' if met else 'MISSED'}")
    return 0 if all(met for _, met in goals) else 1


if __name__ == "__main__":
    sys.exit(main())
