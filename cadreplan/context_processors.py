"""Template context every page shares: the help page of the area the page belongs to (the "?" link)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

# URL namespace (and, for planning, the name's start) -> help topic
AREAS = {"people": "officials", "organizations": "officials", "reports": "reports", "planning": "lists"}
PLANNING_TOPICS = {"import": "import", "vote": "rounds", "round": "rounds"}


def help_link(request: HttpRequest) -> dict[str, str]:
    match = getattr(request, "resolver_match", None)
    topic = AREAS.get(match.namespace if match else "", "")
    if match and match.namespace == "planning":
        topic = next(
            (t for start, t in PLANNING_TOPICS.items() if (match.url_name or "").startswith(start)), topic
        )
    if match and match.url_name == "home":
        topic = ""
    url = reverse("help_topic", args=[topic]) if topic else reverse("help")
    return {"help_url": url}
