"""Reference data shipped with the app (contracts.md §3): terms and the position catalogue."""

import datetime

from django.db import migrations

TERMS = [
    # code, name, kind, start, end
    ("2020-2025", "Nhiệm kỳ 2020–2025", "party", datetime.date(2020, 6, 1), datetime.date(2025, 5, 31)),
    ("2025-2030", "Nhiệm kỳ 2025–2030", "party", datetime.date(2025, 6, 1), datetime.date(2030, 5, 31)),
    ("2030-2035", "Nhiệm kỳ 2030–2035", "party", datetime.date(2030, 6, 1), datetime.date(2035, 5, 31)),
    ("2021-2026", "Nhiệm kỳ HĐND 2021–2026", "council", datetime.date(2021, 7, 1), datetime.date(2026, 6, 30)),
    ("2026-2031", "Nhiệm kỳ HĐND 2026–2031", "council", datetime.date(2026, 7, 1), datetime.date(2031, 6, 30)),
]

# code, name, group, default target group, rank (higher = more senior)
POSITIONS = [
    ("BI_THU", "Bí thư", "committee", 1, 100),
    ("PHO_BI_THU", "Phó Bí thư", "committee", 1, 90),
    ("UV_BTV", "Ủy viên Ban Thường vụ", "committee", 1, 70),
    ("UV_BCH", "Ủy viên Ban Chấp hành", "committee", 1, 50),
    ("CT_HDND", "Chủ tịch HĐND", "leadership", 1, 80),
    ("PCT_HDND", "Phó Chủ tịch HĐND", "leadership", 1, 60),
    ("CT_UBND", "Chủ tịch UBND", "leadership", 1, 80),
    ("PCT_UBND", "Phó Chủ tịch UBND", "leadership", 1, 60),
    ("CT_MTTQ", "Chủ tịch Ủy ban MTTQ", "leadership", 1, 60),
    ("TRUONG_BAN", "Trưởng ban (ban đảng)", "management", 2, 55),
    ("PHO_TRUONG_BAN", "Phó Trưởng ban (ban đảng)", "management", 2, 40),
    ("TRUONG_PHONG", "Trưởng phòng", "management", 2, 30),
    ("PHO_TRUONG_PHONG", "Phó Trưởng phòng", "management", 2, 20),
]


def load(apps, schema_editor):
    Term = apps.get_model("organizations", "Term")
    Position = apps.get_model("organizations", "Position")
    for code, name, kind, start, end in TERMS:
        Term.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "start_date": start, "end_date": end}
        )
    for order, (code, name, group, target_group, rank) in enumerate(POSITIONS, start=1):
        Position.objects.update_or_create(
            code=code,
            defaults={"name": name, "group": group, "default_target_group": target_group, "rank": rank,
                      "sort_order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
