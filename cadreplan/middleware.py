"""Vietnamese first (the interface language is Vietnamese unless the user chose English); a notice when
a background step of the request is delayed."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy

from apps.core.queue import background_delayed, reset_background_delayed


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
