from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "apps.reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from apps.reports import signals

        signals.connect()
