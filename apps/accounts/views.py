from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from apps.accounts.access import home_organization_id
from apps.accounts.selectors import latest_term_findings, lists_by_status, retiring_soon
from apps.organizations.models import Organization
from apps.planning.models import ListStatus


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The user's organization and the figures of their subtree."""
    org_id = home_organization_id(request.user)
    retiring, retiring_total = retiring_soon(user=request.user, today=timezone.localdate())
    context = {
        "home_org": Organization.objects.for_user(request.user).filter(pk=org_id).first() if org_id else None,
        "statuses": ListStatus.choices,
        "status_rows": lists_by_status(user=request.user),
        "findings": latest_term_findings(user=request.user),
        "retiring": retiring,
        "retiring_total": retiring_total,
    }
    return render(request, "home.html", context)


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for the load balancer and docker-compose: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
