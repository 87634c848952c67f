"""Compliance report requests and the per-list summaries that dashboards aggregate."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.reports.querysets import AlertQuerySet, ComplianceReportQuerySet, SummaryQuerySet
from apps.rules.models import QuotaCode

# Each structure measure's count among the summary's (and the report totals') fields
QUOTA_FIELDS: dict[str, str] = {
    QuotaCode.YOUNG: "young",
    QuotaCode.WOMEN: "women",
    QuotaCode.ETHNIC: "ethnic",
}


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


def report_upload_to(instance: ComplianceReport, filename: str) -> str:
    return f"reports/{instance.pk}/{filename}"


class ComplianceReport(models.Model):
    """A requested compliance report: its scope, progress and the files it produced."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    term = models.ForeignKey(
        "organizations.Term", on_delete=models.PROTECT, related_name="+", verbose_name=_("term")
    )
    kind = models.CharField(_("kind"), max_length=10, blank=True)  # "" = both kinds
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    # what the data looked like when requested: the same scope and data give one report, not two
    fingerprint = models.CharField(max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    rule_sets = models.JSONField(_("rule sets used"), default=list, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    json_file = models.FileField(upload_to=report_upload_to, blank=True, max_length=255)
    csv_file = models.FileField(upload_to=report_upload_to, blank=True, max_length=255)
    xlsx_file = models.FileField(upload_to=report_upload_to, blank=True, max_length=255)
    pdf_file = models.FileField(upload_to=report_upload_to, blank=True, max_length=255)

    objects = ComplianceReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("compliance report")
        verbose_name_plural = _("compliance reports")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "term", "kind", "fingerprint"], name="uniq_report_scope_data"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.term.code} ({self.get_status_display()})"


class ListSummary(models.Model):
    """Figures of one planning list as last evaluated; dashboards sum these over a subtree."""

    planning_list = models.OneToOneField(
        "planning.PlanningList", on_delete=models.CASCADE, primary_key=True, related_name="summary"
    )
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    org_path = models.CharField(max_length=255)
    level = models.CharField(max_length=20)
    term = models.ForeignKey("organizations.Term", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10)
    status = models.CharField(max_length=10)
    reference_date = models.DateField()
    rule_set = models.CharField(max_length=50)
    people = models.PositiveIntegerField(default=0)
    entries = models.PositiveIntegerField(default=0)
    women = models.PositiveIntegerField(default=0)
    young = models.PositiveIntegerField(default=0)
    ethnic = models.PositiveIntegerField(default=0)
    ineligible_entries = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    objects = SummaryQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["org_path"], name="summary_path_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["term", "kind"], name="summary_term_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"summary of list {self.planning_list_id}"


# Age bands of the pyramid, youngest first: completed years at the list's reference date.
AGE_BANDS = ("<30", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60+")


def age_band(age: int) -> str:
    """The pyramid band of an age in completed years."""
    if age < 30:
        return AGE_BANDS[0]
    return AGE_BANDS[min((age - 30) // 5 + 1, len(AGE_BANDS) - 1)]


class SummaryMetric(models.TextChoices):
    AGE_BAND = "age_band", _("Age band")
    BENCH = "bench", _("People planned per position")
    RETIREMENT_YEAR = "retirement_year", _("Retirements per year")
    QUOTA_TARGET = "quota_target", _("Quota target")


class SummaryCount(models.Model):
    """One counted bucket of a list (age band × sex, position bench, retirement year...)."""

    planning_list = models.ForeignKey("planning.PlanningList", on_delete=models.CASCADE, related_name="+")
    org_path = models.CharField(max_length=255)
    term = models.ForeignKey("organizations.Term", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10)
    metric = models.CharField(max_length=20, choices=SummaryMetric.choices)
    key = models.CharField(max_length=50)
    sex = models.CharField(max_length=1, blank=True)
    value = models.IntegerField(default=0)

    objects = SummaryQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(
                fields=["org_path"], name="summarycount_path_idx", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["term", "metric"], name="summarycount_term_metric_idx"),
            models.Index(fields=["planning_list"], name="summarycount_list_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.metric}:{self.key}{self.sex} = {self.value}"


class MeasureCount(models.Model):
    """One R8 measure of the officials working in one organization (not below it), as last refreshed.

    The R8 measures count officials, not planning entries, so they are kept per organization: a subtree's
    figure is the sum of its organizations' rows (each official works in one organization). `term` is set
    for the measures of a term's period (rotations, appointments) and empty for those of the day.
    """

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    org_path = models.CharField(max_length=255)
    term = models.ForeignKey("organizations.Term", null=True, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=40)
    count = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    rule_set = models.CharField(max_length=50)  # the rule set in force on `computed_on`
    computed_on = models.DateField()

    objects = SummaryQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(
                fields=["org_path"], name="measurecount_path_idx", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["organization"], name="measurecount_org_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} of {self.organization_id}: {self.count}/{self.total}"


class AlertKind(models.TextChoices):
    RETIRING = "retiring", _("Retires within 6 months")
    DISCIPLINED = "disciplined", _("Planned official disciplined")
    MOVED = "moved", _("Planned official moved workplace")
    AGE = "age", _("Planned official below an age condition")
    SUBMITTED = "submitted", _("List submitted for approval")
    RETURNED = "returned", _("List returned")
    APPROVED = "approved", _("List approved")
    REVIEW_DUE = "review_due", _("Yearly review due")


class Alert(models.Model):
    """A notification of the daily alerts job, seen by the users of its organization's ancestors.

    `key` names the event (kind, object, date) so that a daily run raises each alert once.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind.choices)
    key = models.CharField(max_length=200, unique=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    message = models.CharField(_("message"), max_length=500)
    url = models.CharField(_("link"), max_length=300)
    due_on = models.DateField(_("date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.message


class AlertRead(models.Model):
    """A user has read an alert (no row: unread)."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["alert", "user"], name="uniq_alert_read")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.alert_id}"


class DeferredTask(models.Model):
    """A background task that could not be sent because the broker was unreachable, to be sent again.

    `reports.deferred_retry` (every minute by beat, and after any task that is sent) sends these
    again, oldest first, and deletes each one that the broker took.
    """

    task = models.CharField(max_length=100)
    kwargs = models.JSONField(default=dict)
    # the report this task runs, if any: its page says that it waits for the task server
    report = models.ForeignKey(
        ComplianceReport, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.task} {self.kwargs}"
