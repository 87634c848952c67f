"""Receivers of the lower apps' announcements: a change to officials or lists refreshes their summaries.

Connected in `ReportsConfig.ready()`. The refresh runs as the Celery task `reports.summaries_refresh`:
on a worker when a broker is configured, inline otherwise. A broker that cannot be reached is logged and
the refresh recorded to be sent again (apps.reports.services.deferred): the change stands.
"""

from __future__ import annotations

from typing import Any

from apps.planning.selectors import planning_list_ids_of_officials
from apps.reports.services.deferred import task_enqueue
from apps.reports.tasks import summaries_refresh


def refresh_changed_lists(*, list_ids: list[int], **_: Any) -> None:
    """Planning lists changed: recalculate their dashboard summaries."""
    task_enqueue(summaries_refresh, kwargs={"list_ids": list(list_ids)})


def refresh_lists_of_officials(*, official_ids: list[int], **_: Any) -> None:
    """Officials changed (age, sex, ethnicity...): recalculate the summaries of the lists that plan them,
    and the stored R8 measures of their workplaces."""
    list_ids = planning_list_ids_of_officials(official_ids=official_ids)
    task_enqueue(summaries_refresh, kwargs={"list_ids": list_ids, "official_ids": list(official_ids)})


def connect() -> None:
    """Listen to people's and planning's signals (called once from the app's ready())."""
    from apps.people.signals import officials_changed
    from apps.planning.signals import lists_changed

    lists_changed.connect(refresh_changed_lists, dispatch_uid="reports.refresh_changed_lists")
    officials_changed.connect(refresh_lists_of_officials, dispatch_uid="reports.refresh_lists_of_officials")
