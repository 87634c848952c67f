"""Alerts: the bell of every page (a fragment loaded with htmx), the list, opening one, marking all read."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.access import get_scoped_or_404
from apps.reports.models import Alert, AlertRead
from apps.reports.services.alerts import alert_mark_read, alerts_mark_all_read

ALERTS_PAGE = 30


def _alerts(request: HttpRequest):  # type: ignore[no-untyped-def]
    read = AlertRead.objects.filter(alert=OuterRef("pk"), user_id=request.user.pk or 0)
    return Alert.objects.for_user(request.user).annotate(is_read=Exists(read)).select_related("organization")


@require_GET
def alerts_badge(request: HttpRequest) -> HttpResponse:
    """htmx: the number of unread alerts of the user's subtrees, for the bell."""
    unread = Alert.objects.for_user(request.user).unread_by(request.user).count()
    return render(request, "reports/_alerts_badge.html", {"unread": unread})


@require_GET
def alert_index(request: HttpRequest) -> HttpResponse:
    """The alerts of the user's subtrees, unread first, newest first."""
    alerts = _alerts(request).order_by("is_read", "-created_at", "-id")
    page = Paginator(alerts, ALERTS_PAGE).get_page(request.GET.get("page"))
    unread = Alert.objects.for_user(request.user).unread_by(request.user).count()
    return render(request, "reports/alerts.html", {"page_obj": page, "unread": unread})


@require_POST
def alert_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the alert read and go to the page that resolves it."""
    alert = get_scoped_or_404(Alert, request.user, pk, queryset=_alerts(request))
    alert_mark_read(alert=alert, user=request.user)
    if url_has_allowed_host_and_scheme(alert.url, allowed_hosts=None):
        return redirect(alert.url)
    return redirect("reports:alerts")


@require_POST
def alerts_read_all(request: HttpRequest) -> HttpResponse:
    """Mark every alert of the user's subtrees read."""
    alerts_mark_all_read(user=request.user)
    return redirect("reports:alerts")
