"""Time a big planning import (issue 14, item 5; not run by `make test`).

    DATABASE_URL=postgres://... python benchmarks/big_import.py [--rows 20000] [--org HUYEN_A]

Needs the demo data (`manage.py load_demo`). Writes a CSV of ROWS new people (each planned for one
position) for the organization, imports it for real with `planning_import` inside a transaction that
is rolled back at the end (nothing stays), and prints the time and rows per second. The floor, in the
same run, is PostgreSQL's COPY of the same rows into a temporary table. Goal: 200,000 rows in
<= 60 s, i.e. the ROWS given in ROWS * 60 / 200,000 s. Exit 1 when the goal is missed.
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
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--org", default="HUYEN_A")
    parser.add_argument("--term", default="2025-2030")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadreplan.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    from apps.organizations.models import Organization, Position, Term
    from apps.planning.services import PLANNING_COLUMNS, planning_import

    organization = Organization.objects.get(code=args.org)
    term = Term.objects.get(code=args.term)
    position = Position.objects.order_by("sort_order").first()
    assert position is not None
    rows = []
    for n in range(args.rows):
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
        result = planning_import(file=path, organization=organization, term=term, kind="next")
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    goal = GOAL_SECONDS * args.rows / GOAL_ROWS
    met = result.ok and seconds <= goal
    print(f"rows: {args.rows:,}  ok: {result.ok}  officials created: {result.officials_created:,}")
    print(
        f"import: {seconds:.1f} s ({args.rows / seconds:,.0f} rows/s); floor (COPY): {floor:.2f} s; ratio {seconds / floor:.0f}x"
    )
    print(
        f"goal: {GOAL_ROWS:,} rows in {GOAL_SECONDS:.0f} s -> {goal:.1f} s for {args.rows:,}: {'met' if met else 'MISSED'}"
    )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if not result.ok:
        print("\n".join(str(e) for e in result.errors[:5]))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
