"""Planning import: only officials of the list's subtree are matched or written; the list is locked and moved on.

The lists are HUYEN_A's (subtree HUYEN_A, XA_1); HUYEN_B is a sibling district whose records an import of
HUYEN_A must neither change, move nor describe.

Decision on namesakes: a row without a national ID whose name, birth date and sex equal those of an
official outside the subtree creates a new official in the subtree. Without an ID the two people cannot be
told apart, and the other organization's record must not move; an ID held outside is an error instead,
since IDs are unique in the whole database.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import Membership, Role, User
from apps.organizations.models import Organization, Term
from apps.people.models import Official
from apps.planning import services
from apps.planning.models import ListStatus, PlanningEntry, PlanningList
from apps.planning.services import PLANNING_COLUMNS, ImportResult, import_rows, planning_import
from apps.planning.services import import_format as imp
from tests.factories import hashed_test_password
from tests.imports.files import write_csv
from tests.imports.samples import an, binh, counts

pytestmark = pytest.mark.django_db

NEXT_REFERENCE = dt.date(2025, 6, 1)
ELSEWHERE_ID = "001070000001"


def run(path: Path, tree: dict[str, Organization], term: Term, **options: Any) -> ImportResult:
    return planning_import(file=path, organization=tree["HUYEN_A"], term=term, kind="next", **options)


def messages(result: ImportResult) -> list[str]:
    return [str(error) for error in result.errors]


def record(official: Official) -> tuple[Any, ...]:
    """Everything of an official that an import could change."""
    return tuple(
        Official.objects.filter(pk=official.pk)
        .values_list(
            "full_name",
            "birth_date",
            "sex",
            "national_id",
            "organization_id",
            "current_position_title",
            "education",
            "revision",
            "updated_at",
        )
        .get()
    )


def cuong(tree: dict[str, Organization], **extra: Any) -> Official:
    """An official of HUYEN_B, outside the subtree of HUYEN_A's lists."""
    values: dict[str, Any] = {
        "full_name": "Lê Văn Cường",
        "birth_date": dt.date(1970, 1, 1),
        "sex": "M",
        "national_id": ELSEWHERE_ID,
        "organization": tree["HUYEN_B"],
        "education": "Kỹ sư",
    }
    values.update(extra)
    return Official.objects.create(**values)


def cuong_row(**extra: Any) -> dict[str, Any]:
    return an(**{"Họ và tên": "Lê Văn Cường", "Ngày sinh": "01/01/1970", **extra})


def draft(tree: dict[str, Organization], term: Term) -> PlanningList:
    return PlanningList.objects.create(
        organization=tree["HUYEN_A"], term=term, kind="next", reference_date=NEXT_REFERENCE
    )


# --- 1. officials outside the subtree are never matched or written ------------------------------------


@pytest.mark.parametrize(
    "row",
    [
        pytest.param(cuong_row(**{"Số định danh": ELSEWHERE_ID}), id="same-person"),
        pytest.param(an(**{"Số định danh": ELSEWHERE_ID}), id="another-person"),
    ],
)
def test_an_id_held_outside_the_subtree_is_a_row_error_that_reveals_nothing(
    tmp_path: Path, tree: dict[str, Organization], term: Term, row: dict[str, Any]
) -> None:
    holder = cuong(tree)
    before, stored = counts(), record(holder)
    rows = [binh(), {**row, "STT": "2", "Trình độ chuyên môn": "Tiến sĩ"}]  # a good row is rejected too
    result = run(write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, rows), tree, term)
    assert messages(result) == [
        "Dòng 3, cột Số định danh: " + imp.NATIONAL_ID_ELSEWHERE.format(value=ELSEWHERE_ID)
    ]
    message = messages(result)[0]
    for secret in ("Cường", "Cuong", "1970", "HUYEN_B", "Huyện B", "Kỹ sư"):
        assert secret not in message.replace("Dòng 3", "")
    assert counts() == before
    assert record(holder) == stored  # not updated, not moved to HUYEN_A


def test_an_id_held_outside_is_refused_in_a_dry_run_too(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    cuong(tree)
    path = write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [cuong_row(**{"Số định danh": ELSEWHERE_ID})])
    result = run(path, tree, term, dry_run=True)
    assert messages(result) == [
        "Dòng 2, cột Số định danh: " + imp.NATIONAL_ID_ELSEWHERE.format(value=ELSEWHERE_ID)
    ]


def test_an_id_held_inside_the_subtree_may_name_its_holder(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    cuong(tree, organization=tree["XA_1"])
    path = write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [an(**{"Số định danh": ELSEWHERE_ID})])
    assert messages(run(path, tree, term)) == [
        "Dòng 2, cột Số định danh: "
        + imp.NATIONAL_ID_TAKEN.format(value=ELSEWHERE_ID, name="Lê Văn Cường", birth="01/01/1970")
    ]


