"""List-level rules: R5 structure quotas and a woman per position group, R6 caps and bench."""

from __future__ import annotations

from collections.abc import Mapping, Set
from decimal import ROUND_HALF_UP, Decimal

from . import messages as msg
from .types import Code, Finding, Quota, QuotaTarget, RuleParams, Severity

_ERROR = Severity.ERROR.value
_WARNING = Severity.WARNING.value
_CENT = Decimal("0.01")

_QUOTA_TEMPLATES = {
    Code.QUOTA_YOUNG.value: msg.QUOTA_YOUNG,
    Code.QUOTA_WOMEN.value: msg.QUOTA_WOMEN,
    Code.QUOTA_ETHNIC.value: msg.QUOTA_ETHNIC,
}


def _exact(value: float | Decimal | int) -> Decimal:
    # str() of a float is its shortest repr, so 22.5 and 0.1 stay exactly what the administrator typed.
    return value if isinstance(value, Decimal) else Decimal(str(value))


def share_percent(count: int, total: int) -> float | None:
    """Return 100 * count / total rounded half-up to 2 places, None when total is 0."""
    if total == 0:
        return None
    return float((Decimal(100 * count) / Decimal(total)).quantize(_CENT, rounding=ROUND_HALF_UP))


def share_ok(count: int, total: int, target: float | Decimal | int) -> bool | None:
    """Return whether 100 * count >= target * total exactly (R5), None for an empty list."""
    if total == 0:
        return None
    return Decimal(100 * count) >= _exact(target) * total


def quota(code: str, count: int, total: int, target: float | Decimal | int | None) -> Quota:
    """Return the Quota of one structure measure with its exact pass/fail (None without a target)."""
    return Quota(
        code=code,
        count=count,
        total=total,
        actual=share_percent(count, total),
        target=None if target is None else float(target),
        ok=None if target is None else share_ok(count, total, target),
    )


def quotas_for(targets: QuotaTarget | None, total: int, young: int, women: int, ethnic: int) -> list[Quota]:
    """Return the quotas of a list: young and women always (target None = not checked), ethnic when set."""
    young_target = women_target = ethnic_target = None
    if targets is not None:
        young_target, women_target, ethnic_target = targets.young, targets.women, targets.ethnic
    result = [
        quota(Code.QUOTA_YOUNG.value, young, total, young_target),
        quota(Code.QUOTA_WOMEN.value, women, total, women_target),
    ]
    if ethnic_target is not None:
        result.append(quota(Code.QUOTA_ETHNIC.value, ethnic, total, ethnic_target))
    return result


def quota_finding(q: Quota) -> Finding | None:
    """Return the warning of a quota below its target, None when it passes or does not apply."""
    if q.ok is not False or q.actual is None or q.target is None:
        return None
    return Finding(
        q.code,
        _WARNING,
        _QUOTA_TEMPLATES[q.code].format(
            actual=msg.fmt_percent(q.actual), count=q.count, total=q.total, target=msg.fmt_target(q.target)
        ),
    )


def position_findings(
    people_per_position: Mapping[str, int], params: RuleParams, names: Mapping[str, str] | None = None
) -> list[Finding]:
    """Return POSITION_OVER_CAP above the cap and THIN_BENCH below the minimum bench (R6)."""
    names = names or {}
    findings = []
    cap = params.max_people_per_position
    bench = params.min_bench
    for position, count in people_per_position.items():
        if count > cap:
            findings.append(
                Finding(
                    Code.POSITION_OVER_CAP.value,
                    _ERROR,
                    msg.POSITION_OVER_CAP.format(
                        position=names.get(position) or position, count=count, cap=cap, excess=count - cap
                    ),
                    position=position,
                )
            )
        if 0 < count < bench:
            findings.append(
                Finding(
                    Code.THIN_BENCH.value,
                    _WARNING,
                    msg.THIN_BENCH.format(
                        position=names.get(position) or position, count=count, min=bench, short=bench - count
                    ),
                    position=position,
                )
            )
    return findings


def woman_group_findings(people_per_group: Mapping[str, int], groups_with_woman: Set[str]) -> list[Finding]:
    """Return NO_WOMAN_IN_GROUP for each position group with people planned and no woman among them."""
    return [
        Finding(
            Code.NO_WOMAN_IN_GROUP.value,
            _ERROR,
            msg.NO_WOMAN_IN_GROUP.format(group=msg.POSITION_GROUP_LABELS.get(group, group), count=count),
            position_group=group,
        )
        for group, count in people_per_group.items()
        if count > 0 and group not in groups_with_woman
    ]


def list_finding_key(f: Finding) -> tuple[str, str, str]:
    """Return the sort key of list findings: code, then position, then position group."""
    return (f.code, f.position or "", f.position_group or "")
