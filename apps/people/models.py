"""Officials (cán bộ), their discipline records and work history."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.education import education_text, is_level
from apps.core.ethnicity import KINH, canonical_ethnicity, is_listed
from apps.core.text import fold_name
from apps.people.querysets import OfficialQuerySet, ScopedByOfficialQuerySet


def is_ethnic_minority(ethnicity: str) -> bool:
    """Any ethnicity other than Kinh (empty, "kinh", "Việt" mean Kinh) counts as an ethnic minority."""
    return (canonical_ethnicity(ethnicity) or ethnicity) != KINH


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class PoliticalTheory(models.TextChoices):
    ELEMENTARY = "so_cap", _("Elementary")
    INTERMEDIATE = "trung_cap", _("Intermediate")
    ADVANCED = "cao_cap", _("Advanced")
    BACHELOR = "cu_nhan", _("Bachelor")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Official(models.Model):
    """A person who can be planned (cán bộ)."""

    full_name = models.CharField(_("full name"), max_length=255)
    # accent- and case-folded name: what the search box matches (fold_name)
    search_name = models.CharField(max_length=255, editable=False, default="")
    birth_date = models.DateField(_("birth date"))
    birth_year_only = models.BooleanField(_("only the birth year is known"), default=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=100, default="Kinh", blank=True)
    ethnic_minority = models.BooleanField(_("ethnic minority"), default=False, editable=False)
    # NULL, not "", when absent: the unique constraint applies only to given numbers
    national_id = models.CharField(_("national ID number"), max_length=12, null=True, blank=True)  # noqa: DJ001
    home_town = models.CharField(_("home town"), max_length=255, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="officials",
        verbose_name=_("workplace"),
    )
    current_position = models.ForeignKey(
        "organizations.Position",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="holders",
        verbose_name=_("current post (catalogue)"),
    )
    current_position_title = models.CharField(_("current post"), max_length=255, blank=True)
    party_admission_date = models.DateField(_("party admission date"), null=True, blank=True)
    # one of apps.core.education.EDUCATION_LEVELS ("" when not recorded); a value off the list is
    # shown for correction by the form, never silently kept
    education = models.CharField(_("professional qualification"), max_length=255, blank=True)
    education_subject = models.CharField(_("degree and subject"), max_length=255, blank=True)
    political_theory = models.CharField(
        _("political theory"), max_length=20, choices=PoliticalTheory.choices, blank=True
    )
    # R8 (QĐ 377): counted in the share of officials with science and technology qualifications
    science_technology = models.BooleanField(_("science and technology qualification"), default=False)
    is_local = models.BooleanField(_("local to the organization"), default=True)
    meets_political_standard = models.BooleanField(_("meets the political standard"), default=True)
    political_standard_note = models.CharField(_("political standard conclusion"), max_length=500, blank=True)
    retirement_override = models.DateField(_("retirement date override"), null=True, blank=True)
    retirement_override_reason = models.CharField(_("reason for the override"), max_length=500, blank=True)
    # R1: a woman official allowed to retire at 60 instead of the roadmap age, with its legal basis
    retires_at_60 = models.BooleanField(_("retires at 60"), default=False)
    retires_at_60_basis = models.CharField(_("legal basis for retiring at 60"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
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

    objects = OfficialQuerySet.as_manager()

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = ["search_name", "birth_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["national_id"],
                condition=Q(national_id__isnull=False),
                name="uniq_official_national_id",
            ),
            models.CheckConstraint(
                condition=Q(retirement_override__isnull=True) | ~Q(retirement_override_reason=""),
                name="retirement_override_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(retires_at_60=False) | Q(sex="F"), name="retires_at_60_women_only"
            ),
        ]
        indexes = [
            GinIndex(fields=["search_name"], name="official_search_trgm", opclasses=["gin_trgm_ops"]),
            models.Index(fields=["search_name", "birth_date", "sex"], name="official_match_idx"),
            models.Index(fields=["organization"], name="official_org_idx"),
            # the officials list sorted by age (national scope: 470,000 rows)
            models.Index(fields=["birth_date", "search_name"], name="official_birth_name_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        # derived columns only; every bulk path calls the same two helpers
        self.search_name = fold_name(self.full_name)
        self.ethnic_minority = is_ethnic_minority(self.ethnicity)
        super().save(*args, **kwargs)

    @property
    def ethnicity_is_listed(self) -> bool:
        """True when the stored ethnicity is one of the 54 groups as the list writes it (empty: Kinh)."""
        return self.ethnicity == "" or is_listed(self.ethnicity)

    @property
    def education_is_listed(self) -> bool:
        """True when the stored education is one of the levels (or not recorded)."""
        return is_level(self.education)

    @property
    def education_display(self) -> str:
        """The level and subject as one phrase ("Thạc sĩ Luật"); "" when neither is recorded."""
        return education_text(self.education, self.education_subject)


class DisciplineLevel(models.TextChoices):
    REPRIMAND = "reprimand", _("Reprimand")
    WARNING = "warning", _("Warning")
    DISMISSAL = "dismissal", _("Dismissal")
    EXPULSION = "expulsion", _("Expulsion")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class DisciplineRecord(models.Model):
    """A discipline decision and the period it is in effect."""

    official = models.ForeignKey(
        Official, on_delete=models.CASCADE, related_name="disciplines", verbose_name=_("official")
    )
    level = models.CharField(_("discipline level"), max_length=20, choices=DisciplineLevel.choices)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    start_date = models.DateField(_("in effect from"))
    end_date = models.DateField(_("in effect until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    objects = ScopedByOfficialQuerySet.as_manager()

    class Meta:
        verbose_name = _("discipline record")
        verbose_name_plural = _("discipline records")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="discipline_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} ({self.start_date:%d/%m/%Y})"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class WorkHistory(models.Model):
    """A post an official held, with its dates; rotations (luân chuyển) are flagged."""

    official = models.ForeignKey(
        Official, on_delete=models.CASCADE, related_name="work_history", verbose_name=_("official")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organization"),
    )
    position = models.ForeignKey(
        "organizations.Position",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("position"),
    )
    title = models.CharField(_("post"), max_length=255, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    is_rotation = models.BooleanField(_("rotation"), default=False)

    objects = ScopedByOfficialQuerySet.as_manager()

    class Meta:
        verbose_name = _("work history")
        verbose_name_plural = _("work history")
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return self.title or str(self.position or "")


class ProposalKind(models.TextChoices):
    APPOINT = "appoint", _("Proposal to appoint")
    NOMINATE = "nominate", _("Nomination for election")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Proposal(models.Model):
    """A proposal to appoint an official or nominate them for election (R6, QD377): pending until decided."""

    official = models.ForeignKey(
        Official, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("official")
    )
    kind = models.CharField(_("kind of proposal"), max_length=20, choices=ProposalKind.choices)
    position_title = models.CharField(_("proposed post"), max_length=255, blank=True)
    proposed_on = models.DateField(_("proposed on"))
    body = models.CharField(_("proposing body"), max_length=255)
    decided_on = models.DateField(_("decided or withdrawn on"), null=True, blank=True)

    objects = ScopedByOfficialQuerySet.as_manager()

    class Meta:
        verbose_name = _("appointment or nomination proposal")
        verbose_name_plural = _("appointment or nomination proposals")
        ordering = ["-proposed_on"]
        indexes = [models.Index(fields=["official"], name="proposal_official_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=models.F("proposed_on")),
                name="proposal_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.proposed_on:%d/%m/%Y})"


class ConclusionKind(models.TextChoices):
    TASK_FAILURE = "task_failure", _("Did not complete the assigned tasks")
    VIOLATION = "violation", _("Violated the rules")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class BoardConclusion(models.Model):
    """A conclusion of the board that removes an official from planning (R7): not completing the assigned
    tasks (không hoàn thành nhiệm vụ) or a violation of the rules (vi phạm quy định), with its date."""

    official = models.ForeignKey(
        Official, on_delete=models.CASCADE, related_name="conclusions", verbose_name=_("official")
    )
    kind = models.CharField(_("conclusion"), max_length=20, choices=ConclusionKind.choices)
    concluded_on = models.DateField(_("concluded on"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = ScopedByOfficialQuerySet.as_manager()

    class Meta:
        verbose_name = _("board conclusion")
        verbose_name_plural = _("board conclusions")
        ordering = ["-concluded_on"]
        indexes = [models.Index(fields=["official"], name="conclusion_official_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.concluded_on:%d/%m/%Y})"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ConfidenceVote(models.Model):
    """A confidence vote (lấy phiếu tín nhiệm) on an incumbent at one conference: high / medium / low."""

    official = models.ForeignKey(
        Official, on_delete=models.CASCADE, related_name="confidence_votes", verbose_name=_("official")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organization holding the conference"),
    )
    conference = models.CharField(_("conference"), max_length=255)
    held_on = models.DateField(_("held on"))
    high = models.PositiveIntegerField(_("high confidence"))
    medium = models.PositiveIntegerField(_("medium confidence"))
    low = models.PositiveIntegerField(_("low confidence"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("updated by"),
    )

    objects = ScopedByOfficialQuerySet.as_manager()

    class Meta:
        verbose_name = _("confidence vote")
        verbose_name_plural = _("confidence votes")
        ordering = ["-held_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["official", "organization", "conference", "held_on"], name="uniq_confidence_vote"
            )
        ]

    def __str__(self) -> str:
        return f"{self.conference} {self.held_on:%d/%m/%Y}: {self.high}/{self.medium}/{self.low}"

    @property
    def total(self) -> int:
        return self.high + self.medium + self.low

    @property
    def low_share(self) -> float | None:
        return round(100 * self.low / self.total, 2) if self.total else None
