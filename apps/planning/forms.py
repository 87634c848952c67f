"""Forms of the planning pages: they validate input; the services decide."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.access import Action
from apps.organizations.models import Organization, Position, TargetGroup, Term
from apps.people.models import Official
from apps.planning.models import ListKind
from apps.rules.models import RuleSet

DATE_PLACEHOLDER = "dd/mm/yyyy"
IMPORT_SUFFIXES = (".xlsx", ".xls", ".ods", ".csv")
IMPORT_MAX_BYTES = 10 * 1024 * 1024

CHOOSE = _("— choose —")
ERR_FILE_TYPE = _("Choose a spreadsheet (.xlsx, .xls or .ods) or a CSV (.csv) file.")
ERR_FILE_SIZE = _("The file is larger than 10 MB; split it into smaller files.")
# A posted revision that is missing or not a revision number: the page is out of date or was tampered with.
# Vietnamese as is (no entry in locale/vi yet).
ERR_BAD_REVISION = _(
    "The list has changed or this page is out of date; your change was not saved. "
    "Reload the page, check the list and try again."
)


def date_input() -> forms.DateInput:
    # A text box, not type=date: browsers show type=date in their own locale's order (mm/dd/yyyy).
    return forms.DateInput(
        format="%d/%m/%Y", attrs={"placeholder": DATE_PLACEHOLDER, "inputmode": "numeric", "size": 12}
    )


class RevisionForm(forms.Form):
    """The revision of the list the user saw: a save over a newer one is refused."""

    revision = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": ERR_BAD_REVISION,
            "invalid": ERR_BAD_REVISION,
            "min_value": ERR_BAD_REVISION,
        },
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "revision" in self.errors:
            # the field is hidden: the pages show only the form's own errors, so say it there
            self.add_error(None, ERR_BAD_REVISION)
        return cleaned


class PlanningListCreateForm(forms.Form):
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Organization"), empty_label=CHOOSE
    )
    term = forms.ModelChoiceField(queryset=Term.objects.all(), label=_("Term"), empty_label=CHOOSE)
    kind = forms.ChoiceField(choices=ListKind.choices, label=_("Kind of list"))
    reference_date = forms.DateField(
        label=_("Reference date"),
        required=False,
        widget=date_input(),
        help_text=_(
            "Leave empty: the review date for a current list; for a next list, the congress month of the "
            "organization's level in that term (Chỉ thị 45-CT/TW), else the term's start."
        ),
    )
    rule_set = forms.ModelChoiceField(
        queryset=RuleSet.objects.all(),
        label=_("Rule set"),
        required=False,
        empty_label=_("The one in force on the reference date"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.for_user(user, Action.EDIT)  # type: ignore[attr-defined]


def official_candidates(user: Any, planning_list: Any) -> Any:
    """Officials that `user` may plan in `planning_list`: readable and working in its organization's subtree."""
    return Official.objects.for_user(user).in_subtree(planning_list.organization)  # type: ignore[attr-defined]


class EntryEditForm(RevisionForm):
    """An active entry's editable fields; `revision` is the entry's."""

    position = forms.ModelChoiceField(
        queryset=Position.objects.all(),
        label=_("Planned position"),
        empty_label=_("— choose a position —"),
        error_messages={"required": _("Choose a position.")},
    )
    target_group_override = forms.TypedChoiceField(
        choices=[("", _("From the position"))] + list(TargetGroup.choices),
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Target group"),
    )
    first_time = forms.BooleanField(label=_("Planned for the first time"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirm_ineligible = forms.BooleanField(label=_("Save anyway, although not eligible?"), required=False)


class EntryAddForm(RevisionForm):
    official = forms.ModelChoiceField(
        queryset=Official.objects.none(),
        label=_("Official"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an official.")},
    )
    position = forms.ModelChoiceField(
        queryset=Position.objects.all(),
        label=_("Planned position"),
        empty_label=_("— choose a position —"),
        error_messages={"required": _("Choose a position.")},
    )
    target_group_override = forms.TypedChoiceField(
        choices=[("", _("From the position"))] + list(TargetGroup.choices),
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Target group"),
    )
    first_time = forms.BooleanField(label=_("Planned for the first time"), required=False, initial=True)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirm_ineligible = forms.BooleanField(label=_("Add anyway, although not eligible?"), required=False)

    def __init__(self, *args: Any, user: Any, planning_list: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The picker and its validation see only officials the user may read who work in the list's
        # organization or below it (as the import does).
        self.fields["official"].queryset = official_candidates(user, planning_list)  # type: ignore[attr-defined]


class EntryRemoveForm(RevisionForm):
    reason = forms.CharField(
        label=_("Reason for removal"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter the reason for removing this official from the plan.")},
    )


CONFIRM_INELIGIBLE = _("Go on anyway, although some entries are not eligible")


class SubmitForm(RevisionForm):
    confirm_ineligible = forms.BooleanField(label=CONFIRM_INELIGIBLE, required=False)


class ApproveForm(RevisionForm):
    decision_number = forms.CharField(label=_("Decision number"), max_length=100)
    decision_date = forms.DateField(label=_("Decision date"), widget=date_input())
    confirm_ineligible = forms.BooleanField(label=CONFIRM_INELIGIBLE, required=False)


class ReturnForm(RevisionForm):
    comment = forms.CharField(
        label=_("Comment for the editors"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter a comment saying why the list is returned.")},
    )


class NewVersionForm(forms.Form):
    reference_date = forms.DateField(label=_("Reference date of the new version"), widget=date_input())


class ImportUploadForm(forms.Form):
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Organization"), empty_label=CHOOSE
    )
    term = forms.ModelChoiceField(queryset=Term.objects.all(), label=_("Term"), empty_label=CHOOSE)
    kind = forms.ChoiceField(choices=ListKind.choices, label=_("Kind of list"))
    reference_date = forms.DateField(
        label=_("Reference date"),
        required=False,
        widget=date_input(),
        help_text=_("Only used when the list does not exist yet; leave empty for the default."),
    )
    file = forms.FileField(
        label=_("Planning file (.xlsx, .xls, .ods or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMPORT_SUFFIXES)}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.for_user(user, Action.EDIT)  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in IMPORT_SUFFIXES:
            raise forms.ValidationError(ERR_FILE_TYPE)
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(ERR_FILE_SIZE)
        return upload


class ImportConfirmForm(forms.Form):
    token = forms.UUIDField(widget=forms.HiddenInput)


class RecheckForm(forms.Form):
    """Another rule set and/or reference date to re-check a list under (nothing is stored)."""

    rule_set = forms.ModelChoiceField(
        queryset=RuleSet.objects.order_by("code"),
        required=False,
        label=_("Rule set"),
        empty_label=_("The list's rule set"),
    )
    reference_date = forms.DateField(
        label=_("Reference date"),
        required=False,
        widget=date_input(),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text=_("Leave empty to keep the list's reference date."),
    )
