from __future__ import annotations

from typing import Any

from django.db import models

from apps.accounts.access import Action, subtree_q


class ComplianceReportQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def for_user(self, user: Any, action: str = Action.READ) -> ComplianceReportQuerySet:
        """Reports of organizations in a subtree the user may see."""
        return self.filter(subtree_q(user, "organization__path", action))


class SummaryQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def for_user(self, user: Any) -> SummaryQuerySet:
        """Summary rows of lists in the user's subtrees (denormalized path: no join)."""
        return self.filter(subtree_q(user, "org_path"))

    def in_subtree(self, org: Any) -> SummaryQuerySet:
        return self.filter(org_path__startswith=org.path)


class AlertQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def for_user(self, user: Any, action: str = Action.READ) -> AlertQuerySet:
        """Alerts of organizations in the user's subtrees."""
        return self.filter(subtree_q(user, "organization__path", action))

    def unread_by(self, user: Any) -> AlertQuerySet:
        """Alerts the user has not read."""
        return self.exclude(reads__user=user)
