"""Authorization cases of the officials pages (see test_matrix.py)."""

from __future__ import annotations

from typing import Any

from apps.people.models import Official
from tests.authz.matrix import ANY_USER, EDIT_FORM_OF_A, EDIT_POST_OF_A, READ_OWNED_BY_A, Case, expect
from tests.authz.world import World

NOBODY = expect(READ_OWNED_BY_A, viewer=404, editor=404, parent_approver=404, admin=404)
# adding officials needs an edit role somewhere: the sibling may, in B only
CREATE_FORM = expect(EDIT_FORM_OF_A, sibling=200)


def official_form_data(official: Official, **changes: Any) -> dict[str, Any]:
    """The POST body the edit form would send for `official`, with some fields changed."""
    data: dict[str, Any] = {
        "full_name": official.full_name,
        "birth_date": official.birth_date.strftime("%d/%m/%Y"),
        "sex": official.sex,
        "ethnicity": official.ethnicity,
        "national_id": official.national_id or "",
        "home_town": official.home_town,
        "organization": official.organization_id,
        "current_position": official.current_position_id or "",
        "current_position_title": official.current_position_title,
        "party_admission_date": "",
        "education": official.education,
        "education_subject": official.education_subject,
        "political_theory": official.political_theory,
        "political_standard_note": official.political_standard_note,
        "retirement_override": "",
        "retirement_override_reason": "",
        "note": official.note,
        "revision": official.revision,
    }
    for flag in ("birth_year_only", "is_local", "meets_political_standard"):
        if getattr(official, flag):
            data[flag] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def new_official_in_a(world: World) -> dict[str, Any]:
    data = official_form_data(
        world.official_a, full_name="Phạm Thị Dung", national_id="001080000099", sex="F"
    )
    data.pop("revision")
    return data


CASES = [
    Case("people:list", ANY_USER),
    Case(
        "people:list",
        ANY_USER,
        query="q=nguyen+van&sex=M&age_min=30&age_max=60&planned=yes&sort=-birth",
        label="filtered",
    ),
    Case("people:list", ANY_USER, query="q=an", htmx=True, label="htmx"),
    Case("people:detail", READ_OWNED_BY_A, kwargs=lambda w: {"pk": w.official_a.pk}),
    Case("people:detail", READ_OWNED_BY_A, kwargs=lambda w: {"pk": w.official_a1.pk}, label="commune"),
    Case(
        "people:detail",
        expect(READ_OWNED_BY_A, viewer=404, editor=404, sibling=200),
        kwargs=lambda w: {"pk": w.official_b.pk},
        label="sibling-official",
    ),
    Case("people:detail", NOBODY, kwargs=lambda w: {"pk": 987654321}, label="missing"),
    Case("people:create", CREATE_FORM),
    # the sibling may add officials, but not in A: the form refuses the workplace (200, with an error)
    Case("people:create", expect(EDIT_POST_OF_A, sibling=200), method="POST", data=new_official_in_a),
    Case("people:edit", EDIT_FORM_OF_A, kwargs=lambda w: {"pk": w.official_a.pk}),
    Case("people:edit", EDIT_FORM_OF_A, kwargs=lambda w: {"pk": w.official_a1.pk}, label="commune"),
    Case(
        "people:edit",
        EDIT_POST_OF_A,
        kwargs=lambda w: {"pk": w.official_a.pk},
        method="POST",
        data=lambda w: official_form_data(w.official_a, home_town="Hà Nội"),
    ),
    Case(
        "people:edit",
        NOBODY,
        kwargs=lambda w: {"pk": 987654321},
        method="POST",
        data=lambda w: {},
        label="missing",
    ),
]
