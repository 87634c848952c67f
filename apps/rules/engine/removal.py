"""R7: the reasons that take an entry out of a planning list (HD16) or flag it for review (QD377)."""

from __future__ import annotations

from datetime import date

from . import messages as msg
from .eligibility import age_message, age_thresholds, discipline_text
from .retirement import retirement_info
from .types import DISCIPLINE_LABELS, DISCIPLINE_RANKS, ListFacts, ListKind, RemovalTrigger, RuleParams

OVER_AGE = "over_age"
DISCIPLINED = "disciplined"
POLITICAL_STANDARD = "political_standard"
TASK_FAILURE = "task_failure"
VIOLATION = "violation"


def _min_discipline_label(min_rank: int) -> str:
    # The lightest discipline level that still triggers, e.g. "khiển trách" for rank 1.
    levels = sorted((rank, level) for level, rank in DISCIPLINE_RANKS.items() if rank >= min_rank)
    level = levels[0][1] if levels else max(DISCIPLINE_RANKS, key=DISCIPLINE_RANKS.__getitem__)
    return DISCIPLINE_LABELS.get(level, level).lower()


def removal_triggers(facts: ListFacts, params: RuleParams, at: date) -> list[RemovalTrigger]:
    """Return one trigger per (entry, reason) at date at, entries in input order; the caller acts.

    The age of a next list is taken at its fixed reference date, so time passing alone never removes
    anyone from it (R7); a current list's age, and every list's discipline, are taken at `at`.
    """
    age_at = facts.reference_date if facts.kind == ListKind.NEXT else at
    at_ym = age_at.year * 12 + age_at.month - 1
    min_label = _min_discipline_label(params.discipline_min_rank)
    triggers = []
    for e in facts.entries:
        retirement, retirement_ym = retirement_info(
            e.sex, e.birth_date, e.retirement_override, e.retires_at_60
        )
        months = retirement_ym - at_ym
        code, required, _, _ = age_thresholds(facts.kind, e.target_group, params)
        if months < required:
            detail = age_message(code, months, required, retirement, age_at)
            triggers.append(
                RemovalTrigger(
                    e.entry_id, OVER_AGE, msg.REMOVAL_OVER_AGE.format(detail=msg.lower_first(detail))
                )
            )
        if e.disciplines:
            found = discipline_text(e.disciplines, at, params)
            if found is not None:
                text = msg.REMOVAL_DISCIPLINED.format(min_label=min_label, detail=msg.lower_first(found))
                triggers.append(RemovalTrigger(e.entry_id, DISCIPLINED, text))
        if e.fails_political_standard:
            triggers.append(
                RemovalTrigger(
                    e.entry_id,
                    POLITICAL_STANDARD,
                    msg.REMOVAL_POLITICAL_STANDARD.format(position=e.position_name or e.position_code),
                )
            )
        for kind, concluded_on in sorted(set(e.conclusions), key=lambda c: (c[1], c[0])):
            template = msg.REMOVAL_CONCLUSIONS.get(kind)
            if template is not None and concluded_on <= at:
                text = template.format(
                    date=msg.fmt_date(concluded_on), position=e.position_name or e.position_code
                )
                triggers.append(RemovalTrigger(e.entry_id, kind, text))
    return triggers
