"""The project's URLs plus one view that fails, to see the server error page (tests only)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from cadreplan.urls import urlpatterns as project_urlpatterns


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [*project_urlpatterns, path("loi-thu/", boom, name="boom")]
