"""A fast generator of a national-scale dataset: organization tree, officials, planning lists, entries.

Rows go in with PostgreSQL COPY (psycopg 3 `cursor.copy()`), ids are reserved from each table's
sequence so that paths and foreign keys are computed here, and the whole load is one transaction.

History triggers: django-pghistory would write one event row per inserted official, list and entry.
The load sets `session_replication_role = replica` with SET LOCAL (transaction-scoped, restored at the
end) so that no trigger fires: neither the history triggers nor the foreign-key checks, which the
generator satisfies by construction. `pgtrigger.ignore()` is not used because it works by rewriting
the SQL Django sends, and COPY data does not go through Django. Setting the role needs a superuser;
without one the load still works, only slower, with history rows written.

Meant for scratch databases (benchmarks, a later `seed_scale` command): run it where nobody else is
writing, since ids are reserved in blocks.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from psycopg import sql

from apps.core.text import fold_name
from apps.organizations.models import PATH_STEP, Level, Organization, Position, Term
from apps.people.models import DisciplineRecord, Official, is_ethnic_minority
from apps.planning.models import ListKind, ListStatus, PlanningEntry, PlanningList
from apps.rules.models import RuleSet

PROVINCES = 34
ENTRIES_PER_PERSON = 1.25  # some officials are planned for two positions in one list
REMOVED_PER_HUNDRED = 1  # removed entries added on top of the active ones
LEVEL_WEIGHT = {Level.CENTRAL: 12, Level.PROVINCE: 6, Level.DISTRICT: 3, Level.COMMUNE: 1}
REVIEW_DATES = (date(2025, 12, 1), date(2026, 3, 15), date(2026, 6, 30))  # current lists: under QD377

FAMILY = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
)
MIDDLE = {
    "M": ("Văn", "Hữu", "Đức", "Công", "Quang", "Minh", "Thanh"),
    "F": ("Thị", "Thu", "Ngọc", "Hồng", "Minh"),
}
GIVEN = {
    "M": (
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Hùng",
        "Khoa",
        "Long",
        "Nam",
        "Phong",
        "Quân",
        "Sơn",
        "Tuấn",
        "Việt",
    ),
    "F": ("Anh", "Chi", "Dung", "Hà", "Hạnh", "Hương", "Lan", "Linh", "Mai", "Nga", "Phương", "Thảo", "Yến"),
}
MINORITIES = ("Tày", "Thái", "Mường", "Khmer", "H'Mông", "Nùng", "Dao", "Ê Đê")


@dataclass(frozen=True, slots=True)
class _Org:
    id: int
    code: str
    level: str
    path: str


def tree_shape(entries: int) -> tuple[int, int, int]:
    """Districts per province, communes per district, communes directly under a province, for N entries."""
    scale = math.sqrt(max(entries, 1) / 1_000_000)
    districts = max(1, round(20 * scale))
    communes = max(1, round(10 * scale))
    return districts, communes, max(1, districts // 2)


def _reserve_ids(cursor: Any, model: type[Model], count: int) -> int:
    """Reserve `count` ids of the model's sequence; return the first."""
    if count == 0:
        return 0
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence(%s, 'id'), nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
        [model._meta.db_table, model._meta.db_table, count],
    )
    return int(cursor.fetchone()[0]) - count + 1


