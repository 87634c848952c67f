"""The default rule sets held against their sources (domain.md R3, R5, R6, R7, §4).

- R6: 3 people per position under both rule sets (no source gives the 4 once assumed for HD16-2022).
- R5: a woman in each position group at district level and above (district, province, central).
- R6/R7 under QD377-2025: pending proposals warn; discipline counts for 24 / 36 / 60 months from the
  decision (reprimand / warning / dismissal), numbers still to confirm.
- The parameters whose numbers come from a seed article or a press summary are marked "to confirm".
"""

from django.db import migrations

TO_CONFIRM = {
    "HD16-2022": ["current_group1_months", "current_group2_months", "vote_threshold_percent"],
    "QD377-2025": [
        "current_group1_months",
        "current_group2_months",
        "vote_threshold_percent",
        "discipline_months_reprimand",
        "discipline_months_warning",
        "discipline_months_dismissal",
    ],
}
WOMAN_LEVELS = ("central", "province", "district")


def load(apps, schema_editor):
    RuleSet = apps.get_model("rules", "RuleSet")
    RuleSetLevel = apps.get_model("rules", "RuleSetLevel")
    RuleSet.objects.filter(code="HD16-2022", max_people_per_position=4).update(max_people_per_position=3)
    RuleSet.objects.filter(code="QD377-2025").update(discipline_from_decision=True, pending_proposal_warning=True)
    for code, names in TO_CONFIRM.items():
        RuleSet.objects.filter(code=code).update(to_confirm=names)
    RuleSetLevel.objects.filter(rule_set__code__in=TO_CONFIRM, level__in=WOMAN_LEVELS).update(
        woman_in_each_group=True
    )


class Migration(migrations.Migration):
    dependencies = [("rules", "0003_caps_discipline_periods_proposals_to_confirm")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
