"""Stored ethnicities written another way ("tay", "Mông", "Hán") become the listed name ("Tày"...).

Values that cannot be mapped are left as they are: the official's page marks them "cần sửa" and the
form asks for the right group (never silently kept, never guessed).
"""

from django.db import migrations

from apps.core.ethnicity import canonical_ethnicity


def ethnicity_as_listed(apps, schema_editor):  # type: ignore[no-untyped-def]
    Official = apps.get_model("people", "Official")
    for value in Official.objects.values_list("ethnicity", flat=True).distinct():
        listed = canonical_ethnicity(value)
        if listed and listed != value:
            Official.objects.filter(ethnicity=value).update(ethnicity=listed, ethnic_minority=listed != "Kinh")


class Migration(migrations.Migration):
    dependencies = [("people", "0002_official_birth_name_index")]

    operations = [migrations.RunPython(ethnicity_as_listed, migrations.RunPython.noop)]
