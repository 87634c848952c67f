"""Vietnamese first: the interface language is Vietnamese, and so are the error pages, DEBUG or not; a
notice when a background step of the request is delayed."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy
from django.views import defaults

from apps.core.queue import background_delayed, reset_background_delayed

logger = logging.getLogger("django.request")


class VietnameseFirstLocaleMiddleware:
    """Like LocaleMiddleware, but a browser's Accept-Language never overrides Vietnamese."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class VietnameseErrorPagesMiddleware:
    """The Vietnamese 400/403/404/500 pages in DEBUG too (`make run`), not Django's English debug pages.

    In production Django's own handlers already render templates/4xx.html and 500.html. With DEBUG on,
    Django answers an unknown URL and a raised Http404/PermissionDenied with its technical pages
    (English, listing the URL patterns); this middleware answers them with the same pages as
    production. A server error still logs its traceback to the console; set TECHNICAL_ERROR_PAGES=1
    to see Django's debug pages instead.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def _active(self) -> bool:
        return bool(settings.DEBUG and not getattr(settings, "TECHNICAL_ERROR_PAGES", False))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            self._active()
            and response.status_code == 404
            and getattr(request, "resolver_match", None) is None
            and not getattr(response, "cadreplan_error_page", False)
        ):
            # no URL pattern matched: Django's technical 404 page was rendered
            response = self._page(defaults.page_not_found(request, Http404()))
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not self._active():
            return None
        if isinstance(exception, Http404):
            return self._page(defaults.page_not_found(request, exception))
        if isinstance(exception, PermissionDenied):
            return self._page(defaults.permission_denied(request, exception))
        if isinstance(exception, (SuspiciousOperation, BadRequest)):
            return self._page(defaults.bad_request(request, exception))
        logger.error("Lỗi máy chủ: %s", request.path, exc_info=exception)
        return self._page(defaults.server_error(request))

    @staticmethod
    def _page(response: HttpResponse) -> HttpResponse:
        response.cadreplan_error_page = True  # type: ignore[attr-defined]
        return response


MSG_BACKGROUND_DELAYED = gettext_lazy(
    "Your change was saved. A background step (refreshing figures or preparing a report) is delayed "
    "because the task server cannot be reached; it will run when the server is back."
)


class BackgroundDelayMiddleware:
    """Tell the user when a background task of their request could not be sent (apps.core.queue)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reset_background_delayed()
        response = self.get_response(request)
        if background_delayed() and hasattr(request, "_messages"):
            messages.warning(request, str(MSG_BACKGROUND_DELAYED))
        reset_background_delayed()
        return response
