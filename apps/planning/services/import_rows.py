"""A planning import row by row: parse each row, match officials, check rows together, plan and write."""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections import defaultdict
from dataclasses import dataclass, field, fields, replace
from typing import Any

from django.db import connection
from django.db.models import F
from django.utils import timezone

from apps.core.bulk import copy_insert, new_instance
from apps.core.education import parse_education
from apps.core.ethnicity import canonical_ethnicity
from apps.core.spreadsheets import (
    EXCEL_EPOCH,
    Cell,
    RowError,
    cell_text,
    check_length,
)
from apps.core.text import fold_name, to_nfc
from apps.organizations.models import Organization, Position
from apps.people.models import Official, Sex, is_ethnic_minority
from apps.planning.models import EntryStatus, PlanningEntry, PlanningList
from apps.planning.services.import_format import (
    AMBIGUOUS_OFFICIAL,
    AMBIGUOUS_ORGANIZATION,
    BAD_DATE,
    BAD_NATIONAL_ID,
    BAD_POLITICAL_THEORY,
    BAD_RETIRES_AT_60,
    BAD_SCIENCE_TECHNOLOGY,
    BAD_SEX,
    BAD_TARGET_GROUP,
    BIRTH_DATE,
    CONFLICTING_ROW,
    CURRENT_POST,
    DATE_RE,
    DUPLICATE_ROW,
    EDUCATION,
    ENTRY_REMOVED,
    ETHNICITY,
    FULL_NAME,
    FUTURE_BIRTH,
    IMPOSSIBLE_DATE,
    ISO_DATE_RE,
    LOOKUP_CHUNK,
    MAX_LENGTH,
    MIN_AGE,
    MIN_BIRTH_YEAR,
    NATIONAL_ID,
    NATIONAL_ID_ELSEWHERE,
    NATIONAL_ID_RE,
    NATIONAL_ID_TAKEN,
    NATIONAL_ID_TWICE,
    NOTE,
    ORGANIZATION_OUTSIDE,
    PERSON_FIELDS,
    PLANNED_POST,
    POLITICAL_THEORY,
    REQUIRED_CELL,
    REQUIRED_COLUMNS,
    RETIRES_AT_60,
    RETIRES_AT_60_IMPORTED_BASIS,
    RETIRES_AT_60_MEN,
    RETIRES_AT_60_YES,
    SCIENCE_TECHNOLOGY,
    SCIENCE_TECHNOLOGY_INPUT,
    SEX,
    SEX_INPUT,
    SEX_OUTPUT,
    TARGET_GROUP,
    THEORY_INPUT,
    THEORY_OUTPUT,
    UNDER_AGE,
    UNKNOWN_EDUCATION,
    UNKNOWN_ETHNICITY,
    UNKNOWN_ORGANIZATION,
    UNKNOWN_POSITION,
    WORKPLACE,
    WRITE_BATCH,
    YEAR_RE,
    ImportLookups,
    ImportRow,
)
from apps.rules.engine import age_in_years

SERIAL_RE = re.compile(r"\d{5}")  # a serial day number of the years 1928-2173: never a year or a date text

# --- parsing one row -------------------------------------------------------------------------------


def parse_birth_date(value: Cell) -> tuple[dt.date, bool] | str:
    """A birth cell -> (date, year only); a Vietnamese message when it is not a date."""
    if isinstance(value, dt.datetime):
        return value.date(), False
    if isinstance(value, dt.date):
        return value, False
    if (serial := excel_serial_date(value)) is not None:
        return serial, False
    text = cell_text(value).strip()
    year = month = day = None
    if YEAR_RE.fullmatch(text):
        year = int(text)
        if year < MIN_BIRTH_YEAR:
            return BAD_DATE.format(value=text)
        return dt.date(year, 1, 1), True
    if match := DATE_RE.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := ISO_DATE_RE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    if year is None or month is None or day is None:
        return BAD_DATE.format(value=text)
    try:
        birth = dt.date(year, month, day)
    except ValueError:
        return IMPOSSIBLE_DATE.format(value=text)
    if year < MIN_BIRTH_YEAR:
        return BAD_DATE.format(value=text)
    return birth, False


