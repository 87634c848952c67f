"""Forms of the report pages: they validate input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.access import home_organization_id
from apps.organizations.models import Organization, Term, TermKind
from apps.planning.models import ListKind


class ReportRequestForm(forms.Form):
    """A compliance report of an organization in the user's subtrees, for a term and optionally a kind."""

    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        label=_("Organization"),
        help_text=_("The report covers this organization and every organization under it."),
    )
    term = forms.ModelChoiceField(queryset=Term.objects.all(), label=_("Term"))
    kind = forms.ChoiceField(
        choices=[("", _("Both kinds of list"))] + list(ListKind.choices),
        required=False,
        label=_("Kind of list"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the choices, and so what validates, are the organizations the user may read
        self.fields["organization"].queryset = Organization.objects.for_user(user).order_by("path")  # type: ignore[attr-defined]
        # start from the user's own organization and the party term running today
        today = timezone.localdate()
        self.fields["organization"].initial = home_organization_id(user)
        self.fields["term"].initial = (
            Term.objects.filter(kind=TermKind.PARTY, start_date__lte=today).order_by("-start_date").first()
        )
