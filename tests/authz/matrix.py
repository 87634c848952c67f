"""The vocabulary of authorization cases: `Case`, the `LOGIN` outcome and the common expectations.

See the docstring of tests/authz/test_matrix.py for how to add cases.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.authz.world import ACTORS, World

LOGIN = "login"  # the anonymous outcome: a redirect to the login page

Expectation = Mapping[str, int | str]


def no_kwargs(world: World) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Case:
    """One request to one named URL, tried as every actor of the world.

    url     -- the URL name, "namespace:name" ("people:detail")
    expect  -- actor -> expected status code, or LOGIN; every actor of ACTORS must be given
    kwargs  -- world -> the URL's keyword arguments
    method  -- "GET" or "POST"
    data    -- world -> the POST body (a valid submission, so that 302 means "it was done")
    query   -- a query string appended to the URL, without "?"
    htmx    -- send the HX-Request header (for fragments the pages load with htmx)
    label   -- tells apart several cases of one URL in test ids
    """

    url: str
    expect: Expectation
    kwargs: Callable[[World], dict[str, Any]] = no_kwargs
    method: str = "GET"
    data: Callable[[World], dict[str, Any]] | None = None
    query: str = ""
    htmx: bool = False
    label: str = ""
    extra_headers: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        missing = set(ACTORS) - set(self.expect)
        if missing:
            raise ValueError(f"{self.url}: no expectation for {sorted(missing)}")

    @property
    def id(self) -> str:
        return f"{self.url}[{self.method}{'-' + self.label if self.label else ''}]"


def expect(base: Expectation, **overrides: int | str) -> dict[str, int | str]:
    """A copy of `base` with some actors' outcomes changed."""
    return {**base, **overrides}


# Reading something owned by A: the A subtree's users and the province's users may, B's may not (404).
READ_OWNED_BY_A: Expectation = {
    "anonymous": LOGIN,
    "viewer": 200,
    "editor": 200,
    "sibling": 404,
    "parent_approver": 200,
    "admin": 200,
}
# Opening an edit form of something owned by A: read-only roles get 403, outsiders 404.
EDIT_FORM_OF_A: Expectation = expect(READ_OWNED_BY_A, viewer=403, parent_approver=403)
# Posting a valid edit of something owned by A: done (302 to the result page) by editor and admin.
EDIT_POST_OF_A: Expectation = expect(EDIT_FORM_OF_A, editor=302, admin=302)
# A page every logged-in user may open (showing only their own scope).
ANY_USER: Expectation = {actor: 200 for actor in ACTORS} | {"anonymous": LOGIN}
