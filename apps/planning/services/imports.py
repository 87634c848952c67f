"""Import and export of a planning list as a table (contracts §5): validate every row, then write all."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import replace
from typing import IO, Any

import pghistory
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.accounts.access import Action, can
from apps.core.bulk import cyclic_gc_paused
from apps.core.education import education_text
from apps.core.spreadsheets import (
    NO_DATA_ROWS,
    RowError,
    TabularError,
    cell_text,
    resolve_columns,
    tabular_read,
)
from apps.core.text import mask_tail, to_nfc
from apps.organizations.models import Organization, Term, TermLevelStart
from apps.people.models import Sex
from apps.planning.models import EntryStatus, ListKind, ListStatus, PlanningEntry, PlanningList
from apps.planning.services import import_rows
from apps.planning.services.common import ERR_NOT_EDITOR
from apps.planning.services.import_format import (
    BIRTH_DATE,
    CHANGED_MEANWHILE,
    CURRENT_POST,
    EDUCATION,
    ETHNICITY,
    FULL_NAME,
    KIND_LABELS,
    LIST_CREATED_MEANWHILE,
    LIST_FROZEN,
    NATIONAL_ID,
    NOTE,
    PLANNED_POST,
    PLANNING_COLUMNS,
    POLITICAL_THEORY,
    REQUIRED_COLUMNS,
    RETIRES_AT_60,
    SCIENCE_TECHNOLOGY,
    SEX,
    SEX_OUTPUT,
    STATUS_LABELS,
    STT,
    TARGET_GROUP,
    THEORY_OUTPUT,
    UNKNOWN_KIND,
    WORKPLACE,
    ImportLookups,
    ImportResult,
    ImportRow,
)
from apps.planning.services.import_rows import (
    check_rows_together,
    match_officials,
    parse_row,
    user_or_none,
    write_plan,
)
from apps.planning.signals import lists_changed_on_commit


def planning_import(
    *,
    file: IO[bytes] | str | os.PathLike[str],
    filename: str | None = None,
    organization: Organization,
    term: Term,
    kind: str,
    reference_date: dt.date | None = None,
    dry_run: bool = False,
    user: Any = None,
) -> ImportResult:
    """Import one planning list from a table; any bad row rejects the whole file and writes nothing.

    Only officials working in `organization`'s subtree are matched and updated. A real import runs in one
    transaction: it reads and checks the file, matches the people (under the advisory lock on them) and
    plans the writes without locking the list, then locks the newest (organization, term, kind) list
    only to write, so that it cannot be submitted, approved or edited meanwhile, and moves its
    `revision` on when anything was written (pages opened before cannot save over the import). A list
    changed between the check and the write is imported again, locked from the start.
    Permission is the caller's business (see apps.planning.services.planning_list_import).
    """
    if kind not in ListKind.values:
        return ImportResult(errors=[RowError(0, "", UNKNOWN_KIND.format(value=kind))], dry_run=dry_run)
    arguments: dict[str, Any] = {
        "file": file,
        "filename": filename,
        "organization": organization,
        "term": term,
        "kind": kind,
        "reference_date": reference_date,
        "user": user,
    }
    if dry_run:
        with cyclic_gc_paused():
            return _import(**arguments, dry_run=True)
    try:
        with (
            cyclic_gc_paused(),
            transaction.atomic(),
            pghistory.context(source="import", user=getattr(user, "pk", None)),
        ):
            result = _import(**arguments, dry_run=False)
            if result.ok and result.planning_list_id:
                lists_changed_on_commit([result.planning_list_id])
            return result
    except IntegrityError:
        # a unique constraint met a row written by someone else meanwhile (an official's national ID...)
        return ImportResult(errors=[RowError(0, "", CHANGED_MEANWHILE)])


def _import(
    *,
    file: IO[bytes] | str | os.PathLike[str],
    filename: str | None,
    organization: Organization,
    term: Term,
    kind: str,
    reference_date: dt.date | None,
    dry_run: bool,
    user: Any,
    lock_first: bool = False,
) -> ImportResult:
    """Read, check, match and plan without locking the list; lock it only to write (issue 14, item 5).

    The plan is written only if the list is still the edition seen and at the revision seen when its
    entries were read (every change to a list or its entries moves its revision on); otherwise the
    import runs again with the list locked from the start (`lock_first`), as a real import once did.
    """
    newest = PlanningList.objects.filter(organization=organization, term=term, kind=kind).latest_versions()
    if lock_first:
        newest = newest.select_for_update(of=("self",))
    planning_list = newest.order_by("-version").first()
    if planning_list is not None and planning_list.is_frozen:
        return _frozen(planning_list, dry_run)
    if reference_date is not None:
        list_date = reference_date
    elif planning_list is not None:
        list_date = planning_list.reference_date
    else:
        list_date = default_reference_date(organization=organization, term=term, kind=kind)

    try:
        table = tabular_read(file=file, filename=filename)
        columns, errors = resolve_columns(table, {name: () for name in PLANNING_COLUMNS}, REQUIRED_COLUMNS)
        if errors:
            return ImportResult(errors=errors, dry_run=dry_run)
        records = [
            (number, {name: record.get(key) for name, key in columns.items()})
            for number, record in table.rows
        ]
    except TabularError as exc:
        return ImportResult(errors=[exc.error], dry_run=dry_run)
    if not records:
        return ImportResult(errors=[RowError(table.header_row + 1, "", NO_DATA_ROWS)], dry_run=dry_run)

    org_codes = {to_nfc(cell_text(values.get(WORKPLACE))) for _, values in records}
    lookups = ImportLookups(org_codes)
    today = timezone.localdate()
    rows: list[ImportRow] = []
    errors = []
    for number, values in records:
        row, row_errors = parse_row(number, values, lookups, organization, list_date, today)
        errors += row_errors
        if row is not None:
            rows.append(row)
    if not dry_run:
        # wait for any other import of the same people to commit, so that they are matched, not doubled
        import_rows.lock_people(rows)
    officials = match_officials(rows, errors, organization)
    check_rows_together(rows, errors)
    if errors:
        return ImportResult(errors=sorted(errors, key=lambda e: e.row), rows=len(records), dry_run=dry_run)

    plan = import_rows.plan_writes(rows, officials, planning_list, lookups, user)
    warnings = plan.warnings
    result = ImportResult(
        warnings=warnings,
        rows=len(records),
        officials_created=len(plan.new_officials),
        officials_updated=len(plan.changed_officials),
        officials_unchanged=len(officials) - len(plan.changed_officials),
        entries_created=len(plan.new_entries),
        entries_updated=len(plan.changed_entries),
        entries_unchanged=plan.entries_unchanged,
        entries_skipped=len(warnings),
        planning_list_id=planning_list.pk if planning_list else None,
        list_created=planning_list is None,
        dry_run=dry_run,
    )
    if dry_run:
        return result
    if not lock_first:
        # the write phase: lock the newest edition now; submitting, approving and every edit of its
        # entries update that row, so they wait until the plan is written (or refused)
        locked = newest.select_for_update(of=("self",)).order_by("-version").first()
        if planning_list is None and locked is not None:
            # another import (or a user) created version 1 meanwhile
            return _created_meanwhile(organization, term, kind)
        if planning_list is not None and (
            locked is None or (locked.pk, locked.revision, locked.status) != _seen(planning_list)
        ):
            return _import(
                file=file,
                filename=filename,
                organization=organization,
                term=term,
                kind=kind,
                reference_date=reference_date,
                dry_run=False,
                user=user,
                lock_first=True,
            )
    if planning_list is None:
        try:
            with transaction.atomic():
                planning_list = PlanningList.objects.create(
                    organization=organization,
                    term=term,
                    kind=kind,
                    reference_date=list_date,
                    updated_by=user_or_none(user),
                )
        except IntegrityError:
            # another import (or a user) created version 1 after the lookup above: there was no row to lock
            return _created_meanwhile(organization, term, kind)
    else:
        changed_fields = []
        if planning_list.reference_date != list_date:
            planning_list.reference_date = list_date
            changed_fields.append("reference_date")
        if changed_fields or plan.writes:
            # The import writes entries and officials directly: move the list on so that pages opened
            # before it cannot save over it (see services._claim_list).
            planning_list.revision += 1
            planning_list.updated_by = user_or_none(user)
            planning_list.save(update_fields=[*changed_fields, "revision", "updated_by", "updated_at"])
    write_plan(plan, planning_list)
    return replace(result, planning_list_id=planning_list.pk)


def _seen(planning_list: PlanningList) -> tuple[int, int, str]:
    """What must not have changed between reading a list's entries and writing the import into it."""
    return (planning_list.pk, planning_list.revision, planning_list.status)


