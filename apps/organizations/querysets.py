from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from apps.organizations.models import Organization


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def in_subtree(self, org: Organization) -> OrganizationQuerySet:
        """The organization and everything below it: one indexed prefix query."""
        return self.filter(path__startswith=org.path)

    def for_user(self, user: object, action: str = "read") -> OrganizationQuerySet:
        """Organizations in the subtrees of the user's memberships where the user may do `action`."""
        from apps.accounts.access import subtree_q

        return self.filter(subtree_q(user, "path", action))
