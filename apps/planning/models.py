"""Planning lists (danh sách quy hoạch) and their entries."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.organizations.models import TargetGroup
from apps.planning.querysets import PlanningEntryQuerySet, PlanningListQuerySet


class ListKind(models.TextChoices):
    CURRENT = "current", _("Current term (review and supplement)")
    NEXT = "next", _("Next term (build)")


class ListStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class PlanningList(models.Model):
    """One organization × term × kind; `version` counts editions, an approved edition is frozen."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="planning_lists",
        verbose_name=_("organization"),
    )
    term = models.ForeignKey(
        "organizations.Term", on_delete=models.PROTECT, related_name="+", verbose_name=_("term")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ListKind.choices)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_version",
        verbose_name=_("previous version"),
    )
    reference_date = models.DateField(_("reference date"))
    status = models.CharField(
        _("status"), max_length=10, choices=ListStatus.choices, default=ListStatus.DRAFT
    )
    rule_set = models.ForeignKey(
        "rules.RuleSet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("rule set (chosen)"),
        help_text=_("Leave empty to use the rule set in force on the reference date."),
    )
    rule_set_used = models.ForeignKey(
        "rules.RuleSet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("rule set used"),
        editable=False,
    )
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    # R7: both regulations ask for a review of every list each year
    last_reviewed_on = models.DateField(_("last yearly review"), null=True, blank=True)
    return_comment = models.TextField(_("comment when returned"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("approved or returned by"),
    )
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("updated by"),
    )

    objects = PlanningListQuerySet.as_manager()

    class Meta:
        verbose_name = _("planning list")
        verbose_name_plural = _("planning lists")
        ordering = ["organization__path", "term__start_date", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "term", "kind", "version"], name="uniq_list_org_term_kind_version"
            ),
        ]
        indexes = [models.Index(fields=["term", "kind", "status"], name="list_term_kind_status_idx")]

    def __str__(self) -> str:
        return f"{self.organization} — {self.term.code} — {self.get_kind_display()}"

    @property
    def is_frozen(self) -> bool:
        return self.status in (ListStatus.APPROVED, ListStatus.SUBMITTED)


class EntryStatus(models.TextChoices):
    ACTIVE = "active", _("In the plan")
    REMOVED = "removed", _("Removed from the plan")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class PlanningEntry(models.Model):
    """One official planned for one position in one list; removal keeps the row."""

    planning_list = models.ForeignKey(
        PlanningList, on_delete=models.CASCADE, related_name="entries", verbose_name=_("planning list")
    )
    official = models.ForeignKey(
        "people.Official",
        on_delete=models.PROTECT,
        related_name="planning_entries",
        verbose_name=_("official"),
    )
    position = models.ForeignKey(
        "organizations.Position",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("planned position"),
    )
    target_group_override = models.PositiveSmallIntegerField(
        _("target group (override)"), choices=TargetGroup.choices, null=True, blank=True
    )
    first_time = models.BooleanField(_("planned for the first time"), default=True)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.ACTIVE
    )
    removed_reason = models.CharField(_("reason for removal"), max_length=500, blank=True)
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("removed by"),
    )
    flagged_for_review = models.CharField(_("flagged for review"), max_length=500, blank=True)
    added_although_ineligible = models.BooleanField(
        _("added although not eligible (the user confirmed)"), default=False, editable=False
    )
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PlanningEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("planning entry")
        verbose_name_plural = _("planning entries")
        ordering = ["planning_list", "position__sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["planning_list", "official", "position"],
                condition=Q(status="active"),
                name="uniq_active_entry",
            ),
            models.CheckConstraint(
                condition=Q(status="active") | (~Q(removed_reason="") & Q(removed_on__isnull=False)),
                name="removed_entry_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["planning_list", "status"], name="entry_list_status_idx"),
            # R6: the officials with more active entries than a cap, counted on this index alone
            models.Index(fields=["official"], condition=Q(status="active"), name="entry_active_official_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.official} → {self.position}"


class VoteStep(models.TextChoices):
    CONFERENCE = "conference", _("Key-cadre conference")
    STANDING = "standing", _("Standing committee")
    COMMITTEE = "committee", _("Party committee")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class NominationVote(models.Model):
    """The figures of one vote step on an entry (domain §4)."""

    entry = models.ForeignKey(
        PlanningEntry, on_delete=models.CASCADE, related_name="votes", verbose_name=_("entry")
    )
    step = models.CharField(_("step"), max_length=20, choices=VoteStep.choices)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    summoned = models.PositiveIntegerField(_("summoned"))
    present = models.PositiveIntegerField(_("present"))
    valid_ballots = models.PositiveIntegerField(_("valid ballots"))
    in_favour = models.PositiveIntegerField(_("in favour"))

    class Meta:
        verbose_name = _("nomination vote")
        verbose_name_plural = _("nomination votes")
        constraints = [
            models.UniqueConstraint(fields=["entry", "step"], name="uniq_vote_step"),
            models.CheckConstraint(
                condition=Q(present__lte=models.F("summoned"))
                & Q(valid_ballots__lte=models.F("present"))
                & Q(in_favour__lte=models.F("valid_ballots")),
                name="vote_figures_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()}: {self.in_favour}/{self.valid_ballots}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class VoteSession(models.Model):
    """One vote step of a list (domain §4): its date, and who saved its figures last (optimistic lock)."""

    planning_list = models.ForeignKey(
        PlanningList, on_delete=models.CASCADE, related_name="vote_sessions", verbose_name=_("planning list")
    )
    step = models.CharField(_("step"), max_length=20, choices=VoteStep.choices)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    revision = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("vote step")
        verbose_name_plural = _("vote steps")
        constraints = [models.UniqueConstraint(fields=["planning_list", "step"], name="uniq_list_vote_step")]

    def __str__(self) -> str:
        return f"{self.planning_list} — {self.get_step_display()}"