def _created_meanwhile(organization: Organization, term: Term, kind: str) -> ImportResult:
    message = LIST_CREATED_MEANWHILE.format(
        organization=organization.code, term=term.code, kind=KIND_LABELS[ListKind(kind)]
    )
    return ImportResult(errors=[RowError(0, "", message)])


def _frozen(planning_list: PlanningList, dry_run: bool) -> ImportResult:
    message = LIST_FROZEN.format(
        organization=planning_list.organization.code,
        term=planning_list.term.code,
        kind=KIND_LABELS[ListKind(planning_list.kind)],
        version=planning_list.version,
        status=STATUS_LABELS[ListStatus(planning_list.status)],
    )
    return ImportResult(errors=[RowError(0, "", message)], planning_list_id=planning_list.pk, dry_run=dry_run)


def default_reference_date(*, organization: Organization, term: Term, kind: str) -> dt.date:
    """Domain R3: a 'next' list takes the congress month of its level for the term (the TermLevelStart
    table, seeded from Chỉ thị 45-CT/TW), on its first day, else the term's start; a 'current' one today."""
    if kind == ListKind.NEXT:
        start = (
            TermLevelStart.objects.filter(term=term, level=organization.level)
            .values_list("start_date", flat=True)
            .first()
        )
        return start.replace(day=1) if start else term.start_date
    return timezone.localdate()


