"""Who may do what where: every permission decision on organization-scoped data goes through here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from apps.accounts.models import Role

M = TypeVar("M", bound=models.Model)


class Action:
    READ = "read"
    EDIT = "edit"
    APPROVE = "approve"
    MANAGE = "manage"


ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.VIEWER: frozenset({Action.READ}),
    Role.EDITOR: frozenset({Action.READ, Action.EDIT}),
    Role.APPROVER: frozenset({Action.READ, Action.APPROVE}),
    Role.ADMIN: frozenset({Action.READ, Action.EDIT, Action.APPROVE, Action.MANAGE}),
}


@dataclass(frozen=True)
class Grant:
    org_id: int
    path: str
    role: str


def grants(user: Any) -> tuple[Grant, ...]:
    """The user's memberships as (org, path, role), read once per user object."""
    if not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, "_cadreplan_grants", None)
    if cached is None:
        from apps.accounts.models import Membership

        cached = tuple(
            Grant(org_id, path, role)
            for org_id, path, role in Membership.objects.filter(user=user).values_list(
                "organization_id", "organization__path", "role"
            )
        )
        user._cadreplan_grants = cached
    return cached


def subtree_q(user: Any, path_field: str, action: str = Action.READ) -> Q:
    """A filter on `path_field` (an organization path) to the subtrees where the user may do `action`."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Q()
    q = Q(pk__in=[])
    for grant in grants(user):
        if action in ROLE_ACTIONS[grant.role]:
            q |= Q(**{f"{path_field}__startswith": grant.path})
    return q


def can(user: Any, action: str, org_path: str) -> bool:
    """True when the user may do `action` on data of the organization with this path."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(org_path.startswith(g.path) and action in ROLE_ACTIONS[g.role] for g in grants(user))


def can_see_national_id(user: Any, org_path: str) -> bool:
    """Editors and administrators of the organization see national IDs in full; viewers and approvers
    (who read and decide, never enter or match people) see the last four digits."""
    return can(user, Action.EDIT, org_path)


def can_approve(user: Any, org_path: str) -> bool:
    """Approving needs an approver of an organization strictly above, or an admin of the subtree."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    for g in grants(user):
        if g.role == Role.ADMIN and org_path.startswith(g.path):
            return True
        if g.role == Role.APPROVER and org_path.startswith(g.path) and org_path != g.path:
            return True
    return False


def home_organization_id(user: Any) -> int | None:
    """The organization a user lands on: the highest one of their memberships."""
    user_grants = sorted(grants(user), key=lambda g: len(g.path))
    return user_grants[0].org_id if user_grants else None


def get_scoped_or_404(
    model: type[M], user: Any, pk: Any, *, action: str = Action.READ, queryset: Any = None
) -> M:
    """The object if the user may read it (else 404) and may do `action` on it (else 403).

    Scope goes through `model.objects.for_user(user, action)`, the one scoping hook of each model: an
    object outside the user's subtrees is indistinguishable from one that does not exist.
    """
    base = queryset if queryset is not None else model.objects.all()  # type: ignore[attr-defined]
    try:
        obj = base.for_user(user, Action.READ).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError) as exc:  # type: ignore[attr-defined]
        raise Http404(_("Not found.")) from exc
    if action != Action.READ and not model.objects.for_user(user, action).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
        raise PermissionDenied(_("You may view this record but not change it."))
    return obj
