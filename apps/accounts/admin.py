from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .lockout import unlock
from .models import Membership, User
from .services import two_factor_reset

# django-otp's own device pages would show every user's secret key: a reset is the user admin's action
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)


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
    actions = ["unlock_login", "reset_two_factor"]

    @admin.action(description=_("Unlock sign-in (forget failed attempts)"), permissions=["change"])
    def unlock_login(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            unlock(username=user.get_username())
        self.message_user(
            request,
            _("Sign-in unlocked for %(count)s users.") % {"count": queryset.count()},
            messages.SUCCESS,
        )

    @admin.action(description=_("Reset two-factor login (remove the authenticator and backup codes)"),
                  permissions=["change"])  # fmt: skip
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        # each removed device is an event of the audit trail (who reset whose, when), and a line here
        for user in queryset:
            if two_factor_reset(user=user):
                self.log_change(
                    request, user, [{"deleted": {"name": "authenticator app", "object": str(user)}}]
                )
        self.message_user(
            request,
            _("Two-factor login reset for %(count)s users; they set it up again at their next login.")
            % {"count": queryset.count()},
            messages.SUCCESS,
        )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role"]
    list_filter = ["role", "organization__level"]
    search_fields = ["user__username", "user__full_name", "organization__name", "organization__code"]
    autocomplete_fields = ["user", "organization"]
