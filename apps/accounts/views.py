import csv
import datetime as dt

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from apps.accounts.models import User
from apps.accounts.selectors import AUDIT_LIMIT, audit_entries, tracked_models
from apps.accounts.services import download_record


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for the load balancer and docker-compose: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# the help pages: one per area of the workspace (templates/help/<topic>.html), a fixed list
HELP_TOPICS = ("officials", "lists", "import", "rounds", "reports")


@require_GET
def help_page(request: HttpRequest, topic: str = "") -> HttpResponse:
    """A help page in plain words: what the area is for, how to use it, what its badges mean."""
    if topic and topic not in HELP_TOPICS:
        raise Http404
    return render(request, f"help/{topic or 'index'}.html", {"topic": topic, "topics": HELP_TOPICS})


# --- the audit page --------------------------------------------------------------------------------

AUDIT_CSV_HEADER = ["Thời điểm", "Người", "Thao tác", "Đối tượng", "Thay đổi (trường: cũ → mới)"]


def _audit_date(value: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(value.strip(), "%d/%m/%Y").date()
    except ValueError:
        return None


@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    """Every tracked change and download, filterable by person, object and date; ?format=csv exports it.

    System administrators only (superusers): the trail spans every organization.
    """
    if not request.user.is_superuser:
        raise PermissionDenied(_("Only system administrators may read the audit trail."))
    params = request.GET
    person = (
        User.objects.filter(username=params.get("person", "").strip()).first()
        if params.get("person")
        else None
    )
    entries = audit_entries(
        person=person,
        model=params.get("model", ""),
        object_id=params.get("object", "").strip(),
        since=_audit_date(params.get("since", "")),
        until=_audit_date(params.get("until", "")),
    )
    if params.get("format") == "csv":
        download_record(request, "Nhật ký thay đổi (CSV)")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="nhat-ky-thay-doi.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        now = timezone.localtime()
        writer.writerow([f"Xuất bởi {request.user} ({request.user.get_username()}) lúc {now:%d/%m/%Y %H:%M}"])
        writer.writerow(AUDIT_CSV_HEADER)
        for entry in entries:
            changes = "; ".join(f"{name}: {old} → {new}" for name, old, new in entry.changes)
            writer.writerow([timezone.localtime(entry.when).strftime("%d/%m/%Y %H:%M:%S"), entry.who, entry.what,
                             entry.object, changes])  # fmt: skip
        return response
    context = {
        "entries": entries,
        "models": tracked_models(),
        "params": params,
        "unknown_person": bool(params.get("person")) and person is None,
        "limit": AUDIT_LIMIT,
        "query": params.urlencode(),
    }
    return render(request, "accounts/audit.html", context)
