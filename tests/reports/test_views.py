"""The report pages: requesting, live progress (htmx), downloads, scoping."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.models import Membership, Role, User
from apps.organizations.models import Level, Term
from apps.planning.models import ListKind
from apps.reports.models import ComplianceReport, ReportStatus
from apps.reports.services import FILE_FIELDS, report_request, report_run

from .builders import org, person, plan, plan_list

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def site() -> dict[str, Any]:
    province = org("P", Level.PROVINCE)
    district = org("D", Level.DISTRICT, province)
    other = org("O", Level.DISTRICT, province)
    pl = plan_list(district, ListKind.NEXT, dt.date(2025, 6, 1))
    plan(pl, person("Nguyễn Thị Hằng", dt.date(1985, 7, 2), "F", district), "UV_BCH")
    plan_list(other, ListKind.NEXT, dt.date(2025, 6, 1))
    viewer = User.objects.create(username="xem")
    Membership.objects.create(user=viewer, organization=district, role=Role.VIEWER)
    outsider = User.objects.create(username="khac")
    Membership.objects.create(user=outsider, organization=other, role=Role.EDITOR)
    return {
        "district": district,
        "other": other,
        "viewer": viewer,
        "outsider": outsider,
        "term": Term.objects.get(code="2025-2030"),
    }


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_report(site: dict[str, Any], *, run: bool = True) -> ComplianceReport:
    report = report_request(user=site["viewer"], organization=site["district"], term=site["term"], kind=None)
    if run:
        report_run(report_id=report.pk)
        report.refresh_from_db()
    return report


def test_request_runs_the_report_and_shows_it(
    site: dict[str, Any], django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(site["viewer"])
    form = client.get(reverse("reports:index"))
    assert form.status_code == 200
    choices = re.findall(r'<option value="(\d+)"', form.content.decode())
    assert str(site["district"].pk) in choices and str(site["other"].pk) not in choices
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:index"),
            {"organization": site["district"].pk, "term": site["term"].pk, "kind": ""},
        )
    report = ComplianceReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:detail", args=[report.pk])
    # inline (no broker): done by the time the page loads
    page = client.get(response["Location"]).content.decode()
    assert report.status == ReportStatus.DONE or ComplianceReport.objects.get().status == ReportStatus.DONE
    for fmt in FILE_FIELDS:
        assert reverse("reports:download", args=[report.pk, fmt]) in page
    assert "hx-trigger" not in page  # nothing left to poll


def test_a_repeated_request_gives_the_same_report(
    site: dict[str, Any], django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(site["viewer"])
    data = {"organization": site["district"].pk, "term": site["term"].pk, "kind": ""}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:index"), data)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("reports:index"), data, follow=True)
    assert ComplianceReport.objects.count() == 1
    assert callbacks == []  # done already: nothing enqueued
    assert "đã được lập" in response.content.decode() or "already made" in response.content.decode()


def test_request_for_an_organization_outside_the_subtree_is_refused(site: dict[str, Any]) -> None:
    client = client_for(site["viewer"])
    response = client.post(
        reverse("reports:index"), {"organization": site["other"].pk, "term": site["term"].pk}
    )
    assert response.status_code == 200 and "field-error" in response.content.decode()
    assert not ComplianceReport.objects.exists()


def test_progress_is_polled_while_running(site: dict[str, Any]) -> None:
    report = make_report(site, run=False)
    ComplianceReport.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, progress=42)
    client = client_for(site["viewer"])
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    progress_url = reverse("reports:progress", args=[report.pk])
    assert f'hx-get="{progress_url}"' in page and 'hx-trigger="every 2s"' in page
    assert 'value="42"' in page
    assert reverse("reports:download", args=[report.pk, "pdf"]) not in page
    fragment = client.get(progress_url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
    ComplianceReport.objects.filter(pk=report.pk).update(status=ReportStatus.QUEUED, progress=0)
    report_run(report_id=report.pk)
    done = client.get(progress_url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done and reverse("reports:download", args=[report.pk, "xlsx"]) in done


def test_failed_report_shows_its_error(site: dict[str, Any]) -> None:
    report = make_report(site, run=False)
    ComplianceReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.FAILED, error="Không lập được báo cáo."
    )
    page = client_for(site["viewer"]).get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Không lập được báo cáo." in page and "hx-trigger" not in page


def test_download_gives_the_file(site: dict[str, Any]) -> None:
    report = make_report(site)
    client = client_for(site["viewer"])
    response = client.get(reverse("reports:download", args=[report.pk, "json"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert 'attachment; filename="bao-cao-tuan-thu_D_2025-2030.json"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert json.loads(b"".join(response.streaming_content))["organization"] == "D"
    xlsx = client.get(reverse("reports:download", args=[report.pk, "xlsx"]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_no_download_before_the_report_is_done(site: dict[str, Any]) -> None:
    report = make_report(site)
    ComplianceReport.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING)
    response = client_for(site["viewer"]).get(reverse("reports:download", args=[report.pk, "pdf"]))
    assert response.status_code == 404


def test_unknown_format_is_not_found(site: dict[str, Any]) -> None:
    report = make_report(site)
    assert (
        client_for(site["viewer"]).get(reverse("reports:download", args=[report.pk, "docx"])).status_code
        == 404
    )


def test_reports_of_other_organizations_are_hidden(site: dict[str, Any]) -> None:
    report = make_report(site)
    client = client_for(site["outsider"])
    for name, args in (("detail", [report.pk]), ("progress", [report.pk]), ("download", [report.pk, "pdf"])):
        assert client.get(reverse(f"reports:{name}", args=args)).status_code == 404
    assert (
        reverse("reports:detail", args=[report.pk])
        not in client.get(reverse("reports:index")).content.decode()
    )


def test_old_reports_stay_listed_with_their_downloads(site: dict[str, Any]) -> None:
    first = make_report(site)
    plan(
        ComplianceReport.objects.get().organization.planning_lists.get(),
        person("Lê Văn Tâm", dt.date(1980, 1, 1), "M", site["district"]),
        "UV_BCH",
    )
    second = make_report(site)
    assert first.pk != second.pk
    page = client_for(site["viewer"]).get(reverse("reports:index")).content.decode()
    for report in (first, second):
        assert reverse("reports:detail", args=[report.pk]) in page
        assert reverse("reports:download", args=[report.pk, "pdf"]) in page


def test_pages_have_no_inline_script_or_style(site: dict[str, Any]) -> None:
    report = make_report(site)
    client = client_for(site["viewer"])
    for url in (
        reverse("reports:index"),
        reverse("reports:detail", args=[report.pk]),
        reverse("reports:progress", args=[report.pk]),
    ):
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert " style=" not in html and "<style" not in html, url
