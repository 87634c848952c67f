"""Authorization cases of the home page and the log-in pages (see test_matrix.py)."""

from tests.authz.matrix import ANY_USER, LOGIN, Case
from tests.authz.world import ACTORS

CASES = [
    Case("home", ANY_USER),
    # the help pages: the same for everyone logged in, no organization's data
    Case("help", ANY_USER),
    Case("help_topic", ANY_USER, kwargs=lambda w: {"topic": "lists"}),
    Case(
        "help_topic",
        ANY_USER | {a: 404 for a in ACTORS if a != "anonymous"},
        kwargs=lambda w: {"topic": "khac"},
        label="unknown",
    ),
    # a logged-in user who opens the login page is sent on to the home page
    Case("login", {actor: 302 for actor in ACTORS} | {"anonymous": 200}),
    # logging out ends on the login page, whoever asked
    Case("logout", {actor: LOGIN for actor in ACTORS}, method="POST"),
    # the audit trail spans every organization: system administrators (superusers) only
    Case("audit", {actor: 403 for actor in ACTORS} | {"anonymous": LOGIN}),
    Case("audit", {actor: 403 for actor in ACTORS} | {"anonymous": LOGIN}, query="format=csv", label="csv"),
    # two-factor login: each user's own devices, no organization's data. The matrix signs in with both
    # steps (tests/two_factor.py): the code page sends a verified session on, and a session with nothing
    # to verify to the enrolment page; the enrolment page is everyone's own
    Case("two_factor_verify", {actor: 302 for actor in ACTORS} | {"anonymous": LOGIN}),
    Case("two_factor_setup", ANY_USER),
    Case(
        "two_factor_setup",
        ANY_USER,
        method="POST",
        data=lambda w: {"action": "confirm", "code": "000000"},
        label="wrong-code",
    ),
]
