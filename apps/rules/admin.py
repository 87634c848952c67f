from collections import Counter

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from .models import Level, RuleSet, RuleSetLevel


class RuleSetLevelFormSet(BaseInlineFormSet):
    """Exactly one row per organization level, so every list has its young and women targets."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        levels = Counter(
            form.cleaned_data["level"]
            for form in self.forms
            if form.cleaned_data.get("level") and not form.cleaned_data.get("DELETE")
        )
        duplicated = [Level(level).label for level, n in levels.items() if n > 1]
        missing = [label for value, label in Level.choices if value not in levels]
        errors = []
        if duplicated:
            errors.append(
                "Mỗi cấp chỉ được khai báo một lần; bị trùng: " + ", ".join(map(str, duplicated)) + "."
            )
        if missing:
            errors.append(
                "Phải khai báo tham số cho đủ năm cấp; còn thiếu: " + ", ".join(map(str, missing)) + "."
            )
        if errors:
            raise ValidationError(errors)


class RuleSetLevelInline(admin.TabularInline):
    model = RuleSetLevel
    formset = RuleSetLevelFormSet
    extra = 0
    min_num = 5
    max_num = 5
    validate_min = True
    validate_max = True
    can_delete = False


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
