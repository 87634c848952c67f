from django.contrib import admin

from .models import RuleSet, RuleSetLevel


class RuleSetLevelInline(admin.TabularInline):
    model = RuleSetLevel
    extra = 0


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "valid_from",
        "valid_to",
        "max_people_per_position",
        "discipline_severity",
    ]
    search_fields = ["code", "name"]
    inlines = [RuleSetLevelInline]
