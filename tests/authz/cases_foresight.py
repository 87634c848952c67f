"""Authorization cases of the foresight pages: term projection, its Excel file, org chart, finder."""

from tests.authz.matrix import LOGIN, READ_OWNED_BY_A, Case, expect
from tests.authz.world import ACTORS

ONLY_PROVINCE_USERS = expect(READ_OWNED_BY_A, viewer=404, editor=404)
MISSING = expect(ONLY_PROVINCE_USERS, sibling=404, parent_approver=404, admin=404)
REDIRECTED = {actor: 302 for actor in ACTORS} | {"anonymous": LOGIN}


def _scoped(url: str, query: str = "") -> list[Case]:
    """One URL taking an organization pk, tried on A (own), A1 (below), B (sibling), P (above), a missing id."""
    return [
        Case(url, READ_OWNED_BY_A, kwargs=lambda w: {"pk": w.A.pk}, query=query),
        Case(url, READ_OWNED_BY_A, kwargs=lambda w: {"pk": w.A1.pk}, query=query, label="commune"),
        Case(
            url,
            expect(ONLY_PROVINCE_USERS, sibling=200),
            kwargs=lambda w: {"pk": w.B.pk},
            query=query,
            label="sibling-org",
        ),
        Case(
            url,
            expect(ONLY_PROVINCE_USERS, sibling=404),
            kwargs=lambda w: {"pk": w.P.pk},
            query=query,
            label="province",
        ),
        Case(url, MISSING, kwargs=lambda w: {"pk": 987654321}, query=query, label="missing"),
    ]


CASES = [
    # the user's own organization: a redirect to its projection
    Case("reports:projection_default", REDIRECTED),
    *_scoped("reports:projection", "term=2025-2030&until=2030-12"),
    *_scoped("reports:projection_xlsx", "term=2025-2030"),
    *_scoped("reports:org_chart", "term=2025-2030"),
    *_scoped("reports:finder", "position=PHO_BI_THU&at=2030-01-01"),
]

READ_OWNED_BY_B = expect(READ_OWNED_BY_A, viewer=404, editor=404, sibling=200)
NOBODY_FOUND = expect(MISSING, viewer=404, editor=404)
RECHECK = "rule_set=&reference_date=01/01/2031"

CASES += [
    # re-checking a list under another rule set or date: every reader of the list, nothing stored
    Case("planning:recheck", READ_OWNED_BY_A, kwargs=lambda w: {"pk": w.list_a.pk}),
    Case(
        "planning:recheck", READ_OWNED_BY_A, kwargs=lambda w: {"pk": w.list_a.pk}, query=RECHECK, label="run"
    ),
    Case(
        "planning:recheck",
        READ_OWNED_BY_B,
        kwargs=lambda w: {"pk": w.list_b.pk},
        query=RECHECK,
        label="sibling-list",
    ),
    Case("planning:recheck", NOBODY_FOUND, kwargs=lambda w: {"pk": 987654321}, label="missing"),
]


def _alert_of_a(world: object) -> dict[str, int]:
    """An alert of district A (made here: the world has none)."""
    from apps.reports.models import Alert, AlertKind

    alert = Alert.objects.create(
        kind=AlertKind.RETIRING,
        key=f"authz:{world.A.pk}",  # type: ignore[attr-defined]
        organization=world.A,  # type: ignore[attr-defined]
        message="Kiểm thử",
        url="/",
    )
    return {"pk": alert.pk}


ANY_USER_OK = {actor: 200 for actor in ACTORS} | {"anonymous": LOGIN}

CASES += [
    # alerts: every user sees those of their own subtrees only
    Case("reports:alerts", ANY_USER_OK),
    Case("reports:alerts_badge", ANY_USER_OK, htmx=True),
    Case("reports:alerts_read_all", REDIRECTED, method="POST", data=lambda w: {}),
    Case(
        "reports:alert_open",
        expect(READ_OWNED_BY_A, viewer=302, editor=302, parent_approver=302, admin=302),
        kwargs=_alert_of_a,
        method="POST",
        data=lambda w: {},
    ),
    Case(
        "reports:alert_open",
        MISSING,
        kwargs=lambda w: {"pk": 987654321},
        method="POST",
        data=lambda w: {},
        label="missing",
    ),
]
