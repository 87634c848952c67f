"""Authorization matrix: every named URL is tried as every actor and must give the expected outcome.

How it works
------------
* `tests/authz/world.py` builds a fixed world: province P with districts A and B, commune A1 under A,
  and six actors -- anonymous, viewer (of A), editor (of A), sibling (editor of B), parent_approver
  (approver of P) and admin (admin of P) -- plus objects owned by A (officials, a draft list with an
  entry, a submitted list) and one of each owned by B and by P.
* Every module `tests/authz/cases_<area>.py` defines `CASES: list[Case]` (see `tests/authz/matrix.py`).
  A case names a URL, how to get its kwargs from the world, the method, a POST body if any, and the
  expected outcome for each actor: a status code, or `LOGIN` (redirect to the login page).
* `test_case_as_actor` runs each case once per actor in a fresh world (the `world` fixture of
  tests/conftest.py; the database is rolled back between runs, so a POST case may change the world).
* `test_every_url_has_a_case` walks the URL resolver and fails for any named URL pattern that has no
  case, except the admin, i18n and the public patterns listed in `PUBLIC` below.

Adding a page
-------------
1. Give the URL pattern a name in your app's `urls.py`.
2. Add a `Case` to your area's file (create `tests/authz/cases_<area>.py` with a `CASES` list; the
   module is picked up by its name). Start from the shared expectations in `matrix.py`
   (`READ_OWNED_BY_A`, `EDIT_FORM_OF_A`, `EDIT_POST_OF_A`, `ANY_USER`) and change actors with
   `expect(base, actor=status)`.
3. The conventions the matrix checks: outside the user's subtrees a scoped object is 404 (never 403,
   so ids cannot be probed); inside read scope, an action the role may not do is 403; a successful POST
   redirects (302); anonymous users are redirected to the login page.
4. If the page needs an object the world lacks, add it to `World` (never change existing ones).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.authz.matrix import LOGIN, Case
from tests.authz.world import ACTORS, World
from tests.two_factor import force_login_both_steps

# Named URLs that need no case: reachable without logging in, and tested where they are made.
PUBLIC = {
    "login": "the login page (tests/accounts/test_login.py)",
    "logout": "logging out (tests/accounts/test_login.py)",
    "healthz": "liveness probe for the load balancer, no data",
    "set_language": "Django's i18n view: stores the interface language only",
}
EXCLUDED_NAMESPACES = {"admin"}  # Django admin: staff only, guarded by the admin site itself


def load_cases() -> list[Case]:
    cases: list[Case] = []
    for path in sorted(Path(__file__).parent.glob("cases_*.py")):
        module = importlib.import_module(f"tests.authz.{path.stem}")
        cases.extend(module.CASES)
    return cases


CASES = load_cases()


def named_urls(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[str]:
    """Every named URL pattern as "namespace:name"."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in EXCLUDED_NAMESPACES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


def request_as(case: Case, world: World, actor: str):  # type: ignore[no-untyped-def]
    client = Client()
    user = world.users[actor]
    if user is not None:
        # both login steps: the password, and the two-factor code for the approver and the admin
        force_login_both_steps(client, user)
    url = reverse(case.url, kwargs=case.kwargs(world))
    if case.query:
        url = f"{url}?{case.query}"
    headers = dict(case.extra_headers)
    if case.htmx:
        headers["HX-Request"] = "true"
    if case.method == "POST":
        return client.post(url, case.data(world) if case.data else {}, headers=headers)
    return client.get(url, headers=headers)


@pytest.mark.parametrize(
    ("case", "actor"),
    [pytest.param(case, actor, id=f"{case.id}-{actor}") for case in CASES for actor in ACTORS],
)
def test_case_as_actor(case: Case, actor: str, world: World) -> None:
    response = request_as(case, world, actor)
    expected = case.expect[actor]
    location = response.get("Location", "")
    login_url = reverse("login")
    if expected == LOGIN:
        assert response.status_code == 302 and location.startswith(login_url), (
            f"{case.id} as {actor}: expected a redirect to the login page, got {response.status_code} {location}"
        )
    else:
        assert response.status_code == expected, (
            f"{case.id} as {actor}: expected {expected}, got {response.status_code} {location}"
        )
        if expected == 302:
            assert not location.startswith(login_url), f"{case.id} as {actor}: redirected to log in"


def test_every_url_has_a_case() -> None:
    covered = {case.url for case in CASES}
    missing = sorted(name for name in set(named_urls()) if name not in covered and name not in PUBLIC)
    assert missing == [], (
        f"URL patterns with no authorization case (add them to tests/authz/cases_*.py): {missing}"
    )


def test_every_case_names_an_existing_url() -> None:
    known = set(named_urls())
    assert sorted({case.url for case in CASES} - known) == []


def test_cases_cover_every_actor_and_method() -> None:
    for case in CASES:
        assert set(case.expect) == set(ACTORS), case.id
        assert case.method in {"GET", "POST"}, case.id
        assert all(v == LOGIN or isinstance(v, int) for v in case.expect.values()), case.id