def excel_serial_date(value: Cell) -> dt.date | None:
    """A date that arrived as Excel's serial day number (a number cell, or its digits in a text cell, as
    LibreOffice gives a date typed into a text cell): only in a plausible range of birth dates."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and SERIAL_RE.fullmatch(value.strip()):
        value = int(value.strip())
    if not isinstance(value, int) or not 10_000 <= value <= 99_999:  # four digits are a year
        return None
    day = dt.date.fromordinal(EXCEL_EPOCH + value)
    return day if day.year >= MIN_BIRTH_YEAR else None


def parse_national_id(value: Cell) -> str | None:
    """A 12-digit ID from text or a number cell (whose leading zeros Excel dropped); None if invalid."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        digits = str(value)
        # ID numbers start with a province code 001-096: a number cell loses at most two leading zeros
        return digits.zfill(12) if 10 <= len(digits) <= 12 else None
    text = cell_text(value).strip()
    return text if NATIONAL_ID_RE.fullmatch(text) else None


def parse_target_group(value: Cell) -> int | None:
    """1 or 2 from a text or number cell; None when it is neither."""
    text = cell_text(value).strip()
    return int(text) if text in {"1", "2"} else None


def parse_row(
    number: int,
    values: dict[str, Cell],
    lookups: ImportLookups,
    list_org: Organization,
    list_date: dt.date,
    today: dt.date,
) -> tuple[ImportRow | None, list[RowError]]:
    errors: list[RowError] = []
    texts: dict[str, str | None] = {}
    for name, value in values.items():
        if name not in (BIRTH_DATE, NATIONAL_ID, TARGET_GROUP) or isinstance(value, str):
            cell = to_nfc(cell_text(value))
        else:
            cell = cell_text(value).strip()
        too_long = check_length(cell, MAX_LENGTH[name], number, name)
        if too_long:
            errors.append(too_long)
            texts[name] = None
            continue
        texts[name] = cell
        if not cell and name in REQUIRED_COLUMNS:
            errors.append(RowError(number, name, REQUIRED_CELL))
            texts[name] = None

    def given(name: str) -> str | None:
        """The cell's normalized text; None when the column is absent, the cell empty or already wrong."""
        return texts.get(name) or None

    birth: tuple[dt.date, bool] | None = None
    if given(BIRTH_DATE) is not None:
        parsed = parse_birth_date(values[BIRTH_DATE])
        if isinstance(parsed, str):
            errors.append(RowError(number, BIRTH_DATE, parsed))
        elif parsed[0] > today:
            errors.append(RowError(number, BIRTH_DATE, FUTURE_BIRTH.format(value=_shown(parsed))))
        elif age_in_years(parsed[0], list_date) < MIN_AGE:
            errors.append(
                RowError(
                    number,
                    BIRTH_DATE,
                    UNDER_AGE.format(value=_shown(parsed), reference=list_date.strftime("%d/%m/%Y")),
                )
            )
        else:
            birth = parsed

    sex: str | None = None
    if (sex_text := given(SEX)) is not None:
        sex = SEX_INPUT.get(sex_text.casefold())
        if sex is None:
            errors.append(RowError(number, SEX, BAD_SEX.format(value=sex_text)))

    organization: Organization | None = None
    if (code := given(WORKPLACE)) is not None:
        # a code, or the exact name of an organization (one inside the list's organization wins)
        organization, same_name = lookups.organization(code, list_org)
        if organization is None and same_name > 1:
            errors.append(
                RowError(number, WORKPLACE, AMBIGUOUS_ORGANIZATION.format(name=code, count=same_name))
            )
        elif organization is None:
            errors.append(RowError(number, WORKPLACE, UNKNOWN_ORGANIZATION.format(code=code)))
        elif not organization.path.startswith(list_org.path):
            errors.append(
                RowError(
                    number,
                    WORKPLACE,
                    ORGANIZATION_OUTSIDE.format(code=code, list_code=list_org.code, list_name=list_org.name),
                )
            )
            organization = None

    planned: Position | None = None
    if (planned_text := given(PLANNED_POST)) is not None:
        planned = lookups.position(planned_text)
        if planned is None:
            errors.append(RowError(number, PLANNED_POST, UNKNOWN_POSITION.format(value=planned_text)))

    national_id: str | None = None
    if given(NATIONAL_ID) is not None:
        national_id = parse_national_id(values[NATIONAL_ID])
        if national_id is None:
            errors.append(RowError(number, NATIONAL_ID, BAD_NATIONAL_ID.format(value=given(NATIONAL_ID))))

    target_group: int | None = None
    if given(TARGET_GROUP) is not None:
        target_group = parse_target_group(values[TARGET_GROUP])
        if target_group is None:
            errors.append(RowError(number, TARGET_GROUP, BAD_TARGET_GROUP.format(value=given(TARGET_GROUP))))

    theory: str | None = None
    if (theory_text := given(POLITICAL_THEORY)) is not None:
        theory = THEORY_INPUT.get(theory_text.casefold())
        if theory is None:
            errors.append(RowError(number, POLITICAL_THEORY, BAD_POLITICAL_THEORY.format(value=theory_text)))

    ethnicity: str | None = None
    if (ethnicity_text := given(ETHNICITY)) is not None:
        # "tay", "TAY", "Hán", "Mông": the listed name of the group; a value off the list is refused
        ethnicity = canonical_ethnicity(ethnicity_text)
        if ethnicity is None:
            errors.append(RowError(number, ETHNICITY, UNKNOWN_ETHNICITY.format(value=ethnicity_text)))
    education: tuple[str, str] | None = None
    if (education_text := given(EDUCATION)) is not None:
        # "ĐH", "ThS Luật", "Cử nhân Kinh tế": a level and the subject; text naming no level is refused
        education = parse_education(education_text)
        if education is None:
            errors.append(RowError(number, EDUCATION, UNKNOWN_EDUCATION.format(value=education_text)))
    retires_at_60: bool | None = None
    if (at_60_text := given(RETIRES_AT_60)) is not None:
        retires_at_60 = at_60_text.casefold() in RETIRES_AT_60_YES or None
        if retires_at_60 is None:
            errors.append(RowError(number, RETIRES_AT_60, BAD_RETIRES_AT_60.format(value=at_60_text)))
        elif sex == Sex.MALE:
            errors.append(RowError(number, RETIRES_AT_60, RETIRES_AT_60_MEN))
    science_technology: bool | None = None
    if (science_text := given(SCIENCE_TECHNOLOGY)) is not None:
        science_technology = SCIENCE_TECHNOLOGY_INPUT.get(science_text.casefold())
        if science_technology is None:
            errors.append(
                RowError(number, SCIENCE_TECHNOLOGY, BAD_SCIENCE_TECHNOLOGY.format(value=science_text))
            )

    if errors:
        return None, errors
    assert birth is not None and sex is not None and organization is not None and planned is not None
    full_name = given(FULL_NAME)
    assert full_name is not None
    current_post = given(CURRENT_POST)
    return (
        ImportRow(
            row=number,
            full_name=full_name,
            birth_date=birth[0],
            year_only=birth[1],
            sex=sex,
            organization=organization,
            planned=planned,
            # contracts §5: an empty ethnicity cell means Kinh
            ethnicity=(ethnicity or "Kinh") if ETHNICITY in texts else None,
            national_id=national_id,
            current_post=current_post,
            current_position=lookups.position(current_post) if current_post else None,
            target_group=target_group,
            education=education[0] if education else None,
            education_subject=education[1] if education else None,
            political_theory=theory,
            note=given(NOTE),
            retires_at_60=retires_at_60,
            science_technology=science_technology,
        ),
        [],
    )


