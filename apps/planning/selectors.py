"""Reading planning lists and evaluating them against their rule set, set-based and streamed."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from apps.accounts.access import Action
from apps.organizations.models import Organization, Position, PositionStandard, Term
from apps.people.models import ConfidenceVote, DisciplineRecord, Official, Proposal, WorkHistory
from apps.planning.models import (
    EntryStatus,
    ListKind,
    NominationVote,
    PlanningEntry,
    PlanningList,
    VoteSession,
    VoteStep,
)
from apps.rules.adapters import (
    EVALUATION_COLUMNS,
    POSITION_COLUMNS,
    EntryFactsBuilder,
    RuleSetCatalogue,
    Standards,
)
from apps.rules.engine import (
    Confidence,
    Discipline,
    EntryFacts,
    EntryResult,
    ListFacts,
    ListResult,
    RuleParams,
    Vote,
    evaluate_list,
)
from apps.rules.engine import (
    Proposal as ProposalFacts,
)

LIST_COLUMNS = (
    "id",
    "organization_id",
    "organization__code",
    "organization__name",
    "organization__level",
    "term__code",
    "kind",
    "status",
    "version",
    "reference_date",
    "rule_set_id",
    "rule_set_used_id",
    "term_id",
)
ENTRY_CHUNK = 20_000
# From this many lists, the active entries are streamed on a connection of their own (below).
STREAM_MIN_LISTS = 200


@dataclass(frozen=True, slots=True)
class ListInfo:
    id: int
    organization_id: int
    organization_code: str
    organization_name: str
    level: str
    term: str
    kind: str
    status: str
    version: int
    reference_date: date
    rule_set_id: int | None
    rule_set_used_id: int | None
    term_id: int


@dataclass(frozen=True, slots=True)
class ListEvaluation:
    """A list, the facts the engine read (in entry order) and what it found."""

    info: ListInfo
    rule_set_id: int
    params: RuleParams
    facts: ListFacts
    result: ListResult


def planning_lists_in_scope(*, organization: Organization, term: Term, kind: str | None = None) -> QuerySet:  # type: ignore[type-arg]
    """The newest edition of every list of `term` (and `kind`) in the organization's subtree."""
    lists = PlanningList.objects.in_subtree(organization).latest_versions().filter(term=term)
    if kind:
        lists = lists.filter(kind=kind)
    return lists.order_by("organization__path", "kind", "id")


def _disciplines_by_official(list_ids: QuerySet | list[int]) -> dict[int, tuple[Discipline, ...]]:  # type: ignore[type-arg]
    rows = (
        DisciplineRecord.objects.filter(
            official__planning_entries__planning_list__in=list_ids,
            official__planning_entries__status=EntryStatus.ACTIVE,
        )
        .values_list("official_id", "level", "start_date", "end_date")
        .distinct()
    )
    found: dict[int, list[Discipline]] = defaultdict(list)
    for official_id, level, start, end in rows:
        found[official_id].append(Discipline(level=level, start=start, end=end))
    return {official_id: tuple(items) for official_id, items in found.items()}


def position_standards() -> Standards:
    """R9: every post's standards per level, in one query."""
    return {
        (code, level): (education, theory)
        for code, level, education, theory in PositionStandard.objects.values_list(
            "position__code", "level", "min_education", "min_political_theory"
        )
    }


def _pending_proposals_by_official(list_ids: QuerySet | list[int]) -> dict[int, tuple[ProposalFacts, ...]]:  # type: ignore[type-arg]
    """R6 (QD377): the pending proposals to appoint or nominate the officials planned in these lists."""
    rows = (
        Proposal.objects.filter(
            decided_on__isnull=True,
            official__planning_entries__planning_list__in=list_ids,
            official__planning_entries__status=EntryStatus.ACTIVE,
        )
        .values_list("official_id", "kind", "proposed_on", "body")
        .distinct()
    )
    found: dict[int, list[ProposalFacts]] = defaultdict(list)
    for official_id, kind, proposed_on, body in rows:
        found[official_id].append(ProposalFacts(kind=kind, proposed_on=proposed_on, body=body))
    return {official_id: tuple(items) for official_id, items in found.items()}


