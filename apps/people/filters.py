"""The officials list filter: it only narrows the queryset the view already scoped to the user."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import CharField, F, Func, QuerySet, Value
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from apps.core.calendar import years_before
from apps.core.ethnicity import ETHNIC_ALIASES, ETHNIC_GROUPS
from apps.core.form_messages import RANGE_REVERSED
from apps.core.text import fold_name
from apps.organizations.filters import FastSelect, OrganizationFilter, scope_organization_filter
from apps.organizations.models import Level, Organization, Position, Term
from apps.people.models import Official, PoliticalTheory, Sex
from apps.planning.selectors import LIST_KINDS, planned_q

MINORITY = "_minority"
YES_NO = (("yes", _("Yes")), ("no", _("No")))

# ?sort= values: a whitelist, so that a hand-edited URL cannot order by an arbitrary column.
# the given name (tên): the last word of the folded name, as Vietnamese lists are usually sorted
GIVEN_NAME = Func(
    F("search_name"), Value(r"^.* "), Value(""), function="regexp_replace", output_field=CharField()
)
SORTS: dict[str, tuple[Any, ...]] = {
    "name": ("search_name", "birth_date", "id"),
    "-name": ("-search_name", "-birth_date", "-id"),
    "given": (GIVEN_NAME.asc(), "search_name", "birth_date", "id"),
    "-given": (GIVEN_NAME.desc(), "-search_name", "-birth_date", "-id"),
    "birth": ("birth_date", "search_name", "id"),
    "-birth": ("-birth_date", "search_name", "id"),
    "org": ("organization__path", "search_name", "id"),
    "-org": ("-organization__path", "search_name", "id"),
}
DEFAULT_SORT = "name"


def ordering(sort: str, *, searching: bool) -> tuple[Any, ...]:
    """The ORDER BY of a whitelisted sort; with a name search, one that PostgreSQL sorts after the search.

    Without a search the name order walks `official_match_idx` and stops after a page. With one, it may
    walk far: the names matching "nguyen", "tran", "vu" all sit in one late stretch of that index, so it
    skips 200,000-300,000 names nationally (150-320 ms) before the first match. Asking for NULLS FIRST on
    ascending names (NULLS LAST on descending ones), which changes nothing since names are never NULL,
    leaves the index out: the trigram index finds the matches and they are sorted (15-45 ms for up to
    ~35,000 matches, ~120 ms for a one-letter search matching most names).
    """
    keys: tuple[Any, ...] = SORTS[sort]
    if searching and sort in ("name", "-name"):
        name = F("search_name")
        keys = (name.asc(nulls_first=True) if sort == "name" else name.desc(nulls_last=True), *keys[1:])
    return keys


def ethnicity_spellings(group: str) -> list[str]:
    """The stored values that mean `group`: as listed, hyphenated ('Ba-na'), run together, aliases."""
    first, _space, rest = group.partition(" ")
    forms = {group, group.replace(" ", "-"), group.replace(" ", "")}
    if rest:
        forms |= {f"{first}-{rest.lower().replace(' ', '-')}", f"{first} {rest.lower()}"}
    forms.update(ETHNIC_ALIASES.get(group, ()))
    return sorted(forms)


class OfficialFilterForm(forms.Form):
    """The filter's form: a reversed age range (50 to 30) is said, not silently matched by nobody."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("age_min"), data.get("age_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "age_max",
                str(RANGE_REVERSED).format(
                    low=self.fields["age_min"].label, high=self.fields["age_max"].label
                ),
            )
        return data


class OfficialFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="filter_name")
    org = OrganizationFilter(
        label=_("Organization (and below)"),
        queryset=Organization.objects.none(),
        method="filter_subtree",
        empty_label=_("All"),
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"),
        field_name="organization__level",
        choices=Level.choices,
        empty_label=_("All"),
        widget=FastSelect,
    )
    sex = django_filters.ChoiceFilter(
        label=_("Sex"), choices=Sex.choices, empty_label=_("All"), widget=FastSelect
    )
    age_min = django_filters.NumberFilter(
        label=_("Age from"), method="filter_age_min", min_value=0, max_value=120
    )
    age_max = django_filters.NumberFilter(
        label=_("Age to"), method="filter_age_max", min_value=0, max_value=120
    )
    ethnicity = django_filters.ChoiceFilter(
        label=_("Ethnicity"), method="filter_ethnicity", choices=(), empty_label=_("All"), widget=FastSelect
    )
    theory = django_filters.ChoiceFilter(
        label=_("Political theory"),
        field_name="political_theory",
        choices=PoliticalTheory.choices,
        empty_label=_("All"),
        widget=FastSelect,
    )
    planned = django_filters.ChoiceFilter(
        label=_("In a planning list"),
        method="filter_planned",
        choices=YES_NO,
        empty_label=_("All"),
        widget=FastSelect,
    )

    # planned in a list of this term / kind / for this position (together: one entry meeting all three)
    plan_term = django_filters.ModelChoiceFilter(
        label=_("Planned in term"), queryset=Term.objects.all(), method="filter_plan", empty_label=_("All")
    )
    plan_kind = django_filters.ChoiceFilter(
        label=_("Planned in a list of kind"),
        choices=LIST_KINDS,
        method="filter_plan",
        empty_label=_("All"),
        widget=FastSelect,
    )
    plan_position = django_filters.ModelChoiceFilter(
        label=_("Planned position"),
        queryset=Position.objects.order_by("sort_order", "code"),
        method="filter_plan",
        empty_label=_("All"),
    )

    class Meta:
        model = Official
        fields: list[str] = []
        form = OfficialFilterForm

    def __init__(
        self, data: Any = None, queryset: QuerySet | None = None, *, request: Any = None, **kwargs: Any
    ):  # type: ignore[type-arg]
        super().__init__(data, queryset, request=request, **kwargs)
        self.form.fields["ethnicity"].choices = [  # after the field's own empty choice, "All"
            (MINORITY, _("Ethnic minorities (all)")),
            *((e, e) for e in sorted(ETHNIC_GROUPS, key=fold_name)),
        ]
        self.today = timezone.localdate()
        scope_organization_filter(self, request.user if request is not None else None)

    @property
    def searching(self) -> bool:
        """True when the list is narrowed by a (valid) name search."""
        self.form.is_valid()  # validated once, in __init__
        return bool(fold_name(getattr(self.form, "cleaned_data", {}).get("q") or ""))

    def org_select_oob(self) -> SafeString:
        """The organization drop-down marked for htmx to swap in place (it follows the chosen branch)."""
        return self.form["org"].as_widget(attrs={"hx-swap-oob": "true"})

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:  # type: ignore[type-arg]
        # search_name is stored folded (lower case, no accents), and so is the query: a plain LIKE, which the
        # trigram index on search_name serves (icontains, UPPER(search_name) LIKE ..., cannot use it)
        folded = fold_name(value)
        return queryset.filter(search_name__contains=folded) if folded else queryset

    def filter_subtree(self, queryset: QuerySet, name: str, value: Organization) -> QuerySet:  # type: ignore[type-arg]
        return queryset.in_subtree(value) if value else queryset  # type: ignore[attr-defined]

    def filter_age_min(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:  # type: ignore[type-arg]
        # aged at least N today = born on or before today's date N years ago
        return queryset.filter(birth_date__lte=years_before(self.today, int(value)))

    def filter_age_max(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:  # type: ignore[type-arg]
        # at most N completed years today = born after today's date N + 1 years ago
        return queryset.filter(birth_date__gt=years_before(self.today, int(value) + 1))

    def filter_ethnicity(self, queryset: QuerySet, name: str, value: str) -> QuerySet:  # type: ignore[type-arg]
        if value == MINORITY:
            return queryset.filter(ethnic_minority=True)
        return queryset.filter(ethnicity__in=ethnicity_spellings(value))

    def filter_planned(self, queryset: QuerySet, name: str, value: str) -> QuerySet:  # type: ignore[type-arg]
        return queryset.filter(planned_q() if value == "yes" else ~planned_q())

    def filter_plan(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:  # type: ignore[type-arg]
        return queryset  # the three plan_* filters act together, in filter_queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:  # type: ignore[type-arg]
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        term, kind, position = data.get("plan_term"), data.get("plan_kind"), data.get("plan_position")
        if term or kind or position:
            queryset = queryset.filter(planned_q(term=term, kind=kind or None, position=position))
        return queryset
