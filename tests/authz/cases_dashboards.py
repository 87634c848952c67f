"""Authorization cases of the dashboard pages (see test_matrix.py)."""

from tests.authz.matrix import ANY_USER, EDIT_POST_OF_A, READ_OWNED_BY_A, Case, expect

ONLY_PROVINCE_USERS = expect(READ_OWNED_BY_A, viewer=404, editor=404)


def _term(world: object) -> dict[str, str]:
    return {"term": "2025-2030"}


CASES = [
    Case("reports:dashboard", ANY_USER),
    Case("reports:dashboard_organization", READ_OWNED_BY_A, kwargs=lambda w: {"pk": w.A.pk}),
    Case(
        "reports:dashboard_organization",
        READ_OWNED_BY_A,
        kwargs=lambda w: {"pk": w.A1.pk},
        query="term=2025-2030&kind=next",
        label="commune",
    ),
    Case(
        "reports:dashboard_organization",
        expect(ONLY_PROVINCE_USERS, sibling=200),
        kwargs=lambda w: {"pk": w.B.pk},
        label="sibling-org",
    ),
    Case(
        "reports:dashboard_organization",
        expect(ONLY_PROVINCE_USERS, sibling=404),
        kwargs=lambda w: {"pk": w.P.pk},
        label="province",
    ),
    Case(
        "reports:dashboard_organization",
        expect(ONLY_PROVINCE_USERS, sibling=404, parent_approver=404, admin=404),
        kwargs=lambda w: {"pk": 987654321},
        label="missing",
    ),
    # recalculating the summaries: editors and administrators of the subtree
    Case(
        "reports:dashboard_refresh",
        EDIT_POST_OF_A,
        kwargs=lambda w: {"pk": w.A.pk},
        method="POST",
        data=_term,
    ),
    Case(
        "reports:dashboard_refresh",
        expect(EDIT_POST_OF_A, editor=404, viewer=404, sibling=404),
        kwargs=lambda w: {"pk": w.P.pk},
        method="POST",
        data=_term,
        label="province",
    ),
]
