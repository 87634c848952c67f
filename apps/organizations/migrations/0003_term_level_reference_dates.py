"""The congress months of Chỉ thị 45-CT/TW (14/04/2025): reference dates of next lists (domain R3).

Party term 2025-2030: grassroots 04/2025; the level directly above grassroots (district) 06/2025;
communes, wards and special zones directly under the province 07/2025; province 09/2025. People's
Council and People's Committee term 2026-2031: 03/2026. Always the first day of the month. A row the
administrator already edited is left alone; a term or level without a row falls back to the term's start.
"""

import datetime

from django.db import migrations

REFERENCE_DATES = [
    ("2025-2030", "grassroots", datetime.date(2025, 4, 1)),
    ("2025-2030", "district", datetime.date(2025, 6, 1)),
    ("2025-2030", "commune", datetime.date(2025, 7, 1)),
    ("2025-2030", "province", datetime.date(2025, 9, 1)),
    ("2026-2031", "province", datetime.date(2026, 3, 1)),
    ("2026-2031", "district", datetime.date(2026, 3, 1)),
    ("2026-2031", "commune", datetime.date(2026, 3, 1)),
]


def load(apps, schema_editor):
    Term = apps.get_model("organizations", "Term")
    TermLevelStart = apps.get_model("organizations", "TermLevelStart")
    terms = {t.code: t for t in Term.objects.filter(code__in={code for code, _, _ in REFERENCE_DATES})}
    for code, level, start in REFERENCE_DATES:
        if code in terms:
            TermLevelStart.objects.get_or_create(term=terms[code], level=level, defaults={"start_date": start})


class Migration(migrations.Migration):
    dependencies = [("organizations", "0002_reference_data")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