def test_an_official_inside_the_subtree_is_matched_by_id_and_may_move_within_it(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    holder = cuong(tree, organization=tree["XA_1"])
    path = write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [cuong_row(**{"Số định danh": ELSEWHERE_ID})])
    result = run(path, tree, term)
    assert result.ok and (result.officials_created, result.officials_updated) == (0, 1)
    holder.refresh_from_db()
    assert holder.organization == tree["HUYEN_A"]


def test_a_namesake_outside_the_subtree_is_not_matched_and_a_new_official_is_created(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    # two namesakes elsewhere: not matched, and not "ambiguous" either (that would tell they exist)
    others = [cuong(tree, national_id=None), cuong(tree, national_id=None, organization=tree["TINH"])]
    stored = [record(o) for o in others]
    path = write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [cuong_row()])
    result = run(path, tree, term)
    assert result.ok, messages(result)
    assert (result.officials_created, result.officials_updated, result.entries_created) == (1, 0, 1)
    created = Official.objects.exclude(pk__in=[o.pk for o in others]).get()
    assert (created.full_name, created.organization) == ("Lê Văn Cường", tree["HUYEN_A"])
    assert PlanningEntry.objects.get().official == created
    assert [record(o) for o in others] == stored
    # importing the file again matches the new official (inside), still never the others
    again = run(path, tree, term)
    assert again.ok and (again.officials_created, again.officials_unchanged) == (0, 1)
    assert [record(o) for o in others] == stored


def test_a_namesake_outside_without_id_does_not_receive_the_rows_id(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    other = cuong(tree, national_id=None)
    stored = record(other)
    path = write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [cuong_row(**{"Số định danh": "001070000999"})])
    result = run(path, tree, term)
    assert result.ok and result.officials_created == 1
    assert record(other) == stored
    assert Official.objects.get(national_id="001070000999").organization == tree["HUYEN_A"]


def test_the_web_service_refuses_an_id_held_outside(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    editor = User.objects.create(username="editor_a", password=hashed_test_password())
    Membership.objects.create(user=editor, organization=tree["HUYEN_A"], role=Role.EDITOR)
    holder = cuong(tree)
    stored = record(holder)
    path = write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [cuong_row(**{"Số định danh": ELSEWHERE_ID})])
    arguments: dict[str, Any] = {
        "file": str(path),
        "filename": path.name,
        "organization": tree["HUYEN_A"],
        "term": term,
        "kind": "next",
        "user": editor,
    }
    result = services.planning_list_import(**arguments)
    assert messages(result) == [
        "Dòng 2, cột Số định danh: " + imp.NATIONAL_ID_ELSEWHERE.format(value=ELSEWHERE_ID)
    ]
    assert record(holder) == stored
    with pytest.raises(PermissionDenied):
        services.planning_list_import(**{**arguments, "organization": tree["HUYEN_B"]})


# --- 3. the import itself locks the newest list and moves its revision on --------------------------------


def call_import(path: Path, *options: str) -> str:
    out = io.StringIO()
    args = ("--org", "HUYEN_A", "--term", "2025-2030", "--kind", "next", *options)
    call_command("import_planning", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_command_moves_the_list_revision_on_only_when_it_writes(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    planning_list = draft(tree, term)
    stamp = planning_list.updated_at
    path = write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [an(), binh()])

    call_import(path, "--dry-run")
    planning_list.refresh_from_db()
    assert planning_list.revision == 1

    call_import(path)
    planning_list.refresh_from_db()
    assert (planning_list.revision, planning_list.updated_by) == (2, None)
    assert planning_list.updated_at > stamp
    assert planning_list.entries.count() == 2

    call_import(path)  # the same file again writes nothing
    planning_list.refresh_from_db()
    assert planning_list.revision == 2

    call_import(path, "--reference-date", "2025-10-01")  # only the reference date changes
    planning_list.refresh_from_db()
    assert (planning_list.revision, planning_list.reference_date) == (3, dt.date(2025, 10, 1))

    changed = write_csv(tmp_path / "v2.csv", PLANNING_COLUMNS, [an(**{"Ghi chú": "Bổ sung"})])
    call_import(changed, "--reference-date", "2025-10-01")  # an entry's note changes
    planning_list.refresh_from_db()
    assert planning_list.revision == 4


def test_a_new_list_starts_at_revision_1(tmp_path: Path, tree: dict[str, Organization], term: Term) -> None:
    call_import(write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [an()]))
    assert PlanningList.objects.get().revision == 1


