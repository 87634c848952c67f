"""Domain §4: a recorded vote step whose share of valid ballots is not above the rule set's threshold."""

from __future__ import annotations

from .messages import fmt_date, fmt_percent, fmt_target
from .types import Code, Confidence, EntryFacts, Finding, RuleParams, Severity, Vote

STEP_LABELS = {
    "conference": "Hội nghị cán bộ chủ chốt",
    "standing": "Ban Thường vụ",
    "committee": "Ban Chấp hành",
}
VOTE_BELOW_THRESHOLD = (
    "{step}{held}: {in_favour}/{valid} phiếu hợp lệ đồng ý ({share} %), chưa quá {threshold} % "
    "(có mặt {present}/{summoned} người được triệu tập)."
)
NO_VALID_BALLOTS = "không có phiếu hợp lệ"


def vote_passed(vote: Vote, threshold: float) -> bool:
    """True when the share of valid ballots in favour is strictly above `threshold` percent."""
    # compared in whole numbers: 100 × in favour > threshold × valid, without rounding the share
    return vote.valid_ballots > 0 and 100 * vote.in_favour > threshold * vote.valid_ballots


def vote_findings(entry: EntryFacts, params: RuleParams) -> tuple[Finding, ...]:
    """One VOTE_BELOW_THRESHOLD warning per recorded step of `entry` that did not pass."""
    threshold = params.vote_threshold_percent
    found = []
    for vote in entry.votes:
        if vote_passed(vote, threshold):
            continue
        share = vote.share
        message = VOTE_BELOW_THRESHOLD.format(
            step=STEP_LABELS.get(vote.step, vote.step),
            held=f" ngày {fmt_date(vote.held_on)}" if vote.held_on else "",
            in_favour=vote.in_favour,
            valid=vote.valid_ballots,
            share=fmt_percent(share) if share is not None else NO_VALID_BALLOTS,
            threshold=fmt_target(threshold),
            present=vote.present,
            summoned=vote.summoned,
        )
        found.append(Finding(Code.VOTE_BELOW_THRESHOLD, Severity.WARNING, message))
    return tuple(found)


LOW_CONFIDENCE = (
    "Lấy phiếu tín nhiệm tại {conference} ngày {held}: {low}/{total} phiếu tín nhiệm thấp ({share} %), "
    "từ {threshold} % trở lên: cần xem xét lại việc quy hoạch."
)


def low_confidence_finding(confidence: Confidence, params: RuleParams) -> Finding | None:
    """LOW_CONFIDENCE (a warning) when the share of "low" reaches the rule set's review threshold."""
    total = confidence.high + confidence.medium + confidence.low
    threshold = params.confidence_low_review_percent
    if not total or 100 * confidence.low < threshold * total:
        return None
    message = LOW_CONFIDENCE.format(
        conference=confidence.conference,
        held=fmt_date(confidence.held_on),
        low=confidence.low,
        total=total,
        share=fmt_percent(round(100 * confidence.low / total, 2)),
        threshold=fmt_target(threshold),
    )
    return Finding(Code.LOW_CONFIDENCE, Severity.WARNING, message)
