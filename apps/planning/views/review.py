"""The yearly review of a list (R7): recording its date from the list page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.accounts.access import Action
from apps.planning import services
from apps.planning.views.common import scoped_list

MSG_REVIEW_RECORDED = gettext_lazy("The yearly review of this list is recorded on %(date)s.")


@require_POST
def planning_list_record_review(request: HttpRequest, pk: int) -> HttpResponse:
    planning_list = scoped_list(request, pk, Action.EDIT)
    on = services.planning_list_record_review(planning_list=planning_list, user=request.user)
    messages.success(request, str(MSG_REVIEW_RECORDED) % {"date": on.strftime("%d/%m/%Y")})
    return redirect("planning:detail", pk=pk)
