"""Authorization cases of the compliance report pages (see test_matrix.py).

Reports are read through ComplianceReport.objects.for_user: a report of A is seen by A's users and the
province's, a 404 for B's editor. Any reader of an organization may request its report.
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from apps.organizations.models import Organization, Term
from apps.reports.models import ComplianceReport, ReportStatus
from tests.authz.matrix import ANY_USER, READ_OWNED_BY_A, Case, expect
from tests.authz.world import World

# Requesting a report of A: every reader of A may (302 to the report); B's editor gets the form back
# with an error, since A is not among the organizations offered (200).
REQUEST_FOR_A = expect(READ_OWNED_BY_A, viewer=302, editor=302, sibling=200, parent_approver=302, admin=302)


def _report(world: World, organization: Organization, *, done: bool = True) -> ComplianceReport:
    """A report of `organization`; when done, with a small JSON file in storage."""
    report, _ = ComplianceReport.objects.get_or_create(
        organization=organization,
        term=Term.objects.get(code="2025-2030"),
        kind="",
        fingerprint=f"authz-{organization.code}-{done}",
        defaults={
            "status": ReportStatus.DONE if done else ReportStatus.RUNNING,
            "progress": 100 if done else 40,
        },
    )
    if done and not report.json_file:
        name = f"reports/authz/{organization.code}.json"
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(b"{}"))
        report.json_file.name = name
        report.save(update_fields=["json_file"])
    return report


def report_a(world: World) -> dict[str, Any]:
    return {"pk": _report(world, world.A).pk}


def running_report_a(world: World) -> dict[str, Any]:
    return {"pk": _report(world, world.A, done=False).pk}


def report_b(world: World) -> dict[str, Any]:
    return {"pk": _report(world, world.B).pk}


def request_a(world: World) -> dict[str, Any]:
    return {"organization": world.A.pk, "term": world.list_a.term_id, "kind": "next"}


READ_OWNED_BY_B = expect(READ_OWNED_BY_A, viewer=404, editor=404, sibling=200)

CASES = [
    Case("reports:index", ANY_USER),
    Case("reports:index", REQUEST_FOR_A, method="POST", data=request_a, label="request"),
    Case("reports:detail", READ_OWNED_BY_A, kwargs=report_a),
    Case("reports:detail", READ_OWNED_BY_B, kwargs=report_b, label="of-B"),
    Case("reports:progress", READ_OWNED_BY_A, kwargs=running_report_a, htmx=True),
    Case("reports:download", READ_OWNED_BY_A, kwargs=lambda w: {**report_a(w), "fmt": "json"}),
    Case("reports:download", READ_OWNED_BY_B, kwargs=lambda w: {**report_b(w), "fmt": "json"}, label="of-B"),
    # a file that is not offered: not done, or a format the report lacks
    Case(
        "reports:download",
        expect(READ_OWNED_BY_A, viewer=404, editor=404, parent_approver=404, admin=404),
        kwargs=lambda w: {**running_report_a(w), "fmt": "json"},
        label="running",
    ),
    Case(
        "reports:download",
        expect(READ_OWNED_BY_A, viewer=404, editor=404, parent_approver=404, admin=404),
        kwargs=lambda w: {**report_a(w), "fmt": "pdf"},
        label="missing-format",
    ),
]
