"""Reading rule sets for their page: every parameter with its value, rule, source and "to confirm"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

from apps.rules.models import RuleSet
from apps.rules.parameters import LEVEL_PARAMETERS, RULE_SET_PARAMETERS, Parameter


@dataclass(frozen=True)
class ParameterRow:
    label: str
    value: str
    rule: str
    source: str
    to_confirm: bool


def _shown(row: Model, field: str, position_names: dict[str, str]) -> str:
    value: Any = getattr(row, field)
    model_field = row._meta.get_field(field)
    if getattr(model_field, "choices", None):
        return str(getattr(row, f"get_{field}_display")())
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(position_names.get(code) or code for code in value) or "—"
    text = str(value)
    return text[:-3] if text.endswith(".00") else text


def _label(model: Model | type[Model], field: str) -> str:
    return str(getattr(model._meta.get_field(field), "verbose_name", field))


def _rows(
    row: Model, parameters: tuple[Parameter, ...], to_confirm: set[str], names: dict[str, str]
) -> list[ParameterRow]:
    return [
        ParameterRow(
            label=_label(row, p.field),
            value=_shown(row, p.field, names),
            rule=p.rule,
            source=p.source,
            to_confirm=p.field in to_confirm,
        )
        for p in parameters
    ]


@dataclass(frozen=True)
class LevelColumn:
    label: str
    rule: str
    source: str
    to_confirm: bool


@dataclass(frozen=True)
class RuleSetPage:
    rule_set: RuleSet
    parameters: list[ParameterRow]
    level_columns: list[LevelColumn]
    levels: list[tuple[str, list[str]]]  # level label, values in the order of level_columns
    to_confirm: list[str]  # labels of what is still to confirm


def rule_sets() -> list[RuleSet]:
    """Every rule set, oldest validity first."""
    return list(RuleSet.objects.all())


def rule_set_page(*, rule_set: RuleSet, position_names: dict[str, str]) -> RuleSetPage:
    """The page of one rule set: its parameters and its per-level rows, each with rule and source."""
    to_confirm = set(rule_set.to_confirm or [])
    parameters = _rows(rule_set, RULE_SET_PARAMETERS, to_confirm, position_names)
    level_rows = list(rule_set.levels.all())
    columns = [
        LevelColumn(
            label=_label(rule_set.levels.model, p.field),
            rule=p.rule,
            source=p.source,
            to_confirm=p.field in to_confirm,
        )
        for p in LEVEL_PARAMETERS
    ]
    order = {level: i for i, level in enumerate(("central", "province", "district", "commune", "grassroots"))}
    level_rows.sort(key=lambda r: order.get(r.level, 9))
    levels = [
        (str(r.get_level_display()), [_shown(r, p.field, position_names) for p in LEVEL_PARAMETERS])
        for r in level_rows
    ]
    confirm_labels = [p.label for p in parameters if p.to_confirm] + [
        c.label for c in columns if c.to_confirm
    ]
    return RuleSetPage(rule_set, parameters, columns, levels, confirm_labels)
