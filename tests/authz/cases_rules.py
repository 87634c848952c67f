"""Authorization cases of the rule-set pages: rule sets are not organization data, every user reads them."""

from __future__ import annotations

from tests.authz.matrix import ANY_USER, LOGIN, Case
from tests.authz.world import ACTORS

CASES = [
    Case("rules:list", ANY_USER),
    Case("rules:detail", ANY_USER, kwargs=lambda w: {"code": "HD16-2022"}),
    Case("rules:detail", ANY_USER, kwargs=lambda w: {"code": "QD377-2025"}, label="qd377"),
    Case(
        "rules:detail",
        {actor: 404 for actor in ACTORS} | {"anonymous": LOGIN},
        kwargs=lambda w: {"code": "KHONG-CO"},
        label="unknown",
    ),
    # the pages only read: a POST is refused
    Case("rules:list", {actor: 405 for actor in ACTORS} | {"anonymous": LOGIN}, method="POST", label="post"),
]
