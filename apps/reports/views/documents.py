"""Downloads of the papers of a round (contracts §8) and of the list's reading export, from the list page.

The list is fetched with `get_scoped_or_404`: outside the user's subtrees it is a 404, as on the list
page. Every download is recorded (`download_record`).
"""

from __future__ import annotations

import io

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from apps.accounts.access import get_scoped_or_404
from apps.accounts.services import download_record
from apps.planning.models import PlanningList
from apps.reports.documents import BUILDERS, CONTENT_TYPES, NAMES, WRITERS, build_document, write_document
from apps.reports.documents.xlsx_export import export_file_name, write_list_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _scoped(request: HttpRequest, pk: int) -> PlanningList:
    return get_scoped_or_404(
        PlanningList, request.user, pk, queryset=PlanningList.objects.select_related("organization", "term")
    )


def _attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def planning_document_download(request: HttpRequest, pk: int, document: str, fmt: str) -> HttpResponse:
    """One paper of the list (list, votes, training) as .docx or .pdf."""
    if document not in BUILDERS or fmt not in WRITERS:
        raise Http404(_("Not found."))
    planning_list = _scoped(request, pk)
    paper = build_document(planning_list=planning_list, document=document)
    buffer = io.BytesIO()
    write_document(paper, fmt, buffer)
    filename = f"{paper.file_stem}.{fmt}"
    download_record(request, f"{filename} — {NAMES[document]} (danh sách #{planning_list.pk})")
    return _attachment(buffer.getvalue(), filename, CONTENT_TYPES[fmt])


@require_GET
def planning_list_reading_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The list as a spreadsheet for reading: names, dates and the conclusion per candidate."""
    planning_list = _scoped(request, pk)
    buffer = io.BytesIO()
    write_list_xlsx(planning_list=planning_list, stream=buffer)
    filename = export_file_name(planning_list)
    download_record(request, f"{filename} — Danh sách để đọc (danh sách #{planning_list.pk})")
    return _attachment(buffer.getvalue(), filename, XLSX)
