"""The officials list filter: it only narrows the queryset the view already scoped to the user."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from apps.accounts.access import grants
from apps.organizations.models import Level, Organization
from apps.people.models import Official, PoliticalTheory, Sex
from apps.people.text import fold_name
from apps.planning.models import EntryStatus, PlanningEntry, PlanningList

MINORITY = "_minority"
YES_NO = (("yes", _("Yes")), ("no", _("No")))

# ?sort= values: a whitelist, so that a hand-edited URL cannot order by an arbitrary column.
SORTS: dict[str, tuple[str, ...]] = {
    "name": ("search_name", "birth_date", "id"),
    "-name": ("-search_name", "-birth_date", "-id"),
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


# Vietnam's 54 ethnic groups (danh mục các dân tộc Việt Nam), in the spellings the data uses. The filter
# offers this fixed list instead of reading the distinct values of every official in scope on each request.
ETHNIC_GROUPS = (
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "H'Mông", "Dao", "Gia Rai", "Ê Đê",
    "Ba Na", "Sán Chay", "Chăm", "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai", "Mnông", "Thổ",
    "Xtiêng", "Khơ Mú", "Bru-Vân Kiều", "Cơ Tu", "Giáy", "Tà Ôi", "Mạ", "Giẻ Triêng", "Co", "Chơ Ro",
    "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "Kháng", "La Chí", "Phù Lá", "La Hủ", "La Ha", "Pà Thẻn",
    "Chứt", "Lự", "Lô Lô", "Mảng", "Cờ Lao", "Bố Y", "Cống", "Ngái", "Si La", "Pu Péo", "Rơ Măm",
    "Brâu", "Ơ Đu",
)  # fmt: skip
# other spellings found in records (the official list writes some names hyphenated, or differently)
ETHNIC_ALIASES: dict[str, tuple[str, ...]] = {
    "Kinh": ("",),  # an empty ethnicity means Kinh (see the official form)
    "Khmer": ("Khơ-me", "Khơ Me"),
    "H'Mông": ("Mông", "Hmông", "H'mông", "HMông"),
    "Ê Đê": ("Ê-đê", "Êđê"),
    "Mnông": ("M'nông", "M'Nông"),
    "Xtiêng": ("Stiêng", "X'tiêng"),
    "Bru-Vân Kiều": ("Bru - Vân Kiều", "Bru Vân Kiều", "Vân Kiều"),
    "Hrê": ("H'rê",),
    "Giẻ Triêng": ("Giẻ-Triêng", "Gié Triêng"),
}


def ethnicity_spellings(group: str) -> list[str]:
    """The stored values that mean `group`: as listed, hyphenated ('Ba-na'), run together, aliases."""
    first, _space, rest = group.partition(" ")
    forms = {group, group.replace(" ", "-"), group.replace(" ", "")}
    if rest:
        forms |= {f"{first}-{rest.lower().replace(' ', '-')}", f"{first} {rest.lower()}"}
    forms.update(ETHNIC_ALIASES.get(group, ()))
    return sorted(forms)


def planned_q() -> Exists:
    """True for an official with an active entry in the newest edition of some planning list.

    "Newest edition" is written as NOT EXISTS (a list whose `previous` is this one): PostgreSQL runs it
    per official on the entries' `official_id` index and the unique `previous_id` index. The reverse
    one-to-one lookup (`planning_list__next_version__isnull`) became a LEFT JOIN it estimated at one
    row, and it then hashed every active entry of the database to label a page of 25 officials.
    """
    return Exists(
        PlanningEntry.objects.filter(official=OuterRef("pk"), status=EntryStatus.ACTIVE).filter(
            ~Exists(PlanningList.objects.filter(previous=OuterRef("planning_list_id")))
        )
    )


def path_ids(path: str) -> list[int]:
    """The ids of an organization and its ancestors, read from its materialized path."""
    return [int(part) for part in path.strip("/").split("/") if part]


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


class FastSelect(forms.Select):
    """A <select> rendered in Python, with the markup of Django's for flat choices (no option groups).

    Django's widget templates render a template per option: ~3 ms a page for the filters' ~120 options,
    about a sixth of the page's Python time.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>',
            ((option, " selected" if str(option) in chosen else "", label) for option, label in self.choices),
        )
        return format_html(
            '<select name="{}"{}>{}\n</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )


class IndentedOrganizations:
    """Organizations in tree order, indented by depth below the user's highest organization."""

    top_depth = 0

    def for_user(self, user: Any) -> None:
        self.top_depth = min((g.path.count("/") - 2 for g in grants(user)), default=0)

    def label_from_instance(self, obj: Organization) -> str:
        return "\u2003" * max(obj.depth - self.top_depth, 0) + obj.name


class OrganizationChoiceField(IndentedOrganizations, forms.ModelChoiceField):
    pass


class ShownChoiceIterator(django_filters.fields.ModelChoiceIterator):
    """Lists the field's `shown` queryset; the field still accepts anything of its (wider) queryset."""

    def __init__(self, field: Any, *args: Any) -> None:
        super().__init__(field, *args)
        if getattr(field, "shown", None) is not None:
            self.queryset = field.shown

    def __iter__(self) -> Any:
        # one plain query: the base class reads through a server-side cursor (DECLARE, FETCH, CLOSE)
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class OrganizationFilterField(IndentedOrganizations, django_filters.fields.ModelChoiceField):
    """An organization of the user's scope, by id; the drop-down lists only a bounded part of the tree.

    A national scope has ~7,900 organizations: rendering them all on every page cost ~0.6 s and 440 KB.
    The list shows the user's top organizations and their children and, once one is chosen, its
    ancestors' children and its own children (drill down one level per choice). Any organization in
    scope is accepted by id (shared links); one outside the scope is refused.
    """

    iterator = ShownChoiceIterator
    widget = FastSelect
    shown: QuerySet | None = None  # type: ignore[type-arg]

    def show(self, queryset: QuerySet) -> None:  # type: ignore[type-arg]
        self.shown = queryset
        self.widget.choices = self.choices


class OrganizationFilter(django_filters.ModelChoiceFilter):
    field_class = OrganizationFilterField


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

    class Meta:
        model = Official
        fields: list[str] = []

    def __init__(
        self, data: Any = None, queryset: QuerySet | None = None, *, request: Any = None, **kwargs: Any
    ):  # type: ignore[type-arg]
        super().__init__(data, queryset, request=request, **kwargs)
        user = request.user if request is not None else None
        orgs = Organization.objects.for_user(user).order_by("path").only("id", "name", "depth", "path")
        self.filters["org"].queryset = orgs
        org_field = self.form.fields["org"]
        org_field.queryset = orgs
        org_field.for_user(user)
        self.form.fields["ethnicity"].choices = [  # after the field's own empty choice, "All"
            (MINORITY, _("Ethnic minorities (all)")),
            *((e, e) for e in sorted(ETHNIC_GROUPS, key=fold_name)),
        ]
        self.today = timezone.localdate()
        # validate now (a chosen organization costs one indexed query) to know which part of the tree to list
        chosen = None
        if self.is_bound:
            self.form.is_valid()  # the filtering validates anyway; the errors are kept
            chosen = self.form.cleaned_data.get("org")
        org_field.show(orgs.filter(self.shown_organizations(user, chosen)))

    @property
    def searching(self) -> bool:
        """True when the list is narrowed by a (valid) name search."""
        self.form.is_valid()  # validated once, in __init__
        return bool(fold_name(getattr(self.form, "cleaned_data", {}).get("q") or ""))

    def org_select_oob(self) -> SafeString:
        """The organization drop-down marked for htmx to swap in place (it follows the chosen branch)."""
        return self.form["org"].as_widget(attrs={"hx-swap-oob": "true"})

    @staticmethod
    def shown_organizations(user: Any, chosen: Organization | None) -> Q:
        """The organizations the drop-down lists: the top of the scope, its children, the chosen branch."""
        if getattr(user, "is_superuser", False):
            shown = Q(depth__lte=1)
        else:
            tops = [g.org_id for g in grants(user)]
            shown = Q(pk__in=tops) | Q(parent_id__in=tops)
        if chosen is not None:
            shown |= Q(parent_id__in=path_ids(chosen.path))
        return shown

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
