"""A planning list as a file: export, the blank template, and import with a preview before writing."""

from __future__ import annotations

import datetime as dt
import shutil
import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.access import Action, can_see_national_id, get_scoped_or_404
from apps.accounts.services import download_record
from apps.core.spreadsheets import XLSX_TYPE, RowError, tabular_check
from apps.core.workers import WorkersBusy, WorkTimedOut, run_bounded
from apps.organizations.models import Organization, Term
from apps.planning import services
from apps.planning.forms import (
    ImportConfirmForm,
    ImportUploadForm,
)
from apps.planning.models import ListKind
from apps.planning.services import planning_export_rows
from apps.planning.services.import_template import write_planning_workbook
from apps.planning.views.common import (
    IMPORT_MAX_AGE,
    IMPORT_SESSION_KEY,
    MSG_CHECK_BUSY,
    MSG_CHECK_TIMEOUT,
    MSG_IMPORT_EXPIRED,
    MSG_IMPORTED,
    can_edit_somewhere,
    scoped_list,
)

# --- Export --------------------------------------------------------------------------------------------


def _xlsx_response(
    filename: str,
    rows: Iterable[dict[str, str]],
    organizations: QuerySet[Organization],
    *,
    made_by: Any = None,
    source: str = "",
) -> HttpResponse:
    """The planning workbook: the table (every cell text, so it round-trips exactly) and its help sheets.

    With `made_by` it is an export: the file's properties and a sheet after the others say who made
    it, when, and of what.
    """
    response = HttpResponse(content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    tmp_dir = Path(settings.MEDIA_ROOT) / "exports"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    # constant_memory streams rows to temporary files; the workbook itself is written to the response.
    write_planning_workbook(
        response,
        rows,
        organizations=list(organizations.order_by("path")),
        finish=None if made_by is None else (lambda book: _export_attribution(book, made_by, source)),
        tmpdir=str(tmp_dir),
    )
    return response


EXPORT_INFO_SHEET = "Thông tin xuất tệp"


def _export_attribution(workbook: Any, user: Any, source: str) -> None:
    """Who exported what and when, in the file itself (personal data law: every export is attributed)."""
    now = timezone.localtime()
    who = f"{user} ({user.get_username()})"
    workbook.set_properties(
        {"author": who, "created": now, "comments": f"Xuất bởi {who} lúc {now:%d/%m/%Y %H:%M}"}
    )
    info = workbook.add_worksheet(EXPORT_INFO_SHEET)
    info.set_column(0, 0, 22)
    info.set_column(1, 1, 60)
    for row, (label, value) in enumerate(
        [
            ("Người xuất", who),
            ("Thời điểm xuất", now.strftime("%d/%m/%Y %H:%M")),
            ("Nội dung", source),
            ("Lưu ý", "Tệp chứa dữ liệu cá nhân (Luật 91/2025/QH15): chỉ dùng cho công tác cán bộ."),
        ]
    ):
        info.write_string(row, 0, label)
        info.write_string(row, 1, value)


@require_GET
def planning_list_export(request: HttpRequest, pk: int) -> HttpResponse:
    planning_list = scoped_list(request, pk)
    filename = (
        f"quy-hoach_{planning_list.organization.code}_{planning_list.term.code}_"
        f"{planning_list.kind}_v{planning_list.version}.xlsx"
    )
    full_id = can_see_national_id(request.user, planning_list.organization.path)
    rows = planning_export_rows(planning_list=planning_list, mask_national_id=not full_id)
    source = (
        f"Danh sách quy hoạch {planning_list.organization.code} — {planning_list.term.code} — "
        f"{planning_list.kind}, phiên bản {planning_list.version}"
    )
    download_record(request, f"{filename} — {source}")
    return _xlsx_response(
        filename,
        rows,
        Organization.objects.for_user(request.user, Action.READ).in_subtree(planning_list.organization),
        made_by=request.user,
        source=source,
    )


@require_GET
def planning_template(request: HttpRequest) -> HttpResponse:
    scope = Organization.objects.for_user(request.user, Action.EDIT)
    if not scope.exists():
        scope = Organization.objects.for_user(request.user, Action.READ)
    return _xlsx_response("mau-danh-sach-quy-hoach.xlsx", (), scope)


FILE_CHECK_TIMEOUT = int(getattr(settings, "FILE_CHECK_TIMEOUT", 20))  # seconds a request waits for it

# --- Import --------------------------------------------------------------------------------------------


def _import_dir(token: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / token


def _pending_imports(request: HttpRequest) -> dict[str, dict[str, Any]]:
    return request.session.setdefault(IMPORT_SESSION_KEY, {})


def _discard_import(request: HttpRequest, token: str) -> None:
    pending = _pending_imports(request)
    if pending.pop(token, None) is not None:
        request.session.modified = True
    shutil.rmtree(_import_dir(str(uuid.UUID(token))), ignore_errors=True)


@require_http_methods(["GET", "POST"])
def planning_import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a planning file and preview it (dry run): every row error, nothing written."""
    if not can_edit_somewhere(request.user):
        raise PermissionDenied(str(services.ERR_NOT_EDITOR))
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            return _import_preview(request, form.cleaned_data)
    else:
        initial = _import_initial(request)
        form = ImportUploadForm(user=request.user, initial=initial)
    return render(request, "planning/import_upload.html", {"form": form})


def _import_initial(request: HttpRequest) -> dict[str, Any]:
    """Prefill the upload form from ?list=<id> (a list the user may edit)."""
    list_id = request.GET.get("list", "")
    if not list_id.isdigit():
        return {}
    planning_list = scoped_list(request, int(list_id), Action.EDIT)
    return {
        "organization": planning_list.organization_id,
        "term": planning_list.term_id,
        "kind": planning_list.kind,
    }


def _sweep_imports(request: HttpRequest) -> None:
    """One pending import per session; files of abandoned sessions go after IMPORT_MAX_AGE."""
    for token in list(_pending_imports(request)):
        _discard_import(request, token)
    root = Path(settings.MEDIA_ROOT) / "imports"
    if root.is_dir():
        cutoff = time.time() - IMPORT_MAX_AGE
        for folder in root.iterdir():
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)


def _import_preview(request: HttpRequest, data: dict[str, Any]) -> HttpResponse:
    upload = data["file"]
    _sweep_imports(request)
    token = str(uuid.uuid4())
    suffix = Path(upload.name).suffix.lower()
    folder = _import_dir(token)
    folder.mkdir(parents=True, exist_ok=True)
    # The stored name is ours, never the client's: only the suffix is kept, to tell .csv from .xlsx.
    stored = folder / f"upload{suffix}"
    with stored.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    arguments = {
        "organization": data["organization"],
        "term": data["term"],
        "kind": data["kind"],
        "reference_date": data["reference_date"],
    }
    problem = _check_file(str(stored), upload.name)
    if problem is not None:
        result = services.ImportResult(errors=[problem], dry_run=True)
    else:
        result = services.planning_list_import(
            file=str(stored), filename=upload.name, user=request.user, dry_run=True, **arguments
        )
    if result.ok:
        _pending_imports(request)[token] = {
            "filename": upload.name,
            "suffix": suffix,
            "organization": data["organization"].pk,
            "term": data["term"].pk,
            "kind": data["kind"],
            "reference_date": data["reference_date"].isoformat() if data["reference_date"] else None,
        }
        request.session.modified = True
    else:
        shutil.rmtree(folder, ignore_errors=True)
    token_form = ImportConfirmForm(initial={"token": token}) if result.ok else None
    return _render_preview(request, result, upload.name, arguments, token_form)


def _check_file(path: str, filename: str) -> RowError | None:
    """The file-only checks of an upload (package, sheet scan, header) on the bounded worker pool, so that
    a slow or hostile file holds one of its few workers, never the site's request threads."""
    try:
        return run_bounded(lambda: tabular_check(file=path, filename=filename), timeout=FILE_CHECK_TIMEOUT)
    except WorkersBusy:
        return RowError(0, "", str(MSG_CHECK_BUSY))
    except WorkTimedOut:
        return RowError(0, "", str(MSG_CHECK_TIMEOUT) % {"seconds": FILE_CHECK_TIMEOUT})


def _render_preview(
    request: HttpRequest, result: Any, filename: str, target: dict[str, Any], token_form: Any
) -> HttpResponse:
    """The check of a file: its row errors, or what confirming would write (with `token_form`)."""
    context = {
        "result": result,
        "filename": filename,
        "confirm_form": token_form,
        "upload_form": ImportUploadForm(user=request.user, initial=target),
        "kind_choices": ListKind.choices,
        **target,
    }
    return render(request, "planning/import_preview.html", context)


@require_POST
def planning_import_confirm(request: HttpRequest) -> HttpResponse:
    """Run a previewed import for real; the file is found through the session, never a posted path."""
    if not can_edit_somewhere(request.user):
        raise PermissionDenied(str(services.ERR_NOT_EDITOR))
    form = ImportConfirmForm(request.POST)
    token = str(form.cleaned_data["token"]) if form.is_valid() else ""
    pending = _pending_imports(request).get(token) if token else None
    stored = _import_dir(token) / f"upload{pending['suffix']}" if pending else None
    if pending is None or stored is None or not stored.exists():
        messages.error(request, str(MSG_IMPORT_EXPIRED))
        return redirect("planning:import")
    organization = get_scoped_or_404(Organization, request.user, pending["organization"], action=Action.EDIT)
    term = Term.objects.get(pk=pending["term"])
    reference_date = dt.date.fromisoformat(pending["reference_date"]) if pending["reference_date"] else None
    try:
        result = services.planning_list_import(
            file=str(stored),
            filename=pending["filename"],
            organization=organization,
            term=term,
            kind=pending["kind"],
            reference_date=reference_date,
            user=request.user,
        )
    finally:
        _discard_import(request, token)
    if not result.ok:
        # something changed since the preview (another user, a frozen list): show the errors again
        target = {"organization": organization, "term": term, "kind": pending["kind"], "reference_date": None}
        return _render_preview(request, result, pending["filename"], target, None)
    messages.success(
        request, str(MSG_IMPORTED) % {"created": result.entries_created, "updated": result.entries_updated}
    )
    return redirect("planning:detail", pk=result.planning_list_id)