def _every_newest_list(lists: Q, list_ids: QuerySet) -> bool:  # type: ignore[type-arg]
    """Whether `list_ids` holds every newest list that `lists` selects."""
    return (
        not PlanningList.objects.filter(lists)
        .filter(~Exists(PlanningList.objects.filter(previous=OuterRef("pk"))))
        .exclude(id__in=list_ids)
        .exists()
    )


# R6: per (term id, kind, level), the officials over the smallest cap there and their active entries.
PositionsAtLevel = dict[tuple[int, str, str], dict[int, int]]


def _positions_at_level(
    infos: list[ListInfo],
    list_ids: QuerySet,  # type: ignore[type-arg]
    above: int,
) -> PositionsAtLevel:
    """R6: per (term, kind, level) and official, the official's active entries in the newest lists there.

    Only officials above `above` entries (the smallest cap of any rule set) are returned: the others
    cannot be over any cap, and the entries of their own list are counted by the engine.

    Usually only the officials of these lists are counted. When these lists are every newest list of
    their terms, kinds and levels (a national report), all officials of those lists are theirs: the
    count is restricted instead to the officials with more than `above` active entries in any list at
    all, found on the entries alone (0.5 s instead of 1.1 s for a national report's million entries).
    """
    scopes = {(info.term_id, info.kind, info.level) for info in infos}
    in_scope, lists_in_scope = Q(), Q()
    for term_id, kind, level in scopes:
        in_scope |= Q(
            planning_list__term_id=term_id, planning_list__kind=kind, planning_list__organization__level=level
        )
        lists_in_scope |= Q(term_id=term_id, kind=kind, organization__level=level)
    entries = PlanningEntry.objects.filter(in_scope, status=EntryStatus.ACTIVE).filter(
        ~Exists(PlanningList.objects.filter(previous=OuterRef("planning_list_id")))
    )
    if len(infos) >= STREAM_MIN_LISTS and _every_newest_list(lists_in_scope, list_ids):
        officials = (  # an index-only scan of entry_active_official_idx
            PlanningEntry.objects.filter(status=EntryStatus.ACTIVE)
            .values("official_id")
            .annotate(n=Count("*"))
            .filter(n__gt=above)
            .values("official_id")
        )
    else:
        officials = PlanningEntry.objects.filter(
            planning_list__in=list_ids, status=EntryStatus.ACTIVE
        ).values("official_id")
    rows = (
        entries.filter(official_id__in=officials)
        .values_list(
            "official_id",
            "planning_list__term_id",
            "planning_list__kind",
            "planning_list__organization__level",
        )
        .annotate(n=Count("id"))
        .filter(n__gt=above)
        .order_by()
    )
    found: PositionsAtLevel = defaultdict(dict)
    for official, term, kind, level, n in rows:
        found[(term, kind, level)][official] = n
    return dict(found)


def _smallest_cap(catalogue: RuleSetCatalogue) -> int:
    return min((p.max_positions_per_person for p in catalogue.params.values()), default=0)


def positions_at_level(*, lists: QuerySet) -> PositionsAtLevel:  # type: ignore[type-arg]
    """R6 for every list of `lists` at once, as planning_list_evaluations counts it for its lists: a
    report cut into parts counts once, and each part evaluates with these counts."""
    infos = [ListInfo(*row) for row in lists.order_by("id").values_list(*LIST_COLUMNS)]
    return _positions_at_level(infos, lists.values("id"), _smallest_cap(RuleSetCatalogue()))


STEP_ORDER = {step: index for index, step in enumerate(VoteStep.values)}


def _votes_by_entry(list_ids: QuerySet | list[int]) -> dict[int, tuple[Vote, ...]]:  # type: ignore[type-arg]
    """The recorded vote steps of the active entries of these lists, per entry in step order: one query."""
    rows = NominationVote.objects.filter(
        entry__planning_list__in=list_ids, entry__status=EntryStatus.ACTIVE
    ).values_list("entry_id", "step", "held_on", "summoned", "present", "valid_ballots", "in_favour")
    found: dict[int, list[Vote]] = defaultdict(list)
    for entry_id, step, held_on, summoned, present, valid_ballots, in_favour in rows:
        found[entry_id].append(Vote(step, held_on, summoned, present, valid_ballots, in_favour))
    return {
        entry_id: tuple(sorted(votes, key=lambda v: STEP_ORDER.get(v.step, 99)))
        for entry_id, votes in found.items()
    }