def test_a_rejected_file_leaves_the_revision(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    planning_list = draft(tree, term)
    result = run(
        write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [an(), an(**{"Giới tính": "?"})]), tree, term
    )
    assert not result.ok
    planning_list.refresh_from_db()
    assert planning_list.revision == 1


def test_the_import_locks_the_newest_list_once_and_the_web_service_bumps_once(
    tmp_path: Path, tree: dict[str, Organization], term: Term
) -> None:
    planning_list = draft(tree, term)
    editor = User.objects.create(username="editor_a", password=hashed_test_password())
    Membership.objects.create(user=editor, organization=tree["HUYEN_A"], role=Role.EDITOR)
    path = write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [an()])
    with CaptureQueriesContext(connection) as dry:
        services.planning_list_import(
            file=str(path), filename=path.name, organization=tree["HUYEN_A"], term=term, kind="next",
            user=editor, dry_run=True,
        )  # fmt: skip
    assert not [q for q in dry.captured_queries if "FOR UPDATE" in q["sql"]]
    with CaptureQueriesContext(connection) as real:
        result = services.planning_list_import(
            file=str(path), filename=path.name, organization=tree["HUYEN_A"], term=term, kind="next",
            user=editor,
        )  # fmt: skip
    assert result.ok and result.entries_created == 1
    locks = [q["sql"] for q in real.captured_queries if "FOR UPDATE" in q["sql"]]
    assert len(locks) == 1 and '"planning_planninglist"' in locks[0]
    planning_list.refresh_from_db()
    assert (planning_list.revision, planning_list.updated_by) == (2, editor)


@pytest.mark.parametrize("status", [ListStatus.SUBMITTED, ListStatus.APPROVED])
def test_the_command_refuses_a_frozen_list(
    tmp_path: Path, tree: dict[str, Organization], term: Term, status: str
) -> None:
    planning_list = draft(tree, term)
    PlanningList.objects.filter(pk=planning_list.pk).update(status=status)
    before = counts()
    result = run(write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [an()]), tree, term)
    assert len(result.errors) == 1 and "không sửa được" in messages(result)[0]
    assert counts() == before
    planning_list.refresh_from_db()
    assert planning_list.revision == 1


# --- concurrent writes end in a message, not an IntegrityError -------------------------------------------


def test_a_list_created_meanwhile_is_a_clear_error(
    tmp_path: Path, tree: dict[str, Organization], term: Term, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = import_rows.plan_writes

    def someone_creates_the_list_meanwhile(*args: Any, **kwargs: Any) -> Any:
        draft(tree, term)
        return plan(*args, **kwargs)

    monkeypatch.setattr(import_rows, "plan_writes", someone_creates_the_list_meanwhile)
    officials = Official.objects.count()
    result = run(write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [an()]), tree, term)
    assert messages(result) == [
        imp.LIST_CREATED_MEANWHILE.format(organization="HUYEN_A", term="2025-2030", kind="nhiệm kỳ kế tiếp")
    ]
    assert Official.objects.count() == officials and not PlanningEntry.objects.exists()


def test_an_id_taken_meanwhile_is_a_clear_error(
    tmp_path: Path, tree: dict[str, Organization], term: Term, monkeypatch: pytest.MonkeyPatch
) -> None:
    planning_list = draft(tree, term)
    plan = import_rows.plan_writes

    def someone_records_the_id_meanwhile(*args: Any, **kwargs: Any) -> Any:
        result = plan(*args, **kwargs)
        cuong(tree, national_id="001182000123")
        return result

    monkeypatch.setattr(import_rows, "plan_writes", someone_records_the_id_meanwhile)
    result = run(write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [an(), binh()]), tree, term)
    assert messages(result) == [imp.CHANGED_MEANWHILE]
    assert not PlanningEntry.objects.exists()
    planning_list.refresh_from_db()
    assert planning_list.revision == 1


def test_an_import_refreshes_the_dashboard_summary_of_its_list(
    tmp_path: Path, tree: dict[str, Organization], term: Term, django_capture_on_commit_callbacks: Any
) -> None:
    """Dashboards read per-list summaries: a committed import refreshes its list's summary."""
    from apps.reports.models import ListSummary

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = run(write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [binh()]), tree, term)
    assert result.ok and len(callbacks) == 1
    summary = ListSummary.objects.get(planning_list_id=result.planning_list_id)
    assert (summary.entries, summary.people, summary.women) == (1, 1, 1)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run(write_csv(tmp_path / "ds.csv", PLANNING_COLUMNS, [binh()]), tree, term, dry_run=True)
    assert callbacks == []
