from typing import Any

from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from apps.core.catalogue import CatalogueError, compile_catalogues
from apps.core.form_messages import use_house_messages
from apps.core.history import history_functions_install


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # the lowest app: before any page or file is written, the Vietnamese catalogue is compiled
        try:
            compile_catalogues()
        except CatalogueError as error:
            raise ImproperlyConfigured(str(error)) from error
        label_third_party_apps()
        use_house_messages()
        from apps.accounts import idle, twofactor

        idle.connect()
        twofactor.connect()
        # the audit triggers' helper functions without a subtransaction per row (apps.core.history)
        post_migrate.connect(_history_functions_install, sender=self, dispatch_uid="history_functions")


def _history_functions_install(*, using: str, **kwargs: Any) -> None:
    history_functions_install(using=using)


def label_third_party_apps() -> None:
    """Vietnamese names in the admin for the third-party apps that bring none (axes, pghistory).

    Their models' own names are translated in our catalogue; these two apps and pghistory's event
    models have names that are not marked for translation, so they are given ours here.
    """
    if apps.is_installed("axes"):
        apps.get_app_config("axes").verbose_name = _("Login protection")
    if apps.is_installed("pghistory"):
        apps.get_app_config("pghistory").verbose_name = _("Change history")
        from pghistory.models import Events, MiddlewareEvents

        for model, singular, plural in (
            (Events, _("change event"), _("change events")),
            (MiddlewareEvents, _("change event"), _("change events")),
        ):
            model._meta.verbose_name = singular
            model._meta.verbose_name_plural = plural
