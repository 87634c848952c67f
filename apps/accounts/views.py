import base64
import csv
import datetime as dt

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET

from apps.accounts import twofactor
from apps.accounts.lockout import second_step_locked
from apps.accounts.models import User
from apps.accounts.selectors import (
    AUDIT_LIMIT,
    audit_entries,
    tracked_models,
    two_factor_backup_count,
    two_factor_device,
    two_factor_required,
)
from apps.accounts.services import (
    download_record,
    two_factor_backup_codes_renew,
    two_factor_confirm,
    two_factor_reset,
    two_factor_start,
    two_factor_throttled,
)
from apps.accounts.services import two_factor_verify as two_factor_verify_code


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


# --- two-factor login ------------------------------------------------------------------------------


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _locked_out(request: HttpRequest) -> HttpResponse:
    """The user's sign-in is locked (too many wrong passwords or codes): end the half-open session."""
    logout(request)
    return render(request, "accounts/locked_out.html", status=429)


def _step_context(request: HttpRequest, **extra: object) -> dict[str, object]:
    return {"next": _next_url(request), "second_factor_pending": twofactor.is_pending(request), **extra}


@never_cache
@sensitive_post_parameters("code")
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Login step 2: the code of the authenticator app, or a backup code, after the password."""
    user = request.user
    if two_factor_device(user=user) is None:
        return redirect(twofactor.step_url(twofactor.ENROL, _next_url(request)))
    if twofactor.pending_step(request) is None:
        return redirect(_next_url(request))
    if second_step_locked(request, user):
        return _locked_out(request)
    error = ""
    if request.method == "POST":
        if two_factor_verify_code(request=request, code=request.POST.get("code", "")):
            return redirect(_next_url(request))
        elif getattr(request, "axes_locked_out", False):
            return _locked_out(request)
        elif two_factor_throttled(user=user):
            error = _("Wrong code. Too many wrong codes: wait a moment before the next try.")
        else:
            error = _("Wrong code: enter the 6 digits the app shows now, or one of your backup codes.")
    return render(request, "accounts/two_factor_verify.html", _step_context(request, error=error))


@never_cache
@sensitive_post_parameters("code")
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """The user's two-factor page: enrol (QR code, secret, a code to confirm), renew backup codes, and
    turn it off for those who are not required to use it. Backup codes are shown once, in the answer."""
    user = request.user
    device = two_factor_device(user=user)
    required = two_factor_required(user=user)
    if device is not None and twofactor.pending_step(request) is not None:
        return redirect(twofactor.step_url(twofactor.VERIFY, _next_url(request)))
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if device is not None:
        codes: list[str] = []
        if action == "renew":
            codes = two_factor_backup_codes_renew(user=user)
        elif action == "disable" and not required:
            two_factor_reset(user=user)
            request.session[twofactor.SESSION_KEY] = twofactor.NONE
            messages.success(request, _("Two-factor login is turned off for your account."))
            return redirect("two_factor_setup")
        context = _step_context(
            request,
            device=device,
            required=required,
            codes=codes,
            backup_left=two_factor_backup_count(user=user),
        )
        return render(request, "accounts/two_factor_status.html", context)
    if second_step_locked(request, user):
        return _locked_out(request)
    error = ""
    if action == "confirm":
        codes_or_none = two_factor_confirm(request=request, code=request.POST.get("code", ""))
        if codes_or_none is not None:
            context = _step_context(request, codes=codes_or_none, enrolled=True)
            return render(request, "accounts/two_factor_codes.html", context)
        if getattr(request, "axes_locked_out", False):
            return _locked_out(request)
        error = _("Wrong code: scan the QR code again and enter the 6 digits the app shows now.")
    pending = two_factor_start(user=user)
    uri = pending.config_url
    secret = base64.b32encode(pending.bin_key).decode()
    context = _step_context(
        request,
        required=required,
        error=error,
        qr=segno.make(uri, error="m").svg_data_uri(scale=5, border=2),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        uri=uri,
    )
    return render(request, "accounts/two_factor_setup.html", context)
