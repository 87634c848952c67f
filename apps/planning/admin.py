"""Admin of planning lists: a frozen (submitted or approved) list and its entries are read-only here.

Status and revision change only through the services (workflow, lost-update guard), never in the admin.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from .models import NominationVote, PlanningEntry, PlanningList


def _list_frozen(planning_list: PlanningList | None) -> bool:
    return planning_list is not None and planning_list.is_frozen


class PlanningEntryInline(admin.TabularInline):
    model = PlanningEntry
    extra = 0
    autocomplete_fields = ["official", "position"]
    fields = [
        "official",
        "position",
        "target_group_override",
        "first_time",
        "status",
        "removed_reason",
        "removed_on",
    ]

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return not _list_frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return not _list_frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return not _list_frozen(obj) and super().has_delete_permission(request, obj)


@admin.register(PlanningList)
class PlanningListAdmin(admin.ModelAdmin):
    list_display = ["organization", "term", "kind", "version", "status", "reference_date", "rule_set_used"]
    list_filter = ["term", "kind", "status", "organization__level"]
    search_fields = ["organization__name", "organization__code", "decision_number"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization", "term", "rule_set_used"]
    inlines = [PlanningEntryInline]
    readonly_fields = ["status", "revision"]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return not _list_frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return not _list_frozen(obj) and super().has_delete_permission(request, obj)


class NominationVoteInline(admin.TabularInline):
    model = NominationVote
    extra = 0


@admin.register(PlanningEntry)
class PlanningEntryAdmin(admin.ModelAdmin):
    list_display = ["official", "position", "planning_list", "status", "first_time"]
    list_filter = ["status", "position__group", "planning_list__kind", "planning_list__term"]
    search_fields = ["official__full_name", "official__search_name"]
    autocomplete_fields = ["official", "position", "planning_list"]
    list_select_related = ["official", "position", "planning_list__organization", "planning_list__term"]
    inlines = [NominationVoteInline]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        frozen = obj is not None and obj.planning_list.is_frozen
        return not frozen and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        frozen = obj is not None and obj.planning_list.is_frozen
        return not frozen and super().has_delete_permission(request, obj)
