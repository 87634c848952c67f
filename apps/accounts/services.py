"""Writes of the accounts app: recording who downloaded which file (the audit trail of downloads)."""

from __future__ import annotations

from django.http import HttpRequest

from apps.accounts.models import DownloadRecord


def download_record(request: HttpRequest, what: str) -> None:
    """Note that the request's user downloaded `what` (a report file or an export)."""
    user = request.user if request.user.is_authenticated else None
    DownloadRecord.objects.create(
        user=user, username=getattr(user, "username", ""), what=what[:255], path=request.path[:255]
    )
