from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from apps.accounts import views as account_views
from apps.reports import views as report_views

admin.site.site_header = _("cadreplan administration")
admin.site.site_title = _("cadreplan")
admin.site.index_title = _("System administration")

urlpatterns = [
    path("", report_views.home, name="home"),
    path(
        "dang-nhap/",
        login_not_required(
            auth_views.LoginView.as_view(
                template_name="accounts/login.html", redirect_authenticated_user=True
            )
        ),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    # two-factor login: step 2 after the password, and the user's own enrolment page
    path("dang-nhap/ma-xac-thuc/", account_views.two_factor_verify, name="two_factor_verify"),
    path("tai-khoan/xac-thuc-hai-buoc/", account_views.two_factor_setup, name="two_factor_setup"),
    path("healthz", account_views.healthz, name="healthz"),
    path("tro-giup/", account_views.help_page, name="help"),
    path("tro-giup/<slug:topic>/", account_views.help_page, name="help_topic"),
    path("nhat-ky/", account_views.audit_log, name="audit"),
    path("to-chuc/", include("apps.organizations.urls")),
    path("can-bo/", include("apps.people.urls")),
    path("quy-hoach/", include("apps.planning.urls")),
    path("bao-cao/", include("apps.reports.urls")),
    path("quy-tac/", include("apps.rules.urls")),
    # the language switch works on the login page too
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("quan-tri/", admin.site.urls),
]
