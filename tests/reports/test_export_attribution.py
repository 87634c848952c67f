"""Every report file says who asked for it and when (issue 14, personal data law)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from apps.reports.services import report_request, report_run
from tests.reports.test_views import site  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def test_report_files_name_the_requester(site: dict[str, Any]) -> None:  # noqa: F811
    viewer = site["viewer"]
    viewer.full_name = "Nguyễn Thị Hằng"
    viewer.save()
    report = report_request(user=viewer, organization=site["district"], term=site["term"], kind=None)
    report = report_run(report_id=report.pk)
    assert report is not None
    who = "Nguyễn Thị Hằng (xem)"
    data = json.loads(Path(report.json_file.path).read_text(encoding="utf-8"))
    assert data["requested_by"] == who
    book = openpyxl.load_workbook(io.BytesIO(Path(report.xlsx_file.path).read_bytes()), read_only=True)
    title = next(book.worksheets[0].iter_rows(values_only=True))[0]
    assert f"theo yêu cầu của {who}" in str(title) and "lập ngày" in str(title)
