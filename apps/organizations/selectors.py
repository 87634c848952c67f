"""Reading the organizations app for other apps' pages."""

from __future__ import annotations

from apps.organizations.models import Position


def position_names() -> dict[str, str]:
    """The position catalogue as code -> Vietnamese name, in one query."""
    return dict(Position.objects.values_list("code", "name"))
