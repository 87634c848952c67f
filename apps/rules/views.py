"""The rule-set pages: every parameter of a rule set with its rule, source and "to confirm" flag."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from apps.organizations.selectors import position_names
from apps.rules.models import RuleSet
from apps.rules.selectors import rule_set_page, rule_sets


@require_GET
def rule_set_list(request: HttpRequest) -> HttpResponse:
    """Every rule set with its validity; rule sets are not scoped to an organization."""
    return render(request, "rules/rule_set_list.html", {"rule_sets": rule_sets()})


@require_GET
def rule_set_detail(request: HttpRequest, code: str) -> HttpResponse:
    rule_set = get_object_or_404(RuleSet, code=code)
    page = rule_set_page(rule_set=rule_set, position_names=position_names())
    return render(request, "rules/rule_set_detail.html", {"page": page, "rule_set": rule_set})
