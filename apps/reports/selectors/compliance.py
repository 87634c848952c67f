"""Building the compliance report (contracts §6): the one function behind the command and the task."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from operator import attrgetter
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from apps.core.bulk import cyclic_gc_paused
from apps.core.workers import run_beside
from apps.organizations.models import Organization, Position, Term
from apps.planning.selectors import ListEvaluation, planning_list_evaluations, planning_lists_in_scope
from apps.reports.selectors.measures import Measures, r8_measures
from apps.reports.selectors.structure import report_list_order
from apps.rules.engine import EntryFacts, EntryResult, Finding, Quota, Severity, Vote, vote_passed
from apps.rules.engine.messages import target_group_reason

REPORT_TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")
TOTAL_KEYS = (
    "lists",
    "people",
    "distinct_people",
    "entries",
    "ineligible",
    "errors",
    "warnings",
    "young",
    "women",
    "ethnic",
)

ProgressCallback = Callable[[int], None]
_official_id = attrgetter("official_id")
_ERROR = Severity.ERROR.value
_WARNING = Severity.WARNING.value


def finding_dict(finding: Finding) -> dict[str, Any]:
    """A finding as JSON: code, severity, message, and the position or position group it is about."""
    data: dict[str, Any] = {"code": finding.code, "severity": finding.severity, "message": finding.message}
    if finding.position is not None:
        data["position"] = finding.position
    if finding.position_group is not None:
        data["position_group"] = finding.position_group
    return data


def quota_dict(quota: Quota) -> dict[str, Any]:
    """A structure quota as JSON (actual and ok are null for an empty list)."""
    return {
        "code": quota.code,
        "count": quota.count,
        "total": quota.total,
        "actual": quota.actual,
        "target": quota.target,
        "ok": quota.ok,
    }


class _ListBuilder:
    """Turns engine evaluations into report dicts; equal findings share one dict (read-only output)."""

    def __init__(self, *, position_names: dict[str, str], detail: bool) -> None:
        self.position_names = position_names
        self.detail = detail
        self._findings: dict[Finding, dict[str, Any]] = {}
        self._reasons: dict[tuple[int, str, str, str], str] = {}  # few distinct ones in a report
        self.vote_threshold = 50.0  # the threshold of the list being built (its rule set's)

    def _finding(self, finding: Finding) -> dict[str, Any]:
        found = self._findings.get(finding)
        if found is None:
            found = self._findings[finding] = finding_dict(finding)
        return found

    def entry(
        self, facts: EntryFacts, result: EntryResult, *, eligible: bool, rule_set: str = ""
    ) -> dict[str, Any]:
        """One entries_detail item: the official, the planned post and what the engine found."""
        key = (facts.target_group, facts.target_group_source, facts.current_position_name, rule_set)
        reason = self._reasons.get(key)
        if reason is None:
            reason = self._reasons[key] = target_group_reason(*key)
        findings, votes = result.findings, facts.votes
        return {
            "entry_id": facts.entry_id,
            "official_id": facts.official_id,
            "full_name": facts.full_name,
            "birth_date": facts.birth_date.isoformat(),
            "sex": facts.sex,
            "ethnic_minority": facts.ethnic_minority,
            "position": facts.position_code,
            "position_name": self.position_names.get(facts.position_code, facts.position_code),
            "position_group": facts.position_group,
            "target_group": facts.target_group,
            "target_group_source": facts.target_group_source,
            "target_group_reason": reason,
            "retirement_date": result.retirement_date.isoformat(),
            "months_remaining": result.months_remaining,
            "age": result.age,
            "young": result.young,
            "eligible": eligible,
            "findings": [self._finding(f) for f in findings] if findings else [],
            "votes": [self._vote(v) for v in votes] if votes else [],
        }

    def _vote(self, vote: Vote) -> dict[str, Any]:
        """One step's figures, its share of valid ballots (2 places) and whether it passed (contracts §6)."""
        return {
            "step": vote.step,
            "held_on": vote.held_on.isoformat() if vote.held_on else None,
            "summoned": vote.summoned,
            "present": vote.present,
            "valid_ballots": vote.valid_ballots,
            "in_favour": vote.in_favour,
            "share": vote.share,
            "passed": vote_passed(vote, self.vote_threshold),
        }

    def build(self, evaluation: ListEvaluation) -> dict[str, Any]:
        """One item of `lists`: the list, its figures, quotas, findings and (when asked) entries_detail."""
        info, result = evaluation.info, evaluation.result
        self.vote_threshold = evaluation.params.vote_threshold_percent
        errors = sum(f.severity == _ERROR for f in result.findings)
        warnings = sum(f.severity == _WARNING for f in result.findings)
        ineligible = 0
        details: list[dict[str, Any]] = []
        for facts, entry_result in zip(evaluation.facts.entries, result.entry_results, strict=True):
            entry_errors = 0
            for f in entry_result.findings:  # empty for most entries
                if f.severity == _ERROR:
                    entry_errors += 1
                elif f.severity == _WARNING:
                    warnings += 1
            errors += entry_errors
            ineligible += entry_errors > 0
            if self.detail:
                details.append(
                    self.entry(facts, entry_result, eligible=not entry_errors, rule_set=result.rule_set)
                )
        data: dict[str, Any] = {
            "id": info.id,
            "organization": info.organization_code,
            "organization_name": info.organization_name,
            "level": info.level,
            "term": info.term,
            "kind": info.kind,
            "status": info.status,
            "version": info.version,
            "reference_date": info.reference_date.isoformat(),
            "rule_set": result.rule_set,
            "people": result.people,
            "entries": result.entries,
            "ineligible": ineligible,
            "errors": errors,
            "warnings": warnings,
            "young": result.young,
            "women": result.women,
            "ethnic": result.ethnic,
            "quotas": [quota_dict(q) for q in result.quotas],
            "findings": [finding_dict(f) for f in result.findings],
        }
        if self.detail:
            data["entries_detail"] = details
        return data


