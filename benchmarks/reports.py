"""Time the national compliance report against issue 13's goals (not run by `make test`).

    python benchmarks/reports.py [--entries 1000000] [--database-url URL] [--name DB] [--keep] [--reuse]
        [--broker redis://127.0.0.1:6379/2] [--sizes 100000,300000] [--no-dashboard]

Creates the database `cadreplan_bench_reports` (--name) like benchmarks/evaluate.py (whose helpers it
uses), loads N entries with benchmarks/scale_data.py and prints every row of issue 13's goals table with
its goal and its ratio to the raw-SQL GROUP BY of the same run (the floor), each step in a forked child
so that its peak RSS is its own:

  c. raw SQL GROUP BY            the structure counts hand-written: the floor of every ratio (the median
                                 of three runs)
  e. evaluate + summary          compliance_report_build without entries_detail (goal <= 5x the floor;
                                 the median of three runs)
  n1. report, 4 files, 1 worker  requests.report_run: the parts one after the other, then the join
  n2. report, 4 files, 2 workers two `celery worker --pool=solo` on --broker: the parts as a chord
  p. PDF national summary        the streamed report without entries, its parts evaluated REPORT_PROCESSES
                                 at a time as `manage.py compliance_report` does, then the PDF (goal <= 10 s)
  d. dashboard, first request    GET the national dashboard once after a refresh and a cache clear
  t. time per entry              the parts of the national plan up to 100k, 300k and all entries
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
GOAL_NATIONAL_SECONDS = 30.0  # per million entries: the report with its four files, 2 workers
GOAL_NATIONAL_RATIO = 20.0
GOAL_RSS_MB = 400.0
GOAL_EVALUATE_RATIO = 5.0
GOAL_PDF_SECONDS = 10.0
GOAL_DASHBOARD_MS = 300.0


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


def _add(rows: list[tuple[str, dict[str, Any]]], row: tuple[str, dict[str, Any]]) -> None:
    """Keep a step's outcome and print it at once (a long run shows its steps as they end)."""
    rows.append(row)
    print(
        f"{row[0]}: {row[1]['seconds']:.2f} s, peak RSS {row[1]['rss']:.0f} MB, {row[1].get('result')}",
        flush=True,
    )


def median_of_three(step: Callable[[], Any]) -> dict[str, Any]:
    """`step` run three times in forked children: the run of the median seconds, with the three runs'
    seconds in its result (the floor and evaluate + summary: short steps, noisy on a shared machine)."""
    from benchmarks.evaluate import in_child

    runs = sorted((in_child(step) for _ in range(3)), key=lambda run: run["seconds"])
    median = runs[1]
    result = median["result"] if isinstance(median["result"], dict) else {"result": median["result"]}
    return {**median, "result": {"runs s": ", ".join(f"{run['seconds']:.2f}" for run in runs), **result}}