def _shown(birth: tuple[dt.date, bool]) -> str:
    return str(birth[0].year) if birth[1] else birth[0].strftime("%d/%m/%Y")


# --- matching officials and checks across rows ----------------------------------------------------------


def _same_person(name: str, birth: dt.date, year_only: bool, other_name: str, other_birth: dt.date) -> bool:
    """The same name (ignoring accents and case) and birth date, where a birth year alone matches its year."""
    if fold_name(name) != fold_name(other_name):
        return False
    return birth == other_birth or (year_only and birth.year == other_birth.year)


def match_officials(
    rows: list[ImportRow], errors: list[RowError], scope: Organization
) -> dict[int, Official]:
    """Give each row its person key; return the stored officials matched, by id. Bad rows are dropped.

    Only officials whose workplace is in `scope`'s subtree are matched (and so updated): an import never
    changes, or moves in, the record of another organization. National IDs are unique in the whole
    database, so an ID held by an official elsewhere is an error that says nothing about them; a namesake
    elsewhere (same name, birth date and sex, no ID in the row) cannot be told apart and is not matched.
    """
    ids = sorted({row.national_id for row in rows if row.national_id})
    by_national_id: dict[str, Official] = {}
    elsewhere: set[str] = set()  # IDs held by officials outside the subtree
    for start in range(0, len(ids), LOOKUP_CHUNK):
        holders = Official.objects.filter(national_id__in=ids[start : start + LOOKUP_CHUNK]).annotate(
            workplace_path=F("organization__path")
        )
        for official in holders:
            if official.workplace_path.startswith(scope.path):  # type: ignore[attr-defined]
                by_national_id[official.national_id] = official  # type: ignore[index]
            else:
                elsewhere.add(official.national_id)  # type: ignore[arg-type]
    folded = sorted({fold_name(row.full_name) for row in rows})
    by_identity: dict[tuple[str, dt.date, str], list[Official]] = defaultdict(list)
    for start in range(0, len(folded), LOOKUP_CHUNK):
        namesakes = Official.objects.filter(
            search_name__in=folded[start : start + LOOKUP_CHUNK], organization__path__startswith=scope.path
        )
        for official in namesakes:
            by_identity[(to_nfc(official.full_name), official.birth_date, official.sex)].append(official)

    matched: dict[int, Official] = {}
    first_with_id: dict[str, ImportRow] = {}
    identity_to_id: dict[tuple[str, dt.date, str], set[str]] = defaultdict(set)
    bad: set[int] = set()
    # rows with an ID first, so that a row without one can join the same new person
    for row in sorted(rows, key=lambda r: (r.national_id is None, r.row)):
        identity = (row.full_name, row.birth_date, row.sex)
        if row.national_id:
            earlier = first_with_id.get(row.national_id)
            if earlier is not None and not _same_person(
                row.full_name, row.birth_date, row.year_only, earlier.full_name, earlier.birth_date
            ):
                errors.append(
                    RowError(
                        row.row,
                        NATIONAL_ID,
                        NATIONAL_ID_TWICE.format(
                            value=row.national_id,
                            row=earlier.row,
                            name=earlier.full_name,
                            birth=_shown((earlier.birth_date, earlier.year_only)),
                        ),
                    )
                )
                bad.add(row.row)
                continue
            first_with_id.setdefault(row.national_id, row)
            if row.national_id in elsewhere:
                errors.append(
                    RowError(row.row, NATIONAL_ID, NATIONAL_ID_ELSEWHERE.format(value=row.national_id))
                )
                bad.add(row.row)
                continue
            official = by_national_id.get(row.national_id)
            if official is not None:
                if not _same_person(
                    row.full_name, row.birth_date, row.year_only, official.full_name, official.birth_date
                ):
                    errors.append(
                        RowError(
                            row.row,
                            NATIONAL_ID,
                            NATIONAL_ID_TAKEN.format(
                                value=row.national_id,
                                name=official.full_name,
                                birth=_shown((official.birth_date, official.birth_year_only)),
                            ),
                        )
                    )
                    bad.add(row.row)
                    continue
            else:
                # a stored person without an ID, known by name + birth date + sex, receives it
                candidates = [o for o in by_identity.get(identity, []) if not o.national_id]
                official = candidates[0] if len(candidates) == 1 else None
            if official is not None:
                matched[official.pk] = official
                row.key = ("db", official.pk)
            else:
                row.key = ("id", row.national_id)
                identity_to_id[identity].add(row.national_id)
            continue
        candidates = by_identity.get(identity, [])
        if len(candidates) > 1:
            errors.append(RowError(row.row, FULL_NAME, AMBIGUOUS_OFFICIAL.format(count=len(candidates))))
            bad.add(row.row)
        elif candidates:
            matched[candidates[0].pk] = candidates[0]
            row.key = ("db", candidates[0].pk)
        elif len(identity_to_id[identity]) == 1:
            row.key = ("id", next(iter(identity_to_id[identity])))
        else:
            row.key = ("new", *identity)
    rows[:] = [row for row in rows if row.row not in bad]
    return matched


