"""Authorization cases of an official's work-history and discipline records (issue 10)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from apps.people.models import DisciplineRecord, WorkHistory
from tests.authz.matrix import EDIT_FORM_OF_A, EDIT_POST_OF_A, READ_OWNED_BY_A, Case, expect
from tests.authz.world import World


def work_a(world: World) -> dict[str, Any]:
    record = WorkHistory.objects.filter(official=world.official_a).first()
    assert record is not None
    return {"pk": world.official_a.pk, "kind": "work", "record_pk": record.pk}


def discipline_a(world: World) -> dict[str, Any]:
    record = DisciplineRecord.objects.create(
        official=world.official_a, level="reprimand", start_date=dt.date(2024, 1, 1), reason="Kiểm thử"
    )
    return {"pk": world.official_a.pk, "kind": "discipline", "record_pk": record.pk}


def work_data(world: World) -> dict[str, Any]:
    return {"title": "Phó Chánh Văn phòng", "start_date": "01/01/2015", "end_date": "31/12/2019"}


CASES = [
    # the confidence votes grid of an organization: read by its readers, saved by its editors
    Case("people:confidence", READ_OWNED_BY_A, kwargs=lambda w: {"org_pk": w.A.pk}),
    Case(
        "people:confidence",
        EDIT_POST_OF_A,
        kwargs=lambda w: {"org_pk": w.A.pk},
        method="POST",
        data=lambda w: {"conference": "Hội nghị BCH", "held_on": "20/11/2025"},
    ),
    Case("people:record_add", EDIT_FORM_OF_A, kwargs=lambda w: {"pk": w.official_a.pk, "kind": "work"}),
    Case(
        "people:record_add",
        EDIT_POST_OF_A,
        kwargs=lambda w: {"pk": w.official_a.pk, "kind": "discipline"},
        method="POST",
        data=lambda w: {"level": "warning", "start_date": "01/02/2024", "end_date": "", "reason": "Vi phạm"},
    ),
    Case("people:record_edit", EDIT_FORM_OF_A, kwargs=work_a),
    Case("people:record_edit", EDIT_POST_OF_A, kwargs=work_a, method="POST", data=work_data),
    # a record id of another official under A's official: not found, even for A's editor
    Case(
        "people:record_edit",
        expect(EDIT_FORM_OF_A, editor=404, admin=404),
        kwargs=lambda w: {
            "pk": w.official_a.pk,
            "kind": "discipline",
            "record_pk": DisciplineRecord.objects.get(official=w.official_b).pk,
        },
        label="foreign-record",
    ),
    Case("people:record_delete", EDIT_FORM_OF_A, kwargs=discipline_a),
    Case("people:record_delete", EDIT_POST_OF_A, kwargs=discipline_a, method="POST"),
]
