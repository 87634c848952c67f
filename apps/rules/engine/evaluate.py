"""evaluate_list: every rule of domain.md §3 applied to one planning list at its reference date.

This runs over a million entries in a full compliance report, so the per-entry loop is kept flat:
retirement dates come from a per-birth-date cache, messages are only formatted for entries that
have a finding, and each entry yields exactly one EntryResult.
"""

from __future__ import annotations

from collections import Counter

from . import retirement as _retirement
from .eligibility import (
    age_thresholds,
    disciplined_finding,
    is_not_higher,
    not_higher_position_finding,
    pass_months,
    pending_proposal_finding,
    person_over_cap_finding,
    rule_age_finding,
)
from .standards import training_finding
from .structure import list_finding_key, position_findings, quota_finding, quotas_for, woman_group_findings
from .types import EntryResult, Finding, ListFacts, ListResult, RuleParams
from .votes import low_confidence_finding, vote_findings


def evaluate_list(facts: ListFacts, params: RuleParams) -> ListResult:
    """Return per-entry results (R1-R4, R6, R7) and list findings and quotas (R5, R6) of one list."""
    kind = facts.kind
    level = facts.level
    ref = facts.reference_date
    ref_year = ref.year
    ref_ym = ref_year * 12 + ref.month - 1
    ref_md = ref.month * 100 + ref.day
    # Per target group: the R3 rule and the months left from which it has nothing to say.
    age_rules = {tg: age_thresholds(kind, tg, params) for tg in (1, 2)}
    pass_at = {tg: pass_months(rule) for tg, rule in age_rules.items()}
    young_limit = params.young_age_by_level.get(level)
    cap = params.max_positions_per_person
    check_higher = params.require_higher_position
    warn_proposals = params.pending_proposal_warning
    caches = _retirement._cache
    retirement_info = _retirement.retirement_info

    entries = facts.entries
    entries_of = Counter([e.official_id for e in entries])
    young_people: set[int] = set()
    results = []
    for e in entries:
        birth = e.birth_date
        override = e.retirement_override
        if override is None and not e.retires_at_60:
            try:
                retirement, retirement_ym = caches[e.sex][birth]
            except KeyError:
                retirement, retirement_ym = retirement_info(e.sex, birth)
        else:
            retirement, retirement_ym = retirement_info(e.sex, birth, override, e.retires_at_60)
        months = retirement_ym - ref_ym
        age = ref_year - birth.year - (ref_md < birth.month * 100 + birth.day)
        young = young_limit is not None and age < young_limit
        if young:
            young_people.add(e.official_id)

        tg = e.target_group
        threshold = pass_at.get(tg)
        if threshold is None:
            raise ValueError(f"entry {e.entry_id}: target group must be 1 or 2, got {tg!r}")
        age_f = rule_age_finding(age_rules[tg], months, retirement, ref) if months < threshold else None
        in_list = entries_of[e.official_id]
        count = in_list if e.positions_at_level < in_list else e.positions_at_level
        not_higher = check_higher and e.current_position_rank is not None and is_not_higher(e, level)
        proposals = warn_proposals and e.pending_proposals
        below = (
            e.min_education_rank is not None
            and e.education_rank is not None
            and e.education_rank < e.min_education_rank
        ) or (
            e.min_theory_rank is not None and e.theory_rank is not None and e.theory_rank < e.min_theory_rank
        )
        if (
            age_f is None
            and count <= cap
            and not e.disciplines
            and not not_higher
            and not proposals
            and not below
        ):
            findings: tuple[Finding, ...] = ()
        else:
            found = [age_f] if age_f is not None else []
            if count > cap:
                found.append(person_over_cap_finding(e, count, params, in_list))
            if e.disciplines:
                disciplined = disciplined_finding(e, ref, params)
                if disciplined is not None:
                    found.append(disciplined)
            if not_higher:
                higher = not_higher_position_finding(e, params, level)
                if higher is not None:
                    found.append(higher)
            if proposals:
                pending = pending_proposal_finding(e, params)
                if pending is not None:
                    found.append(pending)
            if below:
                training = training_finding(e)
                if training is not None:
                    found.append(training)
            findings = tuple(found)
        if e.votes:
            findings += vote_findings(e, params)
        if e.confidence is not None:
            low = low_confidence_finding(e.confidence, params)
            if low is not None:
                findings += (low,)
        results.append(
            EntryResult(
                e.entry_id, e.official_id, retirement, months, age, young, findings, tg, e.target_group_source
            )
        )

    # Structure is measured over distinct officials (the facts of one official agree across entries).
    total = len(entries_of)
    young_count = len(young_people)
    women_count = len({e.official_id for e in entries if e.sex == "F"})
    ethnic_count = len({e.official_id for e in entries if e.ethnic_minority})
    quotas = quotas_for(params.quota_targets.get(level), total, young_count, women_count, ethnic_count)

    people_per_position = Counter([p for p, _ in {(e.position_code, e.official_id) for e in entries}])
    names = {e.position_code: e.position_name for e in entries if e.position_name}
    list_findings = position_findings(people_per_position, params, names)
    if level in params.woman_per_group_levels:
        people_per_group = Counter([g for g, _ in {(e.position_group, e.official_id) for e in entries}])
        groups_with_woman = {e.position_group for e in entries if e.sex == "F"}
        list_findings += woman_group_findings(people_per_group, groups_with_woman)
    for q in quotas:
        quota_f = quota_finding(q)
        if quota_f is not None:
            list_findings.append(quota_f)
    list_findings.sort(key=list_finding_key)

    return ListResult(
        list_id=facts.list_id,
        rule_set=params.code,
        people=total,
        entries=len(entries),
        young=young_count,
        women=women_count,
        ethnic=ethnic_count,
        quotas=tuple(quotas),
        findings=tuple(list_findings),
        entry_results=tuple(results),
    )
