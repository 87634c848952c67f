"""The organization tree, terms and the position catalogue."""

from __future__ import annotations

import pghistory
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from apps.rules.models import Level  # the levels rules differ by; organizations sit at one

from .querysets import OrganizationQuerySet

PATH_STEP = 10  # digits of one id in the materialized path


LEVEL_ORDER = {level: rank for rank, level in enumerate(Level.values)}
# Vietnamese labels accepted on input whatever the interface language (contracts §3)
LEVEL_INPUT_LABELS = {
    "trung ương": Level.CENTRAL,
    "tỉnh": Level.PROVINCE,
    "huyện": Level.DISTRICT,
    "xã": Level.COMMUNE,
    "cơ sở": Level.GRASSROOTS,
}


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Organization(models.Model):
    """A node of the party organization tree; `path` makes any subtree one indexed prefix query."""

    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, db_index=False, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    place = models.CharField(_("place name (for documents)"), max_length=255, blank=True)
    # The Party's document format (domain §4): the header and signature of the board's papers.
    document_higher_body = models.CharField(
        _("higher body (document header)"),
        max_length=255,
        blank=True,
        help_text=_("For example “TỈNH ỦY HÀ GIANG”; when empty, “ĐẢNG BỘ” and the organization's name."),
    )
    document_issuer = models.CharField(
        _("issuing body (document header)"),
        max_length=255,
        blank=True,
        help_text=_("When empty, “BAN TỔ CHỨC”."),
    )
    document_abbreviation = models.CharField(
        _("issuer's abbreviation (document number)"),
        max_length=30,
        blank=True,
        help_text=_("The part after the slash in “Số 12-BC/BTCTU”; when empty, “BTC”."),
    )
    signer_name = models.CharField(_("signer's name"), max_length=255, blank=True)
    signer_is_deputy = models.BooleanField(
        _("signed by a deputy head (K/T TRƯỞNG BAN, PHÓ TRƯỞNG BAN)"), default=False
    )
    # R8: the locality an official's home town is compared with (non-local secretaries and chairs)
    locality = models.CharField(_("locality"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["path"]
        indexes = [
            models.Index(fields=["path"], name="org_path_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["level"], name="org_level_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        # The path is derived data of the tree, kept here so that every way of saving keeps it right.
        with transaction.atomic():
            if self.pk is None:
                super().save(*args, **kwargs)
                self.path, self.depth = self._tree_position()
                type(self).objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
                return
            old_path, old_depth = self.path, self.depth
            self.path, self.depth = self._tree_position()
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                type(self).objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                    path=Concat(models.Value(self.path), Substr("path", len(old_path) + 1)),
                    depth=models.F("depth") + (self.depth - old_depth),
                )

    def clean(self) -> None:
        if self.parent_id:
            parent = self.parent
            assert parent is not None
            if LEVEL_ORDER[parent.level] >= LEVEL_ORDER[self.level]:
                raise ValidationError(
                    {
                        "parent": _("The parent organization must be of a higher level than %(level)s.")
                        % {"level": self.get_level_display()}
                    }
                )
            if self.pk and parent.path.startswith(self.path):
                raise ValidationError({"parent": _("An organization cannot be placed under itself.")})

    def _tree_position(self) -> tuple[str, int]:
        prefix = self.parent.path if self.parent_id and self.parent else "/"
        path = f"{prefix}{self.pk:0{PATH_STEP}d}/"
        return path, (len(path) - 1) // (PATH_STEP + 1) - 1

    @property
    def level_rank(self) -> int:
        return LEVEL_ORDER[self.level]


class TermKind(models.TextChoices):
    PARTY = "party", _("Party congress term")
    COUNCIL = "council", _("People's council term")


class Term(models.Model):
    """A five-year term (nhiệm kỳ)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=TermKind.choices, default=TermKind.PARTY)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["start_date", "kind"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("The end date must be after the start date.")})

    @property
    def years(self) -> str:
        """The term's years as the house writes them everywhere: "2025–2030" (an en dash, never "-")."""
        return f"{self.start_date.year}–{self.end_date.year}"


class TermLevelStart(models.Model):
    """The congress month of a term at one level: the reference date of 'next' lists there."""

    term = models.ForeignKey(
        Term, on_delete=models.CASCADE, related_name="level_starts", verbose_name=_("term")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    start_date = models.DateField(_("start date"))

    class Meta:
        verbose_name = _("term start by level")
        verbose_name_plural = _("term starts by level")
        constraints = [models.UniqueConstraint(fields=["term", "level"], name="uniq_term_level_start")]

    def __str__(self) -> str:
        return f"{self.term} — {self.get_level_display()}"

    def clean(self) -> None:
        # Domain R3: the reference date of a next list is the first day of the congress month.
        if self.start_date and self.start_date.day != 1:
            raise ValidationError({"start_date": _("Give the first day of the congress month.")})


class PositionGroup(models.TextChoices):
    COMMITTEE = "committee", _("Party committee")
    LEADERSHIP = "leadership", _("Leadership")
    MANAGEMENT = "management", _("Management")


class TargetGroup(models.IntegerChoices):
    GROUP_1 = 1, _("Target group 1")
    GROUP_2 = 2, _("Target group 2")


class Position(models.Model):
    """A leadership post of the catalogue; `rank` orders posts for 'higher post' (QĐ 377)."""

    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)
    group = models.CharField(_("position group"), max_length=20, choices=PositionGroup.choices)
    default_target_group = models.PositiveSmallIntegerField(
        _("default target group"), choices=TargetGroup.choices, default=TargetGroup.GROUP_1
    )
    rank = models.PositiveSmallIntegerField(_("rank (higher = more senior)"), default=0)
    sort_order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class MinEducation(models.IntegerChoices):
    """Professional qualification, lowest first (the ranks of apps.rules.engine.standards)."""

    INTERMEDIATE = 1, _("Intermediate vocational")
    COLLEGE = 2, _("College")
    UNIVERSITY = 3, _("University")
    MASTER = 4, _("Master")
    DOCTORATE = 5, _("Doctorate")


class MinTheory(models.IntegerChoices):
    """Political theory, lowest first; cử nhân counts as cao cấp."""

    ELEMENTARY = 1, _("Elementary")
    INTERMEDIATE = 2, _("Intermediate")
    ADVANCED = 3, _("Advanced or bachelor")


class PositionStandard(models.Model):
    """R9: the standards of a post at one level: minimum education and minimum political theory."""

    position = models.ForeignKey(
        Position, on_delete=models.CASCADE, related_name="standards", verbose_name=_("position")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    min_education = models.PositiveSmallIntegerField(
        _("minimum education"), choices=MinEducation.choices, null=True, blank=True
    )
    min_political_theory = models.PositiveSmallIntegerField(
        _("minimum political theory"), choices=MinTheory.choices, null=True, blank=True
    )

    class Meta:
        verbose_name = _("standard of a position")
        verbose_name_plural = _("standards of positions")
        constraints = [models.UniqueConstraint(fields=["position", "level"], name="uniq_position_standard")]

    def __str__(self) -> str:
        return f"{self.position} — {self.get_level_display()}"
