from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("cadreplan"), {"fields": ["full_name"]}))  # type: ignore[misc]
    list_display = ["username", "full_name", "email", "is_staff", "is_active"]
    search_fields = ["username", "full_name", "email"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role"]
    list_filter = ["role", "organization__level"]
    search_fields = ["user__username", "user__full_name", "organization__name", "organization__code"]
    autocomplete_fields = ["user", "organization"]