# Key space of the transaction advisory locks on people ("IP": import people) and how many buckets the
# people of a file are spread over: two imports that share a person share that person's bucket.
PEOPLE_LOCK_NAMESPACE = 0x4950
PEOPLE_LOCK_BUCKETS = 512
PEOPLE_LOCK_SQL = (
    "SELECT count(pg_advisory_xact_lock(%s, k)) FROM (SELECT unnest(%s::int[]) AS k ORDER BY 1) AS keys"
)


def people_lock_keys(rows: list[ImportRow]) -> list[int]:
    """The lock buckets of the people of `rows`: by accent-free name and birth year, and by national ID.

    The birth year, not the date, so that a row giving the year only meets the person of a full date.
    """
    keys: set[int] = set()
    for row in rows:
        identity = f"{fold_name(row.full_name)}|{row.birth_date.year}"
        keys.add(zlib.crc32(identity.encode()) % PEOPLE_LOCK_BUCKETS)
        if row.national_id:
            keys.add(zlib.crc32(f"id|{row.national_id}".encode()) % PEOPLE_LOCK_BUCKETS)
    return sorted(keys)


def lock_people(rows: list[ImportRow]) -> None:
    """Serialize the imports that touch the same people, until this transaction ends.

    Taken before the officials are matched: a second import of the same new people waits here until
    the first has committed them, then matches them instead of creating them again. Buckets are locked
    in one order, so two imports never deadlock on them.
    """
    keys = people_lock_keys(rows)
    if keys:
        with connection.cursor() as cursor:
            cursor.execute(PEOPLE_LOCK_SQL, [PEOPLE_LOCK_NAMESPACE, keys])


