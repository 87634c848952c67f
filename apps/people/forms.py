"""The official form: Vietnamese messages, dd/mm/yyyy dates, workplaces limited to where the user may edit."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.access import Action
from apps.core.calendar import years_before
from apps.core.education import EDUCATION_LEVELS, parse_education
from apps.core.ethnicity import ETHNIC_GROUPS, KINH, canonical_ethnicity
from apps.core.form_messages import INVALID_DATE
from apps.core.text import fold_name, to_nfc
from apps.organizations.filters import OrganizationChoiceField
from apps.organizations.models import Organization, Position
from apps.people.models import DisciplineRecord, Official, WorkHistory
from apps.people.services import DUPLICATE_NATIONAL_ID, EDITABLE_FIELDS

MIN_AGE = 18
NATIONAL_ID = re.compile(r"^\d{12}$")
CHOOSE = _("— choose —")
DATE_FIELDS = ("birth_date", "party_admission_date", "retirement_override")
SECTIONS = (
    (
        _("Personal details"),
        ("full_name", "birth_date", "birth_year_only", "sex", "ethnicity", "national_id", "home_town"),
    ),
    (
        _("Work"),
        (
            "organization",
            "current_position",
            "current_position_title",
            "party_admission_date",
            "education",
            "education_subject",
            "science_technology",
            "political_theory",
            "is_local",
        ),
    ),
    (
        _("Standards and retirement"),
        (
            "meets_political_standard",
            "political_standard_note",
            "retires_at_60",
            "retires_at_60_basis",
            "retirement_override",
            "retirement_override_reason",
            "note",
        ),
    ),
)


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self) -> None:
        super().__init__(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


class OfficialForm(forms.ModelForm):
    """Validates an official's data; saving is the services' job (official_create / official_update)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # longer than the 12 digits: numbers are often typed with spaces, which clean_national_id removes
    national_id = forms.CharField(label=_("National ID number"), max_length=20, required=False)

    class Meta:
        model = Official
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
            "political_standard_note": forms.TextInput(),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        workplaces = Organization.objects.for_user(user, Action.EDIT).order_by("path")
        field = OrganizationChoiceField(queryset=workplaces, label=_("Workplace"))
        field.for_user(user)
        self.fields["organization"] = field
        current_position: Any = self.fields["current_position"]
        current_position.queryset = Position.objects.order_by("sort_order", "code")
        for name in DATE_FIELDS:
            self.fields[name].widget = DateInput()
            self.fields[name].error_messages["invalid"] = INVALID_DATE
            self.fields[name].help_text = _("dd/mm/yyyy")
        self.fields["national_id"].help_text = _("12 digits, as on the citizen identity card.")
        self._ethnicity_choices()
        self._education_choices()
        self.fields["science_technology"].help_text = _(
            "Trained in a field of science, technology or engineering (R8: the share of QĐ 377)."
        )
        for choice in self.fields.values():
            if isinstance(choice, forms.ModelChoiceField):
                choice.empty_label = CHOOSE
            elif isinstance(choice, forms.ChoiceField):
                options = list(choice.choices)  # type: ignore[arg-type]
                if options and options[0][0] == "":
                    choice.choices = [("", CHOOSE), *options[1:]]
        if self.instance.pk is None:
            self.fields.pop("revision")
        else:
            self.fields["revision"].required = True
            self.fields["revision"].initial = self.instance.revision

    def _ethnicity_choices(self) -> None:
        """The 54 groups to choose from; a stored value off the list is shown for correction, never kept."""
        others = sorted((g for g in ETHNIC_GROUPS if g != KINH), key=fold_name)
        field = forms.ChoiceField(
            label=self.fields["ethnicity"].label,
            choices=[("", CHOOSE), (KINH, KINH), *((g, g) for g in others)],
        )
        stored = self.instance.ethnicity if self.instance.pk else KINH
        if self.instance.pk and not self.instance.ethnicity_is_listed:
            mapped = canonical_ethnicity(stored)
            if mapped:
                field.help_text = _("Stored as “%(stored)s”: it will be saved as “%(mapped)s”.") % {
                    "stored": stored,
                    "mapped": mapped,
                }
            else:
                field.help_text = _(
                    "Stored as “%(stored)s”, which is not one of the 54 ethnic groups: choose the right one."
                ) % {"stored": stored}
            stored = mapped or ""
        self.fields["ethnicity"] = field
        self.initial["ethnicity"] = canonical_ethnicity(stored) or ""

    def _education_choices(self) -> None:
        """The levels to choose from; a stored value off the list is shown for correction, never kept."""
        field = forms.ChoiceField(
            label=self.fields["education"].label,
            choices=[("", CHOOSE), *((level, level) for level in EDUCATION_LEVELS)],
            required=False,
        )
        self.fields["education_subject"].help_text = _("E.g. “Cử nhân Luật”, “Quản lý công”.")
        stored = self.instance.education if self.instance.pk else ""
        if stored and stored not in EDUCATION_LEVELS:
            parsed = parse_education(stored)
            if parsed:
                field.help_text = _("Stored as “%(stored)s”: it will be saved as “%(mapped)s”.") % {
                    "stored": stored,
                    "mapped": parsed[0],
                }
                level, subject = parsed
            else:
                field.help_text = _(
                    "Stored as “%(stored)s”, which is not an education level: choose the level; "
                    "the text is kept under degree and subject."
                ) % {"stored": stored}
                level, subject = "", stored
            self.initial["education"] = level
            if not self.instance.education_subject and subject:
                self.initial["education_subject"] = subject
        self.fields["education"] = field

    def sections(self) -> list[tuple[str, list[Any]]]:
        """The visible fields grouped under headings, for the template."""
        return [(str(title), [self[name] for name in names]) for title, names in SECTIONS]

    def clean_full_name(self) -> str:
        name = to_nfc(self.cleaned_data["full_name"])
        if not name:
            raise forms.ValidationError(_("Enter the official's full name."))
        return name

    def clean_birth_date(self) -> Any:
        born = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError(_("The birth date cannot be in the future."))
        if born > years_before(today, MIN_AGE):
            raise forms.ValidationError(
                _("An official must be at least %(age)s years old.") % {"age": MIN_AGE}
            )
        return born

    def clean_national_id(self) -> str | None:
        value = "".join((self.cleaned_data.get("national_id") or "").split())
        if not value:
            return None
        if not NATIONAL_ID.match(value):
            raise forms.ValidationError(_("The national ID number has exactly 12 digits."))
        others = Official.objects.filter(national_id=value)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(DUPLICATE_NATIONAL_ID)
        return value

    def clean_party_admission_date(self) -> Any:
        admitted = self.cleaned_data.get("party_admission_date")
        if admitted and admitted > timezone.localdate():
            raise forms.ValidationError(_("The party admission date cannot be in the future."))
        return admitted

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        born, admitted = data.get("birth_date"), data.get("party_admission_date")
        if born and admitted and admitted <= born:
            self.add_error(
                "party_admission_date", _("The party admission date must be after the birth date.")
            )
        override, reason = (
            data.get("retirement_override"),
            (data.get("retirement_override_reason") or "").strip(),
        )
        if override and not reason:
            self.add_error(
                "retirement_override_reason", _("Give the reason for the retirement date override.")
            )
        if data.get("retires_at_60"):
            if data.get("sex") != "F":
                self.add_error("retires_at_60", _("Only a woman official can retire at 60 under this rule."))
            if not (data.get("retires_at_60_basis") or "").strip():
                self.add_error("retires_at_60_basis", _("Give the legal basis for retiring at 60."))
        if override and born and override <= born:
            self.add_error("retirement_override", _("The retirement date must be after the birth date."))
        return data

    def _get_validation_exclusions(self) -> Any:
        # Uniqueness and the override-reason check are validated above with clearer messages.
        exclusions = super()._get_validation_exclusions()  # type: ignore[misc]
        exclusions.update({"national_id", "retirement_override_reason"})
        return exclusions


class _RecordForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("start_date", "end_date"):
            self.fields[name].widget = DateInput()
            self.fields[name].error_messages["invalid"] = INVALID_DATE
            self.fields[name].help_text = _("dd/mm/yyyy")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return cleaned

    def _post_clean(self) -> None:
        # the services validate and save; the model's own checks would run against a half-built row
        pass


class WorkHistoryForm(_RecordForm):
    class Meta:
        model = WorkHistory
        fields = ["title", "position", "organization", "start_date", "end_date", "is_rotation"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organization: Any = self.fields["organization"]
        organization.queryset = Organization.objects.for_user(user).order_by("path")
        organization.empty_label = CHOOSE
        position: Any = self.fields["position"]
        position.queryset = Position.objects.order_by("sort_order", "code")
        position.empty_label = CHOOSE


class DisciplineForm(_RecordForm):
    class Meta:
        model = DisciplineRecord
        fields = ["level", "decision_number", "start_date", "end_date", "reason"]
