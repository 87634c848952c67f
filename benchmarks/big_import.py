"""Time big planning imports (issue 14, item 5; not run by `make test`).

    DATABASE_URL=postgres://... python benchmarks/big_import.py [--rows 20000 200000] [--org HUYEN_A]

Needs the demo data (`manage.py load_demo`). For each ROWS it writes a CSV of ROWS new people (each
planned for one position) for the organization, checks it as the web preview does (`--dry-run`), then
imports it for real with `planning_list_import` inside a transaction that is rolled back at the end
(nothing stays), runs the work queued for after the commit (the list's summary refresh) before the
rollback, and prints the times. The floor, in the same run, is PostgreSQL's COPY of the same rows into a
temporary table. Goal: 200,000 rows in <= 60 s, i.e. ROWS * 60 / 200,000 s for the import. Exit 1
when the goal is missed for any ROWS.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_ROWS, GOAL_SECONDS = 200_000, 60.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[20_000, 200_000])
    parser.add_argument("--org", default="HUYEN_A")
    parser.add_argument("--term", default="2025-2030")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadreplan.settings")
    import django

    django.setup()
    from apps.accounts.models import User
    from apps.organizations.models import Organization, Position, Term

    organization = Organization.objects.get(code=args.org)
    term = Term.objects.get(code=args.term)
    position = Position.objects.order_by("sort_order").first()
    user = User.objects.filter(is_superuser=True).order_by("id").first()
    assert position is not None and user is not None
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    met = [measure(size, organization, term, position, user) for size in args.rows]
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if all(met) else 1


def measure(size: int, organization, term, position, user) -> bool:  # type: ignore[no-untyped-def]
    from django.db import connection, transaction

    from apps.planning.services import PLANNING_COLUMNS, planning_list_import

    rows = []
    for n in range(size):
        born = dt.date(1970, 1, 1) + dt.timedelta(days=n % 9000)
        rows.append({
            "STT": str(n + 1), "Họ và tên": f"Người Thử Số {n:07d}", "Ngày sinh": born.strftime("%d/%m/%Y"),
            "Giới tính": "Nữ" if n % 2 else "Nam", "Số định danh": f"099{n:09d}",
            "Đơn vị công tác": organization.code, "Chức danh quy hoạch": position.code,
        })  # fmt: skip
    folder = Path(tempfile.mkdtemp(prefix="big-import-"))
    path = folder / "ds.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=PLANNING_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    arguments = {"file": str(path), "filename": "ds.csv", "organization": organization, "term": term}

    started = time.perf_counter()
    preview = planning_list_import(**arguments, kind="next", user=user, dry_run=True)
    preview_seconds = time.perf_counter() - started
    with transaction.atomic():
        buffer = io.StringIO()
        csv.writer(buffer).writerows([[r["Họ và tên"], r["Ngày sinh"], r["Số định danh"]] for r in rows])
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("CREATE TEMP TABLE bench_floor (name text, born text, nid text) ON COMMIT DROP")
            with cursor.copy("COPY bench_floor FROM STDIN WITH (FORMAT csv)") as copy:
                copy.write(buffer.getvalue())
        floor = time.perf_counter() - started

        started = time.perf_counter()
        result = planning_list_import(**arguments, kind="next", user=user)
        seconds = time.perf_counter() - started
        # what the commit would run next (the list's summary refresh), run here before the rollback
        callbacks = [callback for _, callback, _ in connection.run_on_commit]
        connection.run_on_commit = []
        started = time.perf_counter()
        for callback in callbacks:
            callback()
        after_commit = time.perf_counter() - started
        transaction.set_rollback(True)
    goal = GOAL_SECONDS * size / GOAL_ROWS
    met = result.ok and preview.ok and seconds <= goal
    print(f"rows: {size:,}  ok: {result.ok}  officials created: {result.officials_created:,}")
    print(
        f"  import: {seconds:.1f} s ({size / seconds:,.0f} rows/s); floor (COPY of the same rows): "
        f"{floor:.2f} s; ratio {seconds / floor:.0f}x"
    )
    print(
        f"  preview (--dry-run): {preview_seconds:.1f} s; after the commit (summary refresh): {after_commit:.1f} s"
    )
    print(
        f"  goal: {GOAL_ROWS:,} rows in {GOAL_SECONDS:.0f} s -> {goal:.1f} s for {size:,}: {'met' if met else 'MISSED'}"
    )
    print(f"  load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if not result.ok:
        print("\n".join(str(e) for e in result.errors[:5]))
    return met


if __name__ == "__main__":
    sys.exit(main())