def check_rows_together(rows: list[ImportRow], errors: list[RowError]) -> None:
    """Report a person planned twice for one position, and two rows giving one person different data."""
    first_entry: dict[tuple[Any, ...], ImportRow] = {}
    first_person: dict[tuple[Any, ...], ImportRow] = {}
    bad: set[int] = set()
    for row in rows:
        entry_key = (row.key, row.planned.pk)
        earlier = first_entry.get(entry_key)
        if earlier is not None:
            errors.append(RowError(row.row, PLANNED_POST, DUPLICATE_ROW.format(row=earlier.row)))
            bad.add(row.row)
            continue
        first_entry[entry_key] = row
        person = first_person.setdefault(row.key, row)
        if person is row:
            continue
        for attribute, column in PERSON_FIELDS:
            mine, theirs = getattr(row, attribute), getattr(person, attribute)
            if mine is not None and theirs is not None and mine != theirs:
                other = _display(attribute, theirs, person)
                errors.append(RowError(row.row, column, CONFLICTING_ROW.format(row=person.row, other=other)))
                bad.add(row.row)
    rows[:] = [row for row in rows if row.row not in bad]


def _display(attribute: str, value: Any, row: ImportRow) -> str:
    if attribute == "birth_date":
        return _shown((value, row.year_only))
    if attribute == "sex":
        return SEX_OUTPUT[value]
    if attribute == "organization":
        return str(value.code)
    if attribute == "political_theory":
        return THEORY_OUTPUT[value]
    if attribute == "retires_at_60":
        return "có"
    if attribute == "science_technology":
        return "có" if value else "không"
    return str(value)


