from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from apps.core.catalogue import CatalogueError, compile_catalogues


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # the lowest app: before any page or file is written, the Vietnamese catalogue is compiled
        try:
            compile_catalogues()
        except CatalogueError as error:
            raise ImproperlyConfigured(str(error)) from error
