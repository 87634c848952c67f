# The yearly review date (R7) came from two branches at once: `0002_list_last_reviewed_on` adds the
# column and its history triggers; this migration joins the vote-steps chain to it and changes nothing.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0003_entry_added_although_ineligible"),
        ("planning", "0002_list_last_reviewed_on"),
    ]

    operations = []