def _confidence_by_official(list_ids: QuerySet | list[int]) -> dict[int, Confidence]:  # type: ignore[type-arg]
    """The latest confidence vote of every official with an active entry in these lists: one query."""
    rows = (
        ConfidenceVote.objects.filter(
            official__planning_entries__planning_list__in=list_ids,
            official__planning_entries__status=EntryStatus.ACTIVE,
        )
        .order_by("official_id", "-held_on", "-id")
        .distinct("official_id")
        .values_list("official_id", "conference", "held_on", "high", "medium", "low")
    )
    return {
        official_id: Confidence(conference, held_on, high, medium, low)
        for official_id, conference, held_on, high, medium, low in rows
    }


WHOLE_CATALOGUE_LISTS = 50  # from this many lists, every organization's level is read (a join less)


def _workplace_levels(infos: list[ListInfo], list_ids: QuerySet) -> dict[int, str]:  # type: ignore[type-arg]
    """The level of each organization where an official of these lists works, by organization id.

    The entries are read without joining their officials' organizations (a million-row join in a national
    report): a few lists look up their officials' workplaces, many read the whole table (8,000 rows).
    """
    organizations = Organization.objects.all()
    if len(infos) < WHOLE_CATALOGUE_LISTS:
        organizations = organizations.filter(
            pk__in=Official.objects.filter(
                planning_entries__planning_list__in=list_ids, planning_entries__status=EntryStatus.ACTIVE
            ).values("organization_id")
        )
    return dict(organizations.values_list("id", "level"))


def _active_entry_rows(list_ids: QuerySet, *, many: bool) -> Iterator[tuple]:  # type: ignore[type-arg]
    """The lists' active entries as EVALUATION_COLUMNS rows, in list order and within a list in entry
    order (the planned post's order, then the entry): the order the engine reads, with no sort here.

    Few lists: a server-side cursor, which PostgreSQL plans for the first rows (an index scan of the
    entries and a lookup of each official: fast for a province's 30,000 rows). Many lists, outside a
    transaction: the same query streamed on a connection of its own, which PostgreSQL plans as one
    query (a parallel hash join of the officials, then a sort): 1.2 s instead of 2.7 s for the
    1,000,000 rows of the national report. A connection of its own, because the caller may query
    between two lists and a connection runs one query at a time; not inside a transaction (a test, an
    atomic block), whose uncommitted rows another connection would not see.

    The streamed query starts at once, on a thread that waits for its first row, so that PostgreSQL
    joins and sorts the entries while the caller runs its other queries (0.3 s of a national report).
    """
    query = (
        PlanningEntry.objects.filter(planning_list__in=list_ids, status=EntryStatus.ACTIVE)
        .order_by("planning_list_id", "position__sort_order", "id")
        .values_list(*EVALUATION_COLUMNS)
    )
    if not many or connection.in_atomic_block:
        return query.iterator(chunk_size=ENTRY_CHUNK)
    sql, params = query.query.sql_with_params()
    return _started(_streamed(connections[DEFAULT_DB_ALIAS], sql, params))


