"""Rule sets: every configurable threshold of domain.md §3, as dated data."""

from __future__ import annotations

import pghistory
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """Organization levels, highest first: rule-set rows and organizations each sit at one."""

    CENTRAL = "central", _("Central")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")
    GRASSROOTS = "grassroots", _("Grassroots")


class Severity(models.TextChoices):
    ERROR = "error", _("Error")
    WARNING = "warning", _("Warning")


class QuotaCode(models.TextChoices):
    """The structure measures of R4-R5, by the engine's finding codes; the labels every page and file uses."""

    YOUNG = "QUOTA_YOUNG", _("Young officials")
    WOMEN = "QUOTA_WOMEN", _("Women")
    ETHNIC = "QUOTA_ETHNIC", _("Ethnic minorities")


class DisciplineThreshold(models.TextChoices):
    REPRIMAND = "reprimand", _("Reprimand or heavier")
    WARNING = "warning", _("Warning or heavier")
    DISMISSAL = "dismissal", _("Dismissal or heavier")
    EXPULSION = "expulsion", _("Expulsion")


class RuleSetQuerySet(models.QuerySet["RuleSet"]):
    def in_force_on(self, day: object) -> RuleSetQuerySet:
        """Rule sets valid on `day` (open bounds allowed), newest start first."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        ).order_by(models.F("valid_from").desc(nulls_last=True))


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class RuleSet(models.Model):
    """A dated, named set of rule parameters (HD16-2022, QD377-2025, or a province's own)."""

    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)
    source = models.TextField(_("source documents"), blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    # R3: months of work left that a candidate needs
    current_group1_months = models.PositiveSmallIntegerField(_("current list, group 1: months"), default=72)
    current_group2_months = models.PositiveSmallIntegerField(_("current list, group 2: months"), default=120)
    next_group1_min_months = models.PositiveSmallIntegerField(
        _("next list, group 1: minimum months"), default=60
    )
    next_group1_preferred_months = models.PositiveSmallIntegerField(
        _("next list, group 1: preferred months"), default=120
    )
    next_group2_months = models.PositiveSmallIntegerField(_("next list, group 2: months"), default=120)
    # R3: codes of the catalogue posts whose holders are in target group 1 (holders of another catalogue post
    # are in group 2; an unknown current post falls back to the planned position's default). Codes, not
    # foreign keys: the catalogue lives in organizations, above rules in the layers.
    group1_current_posts = models.JSONField(
        _("current posts that make target group 1 (position codes)"), default=list, blank=True
    )
    use_current_post_for_target_group = models.BooleanField(
        _("target group from the official's current post"), default=True
    )
    # R6
    max_people_per_position = models.PositiveSmallIntegerField(_("maximum people per position"), default=3)
    max_positions_per_person = models.PositiveSmallIntegerField(_("maximum positions per person"), default=3)
    min_bench = models.PositiveSmallIntegerField(_("minimum people per position (bench)"), default=2)
    require_higher_position = models.BooleanField(
        _("only plan for a post higher than the one held"), default=False
    )
    pending_proposal_warning = models.BooleanField(
        _("warn on officials with a pending proposal to appoint or nominate them"), default=False
    )
    # R7
    discipline_threshold = models.CharField(
        _("discipline that counts"),
        max_length=20,
        choices=DisciplineThreshold.choices,
        default=DisciplineThreshold.REPRIMAND,
    )
    discipline_severity = models.CharField(
        _("severity of a discipline finding"), max_length=10, choices=Severity.choices, default=Severity.ERROR
    )
    auto_remove = models.BooleanField(
        _("removal triggers remove the entry (otherwise flag for review)"), default=True
    )
    discipline_from_decision = models.BooleanField(
        _("discipline counts for a period from the decision (otherwise while in effect)"), default=False
    )
    discipline_months_reprimand = models.PositiveSmallIntegerField(
        _("months from a reprimand decision"), default=24
    )
    discipline_months_warning = models.PositiveSmallIntegerField(
        _("months from a warning decision"), default=36
    )
    discipline_months_dismissal = models.PositiveSmallIntegerField(
        _("months from a dismissal decision"), default=60
    )
    # §4 and R8
    vote_threshold_percent = models.DecimalField(
        _("votes needed (% of valid ballots, more than)"), max_digits=5, decimal_places=2, default=50
    )
    confidence_low_review_percent = models.DecimalField(
        _("share of low confidence votes that flags an official for review (%, at least; to confirm)"),
        max_digits=5,
        decimal_places=2,
        default=50,
    )
    non_local_target_percent = models.DecimalField(
        _("target share of non-local commune secretaries/chairs (%)"),
        max_digits=5,
        decimal_places=2,
        default=50,
    )

    # R8 (seed 003, QĐ 65, QĐ 377; targets configurable, None = shown with no target)
    rotation_target_percent = models.DecimalField(
        _("target share rotated in the term (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        default=10,
    )
    young_appointment_age_below = models.PositiveSmallIntegerField(
        _("young appointee: age below"), default=40
    )
    young_appointment_target_percent = models.DecimalField(
        _("target share of young appointments (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        default=10,
    )
    same_post_years = models.PositiveSmallIntegerField(
        _("years in one head post that call for rotation"), default=8
    )
    age_band_1_below = models.PositiveSmallIntegerField(_("first age band: below"), default=50)
    age_band_2_below = models.PositiveSmallIntegerField(_("second age band: below"), default=60)
    science_technology_target_percent = models.DecimalField(
        _("target share of officials with science and technology qualifications (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    # Names of the parameters whose numbers come from a seed article or a press summary, not a primary
    # text (docs/rules.md): shown as "to confirm" on the rule-set page until an administrator clears them.
    to_confirm = models.JSONField(_("parameters still to confirm"), default=list, blank=True)

    objects = RuleSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        ordering = [models.F("valid_from").asc(nulls_first=True)]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end of validity must not be before its start.")})
        for name in ("group1_current_posts", "to_confirm"):
            value = getattr(self, name)
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise ValidationError({name: _('Give a list of codes, for example ["BI_THU", "CT_UBND"].')})


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class RuleSetLevel(models.Model):
    """Per-level parameters of a rule set: young-age limit and structure targets (R4, R5)."""

    rule_set = models.ForeignKey(
        RuleSet, on_delete=models.CASCADE, related_name="levels", verbose_name=_("rule set")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    young_age_below = models.PositiveSmallIntegerField(_("young: age below"))
    young_target = models.DecimalField(
        _("young share target (%)"), max_digits=5, decimal_places=2, null=True, blank=True, default=15
    )
    women_target = models.DecimalField(
        _("women share target (%)"), max_digits=5, decimal_places=2, null=True, blank=True, default=25
    )
    ethnic_target = models.DecimalField(
        _("ethnic minority share target (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    woman_in_each_group = models.BooleanField(_("each position group needs a woman"), default=False)
    young_committee_target = models.DecimalField(
        _("young committee members target (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("level parameters")
        verbose_name_plural = _("level parameters")
        constraints = [models.UniqueConstraint(fields=["rule_set", "level"], name="uniq_ruleset_level")]

    def __str__(self) -> str:
        return f"{self.rule_set} — {self.get_level_display()}"
