from __future__ import annotations

from typing import Any

from django.db import models

from apps.accounts.access import Action, subtree_q


class OfficialQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def for_user(self, user: Any, action: str = Action.READ) -> OfficialQuerySet:
        """Officials whose workplace is in a subtree where the user may do `action`."""
        return self.filter(subtree_q(user, "organization__path", action))

    def in_subtree(self, org: Any) -> OfficialQuerySet:
        """Officials working in the organization or below it."""
        return self.filter(organization__path__startswith=org.path)


class ScopedByOfficialQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def for_user(self, user: Any, action: str = Action.READ) -> ScopedByOfficialQuerySet:
        """Rows of officials the user may see (or act on)."""
        return self.filter(subtree_q(user, "official__organization__path", action))
