"""Re-checking a list under another rule set or reference date: the difference entry by entry, nothing stored."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from apps.planning.forms import RecheckForm
from apps.planning.selectors import planning_list_recheck
from apps.planning.views.common import scoped_list


@require_GET
def planning_list_recheck_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Readers of the list choose a rule set and/or a date; the page shows who gains or loses eligibility."""
    planning_list = scoped_list(request, pk)
    form = RecheckForm(request.GET or None)
    recheck = None
    if form.is_bound and form.is_valid():
        rule_set = form.cleaned_data["rule_set"]
        recheck = planning_list_recheck(
            planning_list=planning_list,
            rule_set_id=rule_set.pk if rule_set else None,
            reference_date=form.cleaned_data["reference_date"],
        )
    return render(
        request, "planning/list_recheck.html", {"pl": planning_list, "form": form, "recheck": recheck}
    )