# --- planning the writes and writing ------------------------------------------------------------------


@dataclass(slots=True)
class WritePlan:
    new_officials: dict[tuple[Any, ...], Official] = field(default_factory=dict)
    changed_officials: dict[int, tuple[Official, set[str]]] = field(default_factory=dict)
    new_entries: list[tuple[ImportRow, PlanningEntry]] = field(default_factory=list)
    changed_entries: list[PlanningEntry] = field(default_factory=list)
    entries_unchanged: int = 0
    warnings: list[RowError] = field(default_factory=list)

    @property
    def writes(self) -> bool:
        """True when carrying out the plan changes a stored row (warnings alone write nothing)."""
        return bool(self.new_officials or self.changed_officials or self.new_entries or self.changed_entries)


def user_or_none(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


def plan_writes(
    rows: list[ImportRow],
    officials: dict[int, Official],
    planning_list: PlanningList | None,
    lookups: ImportLookups,
    user: Any,
) -> WritePlan:
    plan = WritePlan()
    updated_by_id = getattr(user_or_none(user), "pk", None)
    by_person: dict[tuple[Any, ...], list[ImportRow]] = defaultdict(list)
    for row in rows:
        by_person[row.key].append(row)
    for key, person_rows in by_person.items():
        merged = _merge(person_rows)
        if key[0] == "db":
            official = officials[key[1]]
            changed = _apply(official, merged, lookups)
            if changed:
                official.updated_by = user_or_none(user)
                plan.changed_officials[official.pk] = (official, changed)
        else:
            official = new_instance(
                Official,
                full_name=merged.full_name,
                birth_date=merged.birth_date,
                birth_year_only=merged.year_only,
                sex=merged.sex,
                organization_id=merged.organization.pk,
                updated_by_id=updated_by_id,
            )
            _apply(official, merged, lookups)
            plan.new_officials[key] = official

    active: dict[tuple[int, int], PlanningEntry] = {}
    removed: dict[tuple[int, int], PlanningEntry] = {}
    if planning_list is not None and officials:
        stored = PlanningEntry.objects.filter(planning_list=planning_list, official_id__in=list(officials))
        for entry in stored.order_by("removed_on", "id"):
            target = active if entry.status == EntryStatus.ACTIVE else removed
            target[(entry.official_id, entry.position_id)] = entry
    for row in rows:
        default = row.planned.default_target_group
        if row.key[0] == "db":
            pair = (row.key[1], row.planned.pk)
            entry = active.get(pair)
            if entry is None and pair in removed:
                day = removed[pair].removed_on
                shown = day.strftime("%d/%m/%Y") if day else ""
                plan.warnings.append(RowError(row.row, PLANNED_POST, ENTRY_REMOVED.format(date=shown)))
                continue
            if entry is not None:
                entry_changed = False
                effective = entry.target_group_override or default
                if row.target_group is not None and row.target_group != effective:
                    entry.target_group_override = row.target_group if row.target_group != default else None
                    entry_changed = True
                if row.note is not None and row.note != entry.note:
                    entry.note = row.note
                    entry_changed = True
                if entry_changed:
                    plan.changed_entries.append(entry)
                else:
                    plan.entries_unchanged += 1
                continue
        override = row.target_group if row.target_group not in (None, default) else None
        entry = new_instance(
            PlanningEntry, position_id=row.planned.pk, target_group_override=override, note=row.note or ""
        )
        plan.new_entries.append((row, entry))
    return plan


def _merge(rows: list[ImportRow]) -> ImportRow:
    """One person's values over all their rows (rows agree where both give a value: checked before)."""
    merged = replace(rows[0])
    for row in rows[1:]:
        for item in fields(ImportRow):
            if getattr(merged, item.name) is None and getattr(row, item.name) is not None:
                setattr(merged, item.name, getattr(row, item.name))
    return merged


def _apply(official: Official, row: ImportRow, lookups: ImportLookups) -> set[str]:
    """Copy the values a row gives onto an official; return the names of the fields that changed."""
    changed: set[str] = set()

    def put(name: str, value: Any) -> None:
        if getattr(official, name) != value:
            setattr(official, name, value)
            changed.add(name)

    put("full_name", row.full_name)
    keep_precise = row.year_only and not official.birth_year_only and official.birth_date is not None
    if not (keep_precise and official.birth_date.year == row.birth_date.year):
        put("birth_date", row.birth_date)
        put("birth_year_only", row.year_only)
    put("sex", row.sex)
    if row.ethnicity is not None and (fold_name(row.ethnicity) or "kinh") != (
        fold_name(official.ethnicity or "") or "kinh"
    ):
        put("ethnicity", row.ethnicity)
    if row.national_id and not official.national_id:
        put("national_id", row.national_id)
    if official.organization_id != row.organization.pk:
        official.organization = row.organization
        changed.add("organization")
    if row.current_post is not None:
        stored_position = lookups.position_by_id.get(official.current_position_id or 0)
        shown = official.current_position_title or (stored_position.name if stored_position else "")
        if row.current_post != shown:
            official.current_position = row.current_position
            changed.add("current_position")
            put("current_position_title", row.current_post)
    if row.education is not None:
        put("education", row.education)
        if row.education_subject:  # "Đại học" alone keeps the subject already recorded
            put("education_subject", row.education_subject)
    if row.political_theory is not None:
        put("political_theory", row.political_theory)
    if row.science_technology is not None:
        put("science_technology", row.science_technology)
    if row.retires_at_60:
        put("retires_at_60", True)
        if not official.retires_at_60_basis:
            put("retires_at_60_basis", RETIRES_AT_60_IMPORTED_BASIS)
    return changed


def write_plan(plan: WritePlan, planning_list: PlanningList) -> None:
    now = timezone.now()
    new_officials = list(plan.new_officials.values())
    for official in new_officials:
        _derive(official)
    copy_insert(new_officials)

    changed_fields: set[str] = {"search_name", "ethnic_minority", "revision", "updated_at", "updated_by"}
    changed = []
    for official, names in plan.changed_officials.values():
        _derive(official)
        official.revision += 1
        official.updated_at = now
        changed.append(official)
        changed_fields |= names
    if changed:
        Official.objects.bulk_update(changed, sorted(changed_fields), batch_size=WRITE_BATCH)

    entries = []
    for row, entry in plan.new_entries:
        entry.planning_list = planning_list
        if row.key[0] == "db":
            entry.official_id = row.key[1]
        else:
            entry.official_id = plan.new_officials[row.key].pk
        entries.append(entry)
    copy_insert(entries)
    for entry in plan.changed_entries:
        entry.revision += 1
        entry.updated_at = now
    if plan.changed_entries:
        PlanningEntry.objects.bulk_update(
            plan.changed_entries,
            ["target_group_override", "note", "revision", "updated_at"],
            batch_size=WRITE_BATCH,
        )


def _derive(official: Official) -> None:
    # bulk writes skip Official.save(): compute its derived columns with the same helpers
    official.search_name = fold_name(official.full_name)
    official.ethnic_minority = is_ethnic_minority(official.ethnicity)
