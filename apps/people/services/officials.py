"""Writing officials: create, and update refusing to save over a newer version (no lost updates)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy

from apps.core.text import fold_name, to_nfc
from apps.people.models import Official, is_ethnic_minority
from apps.people.signals import officials_changed_on_commit

STALE_EDIT = gettext_lazy(
    "This record was changed by %(who)s at %(when)s, after you opened it. Your changes were not saved: "
    "reload the page to see the latest version, then make your changes again."
)
GONE = gettext_lazy("This official no longer exists.")
DUPLICATE_NATIONAL_ID = gettext_lazy("This national ID number is already recorded for another official.")
SOMEONE_ELSE = gettext_lazy("another user")

# Fields an official's form may write; derived and bookkeeping columns are set here, never by a form.
EDITABLE_FIELDS = (
    "full_name",
    "birth_date",
    "birth_year_only",
    "sex",
    "ethnicity",
    "national_id",
    "home_town",
    "organization",
    "current_position",
    "current_position_title",
    "party_admission_date",
    "education",
    "education_subject",
    "political_theory",
    "science_technology",
    "is_local",
    "meets_political_standard",
    "political_standard_note",
    "retires_at_60",
    "retires_at_60_basis",
    "retirement_override",
    "retirement_override_reason",
    "note",
)


class StaleEditError(ValidationError):
    """The row moved on since the form was loaded; `message` names who changed it and when."""


def _clean_values(data: dict[str, Any]) -> dict[str, Any]:
    values = {name: data[name] for name in EDITABLE_FIELDS if name in data}
    if "full_name" in values:
        values["full_name"] = to_nfc(values["full_name"])
    if "national_id" in values:
        values["national_id"] = values["national_id"] or None
    return values


def _integrity_error(exc: IntegrityError) -> ValidationError:
    if "uniq_official_national_id" in str(exc):
        return ValidationError({"national_id": DUPLICATE_NATIONAL_ID})
    raise exc


def official_create(*, user: Any, data: dict[str, Any]) -> Official:
    """Create an official from validated form data; the history trigger records it."""
    official = Official(**_clean_values(data), updated_by=user)
    try:
        with transaction.atomic():
            official.save()
    except IntegrityError as exc:  # a national ID taken between validation and saving
        raise _integrity_error(exc) from exc
    return official


def stale_message(official: Official) -> str:
    """Who changed the official last and when (dd/mm/yyyy HH:MM, local time)."""
    who = str(official.updated_by) if official.updated_by_id else str(SOMEONE_ELSE)
    when = timezone.localtime(official.updated_at).strftime("%d/%m/%Y %H:%M")
    return str(STALE_EDIT) % {"who": who, "when": when}


def official_update(*, official_id: int, revision: int, user: Any, data: dict[str, Any]) -> Official:
    """Save validated data over revision `revision` of the official, or raise StaleEditError.

    One conditional UPDATE ... WHERE revision = N: two editors who loaded the same revision cannot
    both succeed, whatever the timing, and the loser is told who won and when.
    """
    values = _clean_values(data)
    if "full_name" in values:
        values["search_name"] = fold_name(values["full_name"])
    if "ethnicity" in values:
        values["ethnic_minority"] = is_ethnic_minority(values["ethnicity"])
    try:
        with transaction.atomic():
            updated = Official.objects.filter(pk=official_id, revision=revision).update(
                **values, revision=F("revision") + 1, updated_by=user, updated_at=timezone.now()
            )
            if updated:
                # the dashboards count the official's age, sex, ethnicity... in the lists that plan them
                officials_changed_on_commit([official_id])
    except IntegrityError as exc:
        raise _integrity_error(exc) from exc
    current = Official.objects.select_related("updated_by").filter(pk=official_id).first()
    if current is None:
        raise ValidationError(GONE)
    if not updated:
        raise StaleEditError(stale_message(current))
    return current