def report_timestamp(moment: datetime | None = None) -> str:
    """ISO 8601 time in Vietnam's zone (+07:00), to the second; now when not given."""
    moment = moment or timezone.now()
    if timezone.is_naive(moment):
        raise ValueError("generated_at must be timezone-aware")
    return moment.astimezone(REPORT_TIMEZONE).isoformat(timespec="seconds")


@cyclic_gc_paused()
def compliance_report_build(
    *,
    organization: Organization,
    term: Term,
    kind: str | None = None,
    on_progress: ProgressCallback | None = None,
    generated_at: datetime | None = None,
    entries_detail: bool = True,
) -> dict[str, Any]:
    """The contracts §6 report of every list of `term` (and `kind`) in the organization's subtree."""
    # the measures' queries run beside the evaluation (0.6 s of a national report's)
    measures = run_beside(
        lambda: measures_dict(r8_measures(organization=organization, term=term, today=timezone.localdate()))
    )
    lists = planning_lists_in_scope(organization=organization, term=term, kind=kind)
    order = report_list_order(organization=organization, term=term, kind=kind)
    builder = _ListBuilder(
        position_names=dict(Position.objects.values_list("code", "name")), detail=entries_detail
    )
    totals = dict.fromkeys(TOTAL_KEYS, 0)
    officials: set[int] = set()
    built: list[dict[str, Any]] = []
    reported = -1
    for done, evaluation in enumerate(planning_list_evaluations(lists=lists), start=1):
        data = builder.build(evaluation)
        built.append(data)
        officials.update(map(_official_id, evaluation.facts.entries))
        for key in ("people", "entries", "ineligible", "errors", "warnings", "young", "women", "ethnic"):
            totals[key] += data[key]
        percent = 100 * done // max(len(order), done)
        if on_progress is not None and percent != reported:
            on_progress(percent)
            reported = percent
    if on_progress is not None and reported != 100:
        on_progress(100)
    built.sort(key=lambda data: order.get(data["id"], len(order)))
    totals["lists"] = len(built)
    totals["distinct_people"] = len(officials)
    return {
        "organization": organization.code,
        "organization_name": organization.name,
        "level": organization.level,
        "term": term.code,
        "term_name": term.name,
        "kind": kind,
        "generated_at": report_timestamp(generated_at),
        "lists": built,
        "totals": totals,
        "measures": measures(),
    }


def measures_dict(measures: Measures) -> dict[str, Any]:
    """The R8 measures as the report's `measures` key (figures, targets, long-held posts, age bands)."""
    return {
        "rule_set": measures.rule_set,
        "items": [
            {
                "code": m.code,
                "label": m.label,
                "count": m.count,
                "total": m.total,
                "actual": m.percent,
                "target": m.target,
                "ok": m.ok,
            }
            for m in measures.measures
        ],
        "long_held": [
            {
                "official_id": row.official_id,
                "full_name": row.full_name,
                "organization": row.organization,
                "position": row.position,
                "since": row.since.isoformat(),
            }
            for row in measures.long_held
        ],
        "long_held_count": measures.long_held_count,
        "age_bands": [{"label": label, "count": count} for label, count in measures.age_bands],
        # the day of the stored figures (None: counted when the report was made)
        "computed_on": measures.computed_on.isoformat() if measures.computed_on else None,
    }
