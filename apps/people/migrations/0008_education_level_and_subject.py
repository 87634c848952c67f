"""Education as a level (Trung cấp ... Tiến sĩ) with the degree and subject beside it.

Stored text that says a level ("ĐH Luật", "Thạc sĩ Quản lý công", "Cử nhân Kinh tế") becomes the level,
and what it said besides goes to the new `education_subject`. Text that names no level is left as it is:
the official's page marks it "cần sửa" and the form asks for the level (never silently kept, never
guessed). The history triggers are rebuilt for the new column.
"""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models

from apps.core.education import parse_education


def education_as_level(apps, schema_editor):  # type: ignore[no-untyped-def]
    Official = apps.get_model("people", "Official")
    for value in Official.objects.exclude(education="").values_list("education", flat=True).distinct():
        parsed = parse_education(value)
        if parsed is None or parsed == (value, ""):
            continue
        level, subject = parsed
        Official.objects.filter(education=value, education_subject="").update(
            education=level, education_subject=subject
        )
        Official.objects.filter(education=value).update(education=level)


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0007_merge_20261202_0842'),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name='official',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='official',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='official',
            name='delete_delete',
        ),
        migrations.AddField(
            model_name='official',
            name='education_subject',
            field=models.CharField(blank=True, max_length=255, verbose_name='degree and subject'),
        ),
        migrations.AddField(
            model_name='officialevent',
            name='education_subject',
            field=models.CharField(blank=True, max_length=255, verbose_name='degree and subject'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='official',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "people_officialevent" ("birth_date", "birth_year_only", "created_at", "current_position_id", "current_position_title", "education", "education_subject", "ethnic_minority", "ethnicity", "full_name", "home_town", "id", "is_local", "meets_political_standard", "national_id", "note", "organization_id", "party_admission_date", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "political_standard_note", "political_theory", "retirement_override", "retirement_override_reason", "retires_at_60", "retires_at_60_basis", "revision", "search_name", "sex", "updated_at", "updated_by_id") VALUES (NEW."birth_date", NEW."birth_year_only", NEW."created_at", NEW."current_position_id", NEW."current_position_title", NEW."education", NEW."education_subject", NEW."ethnic_minority", NEW."ethnicity", NEW."full_name", NEW."home_town", NEW."id", NEW."is_local", NEW."meets_political_standard", NEW."national_id", NEW."note", NEW."organization_id", NEW."party_admission_date", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."political_standard_note", NEW."political_theory", NEW."retirement_override", NEW."retirement_override_reason", NEW."retires_at_60", NEW."retires_at_60_basis", NEW."revision", NEW."search_name", NEW."sex", NEW."updated_at", NEW."updated_by_id"); RETURN NULL;', hash='df223656fc7934367c4d4bf68682752818f04108', operation='INSERT', pgid='pgtrigger_insert_insert_d31cf', table='people_official', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='official',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "people_officialevent" ("birth_date", "birth_year_only", "created_at", "current_position_id", "current_position_title", "education", "education_subject", "ethnic_minority", "ethnicity", "full_name", "home_town", "id", "is_local", "meets_political_standard", "national_id", "note", "organization_id", "party_admission_date", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "political_standard_note", "political_theory", "retirement_override", "retirement_override_reason", "retires_at_60", "retires_at_60_basis", "revision", "search_name", "sex", "updated_at", "updated_by_id") VALUES (NEW."birth_date", NEW."birth_year_only", NEW."created_at", NEW."current_position_id", NEW."current_position_title", NEW."education", NEW."education_subject", NEW."ethnic_minority", NEW."ethnicity", NEW."full_name", NEW."home_town", NEW."id", NEW."is_local", NEW."meets_political_standard", NEW."national_id", NEW."note", NEW."organization_id", NEW."party_admission_date", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."political_standard_note", NEW."political_theory", NEW."retirement_override", NEW."retirement_override_reason", NEW."retires_at_60", NEW."retires_at_60_basis", NEW."revision", NEW."search_name", NEW."sex", NEW."updated_at", NEW."updated_by_id"); RETURN NULL;', hash='2525ae82cb4901ac6b952b18e90b55536fe19f7b', operation='UPDATE', pgid='pgtrigger_update_update_a7da8', table='people_official', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='official',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "people_officialevent" ("birth_date", "birth_year_only", "created_at", "current_position_id", "current_position_title", "education", "education_subject", "ethnic_minority", "ethnicity", "full_name", "home_town", "id", "is_local", "meets_political_standard", "national_id", "note", "organization_id", "party_admission_date", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "political_standard_note", "political_theory", "retirement_override", "retirement_override_reason", "retires_at_60", "retires_at_60_basis", "revision", "search_name", "sex", "updated_at", "updated_by_id") VALUES (OLD."birth_date", OLD."birth_year_only", OLD."created_at", OLD."current_position_id", OLD."current_position_title", OLD."education", OLD."education_subject", OLD."ethnic_minority", OLD."ethnicity", OLD."full_name", OLD."home_town", OLD."id", OLD."is_local", OLD."meets_political_standard", OLD."national_id", OLD."note", OLD."organization_id", OLD."party_admission_date", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."political_standard_note", OLD."political_theory", OLD."retirement_override", OLD."retirement_override_reason", OLD."retires_at_60", OLD."retires_at_60_basis", OLD."revision", OLD."search_name", OLD."sex", OLD."updated_at", OLD."updated_by_id"); RETURN NULL;', hash='325390035a12019ebfdef82f362f024669fa774a', operation='DELETE', pgid='pgtrigger_delete_delete_6f400', table='people_official', when='AFTER')),
        ),
        migrations.RunPython(education_as_level, migrations.RunPython.noop),
    ]