def _vm_hwm_mb(pid: int) -> float:
    """Peak RSS (VmHWM) of a live process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a live process so far, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_on_workers(
    report_id: int, *, workers: int, broker: str, media: Path, log_dir: Path
) -> dict[str, Any]:
    """Run the report's task on `workers` Celery workers (solo pool); seconds and each worker's peak RSS."""
    import subprocess
    import uuid

    from apps.reports.models import ComplianceReport, ReportStatus
    from apps.reports.services.requests import BUILD_SHARE
    from apps.reports.tasks import compliance_report_task

    queue = f"bench-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "CELERY_BROKER_URL": broker,
        "MEDIA_ROOT": str(media),
        "REPORT_PARALLEL_MIN_ENTRIES": "0",
    }
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "cadreplan",
                "worker",
                "--pool=solo",
                "-Q",
                queue,
                "-n",
                f"bench{n}-{queue}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=WARNING",
            ],
            cwd=ROOT,
            env=env,
            stdout=(log_dir / f"worker{n}.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        for n in range(workers)
    ]
    try:
        time.sleep(8)  # the workers connect
        started = time.perf_counter()
        compliance_report_task.apply_async((report_id,), queue=queue)
        parts_done: float | None = None  # when the last part was written and the join began
        while True:
            status = (
                ComplianceReport.objects.filter(pk=report_id)
                .values_list("status", "error", "progress")
                .first()
            )
            if status[0] in (ReportStatus.DONE, ReportStatus.FAILED):
                break
            if parts_done is None and status[2] >= BUILD_SHARE:
                parts_done = time.perf_counter() - started
            time.sleep(0.05)  # the end is seen within 50 ms
        seconds = time.perf_counter() - started
        rss = [_vm_hwm_mb(p.pid) for p in procs]
        cpu = [_cpu_seconds(p.pid) for p in procs]
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)
    if status[0] != ReportStatus.DONE:
        raise RuntimeError(f"report failed: {status[1]}")
    result: dict[str, Any] = {f"worker{n} MB": r for n, r in enumerate(rss)}
    result["workers' CPU s"] = sum(cpu)
    if parts_done is not None:
        result |= {"parts s": parts_done, "join s": seconds - parts_done}
    return {"seconds": seconds, "rss": max(rss), "result": result}


def main(argv: list[str] | None = None) -> int:
    """Create, load and time; print the goals table; exit 1 when a goal is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--database-url", help="server to use (default: DATABASE_URL, else embedded)")
    parser.add_argument("--name", default="cadreplan_bench_reports", help="scratch database name")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--reuse", action="store_true", help="reuse a kept database: skip create and load")
    parser.add_argument("--broker", default=os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/2"))
    parser.add_argument("--sizes", default="100000,300000", help="entries of the smaller time-per-entry runs")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated steps to run (e, n1, n2, p, d, t); t then uses --sizes only",
    )
    parser.add_argument(
        "--no-dashboard", action="store_true", help="skip the summaries refresh and dashboard"
    )
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from benchmarks.evaluate import (
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
    os.environ.setdefault("HTTPS", "0")
    work = Path(tempfile.mkdtemp(prefix="cadreplan-bench-reports-"))
    os.environ["MEDIA_ROOT"] = str(work / "media")
    os.environ["CELERY_BROKER_URL"] = args.broker  # the 2-worker step; the other steps run inline
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from apps.accounts.models import User
    from apps.organizations.models import Organization, Term
    from apps.reports.exporters.pdf import write_pdf
    from apps.reports.models import ComplianceReport
    from apps.reports.selectors import compliance_report_build
    from apps.reports.selectors.streaming import compliance_report_stream
    from apps.reports.services import parts as report_parts
    from apps.reports.services import report_request, report_run
    from benchmarks.scale_data import generate

    rows: list[tuple[str, dict[str, Any]]] = []
    try:
        if not args.reuse:
            call_command("migrate", verbosity=0)
            _add(rows, ("generate (COPY)", in_child(lambda: generate(entries=args.entries))))
        root = Organization.objects.get(code="SC-TW")
        term = Term.objects.get(code="2025-2030")
        admin, _ = User.objects.get_or_create(
            username="bench-reports", defaults={"is_superuser": True, "is_staff": True}
        )

        def raw() -> dict[str, int]:
            with connection.cursor() as cursor:
                cursor.execute(RAW_STRUCTURE_SQL, {"path": f"{root.path}%", "term": term.id})
                return {"rows": len(cursor.fetchone())}

        def evaluate() -> dict[str, int]:
            return compliance_report_build(organization=root, term=term, entries_detail=False)["totals"]

        def fresh_report() -> int:
            ComplianceReport.objects.filter(organization=root, term=term).delete()
            return report_request(user=admin, organization=root, term=term, kind=None).pk

        def one_worker() -> dict[str, Any]:
            done = report_run(report_id=fresh_report())
            assert done is not None and done.status == "done", done and done.error
            return {"entries": done.summary["entries"], "zip": done.xlsx_file.name.endswith(".zip")}

        def pdf_summary() -> dict[str, Any]:
            # as `manage.py compliance_report` makes it: the parts evaluated REPORT_PROCESSES at a time
            report = compliance_report_stream(
                organization=root, term=term, entries_detail=False, processes=settings.REPORT_PROCESSES
            )
            with (work / "national.pdf").open("wb") as stream:
                write_pdf(report, stream)
            return {"lists": report["totals"]["lists"]}

        def per_entry(limit: int) -> dict[str, Any]:
            folder = work / f"per-entry-{limit}"
            folder.mkdir()
            plan = report_parts.report_plan_write(
                folder=folder, organization=root, term=term, kind=None, generated_at="", requested_by=""
            )
            entries = 0
            started = time.perf_counter()
            for part in plan["parts"]:
                if entries >= limit:
                    break
                report_parts.report_part_write(folder=folder, plan=plan, number=part["number"])
                entries += part["entries"]
            seconds = time.perf_counter() - started
            return {"entries": entries, "us/entry": 1e6 * seconds / max(entries, 1)}

        only = set(filter(None, args.only.split(",")))

        def wanted(step: str) -> bool:
            return not only or step in only

        _add(rows, ("c. raw SQL GROUP BY", median_of_three(raw)))
        if wanted("e"):
            _add(rows, ("e. evaluate + summary", median_of_three(evaluate)))
        if wanted("n1"):
            _add(rows, ("n1. 4 files, 1 worker", in_child(one_worker)))
        report_id = fresh_report()
        connection.close()
        if wanted("n2"):
            on_workers = run_on_workers(
                report_id, workers=2, broker=args.broker, media=work / "media", log_dir=work
            )
            _add(rows, ("n2. 4 files, 2 workers", on_workers))
        if wanted("p"):
            _add(rows, ("p. PDF national summary", in_child(pdf_summary)))
        if not args.no_dashboard and wanted("d"):
            _add(rows, ("d. dashboard first GET", in_child(lambda: dashboard_first_request(root, term))))
        sizes = [int(x) for x in args.sizes.split(",") if x] + ([] if only else [args.entries])
        for size in sizes if wanted("t") else []:
            _add(rows, (f"t. parts up to {size:,}", in_child(lambda size=size: per_entry(size))))
    finally:
        connection.close()
        import shutil

        shutil.rmtree(work, ignore_errors=True)
        if not args.keep:
            drop_database(url, args.name)

    results = dict(rows)
    floor = results["c. raw SQL GROUP BY"]["seconds"]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\nentries: {args.entries:,}   (python {sys.version.split()[0]}, {os.cpu_count()} CPU, load {load})"
    )
    print(f"{'step':<28}{'seconds':>10}{'x floor':>9}{'peak RSS MB':>13}  detail")
    for label, outcome in rows:
        detail = outcome.get("result")
        if isinstance(detail, dict):
            detail = ", ".join(
                f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in detail.items()
            )
        print(
            f"{label:<28}{outcome['seconds']:>10.2f}{outcome['seconds'] / floor:>9.1f}{outcome['rss']:>13.0f}  {detail}"
        )

    scale = max(args.entries, 1) / 1_000_000
    goals: list[tuple[str, bool]] = []
    n1, n2 = results.get("n1. 4 files, 1 worker"), results.get("n2. 4 files, 2 workers")
    if n1 and n2:
        national = n2["seconds"]
        print(
            f"\n2 workers / 1 worker: {national:.1f} s / {n1['seconds']:.1f} s = {national / n1['seconds']:.2f}"
        )
        goals.append(
            (
                f"national report, 4 files, 2 workers <= {GOAL_NATIONAL_SECONDS * scale:.0f} s and "
                f"<= {GOAL_NATIONAL_RATIO:.0f}x floor ({national:.1f} s, {national / floor:.1f}x; "
                f"1 worker {n1['seconds']:.1f} s, {n1['seconds'] / floor:.1f}x)",
                national <= GOAL_NATIONAL_SECONDS * scale and national / floor <= GOAL_NATIONAL_RATIO,
            )
        )
    rss = max(outcome["rss"] for label, outcome in rows if not label.startswith("generate"))
    goals.append((f"peak RSS of any process <= {GOAL_RSS_MB:.0f} MB ({rss:.0f} MB)", rss <= GOAL_RSS_MB))
    if "e. evaluate + summary" in results:
        ratio = results["e. evaluate + summary"]["seconds"] / floor
        goals.append(
            (
                f"evaluate + summary <= {GOAL_EVALUATE_RATIO:.0f}x floor ({ratio:.1f}x)",
                ratio <= GOAL_EVALUATE_RATIO,
            )
        )
    if "p. PDF national summary" in results:
        pdf = results["p. PDF national summary"]["seconds"]
        goals.append(
            (
                f"PDF national summary <= {GOAL_PDF_SECONDS:.0f} s ({pdf:.1f} s, {pdf / floor:.1f}x floor)",
                pdf <= GOAL_PDF_SECONDS,
            )
        )
    if "d. dashboard first GET" in results:
        found = results["d. dashboard first GET"]["result"]
        ms = max(found["first ms"], found["after a list refresh p95 ms"])
        goals.append(
            (
                f"dashboard national first request after a refresh <= {GOAL_DASHBOARD_MS:.0f} ms "
                f"({found['first ms']:.0f} ms after the full refresh; p95 after a list refresh "
                f"{found['after a list refresh p95 ms']:.0f} ms)",
                ms <= GOAL_DASHBOARD_MS,
            )
        )
    per = [(o["result"]["entries"], o["result"]["us/entry"]) for label, o in rows if label.startswith("t. ")]
    if per:
        linear = max(u for _, u in per) <= 1.5 * min(u for _, u in per)
        goals.append(
            (
                "time per entry linear (within 1.5x): " + ", ".join(f"{e:,}: {u:.1f} us" for e, u in per),
                linear,
            )
        )
    for label, met in goals:
        print(f"goal {label}: {'met' if met else 'MISSED'}")
    return 0 if all(met for _, met in goals) else 1


