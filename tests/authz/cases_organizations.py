"""Authorization cases of the organization pages (see test_matrix.py)."""

from tests.authz.matrix import ANY_USER, READ_OWNED_BY_A, Case, expect

ONLY_PROVINCE_USERS = expect(READ_OWNED_BY_A, viewer=404, editor=404)

CASES = [
    Case("organizations:tree", ANY_USER),
    Case("organizations:detail", READ_OWNED_BY_A, kwargs=lambda w: {"pk": w.A.pk}),
    Case("organizations:detail", READ_OWNED_BY_A, kwargs=lambda w: {"pk": w.A1.pk}, label="commune"),
    Case(
        "organizations:detail",
        expect(ONLY_PROVINCE_USERS, sibling=200),
        kwargs=lambda w: {"pk": w.B.pk},
        label="sibling-org",
    ),
    Case(
        "organizations:detail",
        expect(ONLY_PROVINCE_USERS, sibling=404),
        kwargs=lambda w: {"pk": w.P.pk},
        label="province",
    ),
    Case(
        "organizations:detail",
        expect(ONLY_PROVINCE_USERS, sibling=404, parent_approver=404, admin=404),
        kwargs=lambda w: {"pk": 987654321},
        label="missing",
    ),
    Case("organizations:children", READ_OWNED_BY_A, kwargs=lambda w: {"pk": w.A.pk}, htmx=True),
    # the unit picker answers every user, with their own scope only (tests/organizations/test_picker.py)
    Case("organizations:search", ANY_USER, query="q=xa&for=people", htmx=True),
]
