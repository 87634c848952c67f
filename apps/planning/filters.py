"""The planning lists filter: it only narrows the queryset the view already scoped to the user."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from apps.core.text import fold_name
from apps.organizations.filters import OrganizationFilter, scope_organization_filter
from apps.organizations.models import Organization, Term
from apps.planning.models import EntryStatus, ListKind, ListStatus, PlanningEntry, PlanningList


class PlanningListFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Planned official's name"), method="filter_official_name")
    term = django_filters.ModelChoiceFilter(
        label=_("Term"), queryset=Term.objects.all(), empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of list"), choices=ListKind.choices, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ListStatus.choices, empty_label=_("All"))
    org = OrganizationFilter(
        label=_("Organization (and below)"),
        queryset=Organization.objects.none(),
        method="filter_subtree",
        empty_label=_("All"),
    )
    old_versions = django_filters.BooleanFilter(
        label=_("Show earlier versions too"),
        method="filter_versions",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = PlanningList
        fields: list[str] = []

    def __init__(
        self, data: Any = None, queryset: QuerySet | None = None, *, request: Any = None, **kwargs: Any
    ):  # type: ignore[type-arg]
        super().__init__(data, queryset, request=request, **kwargs)
        scope_organization_filter(self, request.user if request is not None else None)

    @property
    def qs(self) -> QuerySet:  # type: ignore[type-arg]
        # Without the box ticked, only the newest edition of each list is shown (also on an unbound form).
        queryset = super().qs
        if not (self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("old_versions")):
            queryset = queryset.latest_versions()
        return queryset

    def filter_subtree(self, queryset: QuerySet, name: str, value: Organization) -> QuerySet:  # type: ignore[type-arg]
        return queryset.in_subtree(value) if value else queryset  # type: ignore[attr-defined]

    def filter_official_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:  # type: ignore[type-arg]
        # lists planning an official whose (folded) name contains the search: "nguyen van an" finds "Nguyễn Văn An"
        folded = fold_name(value)
        if not folded:
            return queryset
        return queryset.filter(
            Exists(
                PlanningEntry.objects.filter(
                    planning_list=OuterRef("pk"),
                    status=EntryStatus.ACTIVE,
                    official__search_name__contains=folded,
                )
            )
        )

    def filter_versions(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:  # type: ignore[type-arg]
        return queryset  # applied in qs: the default (unticked) narrows, ticking widens
