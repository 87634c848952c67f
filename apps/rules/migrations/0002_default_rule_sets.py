"""The two rule sets that ship by default (domain.md §3, contracts.md §3)."""

import datetime

from django.db import migrations

YOUNG_AGE = {"central": 45, "province": 40, "district": 40, "commune": 35, "grassroots": 35}

RULE_SETS = [
    {
        "code": "HD16-2022",
        "name": "Quy định 50-QĐ/TW và Hướng dẫn 16-HD/BTCTW",
        "source": "Quy định 50-QĐ/TW ngày 27/12/2021; Hướng dẫn 16-HD/BTCTW ngày 15/02/2022",
        "valid_from": None,
        "valid_to": datetime.date(2025, 10, 7),
        "max_people_per_position": 4,
        "discipline_severity": "error",
        "auto_remove": True,
        "require_higher_position": False,
    },
    {
        "code": "QD377-2025",
        "name": "Quy định 377-QĐ/TW",
        "source": "Quy định 377-QĐ/TW ngày 08/10/2025 (thay thế Quy định 50-QĐ/TW)",
        "valid_from": datetime.date(2025, 10, 8),
        "valid_to": None,
        "max_people_per_position": 3,
        "discipline_severity": "warning",
        "auto_remove": False,
        "require_higher_position": True,
    },
]


def load(apps, schema_editor):
    RuleSet = apps.get_model("rules", "RuleSet")
    RuleSetLevel = apps.get_model("rules", "RuleSetLevel")
    for data in RULE_SETS:
        data = dict(data)
        rule_set, _ = RuleSet.objects.update_or_create(code=data.pop("code"), defaults=data)
        for level, young_age in YOUNG_AGE.items():
            RuleSetLevel.objects.update_or_create(
                rule_set=rule_set, level=level,
                defaults={"young_age_below": young_age, "young_target": 15, "women_target": 25,
                          "ethnic_target": None, "woman_in_each_group": level == "district"},
            )


class Migration(migrations.Migration):
    dependencies = [("rules", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
