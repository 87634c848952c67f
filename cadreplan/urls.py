from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from apps.accounts import views as account_views

admin.site.site_header = _("cadreplan administration")
admin.site.site_title = _("cadreplan")
admin.site.index_title = _("System administration")

urlpatterns = [
    path("", account_views.home, name="home"),
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
    path("healthz", account_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
]