def _streamed(wrapper: Any, sql: str, values: Any) -> Iterator[tuple]:  # type: ignore[type-arg]
    """The rows of `sql` on a new connection of the caller's database (`wrapper`: its connection
    handler, which another thread may use to connect)."""
    own = wrapper.get_new_connection(wrapper.get_connection_params())
    try:
        with own.cursor() as cursor:
            yield from cursor.stream(sql, values, size=ENTRY_CHUNK // 4)
    finally:
        own.close()


_NO_ROW = object()


def _started(rows: Iterator[tuple]) -> Iterator[tuple]:  # type: ignore[type-arg]
    """`rows`, whose first row is asked for at once on a thread (which only waits on the database)."""
    first: list[Any] = []

    def fetch() -> None:
        try:
            first.append(next(rows, _NO_ROW))
        except BaseException as error:  # raised again to the caller, who reads the rows
            first.append(error)

    thread = threading.Thread(target=fetch, name="entry-rows", daemon=True)
    thread.start()

    def chained() -> Iterator[tuple]:  # type: ignore[type-arg]
        try:
            thread.join()
            row = first[0]
            if isinstance(row, BaseException):
                raise row
            if row is _NO_ROW:
                return
            yield row
            yield from rows
        finally:
            thread.join()
            rows.close()  # type: ignore[attr-defined]

    return chained()


def planning_list_evaluations(
    *,
    lists: QuerySet,  # type: ignore[type-arg]
    at_level: PositionsAtLevel | None = None,
) -> Iterator[ListEvaluation]:
    """Evaluate every list of `lists` in a bounded number of queries, yielding one list at a time.

    `at_level`: the R6 counts of positions_at_level over lists that include these (a part of a
    report), instead of counting them here.
    """
    # Lists and entries are both read in list-id order and merged, so memory holds one list at a time.
    infos = [ListInfo(*row) for row in lists.order_by("id").values_list(*LIST_COLUMNS)]
    if not infos:
        return
    catalogue = RuleSetCatalogue()
    list_ids = lists.values("id")
    rows = _active_entry_rows(list_ids, many=len(infos) >= STREAM_MIN_LISTS)  # started first: see there
    disciplines = _disciplines_by_official(list_ids)
    proposals = _pending_proposals_by_official(list_ids)
    if at_level is None:
        at_level = _positions_at_level(infos, list_ids, _smallest_cap(catalogue))
    standards = position_standards()
    builder = EntryFactsBuilder(
        positions={pk: tuple(row) for pk, *row in Position.objects.values_list(*POSITION_COLUMNS)},  # type: ignore[misc]
        disciplines=disciplines,
        proposals=proposals,
        standards=standards,
        votes=_votes_by_entry(list_ids),
        confidence=_confidence_by_official(list_ids),
        levels=_workplace_levels(infos, list_ids),
    )
    groups = groupby(rows, key=itemgetter(0))
    current = next(groups, None)
    no_counts: dict[int, int] = {}
    for info in infos:
        rule_set = catalogue.for_list(info.rule_set_id, info.rule_set_used_id, info.reference_date)
        params = catalogue.params[rule_set.id]
        entries: tuple[EntryFacts, ...] = ()
        if current is not None and current[0] == info.id:
            entries = builder.facts(
                current[1],
                params=params,
                level=info.level,
                positions_at_level=at_level.get((info.term_id, info.kind, info.level), no_counts),
            )
            current = next(groups, None)
        facts = ListFacts(
            list_id=info.id,
            kind=info.kind,
            level=info.level,
            reference_date=info.reference_date,
            entries=entries,
        )
        yield ListEvaluation(
            info=info,
            rule_set_id=rule_set.id,
            params=params,
            facts=facts,
            result=evaluate_list(facts, params),
        )


def planning_list_evaluate(*, planning_list: PlanningList) -> ListEvaluation:
    """Evaluate one list: the same function, and so the same result, as in a subtree report."""
    return next(planning_list_evaluations(lists=PlanningList.objects.filter(pk=planning_list.pk)))


def planning_list_ids_of_officials(*, official_ids: Iterable[int]) -> list[int]:
    """Ids of the newest edition of every list that plans one of these officials (active entries)."""
    return list(
        PlanningList.objects.latest_versions()
        .filter(entries__official_id__in=list(official_ids), entries__status=EntryStatus.ACTIVE)
        .values_list("id", flat=True)
        .distinct()
        .order_by("id")
    )


# the kinds of list, for pages of other apps that filter by them (they read only selectors)
LIST_KINDS = ListKind.choices


def planned_q(*, term: Any = None, kind: str | None = None, position: Any = None) -> Exists:
    """True for an official with an active entry in the newest edition of some planning list.

    "Newest edition" is written as NOT EXISTS (a list whose `previous` is this one): PostgreSQL runs it
    per official on the entries' `official_id` index and the unique `previous_id` index. The reverse
    one-to-one lookup (`planning_list__next_version__isnull`) became a LEFT JOIN it estimated at one
    row, and it then hashed every active entry of the database to label a page of 25 officials.
    """
    entries = PlanningEntry.objects.filter(official=OuterRef("pk"), status=EntryStatus.ACTIVE)
    # narrowed to lists of a term, a kind, or to one planned position (the officials filter)
    if term is not None:
        entries = entries.filter(planning_list__term=term)
    if kind:
        entries = entries.filter(planning_list__kind=kind)
    if position is not None:
        entries = entries.filter(position=position)
    return Exists(entries.filter(~Exists(PlanningList.objects.filter(previous=OuterRef("planning_list_id")))))


def planned_official_ids(official_ids: list[int]) -> set[int]:
    """Which of these officials have an active entry in the newest edition of some list: one query."""
    if not official_ids:
        return set()
    return set(Official.objects.filter(planned_q(), pk__in=official_ids).values_list("pk", flat=True))


def planning_lists_of_organization(*, user: Any, organization: Organization) -> list[PlanningList]:
    """Every edition of the organization's own lists the user may read, with its active entry count."""
    return list(
        PlanningList.objects.for_user(user, Action.READ)
        .filter(organization=organization)
        .select_related("term")
        .annotate(entry_count=Count("entries", filter=Q(entries__status=EntryStatus.ACTIVE)))
        .order_by("-term__start_date", "kind", "-version")
    )


@dataclass(frozen=True)
class EntryView:
    """A planning entry of the official page, with the engine's result for it when it is active."""

    entry: PlanningEntry
    result: EntryResult | None


def official_entries(*, official: Official, user: Any) -> list[EntryView]:
    """Every planning entry of the official in lists the user may read, across terms, with findings.

    Findings come from evaluating the whole lists (caps and structure depend on the other entries),
    through the same function the list pages and reports use.
    """
    entries = list(
        PlanningEntry.objects.for_user(user, Action.READ)
        .filter(official=official)
        .select_related("planning_list__organization", "planning_list__term", "position")
        .order_by("-planning_list__term__start_date", "planning_list__kind", "-planning_list__version", "id")
    )
    list_ids = {e.planning_list_id for e in entries if e.status == EntryStatus.ACTIVE}
    results: dict[int, EntryResult] = {}
    if list_ids:
        for evaluation in planning_list_evaluations(lists=PlanningList.objects.filter(id__in=list_ids)):
            for result in evaluation.result.entry_results:
                if result.official_id == official.pk:
                    results[result.entry_id] = result
    return [EntryView(entry=e, result=results.get(e.pk)) for e in entries]


class PlanningOutcome(models.TextChoices):
    """What became of an official's planning for one post of one list (across its editions)."""

    PLANNED = "planned", _("Still planned")
    REMOVED = "removed", _("Removed from the plan")
    NOT_CARRIED = "not_carried", _("Not carried into the newest edition")
    APPOINTED = "appointed", _("Appointed to the post")


@dataclass(frozen=True)
class PlanningHistoryRow:
    """One list (organization × term × kind) and post the official was planned for, with its outcome."""

    planning_list: PlanningList  # the newest edition in which the official appears for the post
    position_name: str
    first_edition: int
    last_edition: int
    planned_since: date
    outcome: str
    removed_reason: str
    removed_on: date | None

    @property
    def outcome_label(self) -> str:
        return str(PlanningOutcome(self.outcome).label)


def official_planning_history(*, official: Official, user: Any) -> list[PlanningHistoryRow]:
    """Every list, term and post the official was ever planned for (lists the user may read), with outcome.

    Appointed: the official holds (or held, from a date after they were first planned) the post at the
    list's organization. Otherwise the newest edition decides: active (still planned), removed (with its
    reason and date), or absent from a newer edition of the list (not carried over). Three queries
    (and the reader's memberships).
    """
    entries = list(
        PlanningEntry.objects.for_user(user, Action.READ)
        .filter(official=official)
        .select_related("planning_list__organization", "planning_list__term", "position")
        .order_by("planning_list__version", "id")
    )
    if not entries:
        return []
    newest = set(
        PlanningList.objects.latest_versions()
        .filter(pk__in={e.planning_list_id for e in entries})
        .values_list("pk", flat=True)
    )
    held: dict[tuple[int | None, int | None], date | None] = {
        (official.organization_id, official.current_position_id): None
    }
    for org_id, position_id, start in WorkHistory.objects.filter(official=official).values_list(
        "organization_id", "position_id", "start_date"
    ):
        held.setdefault((org_id, position_id), start)
    groups: dict[tuple[int, int, str, int], list[PlanningEntry]] = defaultdict(list)
    for e in entries:
        pl = e.planning_list
        groups[(pl.organization_id, pl.term_id, pl.kind, e.position_id)].append(e)
    rows = []
    for (org_id, _term, _kind, position_id), items in groups.items():
        first, last = items[0], items[-1]
        since = first.created_at.date()
        key = (org_id, position_id)
        if key in held and (held[key] is None or held[key] >= since):  # type: ignore[operator]
            outcome = PlanningOutcome.APPOINTED
        elif last.status == EntryStatus.REMOVED:
            outcome = PlanningOutcome.REMOVED
        elif last.planning_list_id in newest:
            outcome = PlanningOutcome.PLANNED
        else:
            outcome = PlanningOutcome.NOT_CARRIED
        rows.append(
            PlanningHistoryRow(
                planning_list=last.planning_list,
                position_name=last.position.name,
                first_edition=first.planning_list.version,
                last_edition=last.planning_list.version,
                planned_since=since,
                outcome=outcome,
                removed_reason=last.removed_reason if outcome == PlanningOutcome.REMOVED else "",
                removed_on=last.removed_on if outcome == PlanningOutcome.REMOVED else None,
            )
        )
    rows.sort(
        key=lambda r: (
            -r.planning_list.term.start_date.toordinal(),
            r.planning_list.kind,
            r.planning_list.organization.path,
            r.position_name,
        )
    )
    return rows


@dataclass(frozen=True)
class RecheckRow:
    """One entry evaluated as stored and under the other rule set or date."""

    entry_id: int
    full_name: str
    position_name: str
    before: EntryResult
    after: EntryResult

    @property
    def change(self) -> str:
        """'lost' (becomes ineligible), 'gained' (becomes eligible), 'months' or 'findings', or ''."""
        if self.before.eligible and not self.after.eligible:
            return "lost"
        if not self.before.eligible and self.after.eligible:
            return "gained"
        if {f.code for f in self.before.findings} != {f.code for f in self.after.findings}:
            return "findings"
        return ""

    @property
    def new_findings(self) -> tuple[Any, ...]:
        codes = {f.code for f in self.before.findings}
        return tuple(f for f in self.after.findings if f.code not in codes)


@dataclass(frozen=True)
class Recheck:
    """A list as stored and re-checked under `params` at `reference_date`; nothing is written."""

    stored: ListEvaluation
    params: RuleParams
    reference_date: date
    after: ListResult
    rows: tuple[RecheckRow, ...]

    @property
    def lost(self) -> list[RecheckRow]:
        return [r for r in self.rows if r.change == "lost"]

    @property
    def gained(self) -> list[RecheckRow]:
        return [r for r in self.rows if r.change == "gained"]

    @property
    def changed(self) -> list[RecheckRow]:
        return [r for r in self.rows if r.change]


def planning_list_recheck(
    *, planning_list: PlanningList, rule_set_id: int | None = None, reference_date: date | None = None
) -> Recheck:
    """Evaluate the list as stored and again under another rule set and/or reference date, entry by entry.

    The same facts (from `planning_list_evaluations`) go to the engine twice; only the parameters and the
    reference date differ, so every difference is the rules' and nothing is stored.
    """
    stored = planning_list_evaluate(planning_list=planning_list)
    catalogue = RuleSetCatalogue()
    ref = reference_date or stored.facts.reference_date
    if rule_set_id is not None and rule_set_id in catalogue.params:
        params = catalogue.params[rule_set_id]
    else:
        params = stored.params
    facts = ListFacts(
        list_id=stored.facts.list_id,
        kind=stored.facts.kind,
        level=stored.facts.level,
        reference_date=ref,
        entries=stored.facts.entries,
    )
    after = evaluate_list(facts, params)
    rows = tuple(
        RecheckRow(
            entry_id=e.entry_id,
            full_name=e.full_name,
            position_name=e.position_name or e.position_code,
            before=b,
            after=a,
        )
        for e, b, a in zip(
            stored.facts.entries, stored.result.entry_results, after.entry_results, strict=True
        )
    )
    return Recheck(stored=stored, params=params, reference_date=ref, after=after, rows=rows)


@dataclass(frozen=True)
class TrainingRow:
    """R9: one planned official below a standard of the planned post, or whose level is not recorded."""

    list_id: int
    organization: str
    official_id: int
    full_name: str
    birth_date: date
    position: str
    education: str
    political_theory: str
    missing: tuple[str, ...]  # "cần đào tạo, bồi dưỡng": the standards not met
    unknown: tuple[str, ...]  # "chưa có thông tin"


def training_needs(*, lists: QuerySet) -> list[TrainingRow]:  # type: ignore[type-arg]
    """The training-needs list of these lists (domain R9), through the one evaluation path."""
    from apps.rules.engine.standards import missing_standards, unknown_standards

    found = []
    officials: dict[int, tuple[str, str]] = {}
    rows: list[tuple[ListEvaluation, EntryFacts, list[str], list[str]]] = []
    for evaluation in planning_list_evaluations(lists=lists):
        for facts in evaluation.facts.entries:
            missing, unknown = missing_standards(facts), unknown_standards(facts)
            if missing or unknown:
                rows.append((evaluation, facts, missing, unknown))
    if rows:
        theory = dict(Official._meta.get_field("political_theory").choices or [])  # type: ignore[arg-type]
        for pk, education, political_theory in Official.objects.filter(
            pk__in={f.official_id for _, f, _, _ in rows}
        ).values_list("pk", "education", "political_theory"):
            officials[pk] = (education, str(theory.get(political_theory, "")))
    for evaluation, facts, missing, unknown in rows:
        education, political_theory = officials.get(facts.official_id, ("", ""))
        found.append(
            TrainingRow(
                list_id=evaluation.info.id,
                organization=evaluation.info.organization_name,
                official_id=facts.official_id,
                full_name=facts.full_name,
                birth_date=facts.birth_date,
                position=facts.position_name or facts.position_code,
                education=education,
                political_theory=political_theory,
                missing=tuple(missing),
                unknown=tuple(unknown),
            )
        )
    found.sort(key=lambda r: (not r.missing, r.organization, r.full_name, r.list_id))
    return found


@dataclass(frozen=True)
class StepSheet:
    """What the grid page shows: the step's record (or None) and every active entry with its figures."""

    step: str
    session: VoteSession | None
    held_on: date | None
    entries: list[PlanningEntry]
    figures: dict[int, NominationVote]

    @property
    def revision(self) -> int:
        return self.session.revision if self.session else 0


def vote_step_sheet(*, planning_list: PlanningList, step: str) -> StepSheet:
    """The active entries of the list (in the list's order) and their recorded figures of `step`."""
    session = (
        VoteSession.objects.filter(planning_list=planning_list, step=step)
        .select_related("updated_by")
        .first()
    )
    entries = list(
        planning_list.entries.filter(status=EntryStatus.ACTIVE)
        .select_related("official__organization", "position")
        .order_by("position__sort_order", "official__search_name", "id")
    )
    votes = {
        v.entry_id: v for v in NominationVote.objects.filter(entry__planning_list=planning_list, step=step)
    }
    held_on = session.held_on if session else next((v.held_on for v in votes.values() if v.held_on), None)
    return StepSheet(step=step, session=session, held_on=held_on, entries=entries, figures=votes)


def planning_list_params(*, planning_list: PlanningList) -> RuleParams:
    """The engine parameters of the list's rule set (chosen, recorded or in force), without evaluating it."""
    catalogue = RuleSetCatalogue()
    rule_set = catalogue.for_list(
        planning_list.rule_set_id, planning_list.rule_set_used_id, planning_list.reference_date
    )
    return catalogue.params[rule_set.id]
