"""run_beside: work started on a thread of its own beside the caller's, or run when asked inside a
transaction (whose rows another connection would not see)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from apps.core.workers import run_beside
from apps.organizations.models import Level, Organization


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_work_runs_on_its_own_thread_and_connection() -> None:
    Organization.objects.create(code="BESIDE", name="Bên cạnh", level=Level.PROVINCE)
    seen: list[tuple[str, bool]] = []

    def work() -> int:
        seen.append((threading.current_thread().name, connection.in_atomic_block))
        return Organization.objects.filter(code="BESIDE").count()

    result = run_beside(work)
    assert result() == 1
    assert seen[0][0].startswith("beside")

    def failing() -> int:
        raise ValueError("hỏng")

    with pytest.raises(ValueError, match="hỏng"):
        run_beside(failing)()


@pytest.mark.django_db
def test_inside_a_transaction_the_work_runs_when_asked_and_sees_its_rows() -> None:
    Organization.objects.create(code="BESIDE_TX", name="Trong giao dịch", level=Level.PROVINCE)
    names: list[str] = []

    def work() -> int:
        names.append(threading.current_thread().name)
        return Organization.objects.filter(code="BESIDE_TX").count()

    result = run_beside(work)
    assert names == []  # not started yet
    assert result() == 1
    assert names == [threading.current_thread().name]
