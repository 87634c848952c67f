from django.contrib import admin

from .models import Organization, Position, PositionStandard, Term, TermLevelStart


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["indented_name", "code", "level", "parent", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    list_per_page = 100

    @admin.display(description=Organization._meta.get_field("name").verbose_name, ordering="path")
    def indented_name(self, obj: Organization) -> str:
        return "— " * obj.depth + obj.name


class TermLevelStartInline(admin.TabularInline):
    model = TermLevelStart
    extra = 0


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "start_date", "end_date"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    inlines = [TermLevelStartInline]


class PositionStandardInline(admin.TabularInline):
    model = PositionStandard
    extra = 0


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    inlines = [PositionStandardInline]
    list_display = ["code", "name", "group", "default_target_group", "rank", "sort_order"]
    list_filter = ["group", "default_target_group"]
    search_fields = ["code", "name"]
    list_editable = ["rank", "sort_order"]