def dashboard_first_request(root: Any, term: Any) -> dict[str, Any]:
    """Refresh every summary (which pre-fills the national dashboard), then time the first GET of the
    national dashboard, and the first GETs after one list is refreshed (benchmarks/dashboard.py)."""
    from django.test import Client
    from django.urls import reverse

    from apps.accounts.models import User
    from apps.reports.services import list_summaries_refresh
    from benchmarks.dashboard import measure, percentile, signed_in

    started = time.perf_counter()
    list_summaries_refresh(list_ids=None)
    refresh = time.perf_counter() - started
    client = Client(HTTP_HOST="127.0.0.1")
    signed_in(client, User.objects.get(username="bench-reports"))
    url = reverse("reports:dashboard_organization", kwargs={"pk": root.pk}) + f"?term={term.code}"
    started = time.perf_counter()
    status = client.get(url).status_code
    first = (time.perf_counter() - started) * 1000
    if status != 200:
        raise RuntimeError(f"GET {url}: {status}")
    found = measure(org=root.code, term=term.code, requests=8)
    if isinstance(found, str):
        raise RuntimeError(found)
    after = found["steps"]["GET after a refresh"]
    return {
        "refresh s": refresh,
        "first ms": first,
        "status": status,
        "after a list refresh p95 ms": percentile(after, 95),
        "warm p95 ms": found["warm_p95_ms"],
    }


if __name__ == "__main__":
    sys.exit(main())
