"""Planning imports against other sessions, with real connections in threads (transactional tests).

The import as the command runs it (planning_import, no web wrapper) checks the file without locking the
newest list and holds it locked while it writes; two imports creating the same new list end in a message,
not a crash.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError, close_old_connections, connection, connections, transaction
from django.db.models import F

from apps.organizations.models import Organization, Term
from apps.people.models import Official
from apps.planning.models import ListStatus, PlanningEntry, PlanningList
from apps.planning.services import PLANNING_COLUMNS, ImportResult, import_rows, imports, planning_import
from apps.planning.services import import_format as imp
from tests.imports.files import write_csv
from tests.imports.samples import an, binh

pytestmark = pytest.mark.django_db(transaction=True)

WAIT = 20  # seconds: a generous bound, reached only when something is broken


def in_thread(target: Callable[[], ImportResult], results: list[Any]) -> threading.Thread:
    """Run `target` on its own database connection; its result (or exception) is appended to `results`."""

    def body() -> None:
        try:
            results.append(target())
        except BaseException as exc:  # reported by the test, not lost in the thread
            results.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=body, daemon=True)
    thread.start()
    return thread


def importer(path: Path, tree: dict[str, Organization], term: Term) -> Callable[[], ImportResult]:
    return lambda: planning_import(file=path, organization=tree["HUYEN_A"], term=term, kind="next")


def update_within(planning_list: PlanningList, **changes: Any) -> None:
    """Update the list from this thread's connection, giving up after 300 ms of waiting for a lock."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '300ms'")
        PlanningList.objects.filter(pk=planning_list.pk).update(**changes)


def test_the_list_is_not_locked_while_the_file_is_checked_and_an_edit_meanwhile_is_kept(
    tmp_path: Path, tree: dict[str, Organization], term: Term, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14, item 5: parsing, checking and matching run before the list's lock is taken."""
    planning_list = PlanningList.objects.create(
        organization=tree["HUYEN_A"], term=term, kind="next", reference_date=term.start_date
    )
    checked, go = threading.Event(), threading.Event()
    plan = import_rows.plan_writes
    calls: list[int] = []

    def pause_after_checking(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            checked.set()
            assert go.wait(WAIT)
        return plan(*args, **kwargs)

    monkeypatch.setattr(import_rows, "plan_writes", pause_after_checking)
    results: list[Any] = []
    thread = in_thread(
        importer(write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [an()]), tree, term), results
    )
    try:
        assert checked.wait(WAIT)
        # meanwhile an editor changes the list (as an entry edit does): nothing waits for the import
        update_within(planning_list, revision=F("revision") + 1)
    finally:
        go.set()
        thread.join(WAIT)
    close_old_connections()
    (result,) = results
    assert isinstance(result, ImportResult) and result.ok, result
    # the list had moved on after its entries were read: the import ran again, locked from the start
    assert len(calls) == 2
    planning_list.refresh_from_db()
    assert (planning_list.status, planning_list.revision) == (ListStatus.DRAFT, 3)
    assert planning_list.entries.count() == 1


def test_the_list_is_locked_while_the_import_writes(
    tmp_path: Path, tree: dict[str, Organization], term: Term, monkeypatch: pytest.MonkeyPatch
) -> None:
    planning_list = PlanningList.objects.create(
        organization=tree["HUYEN_A"], term=term, kind="next", reference_date=term.start_date
    )
    writing, go = threading.Event(), threading.Event()
    write = imports.write_plan

    def pause_while_writing(*args: Any, **kwargs: Any) -> Any:
        writing.set()
        assert go.wait(WAIT)
        return write(*args, **kwargs)

    monkeypatch.setattr(imports, "write_plan", pause_while_writing)
    results: list[Any] = []
    thread = in_thread(
        importer(write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [an()]), tree, term), results
    )
    try:
        assert writing.wait(WAIT)
        # meanwhile another user submits the list: the update waits for the import's lock
        with pytest.raises(OperationalError):
            update_within(planning_list, status=ListStatus.SUBMITTED)
    finally:
        go.set()
        thread.join(WAIT)
    close_old_connections()
    (result,) = results
    assert isinstance(result, ImportResult) and result.ok, result
    planning_list.refresh_from_db()
    assert (planning_list.status, planning_list.revision) == (ListStatus.DRAFT, 2)
    assert planning_list.entries.count() == 1


def test_two_imports_creating_the_same_list_end_in_one_list_and_one_message(
    tmp_path: Path, tree: dict[str, Organization], term: Term, monkeypatch: pytest.MonkeyPatch
) -> None:
    both_checked = threading.Barrier(2, timeout=WAIT)
    lock = import_rows.lock_people

    def wait_for_the_other(*args: Any, **kwargs: Any) -> Any:
        # both found no list (nothing to lock) before either creates it; then the second waits for the
        # first on the people's lock, matches the person the first created and meets its new list
        both_checked.wait()
        return lock(*args, **kwargs)

    monkeypatch.setattr(import_rows, "lock_people", wait_for_the_other)
    path = write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [an()])
    results: list[Any] = []
    threads = [in_thread(importer(path, tree, term), results) for _ in range(2)]
    for thread in threads:
        thread.join(WAIT)
    assert len(results) == 2 and all(isinstance(r, ImportResult) for r in results), results
    done = [r for r in results if r.ok]
    refused = [r for r in results if not r.ok]
    assert len(done) == 1 and len(refused) == 1
    assert [str(e) for e in refused[0].errors] == [
        imp.LIST_CREATED_MEANWHILE.format(organization="HUYEN_A", term="2025-2030", kind="nhiệm kỳ kế tiếp")
    ]
    assert PlanningList.objects.count() == 1 and PlanningEntry.objects.count() == 1


def test_two_imports_of_the_same_new_people_into_two_lists_create_each_person_once(
    tmp_path: Path, tree: dict[str, Organization], term: Term, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14: the second import used to create the same people again (6,000 officials for 3,000)."""
    for kind in ("next", "current"):
        PlanningList.objects.create(
            organization=tree["HUYEN_A"], term=term, kind=kind, reference_date=term.start_date
        )
    first_matched, go = threading.Event(), threading.Event()
    plan = import_rows.plan_writes
    calls: list[str] = []

    def hold_the_first(*args: Any, **kwargs: Any) -> Any:
        calls.append(threading.current_thread().name)
        if len(calls) == 1:  # the first import has matched (no one found) and not yet written
            first_matched.set()
            assert go.wait(WAIT)
        return plan(*args, **kwargs)

    monkeypatch.setattr(import_rows, "plan_writes", hold_the_first)
    path = write_csv(
        tmp_path / "ds.csv", PLANNING_COLUMNS, [an(), binh(), an(**{"Chức danh quy hoạch": "UV_BCH"})]
    )
    results: list[Any] = []

    def into(kind: str) -> Callable[[], ImportResult]:
        return lambda: planning_import(file=path, organization=tree["HUYEN_A"], term=term, kind=kind)

    first = in_thread(into("next"), results)
    assert first_matched.wait(WAIT)
    second = in_thread(into("current"), results)
    second.join(1.0)  # before: the second import ran to the end meanwhile, creating the people again
    go.set()
    first.join(WAIT)
    second.join(WAIT)
    close_old_connections()
    assert len(results) == 2 and all(isinstance(r, ImportResult) and r.ok for r in results), results
    assert sorted(r.officials_created for r in results) == [0, 2]
    assert Official.objects.count() == 2
    assert PlanningEntry.objects.count() == 6
