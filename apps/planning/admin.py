from django.contrib import admin

from .models import NominationVote, PlanningEntry, PlanningList


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


@admin.register(PlanningList)
class PlanningListAdmin(admin.ModelAdmin):
    list_display = ["organization", "term", "kind", "version", "status", "reference_date", "rule_set_used"]
    list_filter = ["term", "kind", "status", "organization__level"]
    search_fields = ["organization__name", "organization__code", "decision_number"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization", "term", "rule_set_used"]
    inlines = [PlanningEntryInline]


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