def planning_export_rows(
    *, planning_list: PlanningList, mask_national_id: bool = False
) -> Iterator[dict[str, str]]:
    """The active entries of a list as rows of PLANNING_COLUMNS; importing them back changes nothing.

    With `mask_national_id` (a reader whose role does not need them) national IDs keep their last four
    digits only.
    """
    entries = (
        PlanningEntry.objects.filter(planning_list=planning_list, status=EntryStatus.ACTIVE)
        .select_related("official__organization", "official__current_position", "position")
        .order_by("position__sort_order", "official__search_name", "official__birth_date", "id")
    )
    for number, entry in enumerate(entries.iterator(chunk_size=2_000), start=1):
        official = entry.official
        birth = official.birth_date
        current = official.current_position_title or (
            official.current_position.name if official.current_position else ""
        )
        yield {
            STT: str(number),
            FULL_NAME: official.full_name,
            BIRTH_DATE: str(birth.year) if official.birth_year_only else birth.strftime("%d/%m/%Y"),
            SEX: SEX_OUTPUT.get(Sex(official.sex), official.sex),
            ETHNICITY: official.ethnicity,
            NATIONAL_ID: mask_tail(official.national_id) if mask_national_id else official.national_id or "",
            WORKPLACE: official.organization.code,
            CURRENT_POST: current,
            PLANNED_POST: entry.position.code,
            TARGET_GROUP: str(entry.target_group_override or entry.position.default_target_group),
            EDUCATION: education_text(official.education, official.education_subject),
            POLITICAL_THEORY: THEORY_OUTPUT.get(official.political_theory, ""),  # type: ignore[call-overload]
            NOTE: entry.note,
            RETIRES_AT_60: "có" if official.retires_at_60 else "",
            SCIENCE_TECHNOLOGY: "có" if official.science_technology else "",
        }


def planning_list_import(
    *,
    file: IO[bytes] | str,
    filename: str,
    organization: Organization,
    term: Term,
    kind: str,
    user: Any,
    reference_date: dt.date | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Import a planning file (contracts §5) into the newest (organization, term, kind) list as `user`.

    Checks that `user` may edit the organization's lists, then delegates: planning_import locks the list,
    refuses a submitted or approved one and moves its revision on when the import writes.
    """
    if not can(user, Action.EDIT, organization.path):
        raise PermissionDenied(str(ERR_NOT_EDITOR))
    return planning_import(
        file=file,
        filename=filename,
        organization=organization,
        term=term,
        kind=kind,
        reference_date=reference_date,
        dry_run=dry_run,
        user=user,
    )
