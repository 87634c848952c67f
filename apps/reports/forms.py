"""Forms of the report pages: they validate input; the services decide."""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.access import home_organization_id
from apps.organizations.filters import OrganizationFilterField, shown_organizations
from apps.organizations.models import Organization, Position, PositionGroup, Term, TermKind
from apps.planning.models import ListKind
from apps.rules.models import Level


class ReportRequestForm(forms.Form):
    """A compliance report of an organization in the user's subtrees, for a term and optionally a kind.

    The organization drop-down is the filters' bounded picker: a national scope has ~7,900
    organizations, so it lists the top of the user's scope, its children and the branch of the chosen
    one; the unit picker beside it (search as you type) reaches any other, which arrives as `?org=`.
    """

    organization = OrganizationFilterField(
        queryset=Organization.objects.none(),
        label=_("Organization"),
        help_text=_("The report covers this organization and every organization under it."),
        empty_label=None,
    )
    term = forms.ModelChoiceField(queryset=Term.objects.all(), label=_("Term"))
    kind = forms.ChoiceField(
        choices=[("", _("Both kinds of list"))] + list(ListKind.choices),
        required=False,
        label=_("Kind of list"),
    )

    def __init__(self, *args: Any, user: Any, chosen: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the choices, and so what validates, are the organizations the user may read
        orgs = Organization.objects.for_user(user).order_by("path").only("id", "name", "depth", "path")  # type: ignore[attr-defined]
        field: OrganizationFilterField = self.fields["organization"]  # type: ignore[assignment]
        field.queryset = orgs
        field.for_user(user)
        # start from the organization picked (?org=, or the one posted), else the user's own one
        picked = self.data.get("organization") if self.is_bound else chosen
        organization = None
        if picked and str(picked).isdigit():
            organization = orgs.filter(pk=int(picked)).first()
        if not self.is_bound:
            field.initial = organization.pk if organization else home_organization_id(user)
            if organization is None and field.initial:
                organization = orgs.filter(pk=field.initial).first()
        field.show(orgs.filter(shown_organizations(user, organization)))
        # start from the party term running today
        today = timezone.localdate()
        self.fields["term"].initial = (
            Term.objects.filter(kind=TermKind.PARTY, start_date__lte=today).order_by("-start_date").first()
        )


MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


class ProjectionFilterForm(forms.Form):
    """The scope of a term projection: term, the month it runs to, and filters on the posts."""

    term = forms.ModelChoiceField(
        queryset=Term.objects.order_by("start_date", "kind"),
        to_field_name="code",
        required=False,
        label=_("Term"),
    )
    until = forms.RegexField(
        regex=MONTH_PATTERN,
        required=False,
        label=_("Until (month)"),
        error_messages={"invalid": _("Enter a month as YYYY-MM, for example 2030-12.")},
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )
    level = forms.ChoiceField(
        choices=[("", _("All levels"))] + list(Level.choices), required=False, label=_("Level")
    )
    group = forms.ChoiceField(
        choices=[("", _("All position groups"))] + list(PositionGroup.choices),
        required=False,
        label=_("Position group"),
    )
    position = forms.ModelChoiceField(
        queryset=Position.objects.order_by("sort_order", "code"),
        to_field_name="code",
        required=False,
        empty_label=_("All positions"),
        label=_("Position"),
    )

    def until_date(self) -> dt.date | None:
        """The last day of the month asked for, None for the end of the term."""
        value = self.cleaned_data.get("until") if self.is_valid() else None
        if not value:
            return None
        year, month = (int(part) for part in value.split("-"))
        return dt.date(year, month, monthrange(year, month)[1])


class FinderForm(forms.Form):
    """A post (position) of the organization and the date the successor must be ready by."""

    position = forms.ModelChoiceField(
        queryset=Position.objects.order_by("sort_order", "code"), to_field_name="code", label=_("Position")
    )
    at = forms.DateField(
        label=_("Ready by (date)"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        # a text box in dd/mm/yyyy: browsers show type=date in their own locale's order
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "size": 12}
        ),
        error_messages={"invalid": _("Enter a date as dd/mm/yyyy.")},
    )
