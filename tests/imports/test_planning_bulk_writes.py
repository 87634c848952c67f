"""Big imports write with COPY and the audit triggers' fast helpers (issue 14, item 5): every row written
still has its history event, attributed to the person who ran the import."""

from __future__ import annotations

from pathlib import Path

import pghistory
import pgtrigger
import pytest
from django.db import connection

from apps.accounts.models import User
from apps.core.history import history_functions_install
from apps.organizations.models import Organization, Term
from apps.people.models import Official
from apps.planning.models import PlanningEntry
from apps.planning.services import PLANNING_COLUMNS, planning_import
from tests.imports.files import write_csv
from tests.imports.samples import an, binh

pytestmark = pytest.mark.django_db


def scalar(sql: str) -> object:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def test_after_migrate_the_trigger_helpers_open_no_subtransaction_per_row() -> None:
    # pgtrigger writes its own version whenever a migration installs a trigger; post_migrate puts ours back
    for name in ("_pgtrigger_should_ignore", "_pgh_attach_context"):
        source = scalar(f"SELECT prosrc FROM pg_proc WHERE proname = '{name}'")
        assert isinstance(source, str) and "EXCEPTION" not in source.upper(), name


def test_the_helpers_behave_as_the_originals_on_missing_and_empty_settings(
    tree: dict[str, Organization],
) -> None:
    history_functions_install()
    assert scalar("SELECT _pgh_attach_context()") is None
    assert scalar("SELECT _pgtrigger_should_ignore('x')") is False
    with connection.cursor() as cursor:
        # what a setting reads after the transaction that set it ended: ''
        cursor.execute(
            "SELECT set_config('pghistory.context_id', '', true), set_config('pgtrigger.ignore', '', true)"
        )
    assert scalar("SELECT _pgh_attach_context()") is None
    assert scalar("SELECT _pgtrigger_should_ignore('x')") is False
    with pghistory.context(note="x"):
        official = Official.objects.create(
            full_name="Lê Văn Thử", birth_date="1980-01-01", sex="M", organization=tree["HUYEN_A"]
        )
    (event,) = official.events.all()  # type: ignore[attr-defined]
    assert event.pgh_context.metadata["note"] == "x"
    with pgtrigger.ignore("people.Official:update_update"):
        Official.objects.filter(pk=official.pk).update(note="không ghi")
    assert official.events.count() == 1  # type: ignore[attr-defined]
    Official.objects.filter(pk=official.pk).update(note="có ghi")
    assert official.events.count() == 2  # type: ignore[attr-defined]


def test_every_row_of_an_import_has_its_event_attributed_to_the_user(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    user = User.objects.create(username="chuyenvien", full_name="Lê Thị Chuyên")
    rows = [an(), binh(), an(**{"STT": "3", "Chức danh quy hoạch": "UV_BCH"})]
    path = write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, rows)
    result = planning_import(file=path, organization=tree["HUYEN_A"], term=term, kind="next", user=user)
    assert result.ok and (result.officials_created, result.entries_created) == (2, 3)
    officials = Official.objects.order_by("id")
    entries = PlanningEntry.objects.order_by("id")
    assert [o.full_name for o in officials] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert entries.count() == 3
    for tracked in [*officials, *entries]:
        (event,) = tracked.events.all()  # type: ignore[attr-defined]
        assert event.pgh_label == "insert"
        assert event.pgh_context.metadata["user"] == user.pk
        assert event.pgh_context.metadata["source"] == "import"
    # the rows read back as written (ids from the sequence, derived columns, time stamps)
    binh_row = Official.objects.get(national_id="001182000123")
    assert (binh_row.search_name, binh_row.ethnic_minority, binh_row.updated_by) == (
        "tran thi binh",
        True,
        user,
    )
    assert binh_row.created_at is not None and binh_row.revision == 1
    assert {e.official_id for e in entries} == {o.pk for o in officials}
