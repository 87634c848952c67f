"""Domain §4: a recorded vote step whose share of valid ballots is not above the rule set's threshold."""

from __future__ import annotations

from .messages import fmt_date, fmt_percent, fmt_target
from .types import Code, EntryFacts, Finding, RuleParams, Severity, Vote

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