def _copy(cursor: Any, model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY rows into the model's table; concrete columns not given get the model's default value."""
    now = timezone.now()
    rest: list[str] = []
    values: list[Any] = []
    for field in model._meta.concrete_fields:
        if field.column in columns:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            value = field.get_default()
        rest.append(field.column)
        values.append(field.get_db_prep_save(value, connection))
    extra = tuple(values)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(model._meta.db_table), sql.SQL(", ").join(map(sql.Identifier, [*columns, *rest]))
    )
    count = 0
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row((*row, *extra))
            count += 1
    return count


def _split(total: int, weights: Sequence[float], rng: random.Random) -> list[int]:
    """`total` split in proportion to weights (with some noise), summing exactly to total."""
    noisy = [w * rng.uniform(0.6, 1.4) for w in weights]
    scale = total / sum(noisy)
    shares = [int(w * scale) for w in noisy]
    for i in rng.sample(range(len(shares)), total - sum(shares)):
        shares[i] += 1
    return shares


class _Generator:
    def __init__(self, cursor: Any, *, entries: int, seed: int, prefix: str, term: Term) -> None:
        self.cursor = cursor
        self.entries = entries
        self.rng = random.Random(seed)
        self.prefix = prefix
        self.term = term
        self.positions = list(
            Position.objects.order_by("sort_order").values_list("id", "default_target_group")
        )
        self.rule_sets = dict(RuleSet.objects.values_list("code", "id"))
        self.folded: dict[str, str] = {}
        self.counts: dict[str, int] = {}

    def organizations(self) -> list[_Org]:
        districts, communes, direct = tree_shape(self.entries)
        per_province = 1 + districts + districts * communes + direct
        first = _reserve_ids(self.cursor, Organization, 1 + PROVINCES * per_province)
        ids = iter(range(first, first + 1 + PROVINCES * per_province))
        orgs: list[tuple[_Org, int | None, int, str]] = []  # org, parent id, depth, name

        def add(code: str, name: str, level: str, parent: _Org | None) -> _Org:
            org_id = next(ids)
            path = f"{parent.path if parent else '/'}{org_id:0{PATH_STEP}d}/"
            org = _Org(org_id, code, str(level), path)
            depth = 0 if parent is None else (len(parent.path) - 1) // (PATH_STEP + 1)
            orgs.append((org, parent.id if parent else None, depth, name))
            return org

        root = add(f"{self.prefix}-TW", "Trung ương (dữ liệu thử)", Level.CENTRAL, None)
        for p in range(1, PROVINCES + 1):
            province = add(f"{self.prefix}-T{p:02d}", f"Tỉnh {p:02d}", Level.PROVINCE, root)
            for d in range(1, districts + 1):
                district = add(
                    f"{province.code}-H{d:02d}", f"Huyện {p:02d}-{d:02d}", Level.DISTRICT, province
                )
                for c in range(1, communes + 1):
                    add(f"{district.code}-X{c:02d}", f"Xã {p:02d}-{d:02d}-{c:02d}", Level.COMMUNE, district)
            # since 1/7/2025 communes sit directly under the province
            for c in range(1, direct + 1):
                add(f"{province.code}-X{c:02d}", f"Xã {p:02d}-{c:02d}", Level.COMMUNE, province)
        self.counts["organizations"] = _copy(
            self.cursor,
            Organization,
            ("id", "code", "name", "level", "parent_id", "path", "depth"),
            ((o.id, o.code, name, o.level, parent, o.path, depth) for o, parent, depth, name in orgs),
        )
        return [o for o, *_ in orgs]

    def _name(self, sex: str) -> tuple[str, str]:
        rng = self.rng
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"
        folded = self.folded.get(name)
        if folded is None:
            folded = self.folded[name] = fold_name(name)
        return name, folded

    def officials(self, pools: list[tuple[_Org, int]]) -> dict[int, range]:
        """Officials of every organization: a contiguous id range per organization."""
        rng = self.rng
        total = sum(size for _, size in pools)
        first = _reserve_ids(self.cursor, Official, total)
        ranges: dict[int, range] = {}
        start = first
        for org, size in pools:
            ranges[org.id] = range(start, start + size)
            start += size
        lo, hi = date(1963, 1, 1).toordinal(), date(1995, 12, 31).toordinal()
        position_ids = [pid for pid, _ in self.positions]
        disciplined: list[int] = []

        def rows() -> Iterator[tuple[Any, ...]]:
            for org, _ in pools:
                for official_id in ranges[org.id]:
                    sex = "F" if rng.random() < 0.35 else "M"
                    name, folded = self._name(sex)
                    ethnicity = rng.choice(MINORITIES) if rng.random() < 0.15 else "Kinh"
                    override = None
                    reason = ""
                    if rng.random() < 0.005:
                        override, reason = date(2032, 12, 31), "Kéo dài thời gian công tác (dữ liệu thử)"
                    if rng.random() < 0.01:
                        disciplined.append(official_id)
                    yield (
                        official_id,
                        name,
                        folded,
                        date.fromordinal(rng.randint(lo, hi)),
                        sex,
                        ethnicity,
                        is_ethnic_minority(ethnicity),
                        org.id,
                        rng.choice(position_ids) if rng.random() < 0.4 else None,
                        rng.random() >= 0.005,
                        override,
                        reason,
                    )

        self.counts["officials"] = _copy(
            self.cursor,
            Official,
            (
                "id",
                "full_name",
                "search_name",
                "birth_date",
                "sex",
                "ethnicity",
                "ethnic_minority",
                "organization_id",
                "current_position_id",
                "meets_political_standard",
                "retirement_override",
                "retirement_override_reason",
            ),
            rows(),
        )
        first_discipline = _reserve_ids(self.cursor, DisciplineRecord, len(disciplined))
        self.counts["disciplines"] = _copy(
            self.cursor,
            DisciplineRecord,
            ("id", "official_id", "level", "start_date", "end_date"),
            (
                (
                    first_discipline + i,
                    official_id,
                    "reprimand",
                    date(2024, 6, 1),
                    rng.choice([None, date(2025, 5, 31)]),
                )
                for i, official_id in enumerate(disciplined)
            ),
        )
        return ranges

    def lists(self, orgs: list[_Org]) -> list[tuple[int, int, int, range]]:
        """A next and a current list per organization; returns (list id, entries, offset, officials)."""
        rng = self.rng
        weights = [LEVEL_WEIGHT[Level(o.level)] for o in orgs for _ in ListKind]
        sizes = _split(self.entries, weights, rng)
        pools = []
        for i, org in enumerate(orgs):
            biggest = max(sizes[2 * i], sizes[2 * i + 1])
            pools.append((org, math.ceil(biggest / ENTRIES_PER_PERSON) + 2))
        ranges = self.officials(pools)
        first = _reserve_ids(self.cursor, PlanningList, 2 * len(orgs))
        hd16, qd377 = self.rule_sets.get("HD16-2022"), self.rule_sets.get("QD377-2025")
        planned: list[tuple[int, int, int, range]] = []
        rows = []
        for i, org in enumerate(orgs):
            for k, kind in enumerate((ListKind.NEXT, ListKind.CURRENT)):
                list_id = first + 2 * i + k
                chosen = used = None
                if kind == ListKind.NEXT:
                    reference = self.term.start_date
                    status = rng.choices(
                        (ListStatus.APPROVED, ListStatus.SUBMITTED, ListStatus.DRAFT), (6, 2, 2)
                    )[0]
                    if status != ListStatus.DRAFT:
                        used = hd16  # recorded at submission: the rule set in force then
                else:
                    reference = rng.choice(REVIEW_DATES)
                    status = rng.choices((ListStatus.DRAFT, ListStatus.SUBMITTED), (7, 3))[0]
                    if rng.random() < 0.1:
                        chosen = hd16  # a province that keeps checking under the old rules
                    elif status == ListStatus.SUBMITTED:
                        used = qd377
                rows.append(
                    (list_id, org.id, self.term.id, kind.value, reference, status.value, chosen, used)
                )
                planned.append((list_id, sizes[2 * i + k], k, ranges[org.id]))
        self.counts["planning_lists"] = _copy(
            self.cursor,
            PlanningList,
            (
                "id",
                "organization_id",
                "term_id",
                "kind",
                "reference_date",
                "status",
                "rule_set_id",
                "rule_set_used_id",
            ),
            rows,
        )
        return planned

    def planning_entries(self, planned: list[tuple[int, int, int, range]]) -> None:
        rng = self.rng
        positions = self.positions
        n_positions = len(positions)
        removed_every = 100 // REMOVED_PER_HUNDRED
        total = self.entries + self.entries // removed_every
        first = _reserve_ids(self.cursor, PlanningEntry, total)
        ids = iter(range(first, first + total))
        removed_on = date(2026, 1, 10)
        active = removed = 0

        def rows() -> Iterator[tuple[Any, ...]]:
            nonlocal active, removed
            for list_id, size, offset, officials in planned:
                people = max(1, min(len(officials), math.ceil(size / ENTRIES_PER_PERSON)))
                shift = offset * (len(officials) - people)  # the current list draws from the pool's end
                for j in range(size):
                    person = officials[shift + j % people]
                    position_id, default_group = positions[(person + 3 * (j // people)) % n_positions]
                    override = (3 - default_group) if rng.random() < 0.03 else None
                    yield (
                        next(ids),
                        list_id,
                        person,
                        position_id,
                        override,
                        rng.random() < 0.7,
                        "active",
                        "",
                        None,
                    )
                    active += 1
                    if active % removed_every == 0:
                        # a removed entry keeps its row (domain: removal is not deletion)
                        other = positions[(person + 1) % n_positions][0]
                        reason = "Quá tuổi quy hoạch (dữ liệu thử)"
                        yield (next(ids), list_id, person, other, None, False, "removed", reason, removed_on)
                        removed += 1

        _copy(
            self.cursor,
            PlanningEntry,
            (
                "id",
                "planning_list_id",
                "official_id",
                "position_id",
                "target_group_override",
                "first_time",
                "status",
                "removed_reason",
                "removed_on",
            ),
            rows(),
        )
        self.counts["entries"] = active
        self.counts["removed_entries"] = removed


def _set_replication_role(cursor: Any, role: str) -> bool:
    """SET LOCAL session_replication_role inside a savepoint; False when not permitted."""
    try:
        with transaction.atomic():
            cursor.execute(f"SET LOCAL session_replication_role = {role}")
    except Exception:  # noqa: BLE001 - insufficient privilege: load with the triggers on
        return False
    return True


def generate(
    *, entries: int, seed: int = 1, prefix: str = "SC", term_code: str = "2025-2030"
) -> dict[str, int]:
    """Load a national-like tree with `entries` active planning entries in `term_code`; return the counts."""
    if entries < 0:
        raise ValueError("entries must not be negative")
    term = Term.objects.get(code=term_code)
    with transaction.atomic(), connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # the psycopg cursor: COPY bypasses Django's SQL layer
        cursor.execute("SELECT current_setting('session_replication_role')")
        previous = cursor.fetchone()[0]
        quiet = _set_replication_role(cursor, "replica")
        generator = _Generator(cursor, entries=entries, seed=seed, prefix=prefix, term=term)
        orgs = generator.organizations()
        planned = generator.lists(orgs)
        generator.planning_entries(planned)
        if quiet:
            cursor.execute(f"SET LOCAL session_replication_role = {previous}")
    with connection.cursor() as cursor:
        for model in (Organization, Official, DisciplineRecord, PlanningList, PlanningEntry):
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')
    generator.counts["history_triggers_skipped"] = int(quiet)
    return dict(generator.counts)
