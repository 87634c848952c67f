from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for the load balancer and docker-compose: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# the help pages: one per area of the workspace (templates/help/<topic>.html), a fixed list
HELP_TOPICS = ("officials", "lists", "import", "rounds", "reports")


@require_GET
def help_page(request: HttpRequest, topic: str = "") -> HttpResponse:
    """A help page in plain words: what the area is for, how to use it, what its badges mean."""
    if topic and topic not in HELP_TOPICS:
        raise Http404
    return render(request, f"help/{topic or 'index'}.html", {"topic": topic, "topics": HELP_TOPICS})
