from __future__ import annotations

from typing import Any

from django.db import models

from apps.accounts.access import Action, subtree_q


class PlanningListQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def for_user(self, user: Any, action: str = Action.READ) -> PlanningListQuerySet:
        """Lists of organizations in a subtree where the user may do `action`."""
        return self.filter(subtree_q(user, "organization__path", action))

    def in_subtree(self, org: Any) -> PlanningListQuerySet:
        """Lists of the organization and of every organization below it."""
        return self.filter(organization__path__startswith=org.path)

    def latest_versions(self) -> PlanningListQuerySet:
        """Only the newest edition of each (organization, term, kind)."""
        # NOT EXISTS, not a LEFT JOIN ... IS NULL: PostgreSQL plans it as an anti-join and estimates
        # the number of lists right, which keeps the entry scans of large reports on hash joins.
        newer = self.model.objects.filter(previous=models.OuterRef("pk"))
        return self.filter(~models.Exists(newer))


class PlanningEntryQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def for_user(self, user: Any, action: str = Action.READ) -> PlanningEntryQuerySet:
        """Entries of lists the user may see (or act on)."""
        return self.filter(subtree_q(user, "planning_list__organization__path", action))

    def active(self) -> PlanningEntryQuerySet:
        return self.filter(status="active")
