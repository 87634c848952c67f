from django.contrib import admin

from .models import BoardConclusion, DisciplineRecord, Official, Proposal, WorkHistory


class DisciplineInline(admin.TabularInline):
    model = DisciplineRecord
    extra = 0


class ProposalInline(admin.TabularInline):
    model = Proposal
    extra = 0


class ConclusionInline(admin.TabularInline):
    model = BoardConclusion
    extra = 0


class WorkHistoryInline(admin.TabularInline):
    model = WorkHistory
    extra = 0
    autocomplete_fields = ["organization", "position"]


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ["full_name", "birth_date", "sex", "ethnicity", "organization", "current_position_title"]
    list_filter = [
        "sex",
        "ethnic_minority",
        "political_theory",
        "organization__level",
        "meets_political_standard",
    ]
    search_fields = ["full_name", "search_name", "national_id"]
    autocomplete_fields = ["organization", "current_position"]
    date_hierarchy = "birth_date"
    inlines = [WorkHistoryInline, DisciplineInline, ProposalInline, ConclusionInline]
    list_select_related = ["organization"]


@admin.register(DisciplineRecord)
class DisciplineRecordAdmin(admin.ModelAdmin):
    list_display = ["official", "level", "decision_number", "start_date", "end_date"]
    list_filter = ["level"]
    search_fields = ["official__full_name", "decision_number"]
    autocomplete_fields = ["official"]


@admin.register(WorkHistory)
class WorkHistoryAdmin(admin.ModelAdmin):
    list_display = ["official", "title", "position", "organization", "start_date", "end_date", "is_rotation"]
    list_filter = ["is_rotation"]
    search_fields = ["official__full_name", "title"]
    autocomplete_fields = ["official", "organization", "position"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["official", "kind", "position_title", "proposed_on", "body", "decided_on"]
    list_filter = ["kind"]
    search_fields = ["official__full_name", "body"]
    autocomplete_fields = ["official"]
